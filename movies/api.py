"""A read-only JSON API over the visible catalogue, and a list Radarr can import.

    /api/movies/            films, paged, with the list page's filters (q, channel, year,
                            status, available, genre, region, sort, page, page_size up to
                            24), each with its status in the region
    /api/movies/<id>/       one film with its trailers and its facts in the region
    /api/radarr.json        [{"id": <tmdb id>}, ...]: Radarr's "Custom List" format
    /api/openapi.json       the OpenAPI document of all three (movies.openapi)

Fields are listed one by one: nothing internal (candidates, errors, locks) can leak.
Bad parameters answer 400 `{"error": "..."}`. The shapes are declared in movies.openapi,
beside these views, and the test suite checks every answer against them.
"""

from dataclasses import dataclass
from functools import partial

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from contrib.tmdb.types import ImageConfig
from movies import availability, listing, regions
from movies import cache as catalogue
from movies.cache import catalogue_response
from movies.filters import PAGE_SIZE, parse_filters
from movies.links import url
from movies.models import (
    IMDB_TITLE_URL,
    LETTERBOXD_TMDB_URL,
    TMDB_MOVIE_URL,
    ImageConfiguration,
    Movie,
    MovieRegion,
    Trailer,
    display_year,
)
from movies.views import (
    MAX_ID,
    POSTER_SIZES,
    WATCH_KINDS,
    provider_logos,
    today,
)

API_FIELDS = (
    "id",
    "title",
    "year",
    "release_date",
    "runtime",
    "genres",
    "vote_average",
    "overview",
    "tmdb_id",
    "imdb_id",
    "poster_path",
    "backdrop_path",
    "last_trailer_at",
    "created_at",
)
# A film of the list also carries its status in the region.
LIST_VALUES = (*API_FIELDS, availability.STATUS)
# What the film's own record adds to the detail.
DETAIL_FIELDS = (*API_FIELDS, "directors", "cast", "companies")


def read_only(view):
    """GET and HEAD only; any other method is answered 405 with `Allow`, not refused as a
    cross-site form post (nothing here changes anything a forged request could abuse)."""
    return csrf_exempt(require_safe(view))


def error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _filters(request, version):
    """(filters, region, the first problem or None) of an API request."""
    region, problem = regions.resolve(request)
    filters, problems = parse_filters(
        request.GET,
        staff=request.user.is_staff,
        api=True,
        channels=listing.channels(version),
        region=region,
        today=today(),
    )
    return filters, region, problem or (problems[0] if problems else None)


@read_only
def movie_list(request):
    version = catalogue.generation()
    filters, region, problem = _filters(request, version)
    if problem:
        return error(problem)
    count = None  # a search is counted as its page is read
    if not filters.q:
        count = listing.count(filters, version)
        within = listing.within_pages(filters, count).page
        if within != filters.page:  # clamped: the page asked for is past the last one
            return error(f"page {filters.page} is past the last page ({within})")
    key = f"api:list?{filters.key(everything=True)}"
    build = partial(_list_payload, request, filters, region, version, count)
    response = catalogue_response(
        request, key, build, store=listing.is_worth_storing(filters), version=version
    )
    return regions.regional_response(response)


def _list_payload(request, filters, region, version, count) -> JsonResponse:
    if filters.q:
        page = listing.search_page(filters, values=LIST_VALUES)
        if page.number != filters.page:
            return error(f"page {filters.page} is past the last page ({page.number})")
    else:
        page = listing.paginator(filters, count, version, values=LIST_VALUES).page(filters.page)
    paginator = page.paginator
    addresses = Addresses.of(request, version)

    def page_url(number: int) -> str:
        return request.build_absolute_uri(
            f"{request.path}?{filters.querystring(page=number)}".rstrip("?")
        )

    return JsonResponse(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "page_size": filters.page_size,
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
            "region": region.code,
            "results": [
                {
                    **_movie(film, addresses),
                    "region_status": _status(film, filters.day),
                }
                for film in page.object_list
            ],
        }
    )


def _status(film: dict, day) -> dict | None:
    found = availability.status_in(film[availability.STATUS], day)
    return found.as_dict() if found else None


@read_only
def movie_detail(request, pk: int):
    if pk > MAX_ID:
        return error("no such film", status=404)
    region, problem = regions.resolve(request)
    if problem:
        return error(problem)
    key = f"api:detail:{pk}|{region.code}"
    version = catalogue.generation()
    build = partial(_detail_payload, request, pk, region, version)
    response = catalogue_response(request, key, build, version=version)
    return regions.regional_response(response)


