"""What names a YouTube channel or video: channel addresses normalised to the videos tab,
video ids checked.

A channel address is read only as its videos tab: the address without a tab makes yt-dlp
return one nested playlist per tab (videos, shorts, live) instead of videos.

Plain Python: no Django.
"""

import re
from urllib.parse import unquote, urlsplit

EXAMPLE = "https://www.youtube.com/@mubi/videos"
HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com"})
# A video id: 11 characters of YouTube's URL-safe base64 alphabet.
VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
CHANNEL_ID = re.compile(r"UC[A-Za-z0-9_-]{22}")
# Handles are 3 to 30 letters (of any script), digits, "_", "-", "." or "·"; legacy /c/ and
# /user/ names are similar. Refused here: separators, quotes, markup and control characters.
_NAME = r"[^\s/?#@<>\"'%\\\x00-\x1f\x7f]"
HANDLE = re.compile(rf"@{_NAME}{{3,30}}")
LEGACY_NAME = re.compile(rf"{_NAME}{{1,100}}")
# The pages a channel address may end in; all are read as the videos tab.
TABS = frozenset(
    {
        "videos",
        "shorts",
        "streams",
        "live",
        "featured",
        "playlists",
        "community",
        "posts",
        "about",
        "releases",
        "podcasts",
        "store",
        "courses",
        "channels",
        "search",
        "membership",
    }
)
# First path segments of YouTube pages that are not channels.
_VIDEO_PAGES = frozenset({"watch", "shorts", "embed", "live", "v", "e"})
_PLAYLIST_PAGES = frozenset({"playlist"})


class ChannelURLError(ValueError):
    """Not a YouTube channel address; the message says what it is and what to enter."""


def is_video_id(value: object) -> bool:
    return isinstance(value, str) and VIDEO_ID.fullmatch(value) is not None


def channel_videos_url(url: str) -> str:
    """The videos tab of the channel at `url`, as https://www.youtube.com/<channel>/videos.

    Accepts `@handle`, `/channel/UC…`, `/c/…` and `/user/…` addresses, with or without a
    tab, trailing slash, query string or fragment, over http or https (or no scheme), on
    youtube.com, www.youtube.com or m.youtube.com. Raises ChannelURLError for anything else.
    """
    text = url.strip() if isinstance(url, str) else ""
    if not text:
        raise ChannelURLError(f"Enter the channel's YouTube address, e.g. {EXAMPLE}.")
    if "://" not in text:
        text = f"https://{text}"
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".")
        explicit_port = parts.port is not None
    except ValueError as exc:  # a malformed port or IPv6 literal
        raise ChannelURLError(f"This is not a web address: {exc}.") from exc
    if parts.scheme.lower() not in {"http", "https"}:
        raise ChannelURLError("Only http and https addresses can be YouTube channels.")
    if host == "youtu.be":
        raise ChannelURLError(_not_a_channel("a video"))
    if host not in HOSTS or parts.username or parts.password or explicit_port:
        raise ChannelURLError(
            f"{host or 'This address'} is not YouTube: enter a YouTube channel's address, "
            f"e.g. {EXAMPLE}."
        )
    return "https://www.youtube.com/" + "/".join((*_channel_path(parts.path), "videos"))


def _channel_path(path: str) -> tuple[str, ...]:
    """The segments naming the channel ("@mubi", or "channel", "UC…"), tab dropped."""
    segments = [unquote(s) for s in path.split("/") if s]
    if not segments:
        raise ChannelURLError(_not_a_channel("YouTube's home page"))
    first = segments[0]
    if first.lower() in _VIDEO_PAGES:
        raise ChannelURLError(_not_a_channel("a video"))
    if first.lower() in _PLAYLIST_PAGES:
        raise ChannelURLError(_not_a_channel("a playlist"))
    if first.startswith("@"):
        if not HANDLE.fullmatch(first):
            raise ChannelURLError(f"{first!r} is not a YouTube handle.")
        channel, rest = (first,), segments[1:]
    elif first in {"channel", "c", "user"} and len(segments) >= 2:
        name = segments[1]
        if first == "channel" and not CHANNEL_ID.fullmatch(name):
            raise ChannelURLError(
                f"{name!r} is not a channel id: those start with UC and have 24 characters."
            )
        if not LEGACY_NAME.fullmatch(name):
            raise ChannelURLError(f"{name!r} is not a YouTube channel name.")
        channel, rest = (first, name), segments[2:]
    else:
        raise ChannelURLError(
            "This YouTube address is not a channel: use one like "
            "https://www.youtube.com/@name, /channel/UC…, /c/name or /user/name."
        )
    if len(rest) > 1 or (rest and rest[0].lower() not in TABS):
        raise ChannelURLError(f"{'/'.join(rest)!r} is not a page of a YouTube channel.")
    return channel


def _not_a_channel(what: str) -> str:
    return f"This is the address of {what}, not of a channel: use one like {EXAMPLE}."
