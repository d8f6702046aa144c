"""The API's OpenAPI document, `/api/openapi.json`, built from the code that serves it.

The parameters come from the filters' own definitions (movies.filters: sorts, statuses,
limits; movies.availability; TMDB's genres; the ISO 3166-1 regions), and the answers'
shapes are declared here, beside the views of movies.api. The test suite asks every
endpoint with schemathesis (every parameter, valid and invalid) and checks each answer
against these shapes, so a field the views add, drop or retype fails the suite rather than
drift. Nothing is validated at request time: the API stays as fast as it was.
"""

import functools

from django.http import JsonResponse

from contrib.tmdb.types import MOVIE_GENRES
from movies import availability, filters
from movies.api import read_only
from movies.views import POSTER_SIZES


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict, description: str = "") -> dict:
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    return {**schema, "description": description} if description else schema


STRING = {"type": "string"}
URL = {"type": "string", "format": "uri"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
INTEGER = {"type": "integer"}
NAMES = {"type": "array", "items": STRING}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS = {
    "Error": _object({"error": STRING}, "What was wrong with the request."),
    "Provider": _object({"name": STRING, "logo": _nullable(URL)}),
    "Watch": _object(
        {
            "link": _nullable({**URL, "description": "TMDB's page of every offer there."}),
            "stream": {"type": "array", "items": _ref("Provider")},
            "rent": {"type": "array", "items": _ref("Provider")},
            "buy": {"type": "array", "items": _ref("Provider")},
        },
        "Where to watch it in the region (JustWatch's data, through TMDB: credit JustWatch "
        "where you show it). Stream holds subscription, free and ad-supported services.",
    ),
    "RegionStatus": _nullable(
        _object(
            {
                "status": {"enum": ["streaming", "cinemas", "soon", "digital"]},
                "label": {**STRING, "description": '"Netflix", "In cinemas", "Mar 14"...'},
                "date": _nullable(DATE),
            },
            "The film's status in the region, in a word; null when TMDB says nothing.",
        )
    ),
    "Film": _object(
        {
            "id": INTEGER,
            "url": URL,
            "page_url": URL,
            "title": STRING,
            "year": _nullable(INTEGER),
            "release_date": _nullable(DATE),
            "runtime": _nullable({**INTEGER, "description": "Minutes."}),
            "genres": NAMES,
            "rating": _nullable({"type": "number"}),
            "overview": STRING,
            "tmdb_id": _nullable(INTEGER),
            "imdb_id": _nullable(STRING),
            "poster": _nullable(_object({size: URL for size in POSTER_SIZES})),
            "backdrop": _nullable(URL),
            "links": _object(
                {"tmdb": _nullable(URL), "imdb": _nullable(URL), "letterboxd": _nullable(URL)}
            ),
            "last_trailer_at": DATETIME,
            "added_at": DATETIME,
        }
    ),
    "Trailer": _object(
        {
            "video_id": STRING,
            "title": STRING,
            "kind": {"enum": ["trailer", "teaser"]},
            "channel": _nullable(_object({"slug": STRING, "name": STRING})),
            "source": {
                "enum": ["channel", "tmdb"],
                "description": "Found on a channel, or one of TMDB's official videos.",
            },
            "language": _nullable({**STRING, "description": "ISO 639-1."}),
            "youtube_url": URL,
            "embed_url": URL,
            "thumbnail_url": URL,
            "added_at": DATETIME,
        }
    ),
}
FILM = SCHEMAS["Film"]["properties"]
SCHEMAS["FilmInList"] = _object({**FILM, "region_status": _ref("RegionStatus")})
SCHEMAS["FilmDetail"] = _object(
    {
        **FILM,
        "region": {**STRING, "description": "The region in force (ISO 3166-1)."},
        "certification": _nullable(STRING),
        "release_dates": _object(
            {kind: _nullable(DATE) for kind in ("premiere", "theatrical", "digital", "physical")},
            "The first date of each kind in the region; theatrical is the first limited or "
            "wide release.",
        ),
        "directors": NAMES,
        "cast": {**NAMES, "maxItems": 5, "description": "Top-billed, in billing order."},
        "companies": NAMES,
        "watch": _ref("Watch"),
        "trailers": {"type": "array", "items": _ref("Trailer")},
    }
)
SCHEMAS["FilmPage"] = _object(
    {
        "count": INTEGER,
        "page": INTEGER,
        "pages": INTEGER,
        "page_size": INTEGER,
        "next": _nullable(URL),
        "previous": _nullable(URL),
        "region": STRING,
        "results": {"type": "array", "items": _ref("FilmInList")},
    }
)
SCHEMAS["RadarrList"] = {"type": "array", "items": _object({"id": INTEGER})}


def _query(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


REGION = _query(
    "region",
    {"type": "string", "pattern": "^[A-Za-z]{2}$"},
    "ISO 3166-1 country code (any case) whose dates and services to use; default: the "
    "visitor's cookie, else the site's WHICHMOVIE_REGION.",
)


def _filter_parameters(*, paged: bool) -> list[dict]:
    parameters = [
        _query(
            "q",
            {"type": "string", "maxLength": filters.MAX_QUERY_LENGTH},
            "Words of the title (partial words, any case or accents).",
        ),
        _query("channel", {"type": "string", "pattern": r"^[-\w]{1,50}$"}, "A channel's slug."),
        _query(
            "year",
            {"type": "integer", "minimum": filters.FIRST_YEAR, "maximum": filters.LAST_YEAR},
            "Release year (TMDB's, else the trailer's).",
        ),
        _query(
            "status",
            {"enum": sorted(set(filters.STATUSES) - filters.STAFF_ONLY_STATUSES)},
            "enriched: matched on TMDB.",
        ),
        _query(
            "available",
            {"enum": list(availability.API_AVAILABLE)},
            "In the region: in cinemas (first cinema release in the last 8 weeks, or no "
            "digital release yet), streaming, or coming soon (first release still to come).",
        ),
        _query("genre", {"enum": list(MOVIE_GENRES)}, "One of TMDB's genres (any case)."),
        REGION,
        _query(
            "sort",
            {"enum": list(filters.SORTS)},
            "newest trailer (default), release date, release date in the region (films "
            "with one), or title.",
        ),
    ]
    if paged:
        parameters += [
            _query(
                "page",
                {"type": "integer", "minimum": 1, "maximum": filters.MAX_PAGE},
                "Page number; past the last page answers 400.",
            ),
            _query(
                "page_size",
                {"type": "integer", "minimum": 1},
                f"Films a page (at most {filters.PAGE_SIZE}; more is capped).",
            ),
        ]
    return parameters


def _answers(ok: str, *errors: int) -> dict:
    described = {400: "Bad parameters.", 404: "No such film."}
    answers = {
        "200": {"description": "OK", "content": {"application/json": {"schema": _ref(ok)}}},
    }
    for status in errors:
        answers[str(status)] = {
            "description": described[status],
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    return answers


@functools.cache
def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "WhichMovie API",
            "version": "1",
            "description": "Read-only JSON over the visible catalogue. Film data from TMDB; "
            "watch providers from JustWatch, through TMDB.",
        },
        "paths": {
            "/api/movies/": {
                "get": {
                    "operationId": "listFilms",
                    "summary": "Films, newest trailer first, with the list page's filters",
                    "parameters": _filter_parameters(paged=True),
                    "responses": _answers("FilmPage", 400),
                }
            },
            "/api/movies/{id}/": {
                "get": {
                    "operationId": "getFilm",
                    "summary": "One film, its trailers and its facts in the region",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 0},
                        },
                        REGION,
                    ],
                    "responses": _answers("FilmDetail", 400, 404),
                }
            },
            "/api/radarr.json": {
                "get": {
                    "operationId": "radarrList",
                    "summary": "Radarr's Custom List: the matched films' TMDB ids",
                    "parameters": _filter_parameters(paged=False),
                    "responses": _answers("RadarrList", 400),
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }


@read_only
def openapi_json(request):
    return JsonResponse(document())
