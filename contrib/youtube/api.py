"""Read a YouTube channel's newest videos through yt-dlp's flat listing.

The one call that reaches YouTube is `yt_dlp.YoutubeDL(options).extract_info(url,
download=False)` in `list_channel`; tests substitute `yt_dlp.YoutubeDL` there (see
`contrib.youtube.testing.fake_ytdlp`). A flat listing asks YouTube for the channel's video
tab only, not for each video, so 50 videos cost one or two requests and no API key.

A listing is trusted only as far as yt-dlp's own signs allow: no videos at all, or a warning
that it stopped early ("Incomplete data received ... Giving up", "Unsupported lockup"), is
reported in `ChannelListing.problems`; the entries read before it are still returned.

Plain Python: no Django.
"""

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice

import yt_dlp
from yt_dlp.utils import YoutubeDLError

from contrib.youtube.identifiers import is_video_id
from contrib.youtube.titles import PRESETS, UNAVAILABLE_TITLE, Kind, ParsedTitle, parse_title

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 50
DEFAULT_TIMEOUT = 20.0
# yt-dlp retries a failing page this often (5xx, timeouts, incomplete data; never 403/429),
# waiting RETRY_BACKOFF seconds before the first retry and twice as long before each next.
DEFAULT_RETRIES = 3
RETRY_BACKOFF = 2.0
RETRY_BACKOFF_CAP = 30.0

EMPTY = "YouTube listed no videos"
TABS_INSTEAD_OF_VIDEOS = (
    "the address lists the channel's tabs, not its videos: use its videos tab (.../videos)"
)


@dataclass(frozen=True)
class VideoEntry:
    video_id: str
    title: str
    url: str
    duration: int | None
    position: int  # in the channel's listing, 0 = newest; skipped entries keep their slot
    # Upload time in UTC, approximated by yt-dlp from YouTube's "3 weeks ago"; None if unknown.
    published_at: datetime | None = None


@dataclass(frozen=True)
class ChannelListing:
    channel_url: str
    channel_title: str
    entries: tuple[VideoEntry, ...]
    skipped: dict[str, int]  # entries left out, by reason ("unavailable", "short", ...)
    # Why the listing cannot be trusted to be whole: empty, cut short, tabs instead of videos.
    problems: tuple[str, ...] = ()


class YouTubeError(Exception):
    """A channel could not be listed; the message names the channel and the cause."""

    def __init__(self, channel_url: str, cause: str, rate_limited: bool = False) -> None:
        super().__init__(f"YouTube channel {channel_url}: {cause}")
        self.channel_url = channel_url
        self.cause = cause
        self.rate_limited = rate_limited  # YouTube answered 429: wait before asking again

    def __reduce__(self) -> tuple[type, tuple[str, str, bool]]:
        # Survives pickling (worker processes, process pools) despite the extra arguments.
        return type(self), (self.channel_url, self.cause, self.rate_limited)


