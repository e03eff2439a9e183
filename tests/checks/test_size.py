from check_samples import MakeContext, clean_html, codes, rendition

from newsdesk.checks import size


def padded(kilobytes: int) -> str:
    html = clean_html("de")
    filler = "<p>" + "x" * (kilobytes * 1024 - len(html.encode()) - 7) + "</p>"
    return clean_html("de", body=filler)


def test_html_over_102_kb_is_an_error(make_context: MakeContext) -> None:
    found = list(size.check(make_context(renditions=[rendition("de", html=padded(103))])))
    assert [(f.level, f.code) for f in found] == [("error", "size")]
    assert "103 KB" in found[0].message and found[0].place.startswith("de")


def test_html_above_90_kb_is_a_warning(make_context: MakeContext) -> None:
    found = list(size.check(make_context(renditions=[rendition("de", html=padded(95))])))
    assert [(f.level, f.code) for f in found] == [("warning", "size")]


def test_a_normal_email_passes_and_multibyte_text_counts_in_bytes(
    make_context: MakeContext,
) -> None:
    assert codes(size.check(make_context(renditions=[rendition("de", html=padded(89))]))) == []
    umlauts = clean_html("de", body="<p>" + "ä" * 52 * 1024 + "</p>")  # 104 KB as UTF-8
    assert codes(size.check(make_context(renditions=[rendition("de", html=umlauts)]))) == ["size"]
