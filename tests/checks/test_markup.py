from newsdesk.checks.markup import read_page

PAGE = """<!doctype html>
<html lang="de"><head><title>Titel</title>
<style>.x { background: url('https://fonts.example.net/bg.png') }</style>
<link rel="icon" href="https://icons.example.net/favicon.ico"></head>
<body style="background-color:#eeeeee">
<div style="display:none">Vorschau</div>
<table bgcolor="#003366"><tr><td style="color:#ffffff;font-size:12pt">
<b>Fett</b> <span style="font-size:1.5em">Groß</span></td></tr></table>
<p>Normal<br>Zeile <img src="a.png" alt="A"></p>
</body></html>"""


def test_text_runs_carry_inherited_colours_sizes_and_weight() -> None:
    page = read_page(PAGE)
    runs = {run.text: run for run in page.texts}
    assert set(runs) == {"Fett", "Groß", "Normal", "Zeile"}  # head, style, hidden left out
    assert runs["Fett"].colour == (255, 255, 255) and runs["Fett"].background == (0, 51, 102)
    assert runs["Fett"].bold and not runs["Groß"].bold
    assert runs["Groß"].font_px == 24.0  # 1.5 × 12pt (16 px)
    assert runs["Normal"].colour == (0, 0, 0) and runs["Normal"].background == (238, 238, 238)
    assert not runs["Normal"].bold and runs["Normal"].font_px == 16.0
    assert runs["Zeile"].line == 9


def test_resources_lang_and_images() -> None:
    page = read_page(PAGE)
    assert page.lang == "de"
    assert [(r.url, r.via) for r in page.resources] == [
        ("https://fonts.example.net/bg.png", "url()"),
        ("https://icons.example.net/favicon.ico", "link"),
        ("a.png", "src"),
    ]
    assert [image.attrs["alt"] for image in page.images] == ["A"]