def list_channel(
    url: str,
    *,
    limit: int = DEFAULT_LIMIT,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
) -> ChannelListing:
    """The `limit` newest videos of the channel at `url` (a ".../videos" tab URL).

    Raises YouTubeError for any failure, yt-dlp's own or not."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    messages = _YtDlpLogger()
    ydl = yt_dlp.YoutubeDL(_options(limit, timeout, retries, messages))
    try:
        info = ydl.extract_info(url, download=False)
    except (YoutubeDLError, OSError) as exc:
        logger.debug("yt-dlp failed on %s", url, exc_info=True)
        raise YouTubeError(url, _cause(exc), _is_rate_limited(exc)) from exc
    except Exception as exc:
        # A change in YouTube's pages can break yt-dlp anywhere (a TypeError, a KeyError):
        # still this channel's failure. The traceback is for whoever debugs yt-dlp.
        logger.debug("yt-dlp crashed on %s", url, exc_info=True)
        cause = f"yt-dlp failed unexpectedly: {type(exc).__name__}: {_cause(exc)}"
        raise YouTubeError(url, cause[:_MAX_CAUSE_LENGTH]) from exc
    finally:
        # Releases yt-dlp's HTTP connections; test doubles may not have close().
        if callable(close := getattr(ydl, "close", None)):
            close()
    if not isinstance(info, Mapping):
        raise YouTubeError(url, "yt-dlp returned no listing")
    return parse_listing(url, info, limit=limit, problems=messages.problems)


def retry_delay(n: int) -> float:
    """Seconds yt-dlp waits before retrying a failed page for the (n+1)-th time."""
    return min(RETRY_BACKOFF * 2**n, RETRY_BACKOFF_CAP)


def _options(
    limit: int,
    timeout: float,
    retries: int = DEFAULT_RETRIES,
    messages: "_YtDlpLogger | None" = None,
) -> dict[str, object]:
    return {
        "extract_flat": "in_playlist",
        "playlist_items": f"1:{limit}",  # yt-dlp stops paging once it has these
        "socket_timeout": timeout,
        "extractor_retries": retries,
        # Without it yt-dlp retries a failing page back to back.
        "retry_sleep_functions": {"extractor": retry_delay},
        # Upload dates, approximated from "3 weeks ago"; without it every timestamp is None.
        "extractor_args": {"youtubetab": {"approximate_date": [""]}},
        "skip_download": True,
        "quiet": True,
        "color": "no_color",  # keeps terminal escapes out of error messages
        "cachedir": False,
        "logger": messages if messages is not None else _YtDlpLogger(),
    }


# yt-dlp's warnings that mean the listing stopped early or lost items: a next page that
# stays incomplete ("Incomplete data received. Giving up after 3 retries") ends the listing
# where it is; an item of an unknown layout ("Unsupported lockup view model") is left out.
_TRUNCATION_SIGNS = re.compile(r"Incomplete data received(?!.*Retrying \()|Unsupported lockup")


class _YtDlpLogger:
    """yt-dlp's `logger` option: its messages go to Python logging, never to a terminal, and
    its signs of a cut-short listing are kept in `problems`."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def debug(self, message: str) -> None:
        # yt-dlp sends progress lines and "[debug]" lines alike to debug().
        logger.debug("yt-dlp: %s", message)

    def info(self, message: str) -> None:
        logger.info("yt-dlp: %s", message)

    def warning(self, message: str) -> None:
        if _TRUNCATION_SIGNS.search(message):
            problem = f"listing cut short: {_cause(message)}"
            if problem not in self.problems:
                self.problems.append(problem)
            logger.warning("yt-dlp: %s", message)
            return
        # A retry that then succeeds is noise; one that fails for good is reported once.
        retrying = "Retrying (" in message
        logger.log(logging.DEBUG if retrying else logging.WARNING, "yt-dlp: %s", message)

    def error(self, message: str) -> None:
        # The same failure is raised next as DownloadError, and reported once by our caller.
        logger.debug("yt-dlp: %s", message)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# "ERROR: [youtube:tab] @mubi: " before the cause, and yt-dlp's notes after it.
_ERROR_PREFIX = re.compile(r"^(?:(?:ERROR|WARNING):\s*)?(?:\[[\w:.-]+\]\s*(?:[^\s:]+:\s+)?)?")
_ERROR_NOTES = re.compile(r"\s*(?:\(caused by .*|;\s*please report this issue.*)$", re.DOTALL)
_MAX_CAUSE_LENGTH = 200
_RATE_LIMITED = re.compile(r"\bHTTP Error 429\b")


def _cause(error: BaseException | str) -> str:
    text = _ANSI.sub("", str(error)).strip().splitlines()
    cause = _ERROR_NOTES.sub("", _ERROR_PREFIX.sub("", text[0] if text else "")).strip()
    fallback = type(error).__name__ if isinstance(error, BaseException) else ""
    return cause[:_MAX_CAUSE_LENGTH] or fallback


def _is_rate_limited(exc: BaseException) -> bool:
    """YouTube answered 429, seen in the error or what it wraps (yt-dlp nests them)."""
    seen: set[int] = set()
    pending: list[object] = [exc]
    while pending:
        error = pending.pop()
        if not isinstance(error, BaseException) or id(error) in seen:
            continue
        seen.add(id(error))
        if getattr(error, "status", None) == 429 or _RATE_LIMITED.search(str(error)):
            return True
        wrapped = getattr(error, "exc_info", None)
        pending += [
            error.__cause__,
            error.__context__,
            getattr(error, "cause", None),
            wrapped[1] if isinstance(wrapped, tuple) and len(wrapped) > 1 else None,
        ]
    return False


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
# Entries that are not a public, playable video, by yt-dlp's `availability`; the reason they
# are counted under. yt-dlp gives None when it cannot tell (lockup items: public or unlisted).
_NOT_PUBLIC = {
    "private": "unavailable",
    "subscriber_only": "members_only",
    "premium_only": "premium_only",
    "needs_auth": "needs_sign_in",
    "unlisted": "unlisted",
}
# By yt-dlp's `live_status`: a premiere or stream that cannot be played as a trailer yet.
# "was_live" (a finished stream's recording) and "not_live" play like any video.
_NOT_PLAYABLE = {"is_upcoming": "upcoming", "is_live": "live", "post_live": "live"}


