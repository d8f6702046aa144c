"""A catalogue that looks like the real thing, for screenshots: the sample films from
`load_demo` plus six matched films whose posters, backdrops, thumbnails and services' logos
`artwork` draws, with dates and services in the US and the UK stored as enrichment does."""

from datetime import date, timedelta

from django.core.management import call_command
from django.utils import timezone

from contrib.tmdb.api import parse_movie_details
from contrib.tmdb.testing.facts import details_response, facts, offers, release, video
from movies.enrichment import store_details
from movies.models import Channel, Movie
from movies.tests.factories import make_movie, make_trailer
from tests.browser import artwork

DETAILS = {
    "saltwater-hymns": (2026, "2026-05-08", 117, ["Drama", "Music"], 7.8),
    "glass-orchard": (2026, "2026-03-27", 104, ["Fantasy", "Drama"], 7.2),
    "night-ferry": (2025, "2025-12-05", 96, ["Thriller", "Crime"], 6.9),
    "ember-and-ash": (2026, "2026-07-17", 128, ["Action", "Adventure"], 6.4),
    "small-green-planet": (2025, "2025-11-21", 88, ["Animation", "Family"], 8.1),
    "kodachrome-summer": (2026, "2026-06-12", 101, ["Comedy", "Romance"], 7.0),
}
OVERVIEWS = {
    "saltwater-hymns": "A fishing village choir loses its voice when the harbour closes; "
    "its youngest singer sails north to bring back the one song that can open it again.",
    "glass-orchard": "Two sisters inherit an orchard where the fruit grows in glass, "
    "and learn that every harvest costs a memory.",
    "night-ferry": "A customs officer has one crossing of the Baltic to find out who on "
    "board is carrying a stolen name.",
    "ember-and-ash": "When wildfire cuts off a mountain town, a disgraced smokejumper "
    "leads the last convoy out.",
    "small-green-planet": "A lonely robot gardener tends the only living plant on a "
    "space station, until the plant starts to grow back.",
    "kodachrome-summer": "Three friends, one camera and the last rolls of film in town: "
    "a road trip to develop them before the lab closes.",
}


NETFLIX = (8, "Netflix", "/logo-netflix.jpg")
MUBI = (11, "MUBI", "/logo-mubi.jpg")
CURZON = (189, "Curzon Home Cinema", "/logo-curzon.jpg")
APPLE_TV = (2, "Apple TV", "/logo-appletv.jpg")
AMAZON = (10, "Amazon Video", "/logo-amazon.jpg")


def _days(n: int) -> str:
    return (timezone.now().date() + timedelta(days=n)).isoformat()


def regional_facts() -> dict[str, dict]:
    """Each showcase film's dates and services in the US and the UK, relative to today, so
    the cards show every status: in cinemas, streaming, coming soon, and none."""
    return {
        "saltwater-hymns": facts(
            releases=[
                release("US", 1, _days(-150), "NR"),
                release("US", 3, _days(-60), "PG-13"),
                release("US", 4, _days(-6)),
                release("GB", 3, _days(-12), "12A"),
            ],
            watch={
                "US": offers(stream=[MUBI], rent=[APPLE_TV, AMAZON], buy=[APPLE_TV]),
                "GB": offers(rent=[CURZON]),
            },
            directors=["Ines Vale"],
            cast=["Maren Holt", "Idris Kwame", "Sofia Lund", "Tom Ashby", "Edda Brand"],
            videos=[video("saltwaterTM", "Official Teaser", "Teaser")],
        ),
        "glass-orchard": facts(
            releases=[release("US", 3, _days(25), "PG"), release("GB", 3, _days(39))],
            directors=["Noor Salem"],
            cast=["Lena Park", "Ava Doyle"],
        ),
        "night-ferry": facts(
            releases=[release("US", 3, _days(-200), "R"), release("US", 4, _days(-120))],
            watch={"US": offers(stream=[NETFLIX]), "GB": offers(stream=[NETFLIX])},
            directors=["Kaarel Tamm"],
        ),
        "ember-and-ash": facts(
            releases=[release("US", 3, _days(-9), "PG-13"), release("GB", 3, _days(-2), "12A")],
            directors=["Rhea Castillo"],
        ),
        "small-green-planet": facts(
            releases=[release("US", 3, _days(-90), "G"), release("US", 4, _days(-30))],
            watch={"US": offers(stream=[APPLE_TV]), "GB": offers(buy=[APPLE_TV])},
        ),
        "kodachrome-summer": facts(),
    }


def load_showcase() -> Movie:
    """Load the catalogue; return the film whose page the detail screenshot shows."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    rotten_tomatoes, _ = Channel.objects.get_or_create(
        slug="rotten_tomatoes",
        defaults={
            "name": "Rotten Tomatoes Indie",
            "url": "https://www.youtube.com/@RottenTomatoesIndie/videos",
        },
    )
    mubi, _ = Channel.objects.get_or_create(
        slug="mubi", defaults={"name": "MUBI", "url": "https://www.youtube.com/@mubi/videos"}
    )
    now = timezone.now()
    regional = regional_facts()
    films = []
    for index, (slug, (title, *_art)) in enumerate(artwork.FILMS.items()):
        year, released, runtime, genres, rating = DETAILS[slug]
        channel = (rotten_tomatoes, mubi)[index % 2]
        movie = make_movie(
            title,
            year=year,
            source=channel.slug,
            status=Movie.Status.MATCHED,
            tmdb_id=990_000 + index,
            imdb_id=f"tt99{index:05d}",
            release_date=date.fromisoformat(released),
            runtime=runtime,
            genres=genres,
            vote_average=rating,
            overview=OVERVIEWS[slug],
            poster_path=f"/wm-{slug}.jpg",
            backdrop_path=f"/wm-{slug}-backdrop.jpg",
            last_trailer_at=now + timedelta(minutes=10 - index),
        )
        trailers = 3 if index == 0 else 1
        for number in range(1, trailers + 1):
            kind = "teaser" if number == 2 else "trailer"
            label = {1: "Official Trailer", 2: "Teaser", 3: "Final Trailer"}[number]
            make_trailer(
                movie,
                f"{slug}--{number}",
                title=f"{title.upper()} | {label} | {channel.name}",
                channel=(channel, mubi, rotten_tomatoes)[number - 1],
                kind=kind,
            )
        record = {
            "id": movie.tmdb_id,
            "title": title,
            "imdb_id": movie.imdb_id,
            "release_date": released,
            "runtime": runtime,
            "genres": [{"id": n, "name": name} for n, name in enumerate(genres)],
            "vote_average": rating,
            "vote_count": 500,
            "overview": OVERVIEWS[slug],
            "poster_path": movie.poster_path,
            "backdrop_path": movie.backdrop_path,
            **regional[slug],
        }
        # The film's first cinema release is its US one, as TMDB's primary date would be.
        cinema = [
            country["release_dates"][0]["release_date"][:10]
            for country in regional[slug]["release_dates"]
            if country["iso_3166_1"] == "US" and country["release_dates"][0]["type"] in (2, 3)
        ]
        record["release_date"] = cinema[0] if cinema else released
        details = parse_movie_details(details_response(record))
        store_details(movie, details, now=now)
        films.append(movie)
    return films[0]
