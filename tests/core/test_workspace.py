from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.core import NewsdeskError, Workspace


def test_init_writes_a_workspace_that_is_found_from_a_subfolder(tmp_path: Path) -> None:
    created = Workspace.create(tmp_path / "presse", brand="Stadt Musterstadt")
    nested = created.releases_dir / "2026"
    nested.mkdir()

    found = Workspace.find(start=nested)

    assert found.root == created.root
    assert found.config.brand == "Stadt Musterstadt"
    assert found.config.languages == ("de", "en")
    assert found.config.timezone == "Europe/Berlin"
    assert found.database_url == f"sqlite:///{created.root / 'newsdesk.db'}"


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    Workspace.create(tmp_path)
    with pytest.raises(NewsdeskError, match="exists already"):
        Workspace.create(tmp_path)


def test_no_workspace_names_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSDESK_WORKSPACE", raising=False)
    with pytest.raises(NewsdeskError, match="newsdesk init"):
        Workspace.find(start=tmp_path)


def test_bad_time_zone_names_the_field(tmp_path: Path) -> None:
    workspace = Workspace.create(tmp_path)
    config = workspace.root / "newsdesk.toml"
    config.write_text(config.read_text().replace("Europe/Berlin", "Europe/Mannheim"))
    with pytest.raises(NewsdeskError, match=r"languages\.timezone"):
        Workspace.open(workspace.root)


def test_language_codes_are_read_in_lower_case(tmp_path: Path) -> None:
    workspace = Workspace.create(tmp_path)
    config = workspace.root / "newsdesk.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('source = "de"', 'source = "DE"').replace('["en"]', '["EN", "Fr"]')
    config.write_text(text, encoding="utf-8")
    assert Workspace.open(workspace.root).config.languages == ("de", "en", "fr")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("[delivery]", "[delivry]", r"unknown table \[delivry\]; did you mean \[delivery\]\?"),
        ('provider = "outbox"', 'provider = "outbox"\nbatch_size = "x"', "delivery.batch_size"),
        ('provider = "outbox"', 'provider = "outbox"\nbatch_size = 0', "delivery.batch_size"),
        ('provider = "outbox"', 'provider = "outbox"\nrate_limit = "fast"', "delivery.rate_limit"),
        ('email = "presse@example.org"', 'email = "presse-at-example"', "sender.email"),
        ('source = "de"', 'source = "deutsch"', "languages.source"),
        ('targets = ["en"]', 'targets = ["English"]', "languages.targets"),
        (
            'targets = ["en"]',
            'targets = ["en-GB"]',
            'languages.targets: "en-GB" has a region; write "en"',
        ),
        ('source = "de"', 'source = "de_AT"', 'languages.source: "de_AT" has a region; write "de"'),
        ('accent_color = "#0b5a7a"', 'accent_color = "blau"', "organisation.accent_color"),
    ],
)
def test_a_wrong_setting_names_itself(tmp_path: Path, old: str, new: str, expected: str) -> None:
    workspace = Workspace.create(tmp_path)
    config = workspace.root / "newsdesk.toml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(NewsdeskError, match=expected) as refused:
        Workspace.open(workspace.root)
    assert refused.value.place == str(config)