def parse_listing(
    url: str, info: Mapping, *, limit: int = DEFAULT_LIMIT, problems: Sequence[str] = ()
) -> ChannelListing:
    """A flat yt-dlp listing (as `extract_info` returns it) as typed entries, malformed
    ones skipped and counted. Also what tests and benchmarks use on recorded listings.

    `problems` are yt-dlp's signs that the listing was cut short; an empty listing, or one of
    a channel's tabs instead of its videos, adds its own."""
    skipped: Counter[str] = Counter()
    found = list(problems)
    raw_entries = info.get("entries")
    if raw_entries is None:
        raw_entries = []
    elif isinstance(raw_entries, str | bytes | Mapping) or not isinstance(raw_entries, Iterable):
        logger.warning("YouTube channel %s: entries is a %s", url, type(raw_entries).__name__)
        skipped["malformed_listing"] += 1
        raw_entries = []

    entries: list[VideoEntry] = []
    seen: set[str] = set()
    listed = 0
    # Respect the limit even when yt-dlp (or a stand-in) returns more.
    for position, raw in enumerate(islice(raw_entries, limit)):
        listed += 1
        entry, reason = _entry(raw, position)
        if entry is not None and entry.video_id in seen:
            entry, reason = None, "duplicate"
        if entry is None:
            skipped[reason] += 1
            continue
        seen.add(entry.video_id)
        entries.append(entry)
    if not listed and EMPTY not in found:
        found.append(EMPTY)
    if skipped["channel_tab"] and TABS_INSTEAD_OF_VIDEOS not in found:
        found.append(TABS_INSTEAD_OF_VIDEOS)
    if skipped:
        logger.info("YouTube channel %s: skipped %s", url, dict(skipped))
    return ChannelListing(
        channel_url=url,
        channel_title=_text(info.get("channel")) or _text(info.get("title")),
        entries=tuple(entries),
        skipped=dict(skipped),
        problems=tuple(found),
    )


def _entry(raw: object, position: int) -> tuple[VideoEntry | None, str]:
    if not isinstance(raw, Mapping):
        return None, "not_a_dict"
    if raw.get("_type") == "playlist" or raw.get("ie_key") == "YoutubeTab":
        # What a channel address without a tab gives: one playlist per tab.
        return None, "channel_tab"
    video_id = raw.get("id")
    if video_id is None:
        return None, "missing_id"
    if not is_video_id(video_id):
        return None, "invalid_id"
    title = _text(raw.get("title"))
    if not title:
        return None, "missing_title"
    if UNAVAILABLE_TITLE.match(title):
        return None, "unavailable"
    availability = raw.get("availability")
    if isinstance(availability, str) and availability != "public":
        return None, _NOT_PUBLIC.get(availability, "not_public")
    live_status = raw.get("live_status")
    if isinstance(live_status, str) and live_status in _NOT_PLAYABLE:
        return None, _NOT_PLAYABLE[live_status]
    link = raw.get("url")
    if isinstance(link, str) and "/shorts/" in link:
        return None, "short"
    return VideoEntry(
        video_id=video_id,
        title=title,
        url=f"https://www.youtube.com/watch?v={video_id}",
        duration=_duration(raw.get("duration")),
        position=position,
        published_at=_published_at(raw.get("timestamp")),
    ), ""


def _text(value: object) -> str:
    return _CONTROL.sub(" ", value).strip() if isinstance(value, str) else ""


def _duration(value: object) -> int | None:
    # Also refuses NaN and infinity, which JSON-ish sources occasionally carry.
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 10**7:
        return None
    return round(value)


# YouTube opened in 2005; a timestamp far in the future is a parsing slip, not an upload.
_EARLIEST_UPLOAD = datetime(2005, 1, 1, tzinfo=UTC).timestamp()
_LATEST_UPLOAD = datetime(2200, 1, 1, tzinfo=UTC).timestamp()


def _published_at(value: object) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    if not _EARLIEST_UPLOAD <= value < _LATEST_UPLOAD:
        return None
    return datetime.fromtimestamp(value, tz=UTC)


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
