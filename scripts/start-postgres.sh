#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1 for the tests and print its URL.
# Usage: eval "$(scripts/start-postgres.sh)"   (sets NEWSDESK_TEST_POSTGRES_URL)
set -euo pipefail
port=${NEWSDESK_TEST_POSTGRES_PORT:-54329}
# A server left from an earlier run (or anything else) may hold the port: take the next free one.
taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 50); do taken "$port" || break; port=$((port + 1)); done
if taken "$port"; then echo "no free port for PostgreSQL near $port" >&2; exit 1; fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "echo 'no PostgreSQL server installed' >&2"; exit 0; }
data=$(mktemp -d /tmp/newsdesk-pg.XXXXXX)
chmod 755 "$data"
cd "$data"   # the postgres user may not enter the caller's folder
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$data"
  as_pg=(runuser -u postgres --)
fi
"${as_pg[@]}" "$bindir/initdb" -D "$data/db" -U newsdesk --auth=trust -E UTF8 >/dev/null
if ! "${as_pg[@]}" "$bindir/pg_ctl" -D "$data/db" -l "$data/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off" start >/dev/null; then
  echo "PostgreSQL did not start; its log ($data/log):" >&2
  cat "$data/log" >&2
  exit 1
fi
"${as_pg[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U newsdesk newsdesk_test
echo "export NEWSDESK_TEST_POSTGRES_URL=postgresql+psycopg://newsdesk@127.0.0.1:$port/newsdesk_test"
