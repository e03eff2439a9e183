from pathlib import Path

from check_samples import MakeContext, clean_html, clean_release, codes, rendition

from newsdesk.checks import images
from newsdesk.core import Block


def html_check(make_context: MakeContext, body: str) -> list[str]:
    return codes(
        images.check(make_context(renditions=[rendition("de", html=clean_html(body=body))]))
    )


def test_an_image_without_alt_text_is_an_error(make_context: MakeContext) -> None:
    assert html_check(make_context, '<img src="a.png" width="600">') == ["image-alt"]
    assert html_check(make_context, '<img src="a.png" alt=" " width="600">') == ["image-alt"]


def test_decorative_images_and_described_images_pass(make_context: MakeContext) -> None:
    assert html_check(make_context, '<img src="a.png" alt="Preisträger" width="600">') == []
    assert html_check(make_context, '<img src="a.png" alt="" role="presentation" width="1">') == []


def test_an_image_without_width_is_a_warning(make_context: MakeContext) -> None:
    found = list(
        images.check(
            make_context(
                renditions=[rendition(html=clean_html(body='<img src="a.png" alt="Foto">'))]
            )
        )
    )
    assert [(f.level, f.code) for f in found] == [("warning", "image-width")]
    assert "HTML line" in found[0].place
    assert html_check(make_context, '<img src="a.png" alt="Foto" style="width:600px">') == []


def test_heavy_and_missing_local_images(make_context: MakeContext, release_dir: Path) -> None:
    (release_dir / "team.jpg").write_bytes(b"\xff" * 400 * 1024)
    (release_dir / "small.jpg").write_bytes(b"\xff" * 10 * 1024)
    release = clean_release(
        path=release_dir / "preis.md",
        blocks=[
            Block("image", src="team.jpg", alt="Team"),
            Block("image", src="small.jpg", alt="Logo"),
            Block("image", src="fehlt.jpg", alt="Fehlt"),
            Block("image", src="https://www.wifoe-musterstadt.de/b.jpg", alt="Remote"),
        ],
    )
    found = list(images.check(make_context(release)))
    assert [(f.code, f.place) for f in found] == [
        ("image-weight", "team.jpg"),
        ("image-missing", "fehlt.jpg"),
    ]


def test_total_image_weight_over_a_megabyte_is_a_warning(
    make_context: MakeContext, release_dir: Path
) -> None:
    blocks = []
    for number in range(5):
        (release_dir / f"bild{number}.jpg").write_bytes(b"\xff" * 250 * 1024)
        blocks.append(Block("image", src=f"bild{number}.jpg", alt=f"Bild {number}"))
    release = clean_release(path=release_dir / "preis.md", blocks=blocks)
    found = list(images.check(make_context(release)))
    assert [(f.level, f.code, f.place) for f in found] == [
        ("warning", "image-weight", "all images")
    ]
    release = clean_release(path=release_dir / "preis.md", blocks=blocks[:3])
    assert codes(images.check(make_context(release))) == []
