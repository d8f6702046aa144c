"""Offline YouTube for tests and benchmarks: recorded listings and a yt-dlp stand-in.

    with patched_youtube(recorded_listings()) as fake:
        listing = list_channel("https://www.youtube.com/@mubi/videos")
    fake.instances[-1].params  # the options yt-dlp was given

`fixtures/rotten_tomatoes.json` (40 videos) and `fixtures/mubi.json` (34 videos) have the
shape of `yt-dlp --flat-playlist -J` output for the two channels: trailers, teasers, clips,
featurettes, interviews, a Short, private and deleted videos, both flat entry shapes
(older entries carry channel keys, newer ones do not), and films that both channels
posted ("The Substance Trailer #1 (2024)" and "THE SUBSTANCE | Official Trailer | MUBI").
"""

import json
import random
import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from math import inf
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import yt_dlp
from yt_dlp.utils import DownloadError, PlaylistEntries

from contrib.youtube.api import MubiClient, RottenTomatoesClient

FIXTURES_DIR = Path(__file__).parent / "fixtures"
RATE_LIMITED = "Unable to download API page: HTTP Error 429: Too Many Requests"


def load_listing(name: str) -> dict:
    """A recorded listing from `fixtures/<name>.json`, fresh for every call."""
    with (FIXTURES_DIR / f"{name}.json").open(encoding="utf-8") as f:
        return json.load(f)


def recorded_listings() -> dict[str, dict]:
    """Both seed channels' recorded listings, keyed by channel URL."""
    return {
        RottenTomatoesClient.CHANNEL_URL: load_listing("rotten_tomatoes"),
        MubiClient.CHANNEL_URL: load_listing("mubi"),
    }


def download_error(url: str, cause: str = RATE_LIMITED) -> DownloadError:
    """The error yt-dlp raises when a channel page fails, worded as yt-dlp words it."""
    return DownloadError(f"ERROR: [youtube:tab] {_handle(url)}: {cause}")


def _handle(url: str) -> str:
    return urlsplit(url).path.strip("/").split("/")[0] or url


class FakeYoutubeDL:
    """Stands in for `yt_dlp.YoutubeDL`: serves listings by URL and records its options.

    Use `FakeYoutubeDL.serving(...)` (or `patched_youtube`) for a class with its own
    listings, errors and `instances`.
    """

    listings: Mapping[str, dict] = {}
    errors: Mapping[str, BaseException] = {}
    instances: list["FakeYoutubeDL"] = []

    def __init__(self, params: dict | None = None, auto_init: bool = True) -> None:
        self.params = dict(params or {})
        self.urls: list[str] = []
        self.closed = False
        type(self).instances.append(self)

    @classmethod
    def serving(
        cls,
        listings: Mapping[str, dict],
        errors: Mapping[str, BaseException] | None = None,
    ) -> type["FakeYoutubeDL"]:
        return type(
            cls.__name__,
            (cls,),
            {"listings": dict(listings), "errors": dict(errors or {}), "instances": []},
        )

    def extract_info(
        self,
        url: str,
        download: bool = True,
        ie_key: str | None = None,
        extra_info: dict | None = None,
        process: bool = True,
        force_generic_extractor: bool = False,
    ) -> dict:
        self.urls.append(url)
        if url in self.errors:
            raise self.errors[url]
        if url not in self.listings:
            raise download_error(url, "This channel does not exist.")
        listing = dict(self.listings[url])
        entries = listing.get("entries")
        if isinstance(entries, list):
            # Shallow copies: code under test may not change the recorded listing.
            listing["entries"] = [
                dict(entry) if isinstance(entry, dict) else entry
                for entry in self._requested(entries)
            ]
        return listing

    def _requested(self, entries: list) -> list:
        """The entries yt-dlp would fetch for `playlist_items` or `playliststart/end`."""
        items = self.params.get("playlist_items")
        if not items:
            end = self.params.get("playlistend")
            items = f"{self.params.get('playliststart', 1)}:{'' if end in (None, -1) else end}"
        requested = []
        for spec in PlaylistEntries.parse_playlist_items(items):
            if isinstance(spec, slice):
                stop = None if spec.stop in (None, inf) else int(spec.stop)
                requested += entries[(spec.start or 1) - 1 : stop : spec.step]
            elif 0 < spec <= len(entries):
                requested.append(entries[spec - 1])
        return requested

    def close(self) -> None:
        self.closed = True

    def __enter__(self) -> "FakeYoutubeDL":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@contextmanager
