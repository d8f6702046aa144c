"""A stand-in for yt-dlp, with recorded listings and the ways real listings go wrong.

    with patched_youtube(recorded_listings()) as fake:
        listing = list_channel("https://www.youtube.com/@mubi/videos")
    fake.instances[-1].params  # the options yt-dlp was given

`fixtures/rotten_tomatoes.json` (40 videos) and `fixtures/mubi.json` (34 videos) have the
shape of `yt-dlp --flat-playlist -J` output for the two channels: trailers, teasers, clips,
featurettes, interviews, a Short, private and deleted videos, both flat entry shapes
(older entries carry channel keys, newer ones do not), and films that both channels
posted ("The Substance Trailer #1 (2024)" and "THE SUBSTANCE | Official Trailer | MUBI").

What yt-dlp does and the double does too (see DESIGN.md's data shapes):
- an empty listing: `empty_listing(url)`, no error, no warning;
- a truncated one: `cut_short(listing, keep)` served with `warnings={url: [INCOMPLETE_DATA]}`,
  the warning going to the `logger` option as yt-dlp's does;
- a crash: `errors={url: layout_crash()}`, a TypeError raised as it is;
- a premiere (`premiere(...)`: upcoming, no duration) and a members-only video
  (`members_only(...)`);
- a channel address without a tab: one nested playlist per tab, not videos;
- timestamps only when asked for (`extractor_args` youtubetab `approximate_date`).
"""

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from math import inf
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import yt_dlp
from yt_dlp.utils import DownloadError, PlaylistEntries

from contrib.youtube.api import MubiClient, RottenTomatoesClient

FIXTURES_DIR = Path(__file__).resolve().parents[1] / "fixtures"
RATE_LIMITED = "Unable to download API page: HTTP Error 429: Too Many Requests"
# yt-dlp's warnings, as its `logger` option receives them, when a listing stops early.
INCOMPLETE_DATA = "[youtube:tab] Incomplete data received. Giving up after 3 retries"
UNSUPPORTED_LOCKUP = (
    '[youtube:tab] Unsupported lockup view model content type "LOCKUP_CONTENT_TYPE_SHORTS"; '
    "please report this issue on  https://github.com/yt-dlp/yt-dlp/issues?q= , filling out "
    "the appropriate issue template. Confirm you are on the latest version using  yt-dlp -U"
)
# A retry that then succeeds: noise, not a sign of a short listing.
INCOMPLETE_DATA_RETRY = "[youtube:tab] Incomplete data received. Retrying (1/3)..."
# The second nested playlist yt-dlp returns for a channel address without a tab.
_OTHER_TABS = ("Shorts",)


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


def layout_crash() -> TypeError:
    """What yt-dlp raises, unwrapped, when YouTube's page layout changes under it."""
    return TypeError("'NoneType' object is not subscriptable")


def _handle(url: str) -> str:
    return urlsplit(url).path.strip("/").split("/")[0] or url


# --- listings -----------------------------------------------------------------------------


def video(video_id: str, title: str, **fields: object) -> dict:
    """A flat entry as yt-dlp >= 2026.07.04 reads YouTube's lockupViewModel items."""
    return {
        "_type": "url",
        "ie_key": "Youtube",
        "id": video_id,
        "url": f"https://www.youtube.com/watch?v={video_id}",
        "title": title,
        "thumbnails": [{"url": f"https://i.ytimg.com/vi/{video_id}/hqdefault.jpg"}],
        "duration": 120,
        "view_count": 1000,
        "timestamp": None,
        "live_status": None,
        "availability": None,
        "channel_url": None,
        "uploader_url": None,
        "creators": None,
        **fields,
    }


def premiere(video_id: str, title: str, **fields: object) -> dict:
    """A premiere scheduled for later: listed, not playable yet."""
    return video(
        video_id, title, duration=None, view_count=None, live_status="is_upcoming", **fields
    )


def members_only(video_id: str, title: str, **fields: object) -> dict:
    """A video only the channel's paying members can play."""
    return video(video_id, title, availability="subscriber_only", **fields)


def channel_listing(url: str, entries: Sequence[object], *, channel: str = "") -> dict:
    """A channel's videos tab, in the top-level shape of yt-dlp's flat listing."""
    handle = _handle(url)
    channel = channel or handle.lstrip("@")
    return {
        "_type": "playlist",
        "id": "UC" + (handle.lstrip("@") * 22)[:22],
        "title": f"{channel} - Videos",
        "channel": channel,
        "uploader_id": handle,
        "webpage_url": url,
        "extractor": "youtube:tab",
        "extractor_key": "YoutubeTab",
        "entries": list(entries),
    }


