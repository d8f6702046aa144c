"""A read-only JSON API over the visible catalogue, and a list Radarr can import.

    /api/movies/            films, paged, with the list page's filters (q, channel, year,
                            status, sort, page, page_size up to 24)
    /api/movies/<id>/       one film with its trailers
    /api/radarr.json        [{"id": <tmdb id>}, ...]: Radarr's "Custom List" format

Fields are listed one by one: nothing internal (candidates, errors, locks) can leak.
Bad parameters answer 400 `{"error": "..."}`.
"""

from functools import partial

from django.http import JsonResponse
from django.urls import reverse

from movies import cache as catalogue
from movies import listing
from movies.cache import catalogue_response
from movies.filters import parse_filters
from movies.models import Movie, Trailer
from movies.views import MAX_ID, POSTER_SIZES

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


def error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def movie_list(request):
    version = catalogue.generation()
    channels = listing.channels(version)
    filters, problems = parse_filters(
        request.GET, staff=request.user.is_staff, api=True, channels=channels
    )
    if problems:
        return error(problems[0])
    found = listing.matching(filters, version)
    if listing.within_pages(filters, found).page != filters.page:
        pages = listing.within_pages(filters, found).page
        return error(f"page {filters.page} is past the last page ({pages})")
    key = f"api:list?{filters.querystring()}"
    build = partial(_list_payload, request, filters, found, version)
    return catalogue_response(request, key, build, store=listing.is_worth_storing(filters))


def _list_payload(request, filters, found, version) -> JsonResponse:
    paginator = listing.paginator(filters, found, version, fields=API_FIELDS)
    page = paginator.page(filters.page)

    def page_url(number: int) -> str:
        return request.build_absolute_uri(
            f"{request.path}?{filters.querystring(page=number)}".rstrip("?")
        )

    return JsonResponse(
        {
            "count": found.count,
            "count_exact": found.exact,
            "page": page.number,
            "pages": paginator.num_pages,
            "page_size": filters.page_size,
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
            "results": [_movie(request, movie) for movie in page.object_list],
        }
    )


def movie_detail(request, pk: int):
    if pk > MAX_ID:
        return error("no such film", status=404)
    return catalogue_response(request, f"api:detail:{pk}", partial(_detail_payload, request, pk))


def _detail_payload(request, pk: int) -> JsonResponse:
    movie = Movie.objects.visible().only(*API_FIELDS).with_trailers().filter(pk=pk).first()
    if movie is None:
        return error("no such film", status=404)
    payload = _movie(request, movie)
    payload["trailers"] = [_trailer(trailer) for trailer in movie.trailers.all()]
    return JsonResponse(payload)


def radarr_list(request):
    """Visible films matched on TMDB, newest trailer first, for Radarr's Custom List
    (Settings → Import Lists → Custom List, URL `/api/radarr.json`). The list page's
    filters narrow it, e.g. `?channel=mubi`."""
    channels = listing.channels(catalogue.generation())
    filters, problems = parse_filters(
        request.GET, staff=request.user.is_staff, api=True, channels=channels
    )
    if problems:
        return error(problems[0])
    key = f"api:radarr?{filters.querystring(page=1)}"
    build = partial(_radarr_payload, filters)
    return catalogue_response(request, key, build, store=not filters.q)


def _radarr_payload(filters) -> JsonResponse:
    tmdb_ids = filters.films(Movie.objects.visible().enriched()).values_list("tmdb_id", flat=True)
    return JsonResponse([{"id": tmdb_id} for tmdb_id in tmdb_ids], safe=False)


def _movie(request, movie: Movie) -> dict:
    return {
        "id": movie.pk,
        "url": request.build_absolute_uri(reverse("api:movie", args=[movie.pk])),
        "page_url": request.build_absolute_uri(movie.get_absolute_url()),
        "title": movie.title,
        "year": movie.display_year,
        "release_date": movie.release_date.isoformat() if movie.release_date else None,
        "runtime": movie.runtime,
        "genres": list(movie.genres or []),
        "rating": movie.vote_average,
        "overview": movie.overview or "",
        "tmdb_id": movie.tmdb_id,
        "imdb_id": movie.imdb_id,
        "poster": {size: movie.poster_url(size) for size in POSTER_SIZES}
        if movie.poster_path
        else None,
        "backdrop": movie.backdrop_url("w1280"),
        "links": {
            "tmdb": movie.tmdb_url,
            "imdb": movie.imdb_url,
            "letterboxd": movie.letterboxd_url,
        },
        "last_trailer_at": movie.last_trailer_at.isoformat(),
        "added_at": movie.created_at.isoformat(),
    }


def _trailer(trailer: Trailer) -> dict:
    return {
        "video_id": trailer.video_id,
        "title": trailer.title,
        "kind": trailer.kind,
        "channel": {"slug": trailer.channel.slug, "name": trailer.channel.name}
        if trailer.channel
        else None,
        "youtube_url": trailer.youtube_url,
        "embed_url": trailer.embed_url,
        "thumbnail_url": trailer.thumbnail_url,
        "added_at": trailer.created_at.isoformat(),
    }
