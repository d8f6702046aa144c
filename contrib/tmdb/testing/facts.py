"""Builders of a film's facts in TMDB's documented shapes, for tests and demo data: what
`append_to_response=release_dates,watch/providers,credits,videos` adds to /movie/{id}.

    film = {**catalogue_film, **facts(
        releases=[release("US", 3, "2025-03-14", "R"), release("GB", 4, "2025-06-01")],
        watch={"US": offers(stream=[NETFLIX])},
        directors=["Ana Lily Amirpour"], cast=["Alice", "Bob"],
        videos=[video("abcdefghijk", "Official Trailer")],
    )}
"""

from collections.abc import Iterable

from contrib.tmdb.testing.search import appended

# What enrichment appends to a film's details call (movies.enrichment.DETAILS_APPEND).
APPENDED = ("videos", "alternative_titles", "release_dates", "watch/providers", "credits")

NETFLIX = (8, "Netflix", "/pbpMk2JmcoNnQwx5JGpXngfoWtp.jpg")
MUBI = (11, "MUBI", "/x570VpH2C9EKDf1riP83rYc5dnL.jpg")
APPLE_TV = (2, "Apple TV", "/9ghgSC0MA082EL6HLCW3GalykFD.jpg")
AMAZON_VIDEO = (10, "Amazon Video", "/seGSXajazLMCKGB5hnRCidtjay1.jpg")
CURZON = (189, "Curzon Home Cinema", "/curzon.jpg")


def release(country: str, kind: int, day: str, certification: str = "", note: str = "") -> dict:
    """One release: kind 1 premiere, 2 limited, 3 theatrical, 4 digital, 5 physical, 6 TV."""
    return {
        "iso_3166_1": country,
        "release_dates": [
            {
                "certification": certification,
                "descriptors": [],
                "iso_639_1": "",
                "note": note,
                "release_date": f"{day}T00:00:00.000Z",
                "type": kind,
            }
        ],
    }


def _provider(provider: tuple[int, str, str], priority: int) -> dict:
    provider_id, name, logo = provider
    return {
        "logo_path": logo,
        "provider_id": provider_id,
        "provider_name": name,
        "display_priority": priority,
    }


def offers(
    *,
    stream: Iterable[tuple] = (),
    rent: Iterable[tuple] = (),
    buy: Iterable[tuple] = (),
    free: Iterable[tuple] = (),
    link: str = "https://www.themoviedb.org/movie/1/watch?locale=US",
) -> dict:
    """One country's `watch/providers` entry (stream is TMDB's "flatrate")."""
    entry: dict = {"link": link}
    for kind, providers in (("flatrate", stream), ("rent", rent), ("buy", buy), ("free", free)):
        listed = [_provider(p, priority) for priority, p in enumerate(providers)]
        if listed:
            entry[kind] = listed
    return entry


def video(
    key: str,
    name: str = "Official Trailer",
    kind: str = "Trailer",
    *,
    official: bool = True,
    language: str = "en",
    country: str = "US",
    published_at: str = "2025-01-10T16:00:00.000Z",
) -> dict:
    return {
        "iso_639_1": language,
        "iso_3166_1": country,
        "name": name,
        "key": key,
        "site": "YouTube",
        "size": 1080,
        "type": kind,
        "official": official,
        "published_at": published_at,
        "id": f"v{key}",
    }


def credits(directors: Iterable[str] = (), cast: Iterable[str] = ()) -> dict:
    """`credits`: cast in billing order (`order`), directors among the crew."""
    return {
        "cast": [
            {"id": 1000 + order, "name": name, "character": f"Role {order}", "order": order}
            for order, name in enumerate(cast)
        ],
        "crew": [
            {"id": 2000 + n, "name": name, "department": "Directing", "job": "Director"}
            for n, name in enumerate(directors)
        ]
        + [{"id": 3000, "name": "A Producer", "department": "Production", "job": "Producer"}],
    }


def facts(
    *,
    releases: Iterable[dict] = (),
    watch: dict | None = None,
    directors: Iterable[str] = (),
    cast: Iterable[str] = (),
    videos: Iterable[dict] = (),
) -> dict:
    """The keys a catalogue film keeps its appended blocks under (see search.appended)."""
    return {
        "release_dates": list(releases),
        "watch_providers": dict(watch or {}),
        "credits": credits(directors, cast),
        "videos": list(videos),
    }


def details_response(film: dict) -> dict:
    """A catalogue film as /movie/{id}?append_to_response=... answers it (the double's
    answer, without HTTP): for tests that parse details without a server."""
    return {**film, **{name: appended(film, name) for name in APPENDED}}
