# newsdesk — `make demo` and `make test` each set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint catalogs catalogs-check golden bench clean

DEMO_RELEASE ?= examples/demo/releases/innovationspreis-2026.de.md
UI_LANGS := de en
EXTRACT_OPTS := -F babel.cfg --project=newsdesk --version=0.1.0 --copyright-holder=newsdesk \
	--no-wrap --add-location=file --sort-by-file --add-comments=Translators: \
	--msgid-bugs-address=presse@example.org
UPDATE_OPTS := --no-wrap --ignore-pot-creation-date --ignore-obsolete

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

demo: $(STAMP)
	rm -rf demo-out
	$(BIN)/newsdesk --workspace examples/demo render $(DEMO_RELEASE) --lang all --out demo-out
	rm -rf examples/demo/newsdesk.db examples/demo/newsdesk.db-wal examples/demo/newsdesk.db-shm \
	  examples/demo/outbox
	$(BIN)/newsdesk --workspace examples/demo lists create mitglieder --title "Mitgliedsunternehmen"
	$(BIN)/newsdesk --workspace examples/demo contacts import examples/demo/contacts.csv \
	  --list mitglieder --note "Demo-Kontakte (erfunden)"
	$(BIN)/newsdesk --workspace examples/demo send $(DEMO_RELEASE) --list mitglieder --provider outbox \
	  --force "Demo: invented example.org addresses, sent only to the local outbox"
	@echo "The demo's emails, one .eml file per contact: $(CURDIR)/examples/demo/outbox/"
	@ls examples/demo/outbox/*/

# Every benchmark, each printing its figures against the targets of its issue (minutes).
bench: $(STAMP)
	for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python "$$script" || exit 1; done

# Refresh the golden files of the rendered theme after a deliberate change (read the diff).
golden: $(STAMP)
	NEWSDESK_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/render/test_golden.py

# UI catalogs of the theme: extract the strings of templates/, merge them into
# translations/<lang>/LC_MESSAGES/messages.po, check that every catalog compiles.
# Then translate what is new or fuzzy; `make test` fails until both are complete.
catalogs: $(STAMP)
	$(BIN)/pybabel extract $(EXTRACT_OPTS) -o translations/messages.pot .
	$(BIN)/pybabel update $(UPDATE_OPTS) -i translations/messages.pot -d translations
	for lang in $(UI_LANGS); do \
	  $(BIN)/pybabel compile --statistics -l $$lang -o /dev/null \
	    -i translations/$$lang/LC_MESSAGES/messages.po || exit 1; done

# The same comparison without writing anything (make test runs it as a pytest test too).
catalogs-check: $(STAMP)
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(BIN)/pybabel --quiet extract $(EXTRACT_OPTS) -o "$$tmp/messages.pot" . && \
	$(BIN)/pybabel --quiet update $(UPDATE_OPTS) --check -i "$$tmp/messages.pot" -d translations

clean:
	rm -rf $(VENV) demo-out tests/artifacts