def _detail_payload(request, pk: int, region: regions.Region, version: int) -> JsonResponse:
    movie = Movie.objects.visible().only(*DETAIL_FIELDS).with_trailers().filter(pk=pk).first()
    if movie is None:
        return error("no such film", status=404)
    addresses = Addresses.of(request, version)
    payload = _movie({field: getattr(movie, field) for field in API_FIELDS}, addresses)
    here = MovieRegion.objects.filter(movie=movie, region=region.code).first()
    payload.update(
        region=region.code,
        certification=here.certification if here and here.certification else None,
        release_dates={
            "premiere": _iso(here.premiere if here else None),
            "theatrical": _iso(here.cinemas if here else None),
            "digital": _iso(here.digital if here else None),
            "physical": _iso(here.physical if here else None),
        },
        directors=list(movie.directors),
        cast=list(movie.cast),
        companies=list(movie.companies),
        watch=_watch(here.watch if here else {}, addresses.images),
        trailers=[_trailer(trailer) for trailer in movie.trailers.all()],
    )
    return JsonResponse(payload)


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _watch(watch: dict, images: ImageConfig) -> dict:
    return {
        "link": watch.get("link") or None,
        **{kind: provider_logos(watch.get(kind, []), images) for kind in WATCH_KINDS},
    }


@read_only
def unknown_address(request):
    # The catch-all keeps APPEND_SLASH from running: do its job for the API's own addresses.
    if not request.path.endswith("/") and _serves(f"{request.path}/"):
        target = f"{request.path}/"
        if request.META.get("QUERY_STRING"):
            target += f"?{request.META['QUERY_STRING']}"
        # 308: a client repeats its method, as it would not after a 301.
        return HttpResponsePermanentRedirect(target, preserve_request=True)
    return error("no such address in the API: see /api/openapi.json", status=404)


def _serves(path: str) -> bool:
    """Whether an API view other than this catch-all answers `path`."""
    try:
        return resolve(path).func is not unknown_address
    except Resolver404:
        return False


@read_only
def radarr_list(request):
    """Visible films matched on TMDB, newest trailer first, for Radarr's Custom List
    (Settings → Import Lists → Custom List, URL `/api/radarr.json`). The list page's
    filters narrow it, e.g. `?channel=mubi` or `?available=streaming&region=GB`."""
    version = catalogue.generation()
    filters, _region, problem = _filters(request, version)
    if problem:
        return error(problem)
    key = f"api:radarr?{filters.key(page=1, page_size=PAGE_SIZE)}"
    build = partial(_radarr_payload, filters)
    response = catalogue_response(request, key, build, store=not filters.q, version=version)
    return regions.regional_response(response)


def _radarr_payload(filters) -> JsonResponse:
    tmdb_ids = filters.films(Movie.objects.visible().enriched()).values_list("tmdb_id", flat=True)
    return JsonResponse([{"id": tmdb_id} for tmdb_id in tmdb_ids], safe=False)


@dataclass(frozen=True)
class Addresses:
    """What every film's absolute links start with, worked out once per response: a
    reverse() and build_absolute_uri() per film cost more than the rest of its JSON."""

    api: str
    page: str
    images: ImageConfig

    @classmethod
    def of(cls, request, version: int) -> "Addresses":
        return cls(
            api=request.build_absolute_uri(url("api:movies")),
            page=request.build_absolute_uri(url("movies:list")),
            images=ImageConfiguration.current(version),
        )


def _movie(film: dict, addresses: Addresses) -> dict:
    """One film, from a row of API_FIELDS."""
    pk, tmdb_id, imdb_id = film["id"], film["tmdb_id"], film["imdb_id"]
    released = film["release_date"]
    images = addresses.images
    return {
        "id": pk,
        "url": f"{addresses.api}{pk}/",
        "page_url": f"{addresses.page}{pk}/",
        "title": film["title"],
        "year": display_year(released, film["year"]),
        "release_date": released.isoformat() if released else None,
        "runtime": film["runtime"],
        "genres": list(film["genres"] or []),
        "rating": film["vote_average"],
        "overview": film["overview"] or "",
        "tmdb_id": tmdb_id,
        "imdb_id": imdb_id,
        "poster": {size: images.url(film["poster_path"], size) for size in POSTER_SIZES}
        if film["poster_path"]
        else None,
        "backdrop": images.url(film["backdrop_path"], "w1280"),
        "links": {
            "tmdb": TMDB_MOVIE_URL.format(tmdb_id) if tmdb_id else None,
            "imdb": IMDB_TITLE_URL.format(imdb_id) if imdb_id else None,
            "letterboxd": LETTERBOXD_TMDB_URL.format(tmdb_id) if tmdb_id else None,
        },
        "last_trailer_at": film["last_trailer_at"].isoformat(),
        "added_at": film["created_at"].isoformat(),
    }


def _trailer(trailer: Trailer) -> dict:
    return {
        "video_id": trailer.video_id,
        "title": trailer.title,
        "kind": trailer.kind,
        "channel": {"slug": trailer.channel.slug, "name": trailer.channel.name}
        if trailer.channel
        else None,
        "source": "tmdb" if trailer.from_tmdb else "channel",
        "language": trailer.language or None,
        "youtube_url": trailer.youtube_url,
        "embed_url": trailer.embed_url,
        "thumbnail_url": trailer.thumbnail_url,
        "added_at": trailer.created_at.isoformat(),
    }
