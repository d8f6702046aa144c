"""The pages in real Chromium: posters, search, paging, click-to-load trailers, dark mode,
keyboard focus, a 360 px screen, and a Content-Security-Policy the browser never trips."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from movies.models import Movie
from movies.tests.factories import make_channel, make_movie, make_trailer
from tests.browser.conftest import IMAGE_HOSTS, YOUTUBE_HOSTS

pytestmark = pytest.mark.browser


def films_newest_first(*titles, **fields):
    now = timezone.now()
    return [
        make_movie(title, last_trailer_at=now - timedelta(minutes=age), **fields)
        for age, title in enumerate(titles)
    ]


def card_titles(visit) -> list[str]:
    return visit.page.locator(".card__title").all_inner_texts()


def test_it_shows_posters_and_placeholders_in_the_grid(browse):
    make_movie("With Poster", poster_path="/with-poster.jpg", year=2026)
    make_movie("Without Poster", year=2025)
    visit = browse()
    visit.open("/movies/")

    poster = visit.page.locator("img.poster")
    poster.wait_for()
    visit.page.wait_for_function("document.querySelector('img.poster').naturalWidth > 0")
    assert poster.get_attribute("loading") == "lazy"
    assert "w500/with-poster.jpg 500w" in poster.get_attribute("srcset")
    assert any("image.tmdb.org/t/p/" in url for url in visit.requests)

    placeholder = visit.page.locator(".poster--placeholder")
    assert placeholder.inner_text().split() == ["Without", "Poster", "2025"]
    assert placeholder.get_attribute("aria-label") == "No poster yet for Without Poster"


def test_it_narrows_the_grid_to_a_search(browse):
    films_newest_first("Neon Harvest", "Paper Boats", "Static Bloom")
    visit = browse()
    visit.open("/movies/")
    assert len(card_titles(visit)) == 3

    visit.page.get_by_label("Title").fill("harvest")
    visit.page.get_by_label("Title").press("Enter")
    visit.page.wait_for_url("**/movies/?q=harvest*")
    assert card_titles(visit) == ["Neon Harvest"]
    assert visit.page.get_by_label("Title").input_value() == "harvest"


def test_it_keeps_the_filters_when_paging(browse):
    films_newest_first(*(f"Night {n:02d}" for n in range(30)), year=2026)
    films_newest_first("Day One", year=2026)
    visit = browse()
    visit.open("/movies/?q=night&year=2026")
    assert len(card_titles(visit)) == 24

    visit.page.get_by_role("link", name="Next →").click()
    visit.page.wait_for_url("**/movies/?q=night&year=2026&page=2")
    assert card_titles(visit) == [f"Night {n:02d}" for n in range(24, 30)]
    assert visit.page.get_by_label("Title").input_value() == "night"
    assert visit.page.get_by_label("Year").input_value() == "2026"

    visit.page.get_by_role("link", name="Page 1").click()
    visit.page.wait_for_url("**/movies/?q=night&year=2026")


def test_it_loads_the_trailer_player_only_on_click(browse):
    film = make_movie("Click To Play")
    make_trailer(film, "abcdefghijk", channel=make_channel("trailers_hq", name="Trailers HQ"))
    visit = browse()
    visit.open(film.get_absolute_url())
    visit.page.wait_for_load_state("networkidle")

    assert visit.page.locator("iframe").count() == 0
    assert visit.requests_to(YOUTUBE_HOSTS) == []
    assert visit.requests_to({"i.ytimg.com"}) == [
        "https://i.ytimg.com/vi/abcdefghijk/hqdefault.jpg"
    ]
    assert "Trailers HQ" in visit.page.locator(".trailer__channel").inner_text()

    visit.page.get_by_role("link", name="Play trailer").click()
    frame = visit.page.locator("iframe.trailer__frame")
    frame.wait_for()
    src = frame.get_attribute("src")
    assert src == "https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1"
    visit.page.wait_for_load_state("networkidle")
    assert {url.split("?")[0] for url in visit.requests_to(YOUTUBE_HOSTS)} == {
        "https://www.youtube-nocookie.com/embed/abcdefghijk"
    }
    assert visit.page.url.endswith(film.get_absolute_url())  # no navigation away
    assert not visit.csp_violations()


def test_it_opens_the_trailer_on_youtube_without_javascript(browse):
    film = make_movie("No Script")
    make_trailer(film, "abcdefghijk")
    visit = browse(javascript=False)
    visit.open(film.get_absolute_url())
    visit.page.get_by_role("link", name="Play trailer").click()
    visit.page.wait_for_url("https://www.youtube.com/watch?v=abcdefghijk")


def test_it_plays_a_trailer_from_the_keyboard(browse):
    film = make_movie("Keyboard")
    make_trailer(film, "abcdefghijk")
    visit = browse()
    visit.open(film.get_absolute_url())
    play = visit.page.get_by_role("link", name="Play trailer")
    play.focus()
    visit.page.keyboard.press("Enter")
    visit.page.locator("iframe.trailer__frame").wait_for()


@pytest.mark.parametrize(
    ("scheme", "background"),
    [("dark", "rgb(16, 17, 20)"), ("light", "rgb(246, 243, 238)")],
)
def test_it_follows_the_systems_colour_scheme(browse, scheme, background):
    make_movie("Film")
    visit = browse(color_scheme=scheme)
    visit.open("/movies/")
    colour = visit.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert colour == background
    visit.screenshot(f"colour-scheme-{scheme}.png")


def test_it_shows_where_the_keyboard_focus_is(browse):
    make_movie("Focus Me")
    visit = browse()
    visit.open("/movies/")
    visit.page.keyboard.press("Tab")
    skip = visit.page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.bounding_box()["y"] >= 0  # slid into view

    visit.page.locator(".card__link").focus()
    outline = visit.page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert outline == ["solid", "3px"]


def test_it_fits_a_360_pixel_screen(browse):
    films_newest_first(*(f"A Rather Long Film Title Number {n}" for n in range(6)))
    visit = browse(width=360, height=740)
    visit.open("/movies/")
    assert visit.page.evaluate("document.documentElement.scrollWidth") <= 360
    columns = visit.page.evaluate(
        "getComputedStyle(document.querySelector('.grid')).gridTemplateColumns.split(' ').length"
    )
    assert columns == 2
    visit.screenshot("list-360px.png", full_page=False)


def test_it_trips_no_content_security_policy_on_any_page(browse):
    film = make_movie("Film", poster_path="/p.jpg", backdrop_path="/b.jpg", tmdb_id=7)
    make_trailer(film, "abcdefghijk")
    visit = browse()
    for path in ("/movies/", "/movies/?q=film&sort=title", film.get_absolute_url()):
        visit.open(path)
        visit.page.wait_for_load_state("networkidle")
    visit.page.get_by_role("link", name="Play trailer").click()
    visit.page.locator("iframe.trailer__frame").wait_for()
    visit.page.wait_for_load_state("networkidle")
    assert visit.csp_violations() == []
    assert visit.hosts() <= {"localhost", *IMAGE_HOSTS, "www.youtube-nocookie.com"}


def signed_in_curator(browse):
    """A browser signed in to the admin as a new superuser."""
    User.objects.create_superuser("curator", "curator@example.com", "a-long-test-password")
    visit = browse()
    visit.open("/admin/login/")
    visit.page.get_by_label("Username").fill("curator")
    visit.page.get_by_label("Password").fill("a-long-test-password")
    visit.page.get_by_role("button", name="Log in").click()
    visit.page.wait_for_url("**/admin/")
    return visit


def test_it_keeps_the_admin_working_under_the_policy(browse):
    film = make_movie("Curated")
    make_trailer(film)
    visit = signed_in_curator(browse)
    for path in (
        "/admin/movies/movie/",
        f"/admin/movies/movie/{film.pk}/change/",
        "/admin/movies/channel/add/",
        "/admin/auth/user/",
    ):
        visit.open(path)
        visit.page.wait_for_load_state("networkidle")
    # The admin's own scripts run: the action bar counts a ticked row.
    visit.open("/admin/movies/movie/")
    visit.page.locator("input.action-select").first.check()
    assert "1 of 1 selected" in visit.page.locator(".action-counter").inner_text()
    assert visit.csp_violations() == []


def test_enter_in_the_film_form_saves_the_edits_and_chooses_no_candidate(browse):
    film = make_movie("Clash", status=Movie.Status.NEEDS_REVIEW)
    Movie.objects.filter(pk=film.pk).update(
        candidates=[{"id": 111, "title": "Clash", "year": 2016}, {"id": 222, "title": "Clash"}]
    )
    visit = signed_in_curator(browse)
    visit.open(f"/admin/movies/movie/{film.pk}/change/")

    title = visit.page.locator("#id_title")
    title.fill("Clash (curated)")
    title.press("Enter")
    visit.page.wait_for_load_state("networkidle")

    film.refresh_from_db()
    assert film.title == "Clash (curated)"
    assert film.tmdb_id is None
    assert "queued" not in visit.page.content()
