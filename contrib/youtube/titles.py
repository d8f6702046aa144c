"""Read a film's title and year out of a YouTube trailer's title.

Channels write trailer titles in a handful of shapes:

    The Substance Trailer #1 (2024)                                  Rotten Tomatoes
    Inception (2010) Official Trailer #1 - Christopher Nolan Movie HD  Movieclips
    THE SUBSTANCE | Official Trailer | MUBI                          MUBI
    Civil War | Official Trailer 2 HD | A24                          A24
    LONGLEGS | Official Trailer | In Theaters July 12                NEON

In every shape the film's title comes first and the trailer words ("Official Red Band
Trailer #2", "Teaser") follow, then whatever the channel appends. So the parser finds the
trailer words, keeps what is before them, and reads the release year from a parenthesised
year next to them. Anything that is not a film's trailer (clips, featurettes, TV spots,
series, interviews, compilations...) is rejected with a short reason: a skipped video costs
nothing, a wrong film costs a curator's time.

The year rule: only a four-digit year in parentheses or brackets counts, either at the end
of the title ("Inception (2010) Official Trailer") or after the trailer words ("Logan Trailer
#2 (2017)", "Official Trailer (2024 Movie)", "- Tony Leung Movie (2004) HD"). A bare number
belongs to the title ("Blade Runner 2049", "1917"), and a release date ("In Theaters
10.11.2019") is not a release year: festival and local dates differ too often.

Pure functions; no Django, no I/O.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from contrib.text import clean, fold


class Kind(StrEnum):
    TRAILER = "trailer"
    TEASER = "teaser"
    OTHER = "other"


@dataclass(frozen=True)
class ParsedTitle:
    raw: str
    title: str  # the film's title as written; "" unless a film
    display_title: str  # the title, title-cased when written in capitals
    year: int | None  # the release year the title gives, if any
    kind: Kind
    reason: str = ""  # why it is OTHER: "clip", "tv_series", "unavailable", ...

    @property
    def is_film(self) -> bool:
        return self.kind is not Kind.OTHER


@dataclass(frozen=True)
class TitlePreset:
    """What differs between channel styles: the names a channel writes around its titles."""

    label: str
    channel_names: tuple[str, ...] = ()


_PRESETS_BY_STYLE = {
    "rotten_tomatoes": TitlePreset(
        "Rotten Tomatoes (Title Trailer #1 (YEAR))",
        ("Rotten Tomatoes", "Rotten Tomatoes Indie", "Rotten Tomatoes Trailers"),
    ),
    "movieclips": TitlePreset(
        "Movieclips (Title Trailer #1 (YEAR) | Movieclips Trailers)",
        (
            "Movieclips",
            "Movieclips Trailers",
            "Movieclips Indie",
            "Movieclips Coming Soon",
            "Movieclips Classic Trailers",
        ),
    ),
    "mubi": TitlePreset("MUBI (TITLE | Official Trailer | MUBI)", ("MUBI", "MUBI UK", "MUBI US")),
    "a24": TitlePreset("A24 (Title | Official Trailer HD | A24)", ("A24",)),
    "neon": TitlePreset("NEON (TITLE | Official Trailer | In Theaters ...)", ("NEON",)),
    "ifc_films": TitlePreset(
        "IFC Films (Title | Official Trailer HD | IFC Films)", ("IFC Films", "IFC Midnight")
    ),
    "netflix": TitlePreset("Netflix (Title | Official Trailer | Netflix)", ("Netflix",)),
    "studio": TitlePreset(
        "Studio channels (Title - Official Trailer (HD))",
        (
            "Sony Pictures",
            "Sony Pictures Classics",
            "Universal Pictures",
            "Warner Bros.",
            "Warner Bros. Pictures",
            "Focus Features",
            "Searchlight Pictures",
            "Lionsgate",
            "Paramount Pictures",
            "Marvel Studios",
            "Amazon MGM Studios",
            "Prime Video",
            "Apple TV+",
            "Magnolia Pictures",
            "Kino Lorber",
            "Janus Films",
            "The Criterion Collection",
        ),
    ),
    "kinocheck": TitlePreset(
        "Trailer aggregators (TITLE Trailer (YEAR) Cast)", ("KinoCheck", "KinoCheck.com")
    ),
}

PRESETS: dict[str, TitlePreset] = {
    "auto": TitlePreset(
        "Any channel",
        tuple(name for preset in _PRESETS_BY_STYLE.values() for name in preset.channel_names),
    ),
    **_PRESETS_BY_STYLE,
}

_FOLDED_CHANNEL_NAMES = {
    name: frozenset(fold(channel) for channel in preset.channel_names)
    for name, preset in PRESETS.items()
}

# YouTube caps titles at 100 characters; a longer "title" is not one, and would not fit
# the movie's title column either.
MAX_RAW_LENGTH = 200
MAX_FILM_TITLE_LENGTH = 120

# Words that may stand before "Trailer"/"Teaser" and describe the video, not the film.
# The risky ones also end film titles ("The International", "The American"), so they are
# given back to the title when taking them would leave it ending in an article.
_SAFE_QUALIFIERS = (
    r"official",
    r"exclusive",
    r"red[- ]band",
    r"green[- ]band",
    r"restricted",
    r"teaser",
    r"hd",
    r"4k",
    r"uhd",
    r"imax",
    r"dolby",
    r"comic[- ]con",
    r"sdcc",
    r"nycc",
    r"cinemacon",
    r"d23",
    r"subtitled",
    r"restoration",
    r"re-?release",
    r"anniversary",
    r"\d{1,3}(?:st|nd|rd|th)",
    r"theatrical",
    r"domestic",
    r"announcement",
    r"date announcement",
    r"release date",
    r"super bowl",
    r"big game",
    r"festival",
    r"sundance",
    r"cannes",
    r"tiff",
    r"nyff",
    r"berlinale",
    r"sxsw",
    r"extended",
    r"uk",
)
_RISKY_QUALIFIERS = (
    r"new",
    r"final",
    r"main",
    r"first",
    r"second",
    r"third",
    r"latest",
    r"full",
    r"special",
    r"international",
    r"int'l",
    r"american",
    r"english",
    r"french",
    r"german",
    r"spanish",
    r"italian",
    r"japanese",
    r"korean",
    r"chinese",
    r"character",
)
_QUALIFIER = "|".join(_SAFE_QUALIFIERS + _RISKY_QUALIFIERS)
_RISKY = re.compile(rf"(?:{'|'.join(_RISKY_QUALIFIERS)})", re.IGNORECASE)
_QUALIFIER_WORD = re.compile(rf"(?<!\w)(?:{_QUALIFIER})(?!\w)", re.IGNORECASE)
_ARTICLES = frozenset({"the", "a", "an"})

_MARKER = re.compile(
    rf"""
    (?<![\w'#])
    (?P<chain>(?:(?:{_QUALIFIER})\s+)*)
    (?P<core>trailer|teaser)(?![\w'])
    (?P<number>\s*(?:\#\s*\d{{1,2}}|no\.\s*\d{{1,2}}|\d{{1,2}}|one|two|three|four|ii|iii|iv)(?!\w))?
    (?P<quality>\s*(?:\((?:hd|4k)\)|\[(?:hd|4k)\]|hd|4k|uhd)(?!\w))?
    """,
    re.IGNORECASE | re.VERBOSE,
)

# How a flat listing titles a video it cannot show ("[Private video]", "[Deleted video]").
UNAVAILABLE_TITLE = re.compile(r"^\[(?:private|deleted|unavailable)(?: video)?\]$", re.IGNORECASE)

# Rejections that hold wherever they appear, film title included: no film is called
# "... Season 2" or "... TV Spot" (a film called "The Interview" is, hence the weak list).
_STRONG_REJECTIONS: tuple[tuple[str, str], ...] = (
    ("short", r"#shorts?\b|\byoutube shorts\b"),
    (
        "tv_series",
        r"\bseason\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b"
        r"|\b(?:final|new|first|second|third|next) season\b|\bseason (?:premiere|finale)\b"
        r"|\b(?:limited|tv|docu|mini|original|anime|netflix|hbo|drama|comedy|documentary"
        r"|reality)[ -]?series\b|\bseries (?:trailer|premiere|finale)\b|\bs\d{1,2}(?:e\d{1,2})?\b",
    ),
    ("featurette", r"\bfeaturettes?\b|\bvignettes?\b|\bsizzle reel\b"),
    ("tv_spot", r"\btv[ -]?spots?\b|\b(?:super bowl|big game) spots?\b|\bpromo\b"),
    ("behind_the_scenes", r"\bbehind[ -]the[ -]scenes\b|\bb-roll\b|\bbts\b"),
    (
        "interview",
        r"\bq\s*&\s*a\b|\bpress conference\b|\bred carpet\b|\bin conversation\b"
        r"|\bmasterclass\b|\bcast interviews?\b",
    ),
    (
        "review",
        r"\btrailers?\s+(?:reactions?|breakdown|review|recap|explained|analysis|rundown"
        r"|easter eggs|commentary|comparison)\b|\bending explained\b|\breact(?:s|ing|ion)?\s+to\b"
        r"|\bhonest trailers?\b",
    ),
    ("podcast", r"\bpodcast\b"),
    (
        "compilation",
        r"\btop\s+\d+\b|\bbest (?:\w+ ){0,3}(?:movies|films|trailers)\b|\bbest of (?:\d{4}|the)\b"
        r"|\b(?:\d{4}|year) in review\b|\btrailers? of the (?:week|month|year)\b"
        r"|\b(?:new|upcoming|latest|all|every)(?: movie| film)? trailers\b|\bsupercut\b"
        r"|\bcompilation\b|\bmost anticipated\b|\bcoming soon (?:to|on)\b"
        r"|\bnew on (?:mubi|netflix|max|prime video)\b",
    ),
    (
        "clip",
        r"\bclips?\b|\bsneak peek\b|\bextended preview\b|\bopening (?:scene|sequence)\b"
        r"|\bfirst \d+ minutes\b|\bdeleted scenes?\b|\bbloopers?\b|\bgag reel\b",
    ),
    (
        "soundtrack",
        r"\b(?:official|original|motion picture) soundtrack\b|\bmusic video\b|\blyric video\b"
        r"|\bofficial audio\b|\btrailer (?:music|song)\b",
    ),
    ("video_game", r"\bgameplay\b|\b(?:launch|reveal|accolades) trailer\b"),
    ("not_a_trailer", r"\b(?:fan[ -]?made|concept|fake|parody|spoof)\b.*\btrailer\b"),
)
# Rejections that only hold outside the film's title ("The Interview Official Trailer").
_WEAK_REJECTIONS: tuple[tuple[str, str], ...] = (
    ("interview", r"\binterviews?\b|\bpanel\b|\bin conversation\b"),
    ("review", r"\breviews?\b|\breactions?\b|\brecap\b|\bexplained\b|\bbreakdown\b"),
    ("behind_the_scenes", r"\bmaking[ -]of\b|\bon set\b"),
    ("clip", r"\bscenes?\b"),
    ("tv_spot", r"\bspots?\b"),
    ("tv_series", r"\bseries\b|\bepisodes?\b"),
    ("soundtrack", r"\bsoundtrack\b|\bost\b|\bscore\b"),
)


def _compile(rules: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((reason, re.compile(pattern, re.IGNORECASE)) for reason, pattern in rules)


_STRONG = _compile(_STRONG_REJECTIONS)
_WEAK = _compile(_WEAK_REJECTIONS)

# "Trailer, Dune 3 Casting & More": the trailer is one item of a news round-up.
_LIST_AFTER_MARKER = re.compile(r"^\s*(?:,|&|\+|and\b)", re.IGNORECASE)
_TITLE_YEAR = re.compile(r"[(\[]\s*(\d{4})\s*(?:movie|film)?\s*[)\]]\s*$", re.IGNORECASE)
_DESCRIPTOR_YEAR = re.compile(r"[(\[]\s*(\d{4})\s*(?:movie|film)?\s*[)\]]", re.IGNORECASE)
_TRAILING_JUNK = re.compile(
    r"(?:[\s|:/,(\[•·-]|\b(?:hd|4k)\b|[(\[](?:hd|4k)[)\]])+$", re.IGNORECASE
)
_LEADING_JUNK = re.compile(r"^[\s|:/,)\]•·-]+")
_SEGMENT_SEPARATOR = re.compile(r"\s*\|\s*|\s+(?://|•|·)\s+")
_LEADING_LABEL = re.compile(
    r"^(?:exclusive|new|watch|first look|world premiere|just released|breaking"
    r"|(?:sundance|cannes|tiff|venice|berlinale|sxsw)(?: film festival)?(?: \d{4})?)\s*[:|-]\s+",
    re.IGNORECASE,
)
_WRAPPING_QUOTES = re.compile(r"""^(["'])(.+)\1$""")
_HAS_WORD = re.compile(r"\w")
_MIN_YEAR, _MAX_YEAR = 1888, 2100


def parse_title(raw: str | None, *, preset: str = "auto") -> ParsedTitle:
    """Parse a YouTube video title; never raises for any input but an unknown preset."""
    try:
        channel_names = _FOLDED_CHANNEL_NAMES[preset]
    except KeyError:
        raise ValueError(
            f"Unknown title preset {preset!r}; choose one of {sorted(PRESETS)}"
        ) from None
    if not isinstance(raw, str):
        return _other("", "empty")
    text = clean(raw)
    if not _HAS_WORD.search(text):
        return _other(raw, "empty")
    if UNAVAILABLE_TITLE.match(text):
        return _other(raw, "unavailable")
    if len(text) > MAX_RAW_LENGTH:
        return _other(raw, "not_a_trailer")
    if reason := _first_match(_STRONG, text):
        return _other(raw, reason)

    for marker in _MARKER.finditer(text):
        candidate = _title_before(text[: marker.start()], marker.group("chain"), channel_names)
        if not set(fold(candidate.title).split()) - _ARTICLES:
            continue  # "The Trailer (2019) Official Trailer": "The" is no title
        after = text[marker.end() :]
        if _LIST_AFTER_MARKER.match(after):
            return _other(raw, "compilation")
        if reason := _first_match(_WEAK, f"{candidate.dropped} {after}"):
            return _other(raw, reason)
        title = candidate.title
        if len(title) > MAX_FILM_TITLE_LENGTH or fold(title) in channel_names:
            return _other(raw, "not_a_trailer")
        return ParsedTitle(
            raw=raw,
            title=title,
            display_title=display_case(title),
            year=candidate.year or _year_in(_DESCRIPTOR_YEAR.search(after)),
            kind=Kind.TEASER if "teaser" in marker.group(0).lower() else Kind.TRAILER,
        )
    return _other(raw, _first_match(_WEAK, text) or "not_a_trailer")


@dataclass(frozen=True)
class _Candidate:
    title: str
    year: int | None
    dropped: str  # other segments of the text before the trailer words ("Emma Stone")


def _title_before(before: str, chain: str, channel_names: frozenset[str]) -> _Candidate:
    # Channels write "[Official] [Final|International|New] Trailer", so a risky word before
    # "Official", or one that would leave the title ending in "The", is the film's.
    words = [word.group(0) for word in _QUALIFIER_WORD.finditer(chain)]
    for i, word in enumerate(words):
        ends_in_article = bool(before.split()) and before.split()[-1].lower() in _ARTICLES
        official_follows = any(later.lower() == "official" for later in words[i + 1 :])
        if not (_RISKY.fullmatch(word) and (ends_in_article or official_follows)):
            break
        before += word + " "

    text = _TRAILING_JUNK.sub("", before)
    year = None
    if match := _TITLE_YEAR.search(text):
        year = _year_in(match)
        text = _TRAILING_JUNK.sub("", text[: match.start()])
    # "Kinds of Kindness | Emma Stone | Official Trailer": the film comes first.
    segments = [s for s in _SEGMENT_SEPARATOR.split(text) if fold(s) not in channel_names]
    text = segments[0] if segments else ""
    text = _LEADING_JUNK.sub("", _LEADING_LABEL.sub("", text))
    if quoted := _WRAPPING_QUOTES.match(text):
        text = quoted.group(2)
    return _Candidate(text.strip(), year, " ".join(segments[1:]))


def _year_in(match: re.Match[str] | None) -> int | None:
    if match is None:
        return None
    year = int(match.group(1))
    return year if _MIN_YEAR <= year <= _MAX_YEAR else None


def _first_match(rules: tuple[tuple[str, re.Pattern[str]], ...], text: str) -> str:
    return next((reason for reason, pattern in rules if pattern.search(text)), "")


def _other(raw: str, reason: str) -> ParsedTitle:
    return ParsedTitle(
        raw=raw, title="", display_title="", year=None, kind=Kind.OTHER, reason=reason
    )


# --- display case ---------------------------------------------------------------------

_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on"}
    | {"onto", "or", "per", "the", "to", "via", "vs", "vs.", "with"}
)
_ACRONYMS = frozenset(
    {"ai", "bmx", "cia", "dj", "dna", "fbi", "jfk", "mlk", "nasa", "nyc", "ok", "tv", "uk"}
    | {"ufo", "usa", "vhs"}
)
_ROMAN_NUMERAL = re.compile(r"^(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})$", re.IGNORECASE)
_ELISION = re.compile(r"^([dlo]')(\w)", re.IGNORECASE)
_TOKEN = re.compile(r"(\s+)")


def display_case(title: str) -> str:
    """Title-case an ALL-CAPS title ("THE WORST PERSON IN THE WORLD"); leave others alone."""
    if not any(c.isalpha() for c in title) or title != title.upper():
        return title
    tokens = _TOKEN.split(title)
    words = [i for i, token in enumerate(tokens) if token and not token.isspace()]
    starts_phrase = True
    for position, i in enumerate(words):
        last = position == len(words) - 1
        tokens[i] = "-".join(
            _case_word(part, first=starts_phrase or n > 0, last=last)
            for n, part in enumerate(tokens[i].split("-"))
        )
        # A subtitle after ":" or a dash starts with a capital again.
        starts_phrase = tokens[i].endswith(":") or tokens[i] == "-"
    return "".join(tokens)


def _case_word(word: str, *, first: bool, last: bool) -> str:
    core = word.strip(".,:;!?\"'()[]").lower()
    if any(c.isdigit() for c in word) or not core:
        return word
    if core in _ACRONYMS or _ROMAN_NUMERAL.match(core):
        return word.upper()
    lower = word.lower()
    if core in _SMALL_WORDS and not (first or last):
        return lower
    if elision := _ELISION.match(lower):
        return elision.group(1).capitalize() + elision.group(2).upper() + lower[elision.end() :]
    for i, c in enumerate(lower):
        if c.isalpha():
            return lower[:i] + c.upper() + lower[i + 1 :]
    return lower
