"""Screenshots of the list and film pages, on a catalogue that looks like the real one.

Saved under test-artifacts/ (light, dark and a 360 px phone) and as the commit-ready
docs/screenshots/movie_list.png and movie_detail.png.
"""

import shutil

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.showcase import load_showcase

pytestmark = pytest.mark.browser


def _wait_for_images(visit):
    visit.page.wait_for_load_state("networkidle")
    visit.page.wait_for_function(
        "[...document.images].every(image => image.loading === 'lazy' || image.complete)"
    )


def test_it_saves_screenshots_of_the_list_and_detail_pages(browse):
    film = load_showcase()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        visit = browse(color_scheme=scheme, art=True, width=1280, height=900)
        visit.open("/movies/")
        visit.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        _wait_for_images(visit)
        visit.page.evaluate("window.scrollTo(0, 0)")
        listing = visit.screenshot(f"movie_list-{scheme}.png")

        visit.open(film.get_absolute_url())
        _wait_for_images(visit)
        detail = visit.screenshot(f"movie_detail-{scheme}.png")
        assert not visit.csp_violations()
        if scheme == "light":
            shutil.copyfile(listing, SCREENSHOTS / "movie_list.png")
            shutil.copyfile(detail, SCREENSHOTS / "movie_detail.png")

    phone = browse(art=True, width=360, height=780)
    phone.open("/movies/")
    _wait_for_images(phone)
    phone.screenshot("movie_list-phone.png", full_page=False)
    phone.open(film.get_absolute_url())
    _wait_for_images(phone)
    phone.screenshot("movie_detail-phone.png", full_page=False)
