"""Read a YouTube channel's newest videos through yt-dlp's flat listing.

The one call that reaches YouTube is `yt_dlp.YoutubeDL(options).extract_info(url,
download=False)` in `list_channel`; tests substitute `yt_dlp.YoutubeDL` there (see
`contrib.youtube.testing`). A flat listing asks YouTube for the channel's video tab
only, not for each video, so 50 videos cost one or two requests and no API key.

Plain Python: no Django.
"""

import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import islice

import yt_dlp
from yt_dlp.utils import YoutubeDLError

from contrib.youtube.titles import PRESETS, UNAVAILABLE_TITLE, Kind, ParsedTitle, parse_title

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 50
DEFAULT_TIMEOUT = 20.0


@dataclass(frozen=True)
class VideoEntry:
    video_id: str
    title: str
    url: str
    duration: int | None
    position: int  # in the channel's listing, 0 = newest; skipped entries keep their slot


@dataclass(frozen=True)
class ChannelListing:
    channel_url: str
    channel_title: str
    entries: tuple[VideoEntry, ...]
    skipped: dict[str, int]  # entries left out, by reason ("unavailable", "short", ...)


class YouTubeError(Exception):
    """A channel could not be listed; the message names the channel and the cause."""

    def __init__(self, channel_url: str, cause: str) -> None:
        super().__init__(f"YouTube channel {channel_url}: {cause}")
        self.channel_url = channel_url
        self.cause = cause

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # Survives pickling (worker processes, process pools) despite the two arguments.
        return type(self), (self.channel_url, self.cause)


def list_channel(
    url: str, *, limit: int = DEFAULT_LIMIT, timeout: float = DEFAULT_TIMEOUT
) -> ChannelListing:
    """The `limit` newest videos of the channel at `url` (a ".../videos" tab URL)."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    ydl = yt_dlp.YoutubeDL(_options(limit, timeout))
    try:
        info = ydl.extract_info(url, download=False)
    except (YoutubeDLError, OSError) as exc:
        raise YouTubeError(url, _cause(exc)) from exc
    finally:
        # Releases yt-dlp's HTTP connections; test doubles may not have close().
        if callable(close := getattr(ydl, "close", None)):
            close()
    if not isinstance(info, Mapping):
        raise YouTubeError(url, "yt-dlp returned no listing")
    return parse_listing(url, info, limit=limit)


def _options(limit: int, timeout: float) -> dict[str, object]:
    return {
        "extract_flat": "in_playlist",
        "playlist_items": f"1:{limit}",  # yt-dlp stops paging once it has these
        "socket_timeout": timeout,
        "skip_download": True,
        "quiet": True,
        "color": "no_color",  # keeps terminal escapes out of error messages
        "cachedir": False,
        "logger": _YtDlpLogger(),
    }


class _YtDlpLogger:
    """yt-dlp's `logger` option: its messages go to Python logging, never to a terminal."""

    def debug(self, message: str) -> None:
        # yt-dlp sends progress lines and "[debug]" lines alike to debug().
        logger.debug("yt-dlp: %s", message)

    def info(self, message: str) -> None:
        logger.info("yt-dlp: %s", message)

    def warning(self, message: str) -> None:
        # Retries of a failing page are noise: if they all fail, the error is reported once.
        retrying = "Retrying (" in message or "Giving up after" in message
        logger.log(logging.DEBUG if retrying else logging.WARNING, "yt-dlp: %s", message)

    def error(self, message: str) -> None:
        # The same failure is raised next as DownloadError, and reported once by our caller.
        logger.debug("yt-dlp: %s", message)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# "ERROR: [youtube:tab] @mubi: " before the cause, and yt-dlp's notes after it.
_ERROR_PREFIX = re.compile(r"^(?:ERROR:\s*)?(?:\[[\w:.-]+\]\s*(?:[^\s:]+:\s+)?)?")
_ERROR_NOTES = re.compile(r"\s*(?:\(caused by .*|;\s*please report this issue.*)$", re.DOTALL)
_MAX_CAUSE_LENGTH = 200


def _cause(exc: BaseException) -> str:
    text = _ANSI.sub("", str(exc)).strip().splitlines()
    cause = _ERROR_NOTES.sub("", _ERROR_PREFIX.sub("", text[0] if text else "")).strip()
    return cause[:_MAX_CAUSE_LENGTH] or type(exc).__name__


_VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_UNAVAILABLE_AVAILABILITY = frozenset({"private", "needs_auth", "subscriber_only", "premium_only"})


