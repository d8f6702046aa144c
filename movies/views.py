"""The public pages: the poster grid and a film's page, both served from the page cache."""

import zlib
from functools import partial

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from movies.cache import catalogue_response
from movies.filters import SORTS, parse_filters, statuses_for
from movies.models import DEMO_SOURCE, Channel, Movie

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
    # Pages forgive: a parameter they cannot read is dropped (the API answers 400 instead).
    filters, _problems = parse_filters(request.GET, staff=request.user.is_staff)
    key = f"list?{filters.querystring()}"
    build = partial(_render_list, request, filters)
    return catalogue_response(request, key, build, store=not filters.q)


def _render_list(request, filters) -> HttpResponse:
    visible = Movie.objects.visible()
    matching = filters.condition()
    # One query for every number on the page, whatever the catalogue's size.
    stats = visible.aggregate(
        total=Count("pk"),
        enriched=Count("pk", filter=Q(tmdb_id__isnull=False)),
        samples=Count("pk", filter=Q(source=DEMO_SOURCE)),
        matching=Count("pk", filter=matching) if filters.narrowed else Count("pk"),
        first_release=Min("release_date"),
        last_release=Max("release_date"),
        first_year=Min("year"),
        last_year=Max("year"),
    )
    films = visible.filter(matching).order_by(*filters.ordering).only(*LIST_FIELDS)
    paginator = Paginator(films, filters.page_size)
    paginator.count = stats["matching"]  # known already: spares the paginator's COUNT
    page = paginator.get_page(filters.page)
    movies = list(page.object_list)
    for movie in movies:
        movie.poster = _poster(movie)
        movie.tone = _tone(movie)

    staff = request.user.is_staff
    context = {
        "filters": filters,
        "page": page,
        "movies": movies,
        "total_movies": stats["total"],
        "enriched_movies": stats["enriched"],
        "matching_movies": stats["matching"],
        "has_samples": stats["samples"] > 0,
        "channels": Channel.objects.order_by("name").values_list("slug", "name"),
        "years": _year_choices(stats, filters.year),
        "statuses": statuses_for(staff),
        "sorts": {value: label for value, (label, _) in SORTS.items()},
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


def _year_choices(stats: dict, chosen: int | None) -> list[int]:
    """Every year from the newest film's to the oldest's (and the one asked for, so the
    form shows the filter in force)."""
    years = [
        value
        for value in (
            stats["first_release"] and stats["first_release"].year,
            stats["last_release"] and stats["last_release"].year,
            stats["first_year"],
            stats["last_year"],
            chosen,
        )
        if value
    ]
    if not years:
        return []
    return list(range(max(years), min(years) - 1, -1))


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
