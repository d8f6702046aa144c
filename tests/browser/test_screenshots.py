"""Screenshots of the list and film pages, on a catalogue that looks like the real one.

The suite renders them into a temporary folder and checks they are real pictures of the
pages. `make screenshots` runs this test with SCREENSHOTS_DIR=docs/screenshots to refresh
the README's pictures: the suite itself never changes a tracked file.
"""

import os
import shutil
import struct
from pathlib import Path

import pytest

from tests.browser.showcase import load_showcase

pytestmark = pytest.mark.browser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A blank or broken page compresses to a few kilobytes; the showcase is far richer.
MIN_BYTES = 30_000


def _wait_for_images(visit):
    visit.page.wait_for_load_state("networkidle")
    visit.page.wait_for_function(
        "[...document.images].every(image => image.loading === 'lazy' || image.complete)"
    )


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from the PNG's header; fails on anything that is not a PNG."""
    header = path.read_bytes()[:24]
    assert header[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    assert header[12:16] == b"IHDR", f"{path} has no PNG header chunk"
    return struct.unpack(">II", header[16:24])


@pytest.fixture
def out_dir(tmp_path) -> Path:
    """docs/screenshots under `make screenshots`, else the test's own temporary folder."""
    return Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path / "screenshots")


def test_it_renders_the_list_and_a_film_page_in_light_dark_and_on_a_phone(browse, out_dir):
    film = load_showcase()
    shots = {}
    for scheme in ("light", "dark"):
        visit = browse(color_scheme=scheme, art=True, width=1280, height=900)
        visit.open("/movies/")
        visit.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        _wait_for_images(visit)
        visit.page.evaluate("window.scrollTo(0, 0)")
        shots[f"movie_list-{scheme}"] = visit.screenshot(f"movie_list-{scheme}.png")
        visit.open(film.get_absolute_url())
        _wait_for_images(visit)
        shots[f"movie_detail-{scheme}"] = visit.screenshot(f"movie_detail-{scheme}.png")
        assert not visit.csp_violations()

    phone = browse(art=True, width=360, height=780)
    phone.open("/movies/")
    _wait_for_images(phone)
    shots["movie_list-phone"] = phone.screenshot("movie_list-phone.png", full_page=False)
    phone.open(film.get_absolute_url())
    _wait_for_images(phone)
    shots["movie_detail-phone"] = phone.screenshot("movie_detail-phone.png", full_page=False)

    for name, path in shots.items():
        width, height = png_size(path)
        assert width == (360 if name.endswith("phone") else 1280), name
        assert height >= 780, name
        assert path.stat().st_size > MIN_BYTES, f"{name} looks blank"
    # The README's pictures: the light desktop ones, under their stable names.
    out_dir.mkdir(parents=True, exist_ok=True)
    for page in ("movie_list", "movie_detail"):
        shutil.copyfile(shots[f"{page}-light"], out_dir / f"{page}.png")
