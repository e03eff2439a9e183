from __future__ import annotations

from newsdesk.core import inline

TEXT = (
    "Mehr unter www.cluster-analysis.org oder presse@example.org, "
    "**neu** und *kursiv*: [Programm](https://example.org/p?a=1&b=2) <b>roh</b>"
)


def test_bare_addresses_become_https_and_mailto_links() -> None:
    assert [link.url for link in inline.links(TEXT)] == [
        "https://www.cluster-analysis.org",
        "mailto:presse@example.org",
        "https://example.org/p?a=1&b=2",
    ]


def test_html_applies_markup_and_escapes_everything_else() -> None:
    html = inline.to_html(TEXT)
    assert '<a href="https://www.cluster-analysis.org">www.cluster-analysis.org</a>' in html
    assert "<strong>neu</strong>" in html and "<em>kursiv</em>" in html
    assert 'href="https://example.org/p?a=1&amp;b=2"' in html
    assert "&lt;b&gt;roh&lt;/b&gt;" in html


def test_plain_text_spells_out_labelled_links_only() -> None:
    plain = inline.to_plain(TEXT)
    assert "Mehr unter www.cluster-analysis.org oder presse@example.org," in plain
    assert "Programm (https://example.org/p?a=1&b=2)" in plain
    assert "**" not in plain


def test_threads_reading_links_at_once_all_succeed() -> None:
    from concurrent.futures import ThreadPoolExecutor

    text = "Siehe www.example.org/ä?x=1 und [Ü](https://example.org/ü) oder a@example.org"
    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(inline.to_html, [text] * 200))
    assert len(set(results)) == 1 and "https://www.example.org/" in results[0]
