"""The public pages: the poster grid and a film's page, both served from the page cache."""

import zlib
from dataclasses import dataclass
from functools import partial

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from movies import cache as catalogue
from movies import listing
from movies.cache import catalogue_response
from movies.filters import SORTS, parse_filters, statuses_for
from movies.models import DEMO_SOURCE, Movie

POSTER_SIZES = ("w185", "w342", "w500")
# Grid columns are ~190 px wide on a desktop and half the screen on a phone.
POSTER_SIZES_ATTR = "(min-width: 75rem) 190px, (min-width: 40rem) 23vw, 46vw"
BACKDROP_SIZES = ("w780", "w1280")
PLACEHOLDER_TONES = 6
# Larger ids cannot be stored: answer 404 before the database overflows on them.
MAX_ID = 2**63 - 1
LIST_FIELDS = (
    "id",
    "title",
    "year",
    "release_date",
    "poster_path",
    "genres",
    "vote_average",
    "source",
    "status",
    "tmdb_id",
)


def movie_list(request):
    version = catalogue.generation()
    channels = listing.channels(version)
    # Pages forgive: a parameter they cannot read is dropped (the API answers 400 instead).
    filters, _problems = parse_filters(request.GET, staff=request.user.is_staff, channels=channels)
    found = listing.matching(filters, version)
    filters = listing.within_pages(filters, found)
    build = partial(_render_list, request, filters, channels, found, version)
    key = f"list?{filters.querystring()}"
    return catalogue_response(request, key, build, store=listing.is_worth_storing(filters))


def _render_list(request, filters, channels, found, version) -> HttpResponse:
    known = listing.facts(version)
    paginator = listing.paginator(filters, found, version, fields=LIST_FIELDS)
    page = paginator.get_page(filters.page)
    staff = request.user.is_staff
    movies = [Card.of(movie, staff=staff) for movie in page.object_list]

    context = {
        "filters": filters,
        "page": page,
        "movies": movies,
        "total_movies": known.total,
        "enriched_movies": known.enriched,
        "matching": found,
        "has_samples": known.samples > 0,
        "channels": channels.items(),
        "years": _year_choices(known.years, filters.year),
        "statuses": statuses_for(staff),
        "sorts": {value: sort.label for value, sort in SORTS.items()},
        "page_links": _page_links(request.path, filters, page),
        "previous_url": _page_url(request.path, filters, page.previous_page_number())
        if page.has_previous()
        else None,
        "next_url": _page_url(request.path, filters, page.next_page_number())
        if page.has_next()
        else None,
        "clear_url": request.path,
        "poster_sizes": POSTER_SIZES_ATTR,
    }
    return render(request, "movies/movie_list.html", context)


@dataclass(frozen=True)
class Card:
    """A film as the grid shows it, every value ready to print: the template only places
    them (the list renders 24 of these on every uncached request)."""

    url: str
    title: str
    display_year: str
    genre: str
    rating: str
    poster: dict | None
    tone: int
    sample: bool
    status: str  # for staff: anything but "Matched"

    @classmethod
    def of(cls, movie: Movie, *, staff: bool) -> "Card":
        return cls(
            url=movie.get_absolute_url(),
            title=movie.title,
            display_year=str(movie.display_year or ""),
            genre=movie.genres[0] if movie.genres else "",
            rating=f"{movie.vote_average:.1f}" if movie.vote_average else "",
            poster=_poster(movie),
            tone=_tone(movie),
            sample=movie.source == DEMO_SOURCE,
            status=movie.get_status_display()
            if staff and movie.status != Movie.Status.MATCHED
            else "",
        )


def _poster(movie: Movie) -> dict | None:
    return _image(movie.poster_path, movie.poster_url, "w342", POSTER_SIZES)


def _image(path: str | None, url, size: str, sizes: tuple[str, ...]) -> dict | None:
    """`src` and `srcset` of a TMDB image: `url(size)` builds each size's address."""
    if not path:
        return None
    return {"src": url(size), "srcset": ", ".join(f"{url(s)} {s[1:]}w" for s in sizes)}


def _tone(movie: Movie) -> int:
    # From the title, not the id: neighbours in the grid rarely share a colour.
    return zlib.crc32(movie.title.encode()) % PLACEHOLDER_TONES


def _year_choices(years: tuple[int, ...], chosen: int | None) -> list[tuple[str, bool]]:
    """(year, selected) for the catalogue's years, newest first, and the one asked for, so
    the form shows the filter in force. Strings: printing an int costs a locale lookup."""
    if chosen and chosen not in years:
        years = tuple(sorted({*years, chosen}, reverse=True))
    return [(str(year), year == chosen) for year in years]


def _page_url(path: str, filters, number: int) -> str:
    query = filters.querystring(page=number)
    return f"{path}?{query}" if query else path


def _page_links(path: str, filters, page) -> list[dict]:
    """Numbered links around the current page, with gaps: 1 … 4 5 [6] 7 8 … 417."""
    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == Paginator.ELLIPSIS:
            links.append({"gap": True})
        else:
            links.append(
                {
                    "number": number,
                    "url": _page_url(path, filters, number),
                    "current": number == page.number,
                }
            )
    return links


def movie_detail(request, pk: int):
    if pk > MAX_ID:
        return _not_found(request)
    return catalogue_response(request, f"detail:{pk}", partial(_render_detail, request, pk))


def _render_detail(request, pk: int) -> HttpResponse:
    movie = (
        Movie.objects.visible()
        .defer("candidates", "last_error")
        .with_trailers()
        .filter(pk=pk)
        .first()
    )
    if movie is None:
        return _not_found(request)

    context = {
        "movie": movie,
        "poster": _poster(movie),
        "tone": _tone(movie),
        "backdrop": _backdrop(movie),
        "runtime": _runtime(movie.runtime),
        "trailers": list(movie.trailers.all()),
        "is_sample": movie.source == DEMO_SOURCE,
    }
    if request.user.is_staff:
        context["admin_url"] = reverse("admin:movies_movie_change", args=[movie.pk])
    return render(request, "movies/movie_detail.html", context)


def _backdrop(movie: Movie) -> dict | None:
    return _image(movie.backdrop_path, movie.backdrop_url, "w1280", BACKDROP_SIZES)


def _runtime(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def _not_found(request) -> HttpResponse:
    return render(request, "movies/not_found.html", status=404)
