"""Synthetic channel listings for benchmarks and tests that need many distinct trailers.

    listing = make_listing(1000, seed=3)  # 1000 trailers of 1000 different films

Entries have the shape of yt-dlp's flat listing (see `fake_ytdlp` for recorded ones).
"""

import random
import string

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
