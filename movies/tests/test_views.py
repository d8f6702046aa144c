import re
from datetime import date, timedelta

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from contrib.text import fold
from movies.models import Channel, ImageConfiguration, Movie
from movies.tests.factories import make_channel, make_movie, make_trailer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_page_cache")]

MAX_LIST_QUERIES = 5
MAX_DETAIL_QUERIES = 4


def titles(response) -> list[str]:
    return re.findall(r'<h2 class="card__title">([^<]*)</h2>', response.content.decode())


def make_films(count: int, **fields) -> list[Movie]:
    now = timezone.now()
    films = [
        Movie(
            title=f"Film {number:04d}",
            title_key=fold(f"Film {number:04d}"),
            source="rotten_tomatoes",
            last_trailer_at=now - timedelta(minutes=number),
            **fields,
        )
        for number in range(count)
    ]
    return Movie.objects.bulk_create(films)


# --- The list page -------------------------------------------------------------------


def test_it_redirects_the_root_to_the_list(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/movies/"


def test_it_lists_the_newest_trailer_first(client):
    now = timezone.now()
    make_movie("Older", last_trailer_at=now - timedelta(days=2))
    make_movie("Newest", last_trailer_at=now)
    make_movie("Middle", last_trailer_at=now - timedelta(days=1))
    assert titles(client.get("/movies/")) == ["Newest", "Middle", "Older"]


def test_it_breaks_ties_by_newest_id(client):
    moment = timezone.now()
    make_movie("First saved", last_trailer_at=moment)
    make_movie("Second saved", last_trailer_at=moment)
    assert titles(client.get("/movies/")) == ["Second saved", "First saved"]


def test_it_shows_the_total_and_enriched_counts(client):
    make_movie("Matched", tmdb_id=1)
    make_movie("Unmatched")
    make_movie("Rejected", tmdb_id=2, status=Movie.Status.REJECTED)
    text = client.get("/movies/").content.decode()
    assert "<strong>2</strong> films" in text
    assert "<strong>1</strong> matched on TMDB" in text


def test_it_renders_posters_from_tmdb_with_sizes_and_lazy_loading(client):
    make_movie("Postered", poster_path="/abc.jpg")
    text = client.get("/movies/").content.decode()
    img = re.search(r"<img class=\"poster\"[^>]*>", text).group(0)
    assert 'src="https://image.tmdb.org/t/p/w342/abc.jpg"' in img
    assert (
        'srcset="https://image.tmdb.org/t/p/w185/abc.jpg 185w, '
        "https://image.tmdb.org/t/p/w342/abc.jpg 342w, "
        'https://image.tmdb.org/t/p/w500/abc.jpg 500w"'
    ) in img
    assert 'loading="lazy"' in img
    assert 'alt="Poster of Postered"' in img


def test_it_renders_a_placeholder_with_title_and_year_when_there_is_no_poster(client):
    make_movie("No Artwork", year=2026)
    text = client.get("/movies/").content.decode()
    placeholder = re.search(r'<div class="poster poster--placeholder.*?</div>', text, re.S)
    assert "No Artwork" in placeholder.group(0)
    assert "2026" in placeholder.group(0)
    assert "<img" not in placeholder.group(0)


def test_it_searches_the_display_title(client):
    make_movie("Neon Harvest")
    make_movie("Paper Boats")
    assert titles(client.get("/movies/?q=harv")) == ["Neon Harvest"]


def test_it_searches_the_original_title(client):
    make_movie("Dune: Part Two", original_title="DUNE 2 | Final Trailer")
    make_movie("Paper Boats")
    assert titles(client.get("/movies/?q=final+trailer")) == ["Dune: Part Two"]


def test_it_searches_regardless_of_accents_and_case(client):
    make_movie("LA DERNIÈRE VALSE")
    make_movie("Paper Boats")
    assert titles(client.get("/movies/?q=derniere")) == ["LA DERNIÈRE VALSE"]


def test_it_filters_by_the_channel_that_brought_the_film(client):
    make_movie("From MUBI", source="mubi")
    make_movie("From Rotten Tomatoes", source="rotten_tomatoes")
    assert titles(client.get("/movies/?channel=mubi")) == ["From MUBI"]


def test_it_filters_by_a_channel_that_posted_a_later_trailer(client):
    film = make_movie("Both channels", source="rotten_tomatoes")
    make_trailer(film, channel=Channel.objects.get(slug="mubi"))
    make_movie("One channel", source="rotten_tomatoes")
    assert titles(client.get("/movies/?channel=mubi")) == ["Both channels"]


def test_it_filters_by_release_year_or_else_the_trailers_year(client):
    make_movie("Released 2025", release_date=date(2025, 10, 1), year=2024)
    make_movie("Trailer says 2025", year=2025)
    make_movie("Released 2026", release_date=date(2026, 1, 1), year=2025)
    assert titles(client.get("/movies/?year=2025")) == ["Trailer says 2025", "Released 2025"]


def test_it_filters_films_matched_on_tmdb(client):
    make_movie("Matched", tmdb_id=10)
    make_movie("Pending")
    assert titles(client.get("/movies/?status=enriched")) == ["Matched"]


def test_it_ignores_the_needs_review_filter_for_visitors(client):
    make_movie("To review", status=Movie.Status.NEEDS_REVIEW)
    make_movie("Matched", status=Movie.Status.MATCHED)
    response = client.get("/movies/?status=needs_review")
    assert sorted(titles(response)) == ["Matched", "To review"]
    assert 'value="needs_review"' not in response.content.decode()


def test_it_filters_films_needing_review_for_staff(admin_client):
    make_movie("To review", status=Movie.Status.NEEDS_REVIEW)
    make_movie("Matched", status=Movie.Status.MATCHED)
    assert titles(admin_client.get("/movies/?status=needs_review")) == ["To review"]


def test_it_sorts_by_release_date_newest_first_undated_last(client):
    make_movie("Undated")
    make_movie("Old", release_date=date(2001, 1, 1))
    make_movie("New", release_date=date(2026, 1, 1))
    assert titles(client.get("/movies/?sort=release")) == ["New", "Old", "Undated"]


def test_it_sorts_by_title_ignoring_case(client):
    make_movie("beta")
    make_movie("Alpha")
    make_movie("GAMMA")
    assert titles(client.get("/movies/?sort=title")) == ["Alpha", "beta", "GAMMA"]


def test_it_shows_24_films_a_page(client):
    make_films(30)
    assert len(titles(client.get("/movies/"))) == 24
    assert titles(client.get("/movies/?page=2")) == [f"Film {n:04d}" for n in range(24, 30)]


def test_it_keeps_the_filters_in_the_pagination_links(client):
    make_films(30, year=2026)
    text = client.get("/movies/?q=film&year=2026&sort=title&utm_source=x").content.decode()
    assert 'href="/movies/?q=film&amp;year=2026&amp;sort=title&amp;page=2"' in text
    assert "utm_source" not in text


def test_it_links_the_pages_around_this_one_with_gaps_between(client):
    make_films(24 * 20)
    text = client.get("/movies/?page=10").content.decode()
    numbers = re.findall(r'aria-label="Page (\d+)"', text)
    assert numbers == ["1", "8", "9", "11", "12", "20"]
    assert text.count('<span class="pagination__gap">…</span>') == 2  # 1 … 8 and 12 … 20
    assert '<span class="pagination__current" aria-current="page">10</span>' in text


def test_it_shows_an_empty_first_page_for_a_search_of_no_words_past_page_one(client):
    make_films(30)
    response = client.get("/movies/?q=!!!&page=3")
    assert response.status_code == 200
    assert titles(response) == []


def test_it_shows_the_last_page_for_a_page_past_the_end(client):
    make_films(30)
    assert len(titles(client.get("/movies/?page=99"))) == 6


def test_it_leaves_out_rejected_films(client):
    make_movie("Not a film", status=Movie.Status.REJECTED)
    make_movie("A film")
    assert titles(client.get("/movies/")) == ["A film"]


def test_it_says_when_sample_films_are_shown(client):
    make_movie("Sample", source="demo")
    assert "Sample data." in client.get("/movies/").content.decode()


def test_it_says_nothing_of_samples_without_sample_films(client):
    make_movie("Real")
    assert "Sample data." not in client.get("/movies/").content.decode()


def test_it_escapes_markup_in_titles(client):
    make_movie("<script>alert(1)</script>")
    text = client.get("/movies/").content.decode()
    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


HOSTILE_QUERIES = [
    "page=abc",
    "page=-1",
    "page=0",
    "page=1.5",
    "page=99999999999999999999999999",
    "page=" + "9" * 5000,
    "page=%00",
    "page=%EF%BC%91",  # a full-width digit one
    "sort=unknown",
    "sort=%3Cscript%3E",
    "q=a%00b",
    "q=%00%00%00",
    "q=" + "x" * 5000,
    "q=%3Cscript%3Ealert(1)%3C/script%3E",
    "q=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
    "q=%25",
    "q=_",
    "q=%27%3B+DROP+TABLE+movies_movie%3B+--",
    "q=%ED%A0%80",  # a UTF-8-encoded lone surrogate
    "q=%FF%FE",  # not UTF-8 at all
    "q=%E2%80%AE",  # right-to-left override
    "q=a&q=b",
    "year=abc",
    "year=-5",
    "year=99999999999999999999",
    "year=%00",
    "channel=%3Cscript%3E",
    "channel=..%2F..%2Fetc",
    "channel=" + "a" * 5000,
    "channel=%00",
    "status=needs_review",
    "status=rejected",
    "status=%3Cb%3E",
    "page_size=100000",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_it_never_fails_on_hostile_list_parameters(client, query):
    make_movie("Neon Harvest", poster_path="/a.jpg")
    response = client.get(f"/movies/?{query}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<script>alert" not in text
    assert "<img src=x" not in text
    assert "\x00" not in text


def test_it_escapes_a_search_with_markup_in_the_search_box(client):
    text = client.get('/movies/?q="><script>alert(1)</script>').content.decode()
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in text


@pytest.mark.parametrize("films", [0, 100])
@pytest.mark.parametrize("query", ["", "q=film&channel=mubi&year=2026&sort=title&page=2"])
def test_it_costs_a_constant_number_of_queries(client, django_assert_max_num_queries, films, query):
    make_films(films, poster_path="/p.jpg", year=2026)
    ImageConfiguration.clear_cache()  # count the worst case: TMDB's image settings too
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        response = client.get(f"/movies/?{query}")
    assert response.status_code == 200


# --- The film page -------------------------------------------------------------------


def test_it_shows_the_films_details(client):
    film = make_movie(
        "Paper Boats",
        release_date=date(2025, 11, 7),
        runtime=104,
        genres=["Drama", "Family"],
        vote_average=7.9,
        overview="Two brothers sail down the river.",
        poster_path="/poster.jpg",
        backdrop_path="/backdrop.jpg",
    )
    text = client.get(f"/movies/{film.pk}/").content.decode()
    assert '<h1>Paper Boats <span class="hero__year">2025</span></h1>' in text
    assert '<time datetime="2025-11-07">7 November 2025</time>' in text
    assert "1 h 44 min" in text
    assert "<li>Drama</li><li>Family</li>" in text
    assert "★ 7.9" in text
    assert "Two brothers sail down the river." in text
    assert "https://image.tmdb.org/t/p/w1280/backdrop.jpg" in text
    assert "https://image.tmdb.org/t/p/w342/poster.jpg" in text


def test_it_shows_every_trailer_with_its_channel_name(client):
    film = make_movie("Two Trailers")
    make_trailer(film, "first00001", channel=Channel.objects.get(slug="mubi"))
    make_trailer(film, "second0001", channel=Channel.objects.get(slug="rotten_tomatoes"))
    text = client.get(f"/movies/{film.pk}/").content.decode()
    assert text.count('class="trailer__play"') == 2
    assert "<span>MUBI</span>" in text
    assert "<span>Rotten Tomatoes Indie</span>" in text


def test_it_renders_trailers_as_click_to_load_links_to_youtube(client):
    film = make_movie("Click Me")
    make_trailer(film, "abcdefghijk")
    text = client.get(f"/movies/{film.pk}/").content.decode()
    assert "<iframe" not in text
    link = re.search(r'<a class="trailer__play"[^>]*>', text).group(0)
    assert 'href="https://www.youtube.com/watch?v=abcdefghijk"' in link
    assert 'data-embed="https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1"' in link
    assert 'src="https://i.ytimg.com/vi/abcdefghijk/hqdefault.jpg"' in text
    assert '<script src="/static/js/player.js" defer></script>' in text


def test_it_links_to_tmdb_imdb_and_letterboxd(client):
    film = make_movie("Linked", tmdb_id=693134, imdb_id="tt15239678")
    text = client.get(f"/movies/{film.pk}/").content.decode()
    assert 'href="https://www.themoviedb.org/movie/693134"' in text
    assert 'href="https://www.imdb.com/title/tt15239678/"' in text
    assert 'href="https://letterboxd.com/tmdb/693134/"' in text


def test_it_answers_404_for_an_unknown_film(client):
    response = client.get("/movies/987654/")
    assert response.status_code == 404
    assert "Film not found" in response.content.decode()


def test_it_answers_404_for_a_rejected_film(client):
    film = make_movie("Not a film", status=Movie.Status.REJECTED)
    assert client.get(f"/movies/{film.pk}/").status_code == 404


@pytest.mark.parametrize("path", ["/movies/99999999999999999999999999/", "/movies/-1/"])
def test_it_answers_404_for_ids_no_database_can_hold(client, path):
    assert client.get(path).status_code == 404


def test_it_shows_a_sample_notice_on_a_sample_film(client):
    film = make_movie("Sample", source="demo")
    assert "Sample data." in client.get(f"/movies/{film.pk}/").content.decode()


def test_it_costs_few_queries_for_a_film_page(client, django_assert_max_num_queries):
    film = make_movie("Many trailers", poster_path="/p.jpg")
    for _ in range(10):
        make_trailer(film, channel=Channel.objects.get(slug="mubi"))
    ImageConfiguration.clear_cache()
    with django_assert_max_num_queries(MAX_DETAIL_QUERIES):
        assert client.get(f"/movies/{film.pk}/").status_code == 200


# --- Caching and conditional requests ------------------------------------------------


def test_it_serves_a_repeated_page_without_queries(client, django_assert_num_queries):
    make_films(30)
    first = client.get("/movies/?page=2")
    with django_assert_num_queries(0):
        second = client.get("/movies/?page=2")
    assert second.content == first.content


def test_it_sends_an_etag_and_last_modified(client):
    film = make_movie("Dated")
    response = client.get("/movies/")
    assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])
    film.refresh_from_db()
    assert response["Last-Modified"] == http_date(int(film.updated_at.timestamp()))
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_it_answers_304_to_a_matching_if_none_match(client):
    make_movie("Cached")
    etag = client.get("/movies/")["ETag"]
    response = client.get("/movies/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_it_answers_304_to_if_modified_since(client):
    make_movie("Cached")
    last_modified = client.get("/movies/")["Last-Modified"]
    response = client.get("/movies/", headers={"if-modified-since": last_modified})
    assert response.status_code == 304


def test_it_answers_a_stale_etag_with_the_page(client):
    make_movie("Cached")
    response = client.get("/movies/", headers={"if-none-match": '"stale"'})
    assert response.status_code == 200


def test_it_shows_a_new_film_at_once_and_changes_the_etag(client):
    make_movie("First")
    before = client.get("/movies/")
    make_movie("Second")
    after = client.get("/movies/")
    assert titles(after) == ["Second", "First"]
    assert after["ETag"] != before["ETag"]


def test_it_shares_one_cached_page_between_equivalent_queries(client):
    make_movie("Film")
    plain = client.get("/movies/")["ETag"]
    assert client.get("/movies/?page=abc&utm_source=feed&sort=newest")["ETag"] == plain
    assert client.get("/movies/?q=film")["ETag"] != plain


def test_it_caches_the_film_page_with_its_own_etag(client):
    film = make_movie("Film")
    etag = client.get(f"/movies/{film.pk}/")["ETag"]
    assert client.get(f"/movies/{film.pk}/", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/movies/")["ETag"] != etag


def test_it_renders_staff_pages_fresh_and_private(admin_client, client):
    make_movie("Before")
    client.get("/movies/")  # cached for visitors
    response = admin_client.get("/movies/")
    assert "ETag" not in response
    assert "private" in response["Cache-Control"]
    assert 'value="needs_review"' in response.content.decode()


# --- Content Security Policy ---------------------------------------------------------


def policy(response) -> dict[str, list[str]]:
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in directives}


def test_it_allows_only_what_the_pages_use(client):
    rules = policy(client.get("/movies/"))
    assert rules["default-src"] == ["'self'"]
    assert rules["script-src"] == ["'self'"]
    assert rules["style-src"] == ["'self'"]
    assert rules["img-src"] == ["'self'", "https://image.tmdb.org", "https://i.ytimg.com"]
    assert rules["frame-src"] == ["https://www.youtube-nocookie.com"]
    assert rules["object-src"] == ["'none'"]


@pytest.mark.parametrize("path", ["/movies/", "film", "/movies/404404/"])
def test_it_writes_no_inline_script_or_style(client, path):
    film = make_movie("Film", poster_path="/p.jpg")
    make_trailer(film)
    text = client.get(f"/movies/{film.pk}/" if path == "film" else path).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", text)
    assert "<style" not in text
    assert not re.search(r"\sstyle=", text)
    assert not re.search(r"\son[a-z]+=", text)


def test_it_sends_the_policy_on_the_admin_too(admin_client):
    response = admin_client.get("/admin/movies/movie/")
    assert response.status_code == 200
    assert policy(response)["script-src"] == ["'self'"]


@pytest.mark.parametrize("path", ["js/player.js", "css/site.css", "img/icon.svg"])
def test_it_ships_the_static_files_the_pages_name(path):
    assert finders.find(path)


def test_it_lists_every_channel_in_the_channel_filter(client):
    make_channel("criterion", name="The Criterion Channel")
    text = client.get("/movies/").content.decode()
    assert '<option value="criterion">The Criterion Channel</option>' in text


def test_it_keeps_free_text_searches_out_of_the_cache(client):
    make_movie("Film")
    etag = client.get("/movies/?q=film")["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/movies/?q=film").status_code == 200
    assert len(queries) > 0  # rendered again, not read from the cache
    assert client.get("/movies/?q=film", headers={"if-none-match": etag}).status_code == 304