def patched_youtube(
    listings_by_url: Mapping[str, dict],
    errors_by_url: Mapping[str, BaseException] | None = None,
) -> Iterator[type[FakeYoutubeDL]]:
    """Replace `yt_dlp.YoutubeDL` with a `FakeYoutubeDL` serving these listings."""
    fake = FakeYoutubeDL.serving(listings_by_url, errors_by_url)
    with mock.patch.object(yt_dlp, "YoutubeDL", fake):
        yield fake


# --- synthetic listings for benchmarks --------------------------------------------------

_ADJECTIVES = (  # noqa: SIM905 (a word list reads better as prose)
    "Silent Hidden Broken Golden Distant Burning Hollow Quiet Crimson Wild Endless "
    "Frozen Lonely Secret Savage Tender Bitter Velvet Electric Pale Sacred Wicked "
    "Restless Fading Shattered Gentle Iron Paper Glass Midnight Summer Winter Northern "
    "Southern Little Lost Open Empty Scarlet Silver Brave Cruel Stolen Sleeping Sinking "
    "Wandering Drowned Hungry"
).split()
_NOUNS = (  # noqa: SIM905 (a word list reads better as prose)
    "River Garden House Mountain Harbor Forest Kingdom Island Mirror Shadow Orchard "
    "Lighthouse Highway Desert Ocean Village Engine Letter Promise Witness Stranger "
    "Daughter Brother Sister Hunter Dancer Painter Soldier Pilgrim Prophet Machine "
    "Circus Harvest Carnival Frontier Storm Horizon Valley Tower Bridge Empire Signal "
    "Orbit Echo Canyon Meadow Voyage"
).split()
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September")
_ID_ALPHABET = string.ascii_letters + string.digits + "-_"


def synthetic_film_title(k: int) -> str:
    """The k-th of an endless series of distinct, plausible film titles."""
    a, n = len(_ADJECTIVES), len(_NOUNS)
    per_round = 3 * a * n
    shape, rest = divmod(k % per_round, a * n)
    adjective, noun = _ADJECTIVES[rest % a], _NOUNS[rest // a]
    title = (
        f"The {adjective} {noun}",
        f"{adjective} {noun}",
        f"{noun} of the {adjective} {_NOUNS[(rest // a + 1) % n]}",
    )[shape]
    sequel = k // per_round
    return f"{title} {sequel + 1}" if sequel else title


def make_listing(n: int, *, handle: str = "@SyntheticTrailers", seed: int = 0) -> dict:
    """A flat channel listing of `n` distinct film trailers, newest first.

    Titles rotate through the channels' shapes (Rotten Tomatoes, MUBI, A24, NEON) and
    every one parses as a trailer of a different film; video ids are unique. The same
    `seed` gives the same listing; listings of the same size with other seeds share no film.
    """
    rng = random.Random(seed)
    first_film = seed * n
    ids: set[str] = set()
    entries = []
    for k in range(n):
        film = synthetic_film_title(first_film + k)
        year = rng.randint(1990, 2026)
        title = (
            f"{film} Trailer #{rng.randint(1, 3)} ({year})",
            f"{film.upper()} | Official Trailer | MUBI",
            f"{film} | Official Trailer HD | A24",
            f"{film.upper()} | Official Trailer | In Theaters {rng.choice(_MONTHS)} {k % 28 + 1}",
        )[k % 4]
        video_id = _unique_id(rng, ids)
        entry = {
            "_type": "url",
            "ie_key": "Youtube",
            "id": video_id,
            "url": f"https://www.youtube.com/watch?v={video_id}",
            "title": title,
            "duration": rng.randint(60, 200),
            "view_count": rng.randint(1_000, 3_000_000),
            "thumbnails": [
                {
                    "url": f"https://i.ytimg.com/vi/{video_id}/hqdefault.jpg",
                    "height": 188,
                    "width": 336,
                }
            ],
            "timestamp": None,
            "live_status": None,
            "availability": None,
            "__x_forwarded_for_ip": None,
        }
        if k % 2:  # the older entry shape names the channel
            entry |= {"description": None, "channel": handle.lstrip("@"), "uploader_id": handle}
        entries.append(entry)
    url = f"https://www.youtube.com/{handle}/videos"
    return {
        "_type": "playlist",
        "id": "UC" + "".join(rng.choice(_ID_ALPHABET) for _ in range(22)),
        "title": f"{handle.lstrip('@')} - Videos",
        "channel": handle.lstrip("@"),
        "uploader_id": handle,
        "webpage_url": url,
        "extractor": "youtube:tab",
        "entries": entries,
    }


def _unique_id(rng: random.Random, taken: set[str]) -> str:
    while (video_id := "".join(rng.choice(_ID_ALPHABET) for _ in range(11))) in taken:
        pass
    taken.add(video_id)
    return video_id
