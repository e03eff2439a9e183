"""Locale-aware filters of the theme's Jinja environment (de_DE, en_GB, Europe/Berlin)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from newsdesk.render.environment import environment

TEMPLATE = (
    "{{ day|format_date }} | {{ moment|format_datetime }} | {{ moment|format_time }} | "
    "{{ 1234567.891|format_decimal }} | {{ 0.18|format_percent }} | "
    "{{ ['Berlin', 'Hamburg', 'München']|format_list }} | {{ _('Unsubscribe') }}"
)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "de",
            "28. November 2026 | 28. November 2026, 10:30 MEZ | 10:30 | 1.234.567,891 | "
            "18\xa0% | Berlin, Hamburg und München | Abmelden",
        ),
        (
            "en",
            "28 November 2026 | 28 November 2026, 10:30 CET | 10:30 | 1,234,567.891 | "
            "18% | Berlin, Hamburg and München | Unsubscribe",
        ),
    ],
)
def test_filters_format_for_the_readers_locale(lang: str, expected: str) -> None:
    env = environment(lang)
    moment = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)  # 10:30 in Berlin
    assert env.from_string(TEMPLATE).render(day=date(2026, 11, 28), moment=moment) == expected


def test_inline_markup_filters() -> None:
    env = environment("de")
    # a template from a string is not auto-escaped (like the .txt.j2 templates)
    template = env.from_string("{{ text|inline }} / {{ text|plain }}")
    html = template.render(text="**Neu:** <b> www.example.org")
    assert html == (
        '<strong>Neu:</strong> &lt;b&gt; <a href="https://www.example.org">www.example.org</a>'
        " / Neu: <b> www.example.org"
    )