def parse_listing(url: str, info: Mapping, *, limit: int = DEFAULT_LIMIT) -> ChannelListing:
    """A flat yt-dlp listing (as `extract_info` returns it) as typed entries, malformed
    ones skipped and counted. Also what tests and benchmarks use on recorded listings."""
    skipped: Counter[str] = Counter()
    raw_entries = info.get("entries")
    if raw_entries is None:
        raw_entries = []
    elif isinstance(raw_entries, str | bytes | Mapping) or not isinstance(raw_entries, Iterable):
        logger.warning("YouTube channel %s: entries is a %s", url, type(raw_entries).__name__)
        skipped["malformed_listing"] += 1
        raw_entries = []

    entries: list[VideoEntry] = []
    seen: set[str] = set()
    # Respect the limit even when yt-dlp (or a stand-in) returns more.
    for position, raw in enumerate(islice(raw_entries, limit)):
        entry, reason = _entry(raw, position)
        if entry is not None and entry.video_id in seen:
            entry, reason = None, "duplicate"
        if entry is None:
            skipped[reason] += 1
            continue
        seen.add(entry.video_id)
        entries.append(entry)
    if skipped:
        logger.info("YouTube channel %s: skipped %s", url, dict(skipped))
    return ChannelListing(
        channel_url=url,
        channel_title=_text(info.get("channel")) or _text(info.get("title")),
        entries=tuple(entries),
        skipped=dict(skipped),
    )


def _entry(raw: object, position: int) -> tuple[VideoEntry | None, str]:
    if not isinstance(raw, Mapping):
        return None, "not_a_dict"
    video_id = raw.get("id")
    if video_id is None:
        return None, "missing_id"
    if not isinstance(video_id, str) or not _VIDEO_ID.fullmatch(video_id):
        return None, "invalid_id"
    title = _text(raw.get("title"))
    if not title:
        return None, "missing_title"
    availability = raw.get("availability")
    if UNAVAILABLE_TITLE.match(title) or (
        isinstance(availability, str) and availability in _UNAVAILABLE_AVAILABILITY
    ):
        return None, "unavailable"
    link = raw.get("url")
    if isinstance(link, str) and "/shorts/" in link:
        return None, "short"
    return VideoEntry(
        video_id=video_id,
        title=title,
        url=f"https://www.youtube.com/watch?v={video_id}",
        duration=_duration(raw.get("duration")),
        position=position,
    ), ""


def _text(value: object) -> str:
    return _CONTROL.sub(" ", value).strip() if isinstance(value, str) else ""


def _duration(value: object) -> int | None:
    # Also refuses NaN and infinity, which JSON-ish sources occasionally carry.
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 10**7:
        return None
    return round(value)


# --- the seeds' clients ----------------------------------------------------------------


class YouTubeBaseClient:
    """One channel's film trailers, as the seeds' pipeline expects them.

    `get_videos()` returns `{'title', 'original_title', 'video_id', 'year'}` dicts for film
    trailers only (teasers too with `include_teasers=True`), newest first.
    """

    CHANNEL_URL = ""
    TITLE_PRESET = "auto"

    def __init__(
        self,
        *,
        limit: int = DEFAULT_LIMIT,
        timeout: float = DEFAULT_TIMEOUT,
        include_teasers: bool = False,
        preset: str | None = None,
        channel_url: str | None = None,
    ) -> None:
        self.limit = limit
        self.timeout = timeout
        self.include_teasers = include_teasers
        self.preset = preset or self.TITLE_PRESET
        self.channel_url = channel_url or self.CHANNEL_URL
        if self.preset not in PRESETS:
            raise ValueError(f"Unknown title preset {self.preset!r}")

    def get_videos(self) -> list[dict[str, object]]:
        return self.get_data()

    def get_data(self) -> list[dict[str, object]]:
        return self._extract_title_and_id(self._fetch_videos().entries)

    def _fetch_videos(self) -> ChannelListing:
        return list_channel(self.channel_url, limit=self.limit, timeout=self.timeout)

    def _extract_title_and_id(self, entries: Iterable[VideoEntry]) -> list[dict[str, object]]:
        videos = []
        for entry in entries:
            parsed = self._wanted(entry.title)
            if parsed is None:
                continue
            videos.append(
                {
                    "title": parsed.display_title,
                    "original_title": entry.title,
                    "video_id": entry.video_id,
                    "year": parsed.year,
                }
            )
        return videos

    def _clean_title(self, title: str) -> str | None:
        """The film's title in a video title, or None when the video is not wanted."""
        parsed = self._wanted(title)
        return parsed.display_title if parsed else None

    def _wanted(self, title: str) -> ParsedTitle | None:
        parsed = parse_title(title, preset=self.preset)
        if parsed.kind is Kind.TRAILER or (parsed.kind is Kind.TEASER and self.include_teasers):
            return parsed
        return None


class RottenTomatoesClient(YouTubeBaseClient):
    CHANNEL_URL = "https://www.youtube.com/@RottenTomatoesIndie/videos"
    TITLE_PRESET = "rotten_tomatoes"


class MubiClient(YouTubeBaseClient):
    CHANNEL_URL = "https://www.youtube.com/@mubi/videos"
    TITLE_PRESET = "mubi"