def empty_listing(url: str) -> dict:
    """What yt-dlp gives when it cannot read the page's items: no entries, no error."""
    return channel_listing(url, [])


def cut_short(listing: dict, keep: int) -> dict:
    """The listing as far as a truncated fetch got: its first `keep` entries (serve it with
    `warnings={url: [INCOMPLETE_DATA]}`, the warning yt-dlp gives then)."""
    return {**listing, "entries": list(listing["entries"][:keep])}


# --- the double ---------------------------------------------------------------------------


class FakeYoutubeDL:
    """Stands in for `yt_dlp.YoutubeDL`: serves listings by URL and records its options.

    Use `FakeYoutubeDL.serving(...)` (or `patched_youtube`) for a class with its own
    listings, errors, warnings and `instances`.
    """

    listings: Mapping[str, dict] = {}
    errors: Mapping[str, BaseException] = {}
    warnings: Mapping[str, Sequence[str]] = {}
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
        warnings: Mapping[str, Sequence[str]] | None = None,
    ) -> type["FakeYoutubeDL"]:
        return type(
            cls.__name__,
            (cls,),
            {
                "listings": dict(listings),
                "errors": dict(errors or {}),
                "warnings": {url: list(messages) for url, messages in (warnings or {}).items()},
                "instances": [],
            },
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
        for message in self.warnings.get(url, ()):
            self._warn(message)
        if url in self.errors:
            raise self.errors[url]
        if url in self.listings:
            return self._served(self.listings[url])
        videos_tab = url.rstrip("/") + "/videos"
        if videos_tab in self.listings:
            return self._tabs(self.listings[videos_tab])
        raise download_error(url, "This channel does not exist.")

    def _warn(self, message: str) -> None:
        # yt-dlp hands warnings to the `logger` option when one is given.
        if (logger := self.params.get("logger")) is not None:
            logger.warning(message)

    def _served(self, recorded: dict) -> dict:
        listing = dict(recorded)
        entries = listing.get("entries")
        if isinstance(entries, list):
            # Shallow copies: code under test may not change the recorded listing.
            listing["entries"] = [
                self._entry(entry) if isinstance(entry, dict) else entry
                for entry in self._requested(entries)
            ]
        return listing

    def _entry(self, recorded: dict) -> dict:
        entry = dict(recorded)
        if entry.get("_type") == "playlist":
            return self._served(entry)
        if "timestamp" in entry and not self._approximate_dates():
            entry["timestamp"] = None  # yt-dlp leaves it out unless asked
        return entry

    def _approximate_dates(self) -> bool:
        args = self.params.get("extractor_args") or {}
        return "approximate_date" in args.get("youtubetab", {})

    def _tabs(self, videos: dict) -> dict:
        """A channel address without a tab: yt-dlp returns one nested playlist per tab."""
        channel = videos.get("channel") or ""
        other_tabs = [
            {**videos, "title": f"{channel} - {tab}", "entries": []} for tab in _OTHER_TABS
        ]
        top = {key: value for key, value in videos.items() if key != "entries"}
        return self._served({**top, "title": channel, "entries": [videos, *other_tabs]})

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
    warnings_by_url: Mapping[str, Sequence[str]] | None = None,
) -> Iterator[type[FakeYoutubeDL]]:
    """Replace `yt_dlp.YoutubeDL` with a `FakeYoutubeDL` serving these listings."""
    fake = FakeYoutubeDL.serving(listings_by_url, errors_by_url, warnings_by_url)
    with mock.patch.object(yt_dlp, "YoutubeDL", fake):
        yield fake


# --- the same, for processes a test starts --------------------------------------------------


def write_recording(
    path: Path,
    listings: Mapping[str, dict] | None = None,
    *,
    errors: Mapping[str, str] | None = None,
    crashes: Sequence[str] = (),
    warnings: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """Save what a child process's double serves: listings, yt-dlp errors (their cause) and
    crashes (a TypeError) by URL, and warnings. `serving_recording` reads it back."""
    path.write_text(
        json.dumps(
            {
                "listings": dict(listings or {}),
                "errors": dict(errors or {}),
                "crashes": list(crashes),
                "warnings": {url: list(messages) for url, messages in (warnings or {}).items()},
            }
        ),
        encoding="utf-8",
    )
    return path


def serving_recording(path: Path) -> type[FakeYoutubeDL]:
    recorded = json.loads(Path(path).read_text(encoding="utf-8"))
    errors: dict[str, BaseException] = {
        url: download_error(url, cause) for url, cause in recorded.get("errors", {}).items()
    }
    errors |= {url: layout_crash() for url in recorded.get("crashes", [])}
    return FakeYoutubeDL.serving(recorded["listings"], errors, recorded.get("warnings"))
