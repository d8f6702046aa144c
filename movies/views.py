"""The public pages: the poster grid and a film's page, both served from the page cache."""

import zlib
from dataclasses import dataclass
from functools import partial

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from contrib.tmdb.types import ImageConfig
from movies import cache as catalogue
from movies import listing
from movies.cache import catalogue_response
from movies.filters import SORTS, parse_filters, statuses_for
from movies.links import film_page
from movies.models import DEMO_SOURCE, ImageConfiguration, Movie, display_year

POSTER_SIZES = ("w185", "w342", "w500")
# Grid columns are ~190 px wide on a desktop and half the screen on a phone.
POSTER_SIZES_ATTR = "(min-width: 75rem) 190px, (min-width: 40rem) 23vw, 46vw"
BACKDROP_SIZES = ("w780", "w1280")
PLACEHOLDER_TONES = 6
# Larger ids cannot be stored: answer 404 before the database overflows on them.
MAX_ID = 2**63 - 1
# What a card shows, read as plain values: model instances cost more than the whole template.
CARD_FIELDS = (
    "id",
    "title",
    "year",
    "release_date",
    "poster_path",
    "genres",
    "vote_average",
    "source",
    "status",
)


@require_safe
def movie_list(request):
    version = catalogue.generation()
    channels = listing.channels(version)
    # Pages forgive: a parameter they cannot read is dropped (the API answers 400 instead).
    filters, _problems = parse_filters(request.GET, staff=request.user.is_staff, channels=channels)
    if not filters.q:  # a search is counted as its page is read
        filters = listing.within_pages(filters, listing.count(filters, version))
    build = partial(_render_list, request, filters, channels, version)
    key = f"list?{filters.querystring()}"
    return catalogue_response(request, key, build, store=listing.is_worth_storing(filters))


def _render_list(request, filters, channels, version) -> HttpResponse:
    known = listing.facts(version)
    if filters.q:
        page = listing.search_page(filters, values=CARD_FIELDS)
    else:
        count = listing.count(filters, version)
        page = listing.paginator(filters, count, version, values=CARD_FIELDS).page(filters.page)
    staff = request.user.is_staff
    images = ImageConfiguration.current(version) if page.object_list else None
    movies = [Card.of(row, staff=staff, images=images) for row in page.object_list]

    context = {
        "filters": filters,
        "page": page,
        "movies": movies,
        "total_movies": known.total,
        "enriched_movies": known.enriched,
        "matching": f"{page.paginator.count:,}",
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
    def of(cls, film: dict, *, staff: bool, images: ImageConfig) -> "Card":
        """From a row of CARD_FIELDS."""
        status = film["status"]
        return cls(
            url=film_page(film["id"]),
            title=film["title"],
            display_year=str(display_year(film["release_date"], film["year"]) or ""),
            genre=film["genres"][0] if film["genres"] else "",
            rating=f"{film['vote_average']:.1f}" if film["vote_average"] else "",
            poster=_image(film["poster_path"], images, "w342", POSTER_SIZES),
            tone=_tone(film["title"]),
            sample=film["source"] == DEMO_SOURCE,
            status=Movie.Status(status).label if staff and status != Movie.Status.MATCHED else "",
        )


def _image(path: str | None, images: ImageConfig, size: str, sizes: tuple[str, ...]) -> dict | None:
    """`src` and `srcset` of a TMDB image at these sizes."""
    if not path:
        return None
    srcset = ", ".join(f"{images.url(path, s)} {s[1:]}w" for s in sizes)
    return {"src": images.url(path, size), "srcset": srcset}


def _tone(title: str) -> int:
    # From the title, not the id: neighbours in the grid rarely share a colour.
    return zlib.crc32(title.encode()) % PLACEHOLDER_TONES


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
        if not isinstance(number, int):  # the ellipsis (a lazy string: slow to compare)
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


@require_safe
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

    images = ImageConfiguration.current()
    context = {
        "movie": movie,
        "poster": _image(movie.poster_path, images, "w342", POSTER_SIZES),
        "tone": _tone(movie.title),
        "backdrop": _image(movie.backdrop_path, images, "w1280", BACKDROP_SIZES),
        "runtime": _runtime(movie.runtime),
        "trailers": list(movie.trailers.all()),
        "is_sample": movie.source == DEMO_SOURCE,
    }
    if request.user.is_staff:
        context["admin_url"] = reverse("admin:movies_movie_change", args=[movie.pk])
    return render(request, "movies/movie_detail.html", context)


def _runtime(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def _not_found(request) -> HttpResponse:
    return render(request, "movies/not_found.html", status=404)
