"""Read a film's title and year out of a YouTube trailer's title.

Channels write trailer titles in a handful of shapes:

    The Substance Trailer #1 (2024)                                  Rotten Tomatoes
    Inception (2010) Official Trailer #1 - Christopher Nolan Movie HD  Movieclips
    THE SUBSTANCE | Official Trailer | MUBI                          MUBI
    Marvel Studios' Thunderbolts* | Big Game Trailer                 studios
    The King - Timothée Chalamet, Robert Pattinson | Final Trailer   Netflix
    Official Trailer | Death on the Nile | 20th Century Studios      kind first
    Django Unchained - Trailer italiano in HD                        other languages

Usually the film's title comes first and the trailer words ("Official Red Band Trailer #2",
"Official 'Texas' Trailer", "Tráiler", "예고편") follow, then whatever the channel appends. So
the parser finds the trailer words, keeps what is before them (or, when nothing is, the first
segment after them), and reads the release year from a parenthesised year next to them.
Around the title it drops what is not the film's: channel names, actor lists, release dates,
studio possessives ("Marvel's"), presenters' and directors' credits ("A24 presents:", "A Film
by ..."), "- The Movie", "3D", "aka" names; the forms it drops that a search could still
need are kept as `alternatives`, best first. Anything that is not a film's
trailer (clips, featurettes, TV spots, series, interviews, parodies...) is rejected with a
short reason: a skipped video costs nothing, a wrong film costs a curator's time.

The year rule: only a four-digit year in parentheses or brackets counts, either at the end
of the title ("Inception (2010) Official Trailer") or after the trailer words ("Logan Trailer
#2 (2017)", "Official Trailer (2024 Movie)", "- Tony Leung Movie (2004) HD"). A bare number
belongs to the title ("Blade Runner 2049", "1917"), and a release date ("In Theaters
10.11.2019") is not a release year: festival and local dates differ too often. A re-release's
trailer (anniversary, restoration, IMAX, 4K, Blu-ray, edition) gives the re-release's year, so
it gives none, and says it is a re-release.

Pure functions; no Django, no I/O. Every pattern is compiled once, at import.
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
    # Other readings of the title for a search to try when `title` finds nothing, best first:
    # the full form of what the parser dropped ("Marvel's The Avengers"), an "aka" name.
    alternatives: tuple[str, ...] = ()
    # A re-release's trailer ("25th Anniversary", "4K Restoration"): `year` is None, as the
    # year such a title gives is the re-release's, and the film is older than the video.
    rerelease: bool = False

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

# --- trailer words ----------------------------------------------------------------------

_FESTIVALS = r"(?:sundance|cannes|tiff|venice|nyff|berlinale|sxsw|tribeca|fantastic fest)"
# Words that may stand before "Trailer"/"Teaser" and describe the video, not the film.
# The risky ones also end film titles ("The International", "Something New", "Bee Movie",
# "Us"), so they are given back to the title when taking them would leave it ending in an
# article, when "Official" follows them, after a colon ("Men in Black: International"), and
# in the cases `_ONLY_AFTER_ANOTHER` and `_ONLY_AFTER_A_TITLE` describe.
# Trailer words that may also end a title ("The Original", "A Canadian", "Tamil"): listed once,
# for the qualifiers and for _MAY_END_A_TITLE below.
_DUBBED_IN = (
    "tamil", "telugu", "malayalam", "kannada", "bengali", "marathi", "punjabi", "mandarin",
    "cantonese",
)  # fmt: skip
_ALSO_TITLE_WORDS = (
    "original", "vintage", "payoff", "australian", "canadian", "british", "irish", "brazilian",
    "mexican", "indian", "portuguese", "dutch", "polish", "turkish",
)  # fmt: skip
_SAFE_QUALIFIERS = (
    r"official",
    r"unofficial",
    r"\(official\)",
    r"exclusive",
    r"red[- ]band",
    r"green[- ]band",
    r"restricted",
    r"teaser",
    r"hd",
    r"hdr",
    r"[248]k",
    r"\d{3,4}p",
    r"uhd",
    r"ultra hd",
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
    rf"{_FESTIVALS}(?: film festival)?(?: \d{{4}})?",
    r"extended",
    r"uk",
    r"dvd",
    r"blu-?ray",
    r"vod",
    r"home (?:video|entertainment)",
    r"sneak peek",
    r"(?:special|first) look",
    r"\d{1,2}[ -]?min(?:ute)?s?",
    r"\d{2,3}[ -]?sec(?:ond)?s?",
    r"offiziell(?:e|er)?",
    r"deutsch(?:er)?",
    r"finaler",
    r"vf",
    r"vostf?r?",
    r"русский|официальный|дублированный|финальный|новый",
    r"türkçe|altyazılı|dublajlı|resmi",
    # Korean (main, teaser, official, final, launch, character, Nth), Chinese and Japanese
    # (official, final, teaser, release date) qualifiers.
    r"메인|티저|공식|최종|파이널|런칭|캐릭터|\d차|官方|正式|终极|先导|定档|公式",
    # "New", "first", "second", "last", "official" in French, Italian, Spanish, Portuguese,
    # German, Polish, Dutch, Swedish and Turkish: "Nouvelle bande-annonce", "Zweiter Trailer".
    r"nouvel(?:le)?|nouveau|derni[eè]re?|premi[eè]re?|deuxi[eè]me|officiel(?:le)?",
    r"nuov[oa]|primo|secondo|terzo|ufficiale|segundo|tercer|[uú]ltimo|oficial|novo|primeiro",
    r"zweiter|dritter|letzter|oficjalny|nowy|drugi|pierwszy|offici[eë]le|nieuwe|eerste|tweede",
    r"officiell[a]?|yeni",
    # Languages a trailer is dubbed in, and where it is shown: "Tamil Trailer", "4DX Trailer".
    *_DUBBED_IN,
    r"dubbed",
    r"pan[- ]india|4dx|screen ?x|dolby (?:cinema|vision|atmos)",
    # What kind of cut: "Redband Trailer", "Unrated Trailer", "NSFW Trailer".
    r"redband|unrated|uncensored|nsfw|re-?issue",
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
    r"hindi",
    r"russian",
    r"character",
    r"us",
    r"release",
    r"digital",
    r"ultimate(?: [^\W\d_][\w'-]*)?",  # "Ultimate Trailer", "Ultimate Hunter Trailer"
    r"neuer",
    r"erster",
    r"nuevo",
    r"primer",
    r"movie",
    r"film",
    r"story",
    r"short",
    r"long",
    *_ALSO_TITLE_WORDS,
)
_QUALIFIER = "|".join(_SAFE_QUALIFIERS + _RISKY_QUALIFIERS)
_RISKY = re.compile(rf"(?:{'|'.join(_RISKY_QUALIFIERS)})", re.IGNORECASE)
# "Movie Trailer" describes the video only after another such word or a separator
# ("Bee Movie Trailer", "Toy Story Trailer", "The Big Short Trailer"), and these are the
# film's when nothing precedes them ("Us Trailer").
_ONLY_AFTER_ANOTHER = re.compile(r"movie|film|story|short|long", re.IGNORECASE)
# Words taken as the trailer's that may also end a title ("The Original", "A Canadian"): the
# title with them is kept as an alternative when no separator stands before them.
_MAY_END_A_TITLE = re.compile("|".join(_ALSO_TITLE_WORDS + _DUBBED_IN), re.IGNORECASE)
_ONLY_AFTER_A_TITLE = re.compile(r"us|release|digital|primer|ultimate(?: .+)?", re.IGNORECASE)
# A named trailer: "Official 'Conquer' Trailer", "Sneak Peek "Chapters" Trailer".
_QUOTED = r"\"[^\"|]{1,40}\"|'[^'|]{1,40}'"
# An outlet's exclusive, after a separator: "- Fandango Exclusive Trailer", "| Entertainment
# Weekly Exclusive Trailer". Without one, or after a colon ("Nightfall: Rogue Exclusive
# Trailer"), the words before "Exclusive" may be the title's.
_OUTLET_EXCLUSIVE = r"(?<=[-|/•·] )(?-i:[A-Z][\w&.'-]*)(?: (?-i:[A-Z][\w&.'-]*))? exclusive"
_CHAIN_ITEM = re.compile(rf"(?:{_QUALIFIER}|{_OUTLET_EXCLUSIVE})(?![\w'])|{_QUOTED}", re.IGNORECASE)
# The longest run of such words that ends the text before the trailer word.
_CHAIN_AT_END = re.compile(
    rf"(?<![\w'#])(?:(?:(?:{_QUALIFIER}|{_OUTLET_EXCLUSIVE})(?![\w'])|{_QUOTED})\s+)+$",
    re.IGNORECASE,
)
_CHAIN_REACH = 100  # no run of trailer words is longer; bounds the search
# Most titles end in no trailer word: one cheap look at the last word spares the search.
_ENDS_IN_CHAIN_ITEM = re.compile(rf"(?:{_QUALIFIER}|{_QUOTED})\s+$", re.IGNORECASE)
_ITEM_REACH = 45  # the longest single item: a quoted name of 40 characters
# "Title Official <up to four words> Trailer": what follows "Official" describes the video.
_OFFICIAL = re.compile(r"(?<![\w'#])(?:official|offiziell(?:e|er)?)(?![\w'])", re.IGNORECASE)
_OFFICIAL_SPAN = re.compile(r"^(?:\s+(?!-(?:\s|$))[^\s|:/]+){0,4}\s*$")
_ARTICLES = frozenset({"the", "a", "an"})
_NOT_ONLY_ARTICLES = re.compile(r"(?<!\w)(?!(?:the|a|an)(?!\w))\w", re.IGNORECASE)
_ENDS_IN_SEPARATOR = re.compile(r"[-|:/(\[)\]•·]\s*$")
# "Men in Black: International Trailer": a risky word after a colon is the title's subtitle.
_ENDS_IN_COLON = re.compile(r"\w:\s+$")

_CORE = re.compile(
    r"""
    (?:(?<![\w'\#])(?P<word>trailer|teaser|tr[aá]iler|bande[- ]annonce|zwiastun|fragman[ıi]?
        |трейлер|тизер|예고편)(?![\w'])
      |(?P<cjk>本?予告編?|特報|预告片?|預告片?))
    (?P<number>\s*(?:\#\s*\d{1,2}|no\.\s*\d{1,2}|\d{1,2}|one|two|three|four|ii|iii|iv)(?!\w))?
    (?P<quality>\s*(?:\((?:hd|4k)\)|\[(?:hd|4k)\]|hd|4k|uhd)(?!\w))?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_TEASER = re.compile(r"teaser|тизер|티저|特報", re.IGNORECASE)

# "Trailer #2 Sneak Peek" is a trailer: the words after it describe the trailer.
_TRAILER_SNEAK_PEEK = re.compile(
    r"\b(trailer|teaser)((?:\s*(?:#\s*)?\d{1,2})?)\s+sneak peek\b", re.IGNORECASE
)

# --- rejections ---------------------------------------------------------------------------

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
        r"|reality)[ -]?series\b|\bseries (?:trailer|premiere|finale)\b|\bs\d{1,2}(?:e\d{1,2})?\b"
        # "Title - Episode 4 Teaser", Turkish "33. Bölüm", "Capítulo 12", "Folge 3".
        r"|(?:\s-\s|\|\s*)episode\s+\d+\b|\b\d+\.\s*bölüm\b"
        r"|\b(?:capítulo|capitulo|folge|épisode|episodio)\s+\d+\b"
        # A season elsewhere: "Staffel 2", "Saison 1", "Temporada final", "2ª Temporada",
        # "Stagione 3", "Sezon 2", "2. Sezon", "Сезон 2", "시즌 2", "第二季", "第2期".
        r"|\b(?:staffel|saison|temporada|stagione|sezon|сезон)\s+(?:\d+|final)\b"
        r"|\b\d+\s*(?:ª|º|a|\.)?\s*(?:temporada|stagione|sezon|сезон)\b"
        r"|시즌\s*\d+|第[\d一二三四五六七八九十]+[季期]"
        # "Seasons 1-3", UK "Series 3" (but "Series 7: The Contenders"), "1x05" (but "10x10"),
        # "Ep. 3".
        r"|\bseasons\s+\d|\bseries\s+(?:\d{1,2}|one|two|three|four|five|six)\b(?!:)"
        r"|\b\dx\d{2}\b|\bep\.?\s*\d{1,3}\b"
        # "Title: The Series", "Title (Series)", a series channel's name.
        r"|(?::|\s-)\s*the series\b|[(\[]series[)\]]|\brotten tomatoes tv\b"
        # "Serie"/"Série": next to the trailer word, alone in a segment, or a platform's
        # ("Netflix Serie"); "Série noire" is a film's title.
        r"|\bs[eé]rie\s+(?:trailer|teaser|tr[aá]iler|bande|oficial|officielle)"
        r"|(?:^|\|)\s*s[eé]rie\s*(?:\||$)|(?:netflix|prime video|disney\+?|hbo|max|apple tv\+?"
        r"|paramount\+|hulu|peacock)\s+s[eé]rie\b",
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
        r"|\bcompilation\b|\bmost anticipated\b"
        # "Coming Soon to MUBI | December 2024" lists films; after a trailer word, "| Coming
        # Soon to Theaters" only says when this one comes out.
        r"|^(?:(?!\b(?:trailer|teaser)\b).)*\bcoming soon (?:to|on)\b"
        r"|\bnew on (?:mubi|netflix|max|prime video)\b",
    ),
    (
        "clip",
        # A bare "Sneak Peek" is a clip; "Sneak Peek 'Chapters' Trailer" is a trailer.
        rf"\bclips?\b|\bsneak peek\b(?!\s+(?:(?:{_QUOTED})\s+)?(?:trailer|teaser)\b)"
        r"|\bextended preview\b|\bopening (?:scene|sequence)\b"
        r"|\bfirst \d+ minutes\b|\bdeleted scenes?\b|\bbloopers?\b|\bgag reel\b",
    ),
    (
        "soundtrack",
        r"\b(?:official|original|motion picture) soundtrack\b|\bmusic video\b|\blyric video\b"
        r"|\bofficial audio\b|\btrailer (?:music|song)\b",
    ),
    (
        "video_game",
        r"\bgameplay\b|\b(?:launch|reveal|accolades|announce|multiplayer|expansion|dlc) trailer\b"
        # Consoles and games' showcases: "| Xbox Series X|S", "PS5 / PC", "| State of Play".
        r"|\b(?:xbox|ps[45]|playstation|nintendo (?:switch|direct)|gamescom|state of play)\b",
    ),
    (
        "not_a_trailer",
        r"\b(?:fan[ -]?made|concept|fake|parody|spoof)\b.*\btrailer\b"
        r"|\boriginal (?:parody|spoof)\b|\b(?:parody|spoof|fan[ -]?made) (?:movie|film|video)\b"
        r"|\b(?:trailer|teaser) (?:parody|spoof)\b"
        # Fans' and makers' versions, wherever the marker stands: "Official Trailer (Fan
        # Made)", "| AI Concept", "Concept Version", "(Recut)", "Trailer Mashup", "Trailer but
        # it's a Comedy", "Trailer Recreated in LEGO".
        r"|\bfan[ -]?made\b|\bfan[ -]film\b|\bai[ -](?:concept|generated|version)\b"
        r"|\bconcept (?:version|art|teaser|trailer)\b|(?:^|\|)\s*(?:ai )?concept\s*(?:\||$)"
        r"|\bre-?cut\b|\bmash-?ups?\b"
        r"|\b(?:trailer|teaser)s?\s+but\s+(?:it'?s|it is|every|with|in|as)\b"
        r"|\b(?:recreated|remade|made) (?:in|with) lego\b|\bshot[ -]for[ -]shot\b"
        # "Title 2 (2025) vs Title (1995) Trailer": a comparison of two films' trailers.
        r"|[(\[]\d{4}[)\]]\s+vs\.?\s+[^()\[\]]+[(\[]\d{4}[)\]]",
    ),
)
# Rejections that only hold outside the film's title ("The Interview Official Trailer"), and
# only where they say what the video is: heading a segment ("| Interview with the Cast",
# "Trailer Reactions", "| New Episodes Fridays") or ending a short one ("| Cast Panel", "| Prime
# Video Series"), not inside a label or a tagline ("T-Series", "Lionsgate Movies & Series",
# "Based on the Book Series", "From the Director of Scenes from a Marriage").
_WEAK_REJECTIONS: tuple[tuple[str, str], ...] = (
    # "Panel Exclusive Trailer": the trailer a panel showed.
    ("interview", r"interviews?\b|panel\b(?! exclusive)|in conversation\b"),
    ("review", r"reviews?\b|reactions?\b|recap\b|explained\b|breakdown\b"),
    ("behind_the_scenes", r"making[ -]of\b|on set\b"),
    ("clip", r"scenes?\b"),
    ("tv_spot", r"spots?\b"),
    # "- Divergent Series Movie HD" names a film series.
    ("tv_series", r"series\b(?!\s+(?:movie|film))|episodes?\b"),
    # "Score by Hans Zimmer", "Score: 98%" credit or rate the film.
    ("soundtrack", r"soundtrack\b|ost\b|score\b(?!\s*(?:by\b|:))"),
)
# Words that may come before a weak word heading its segment: "| The Official Soundtrack".
_WEAK_LEAD = r"(?:(?:the|new|all|final|first|last|next|latest|official|exclusive|full)\s+)*"
# What separates the segments a weak word must head.
_WEAK_SEGMENT = re.compile(r"\s*(?:[|,()\[\]•·]|\s-\s|//)\s*")


def _compile(rules: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((reason, re.compile(pattern, re.IGNORECASE)) for reason, pattern in rules)


_STRONG = _compile(_STRONG_REJECTIONS)
_WEAK = _compile(tuple((reason, rf"\b(?:{pattern})") for reason, pattern in _WEAK_REJECTIONS))
_WEAK_HEADING = _compile(
    tuple(
        (reason, rf"^(?:{_WEAK_LEAD}|(?:[^\s-]+\s+){{1,2}}(?=(?:{pattern})\s*$))(?:{pattern})")
        for reason, pattern in _WEAK_REJECTIONS
    )
)

# What follows the trailer word says the video announces the trailer, not that it is one:
# "Trailer Tomorrow", "Official Trailer Drops Monday", "Trailer Preview", "Trailer Teaser".
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_ANNOUNCES_THE_TRAILER = re.compile(
    r"^\s*(?:(?:drops|arrives|lands|debuts|premieres|comes|coming|out|releasing)\s+"
    rf"(?:tomorrow|tonight|(?:this|next)\s+(?:week|{_WEEKDAY})|(?:on\s+)?{_WEEKDAY}|at\s+\d)"
    rf"|(?:tomorrow|tonight|{_WEEKDAY}|preview|countdown|announcement|teaser)(?![\w'])"
    r"|(?:reveal|release) date(?![\w']))",
    re.IGNORECASE,
)
# "Teaser for the Trailer", "Sneak Peek of the Official Trailer".
_TEASES_THE_TRAILER = re.compile(
    r"(?<![\w'])(?:teaser|preview|sneak peek)\s+(?:for|of|to)\s+(?:the\s+)?(?:official\s+)?"
    r"(?:trailer|teaser)(?![\w'])",
    re.IGNORECASE,
)

# --- re-releases --------------------------------------------------------------------------

_RERELEASE_PHRASE = (
    r"\d{1,3}(?:st|nd|rd|th)[ -]anniversary(?: (?:edition|re-?release|restoration))?"
    r"|anniversary (?:edition|re-?release|restoration)"
    r"|re-?release|re-?issue|(?:newly |digitally )?(?:4k )?restor(?:ation|ed)"
    r"|(?:4k )?remaster(?:ed)?|4k (?:ultra hd|uhd)|blu-?ray|(?:in )?imax(?: 3d)?"
    r"|celebrating \d{1,3} years|fathom events|(?:the )?criterion collection"
    r"|(?:special|collector'?s|anniversary|limited|definitive|criterion|extended|ultimate"
    r"|deluxe|remastered) edition|(?:director'?s|final|extended) cut"
    r"|(?:back|returns?) (?:in|on|to) (?:the big screen|theaters|theatres|cinemas)"
)
_RERELEASE = re.compile(
    rf"(?<![\w'])(?:{_RERELEASE_PHRASE}|edition|4k(?= (?:official |re-?release )*trailer))(?!\w)",
    re.IGNORECASE,
)
# After the trailer word only, as films are called so ("28 Years Later"): "Trailer (1995) -
# 30 Years Later".
_RERELEASE_AFTER = re.compile(r"(?<![\w'])\d{1,3} years later(?!\w)", re.IGNORECASE)
_RERELEASE_SUFFIX = re.compile(
    rf"(?:\s*[-:|,(\[]?\s*(?:the\s+)?(?:{_RERELEASE_PHRASE})[)\]]?)+$", re.IGNORECASE
)

# --- around the title ---------------------------------------------------------------------

# "Trailer, Dune 3 Casting & More": the trailer is one item of a news round-up.
_LIST_AFTER_MARKER = re.compile(r"^\s*(?:,|&|\+|and\b)", re.IGNORECASE)
# ... unless what it lists comes with a film's trailer: "Final Trailer & Tickets Now On Sale",
# "Official Trailer + Poster", "Trailer & Release Date Revealed".
_WITH_THE_TRAILER = re.compile(
    r"^\s*(?:,|&|\+|and\b)\s*(?:(?:the|new|official|first|final)\s+)*"
    r"(?:tickets?|posters?|key art|release date|images|stills|pre-?sales?)(?![\w'])",
    re.IGNORECASE,
)
# A bracketed year, bare or with the words channels write around it: "(2024 Movie)", "(Movie
# 2025)", "(NEW 2025)", "(Film, 2025)", "(2025 Remake)", "(2025 Horror Movie)".
_BRACKETED_YEAR = (
    r"[(\[]\s*(?:(?:new|movie|film|official)\s*,?\s*)?(\d{4})"
    r"(?:(?:\s+[^\W\d_][\w+'-]*){0,2}?\s+(?:movie|film|remake))?\s*[)\]]"
)
_TITLE_YEAR = re.compile(rf"{_BRACKETED_YEAR}\s*$", re.IGNORECASE)
_DESCRIPTOR_YEAR = re.compile(_BRACKETED_YEAR, re.IGNORECASE)
# "Title (Sundance 2025)": where the film premiered, not its release year.
_FESTIVAL_BRACKET = re.compile(
    rf"\s*[(\[]\s*{_FESTIVALS}(?: film festival)?(?: \d{{4}})?\s*[)\]]\s*$", re.IGNORECASE
)
_TRAILING_JUNK = re.compile(
    r"(?:[\s|:/,(\[•·-]|\b(?:hd|4k)\b|[(\[](?:hd|4k)[)\]])+$", re.IGNORECASE
)
_LEADING_JUNK = re.compile(r"^[\s|:/,)\]•·-]+")
_SEGMENT_SEPARATOR = re.compile(r"\s*\|\s*|\s+(?://|•|·)\s+")
_DASH = re.compile(r"\s+-\s+")
# Kind first: "Official Trailer | Death on the Nile | 20th Century Studios".
_SEPARATOR_FIRST = re.compile(r"^\s*(?:[|:/•·]|-\s)")
# "Barry l Official Trailer [HD] l Netflix", "-- ", "Killing For Love – Official Trailer I HD".
_LOWER_L_SEPARATOR = re.compile(r"(?<=\S) l (?=\S)")
_DOUBLE_DASH = re.compile(r"\s*-{2,}\s*")
_NEXT_TO_CAPITAL_I_SEPARATOR = frozenset(
    {"official", "trailer", "teaser", "hd", "4k", "exclusive", "final", "main"}
)
_NUMBERED_BY_I = frozenset({"part", "vol", "vol.", "volume", "episode", "chapter", "book"})
_LEADING_LABEL = re.compile(
    r"^(?:exclusive|new|watch|first look|world premiere|just released|breaking|official"
    rf"|{_FESTIVALS}(?: film festival)?(?: \d{{4}})?"
    r"|'?\d0s (?:edit|cut|version|style)|(?:\d{1,3}(?:st|nd|rd|th) )?anniversary(?: edition)?"
    r"|(?:4k )?restoration|re-?release)\s*[:|-]\s+",
    re.IGNORECASE,
)
_STUDIO = (
    r"marvel(?: studios| television| animation| entertainment)?|lucasfilm|pixar"
    r"|(?:walt )?disney(?:(?:\s*[/&+-]\s*|\s+and\s+|\s+)pixar|\+"
    r"| animation(?: studios)?| pictures)?"
    r"|dreamworks(?: animation)?|illumination(?: entertainment)?|sony pictures animation"
    r"|warner bros\.?(?: pictures| animation)?|blumhouse|nickelodeon|cartoon network"
    r"|(?:studio )?ghibli|aardman|laika|legendary|netflix|amazon|hbo|universal|paramount"
    r"|20th century (?:fox|studios)|dc|dc comics|a24|neon|searchlight|lionsgate"
)
# Kind first, the segment after the trailer words may be the studio's, not the film's.
_STUDIO_NAME = re.compile(
    rf"^(?:{_STUDIO}|apple tv|prime video|hulu|peacock)"
    r"(?:\s+(?:studios|pictures|films?|entertainment|animation|originals?|uk|us|india))*\+?$",
    re.IGNORECASE,
)
# "Marvel Studios' Thunderbolts*", "Disney's Aladdin", "Marvel’s The Avengers".
_STUDIO_POSSESSIVE = re.compile(rf"^(?:{_STUDIO})(?:'s|s'|')\s+(?=\S)", re.IGNORECASE)
# A person's name: two to four capitalised words, a particle between them ("Anna van Kowal").
_PERSON = r"(?-i:[A-Z][\w.-]*)(?:\s+(?:(?-i:[a-z]{1,3})\s+)?(?-i:[A-Z][\w.-]*)){1,3}"
# "Anna Kowal's THE SILVER HOUR": a person's possessive before a title in capitals, the case
# showing where the title starts. Written in one case ("Anna Kowal's Silver Hour"), the
# possessive may be the title's, and stays.
_PERSON_POSSESSIVE = re.compile(
    rf"^(?!(?:The|An?)\s)(?=[A-Z][^\W\d_]*[a-z]){_PERSON}(?:'s|s')\s+(?=[^a-z]*[A-Z][^a-z]*$)"
)
# "Focus Features presents", "A24 presents:": a presenter's credit before the title. Some
# films are so called, hence the full form is kept as an alternative.
_PRESENTS = re.compile(
    r"^(?:(?-i:[A-Z0-9][\w&.+'-]*)\s+){0,3}(?-i:[A-Z0-9][\w&.+'-]*)\s+presents:?\s+(?=\S)",
    re.IGNORECASE,
)
# A segment or a dash-separated part crediting the director: "A Film by Anna Kowal",
# "- a film by Anna Kowal", "Directed by Anna Kowal".
_CREDIT = re.compile(
    r"^(?:(?:an?\s+)?(?:new\s+)?(?:film|movie)\s+by|(?:written\s+and\s+)?directed\s+by"
    r"|dir\.)\s+\S",
    re.IGNORECASE,
)
# "(dir. Anna Kowal)" after the title.
_CREDIT_BRACKET = re.compile(
    r"\s*[(\[]\s*(?:dir\.|directed by|(?:an?\s+)?film by)\s+[^()\[\]]+[)\]]\s*$", re.IGNORECASE
)
# "(Anna Kowal, 1962)", "(1962, dir. Anna Kowal)": the director's name and the film's year.
_CREDIT_YEAR = re.compile(
    rf"[(\[]\s*(?:(?:dir\.\s*|directed by\s+)?{_PERSON}\s*,\s*(\d{{4}})"
    rf"|(\d{{4}})\s*,\s*(?:dir\.\s*|directed by\s+)?{_PERSON})\s*[)\]]\s*$",
    re.IGNORECASE,
)
_AKA = re.compile(r"\s*[(\[]?\s*\b(?:a\.k\.a\.?|aka)\s+([^)\]]+?)\s*[)\]]?$", re.IGNORECASE)
_THE_MOVIE = re.compile(r"^(?:the )?(?:movie|film)$", re.IGNORECASE)
_TRAILING_3D = re.compile(r"\s+(?:in )?3-?d$", re.IGNORECASE)
# "영화 [파묘]", "映画『怪物』": the word "film" before the title, and a bracketed label.
_CJK_LABEL = re.compile(r"^(?:(?:영화|映画|电影)\s*|【[^】]*】\s*)+")
_WRAPPING_QUOTES = re.compile(r"""^(?:"(.+)"|'(.+)'|\[(.+)\])$""")
_CJK_QUOTES = re.compile(r"[『「《〈]([^』」》〉]+)[』」》〉]")
# "- Timothée Chalamet, Robert Pattinson", "- starring Sacha Baron Cohen".
_STARRING = re.compile(r"^(?:starring|feat\.?|ft\.|with)\s+\S", re.IGNORECASE)
_NAME_SEPARATOR = re.compile(r"\s*(?:,|&|\band\b)\s*")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|januari|februari|maret|juni|juli|agustus|oktober|desember)(?![\w'])"
)
# A segment that says when or where to watch, never the title.
_RELEASE_SEGMENT = re.compile(
    r"^(?:(?:only |now |exclusively |coming )?(?:in|at|to) (?:theaters|theatres|cinemas)\b"
    r"|now (?:playing|showing|streaming|available)\b|(?:out|in cinemas) now\b"
    r"|(?:playing|showing|streaming|available|releasing|premieres?|coming|out)"
    rf" (?:now|soon|today|tomorrow|on|in|this|next|from|\d|{_MONTH})"
    rf"|\d{{1,2}}(?:st|nd|rd|th|\.)?\s+(?:{_MONTH})\.?,?\s+\d{{4}}\b"
    rf"|(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?$"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}$)",
    re.IGNORECASE,
)
_HAS_WORD = re.compile(r"\w")
_DIGIT = re.compile(r"\d")
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
    if _TEASES_THE_TRAILER.search(text):
        return _other(raw, "announcement")
    text = _TRAILER_SNEAK_PEEK.sub(r"\1\2", text)
    if reason := _first_match(_STRONG, text):
        return _other(raw, reason)
    text = _normalise_separators(text)

    for core in _CORE.finditer(text):
        # Chinese and Japanese write no space before the trailer word: "官方预告".
        space = " " if core.group("cjk") else ""
        reading = _read_before(text[: core.start()] + space, channel_names)
        chain, after = reading.chain, text[core.end() :]
        if not reading.title and reading.empty_before and _SEPARATOR_FIRST.match(after):
            reading, after = _read_after(after, channel_names)
        if not _NOT_ONLY_ARTICLES.search(reading.title):
            continue  # "The Trailer (2019) Official Trailer": "The" is no title
        if _ANNOUNCES_THE_TRAILER.match(after):
            return _other(raw, "announcement")
        if _LIST_AFTER_MARKER.match(after) and not _WITH_THE_TRAILER.match(after):
            return _other(raw, "compilation")
        if reason := _weak_reason(reading.dropped, after):
            return _other(raw, reason)
        title = reading.title
        if len(title) > MAX_FILM_TITLE_LENGTH or fold(title) in channel_names:
            return _other(raw, "not_a_trailer")
        rerelease = bool(_RERELEASE.search(text) or _RERELEASE_AFTER.search(after))
        teaser = _TEASER.search(core.group(0)) or _TEASER.search(chain)
        return ParsedTitle(
            raw=raw,
            title=title,
            display_title=display_case(title),
            year=None if rerelease else reading.year or _year_in(_DESCRIPTOR_YEAR.search(after)),
            kind=Kind.TEASER if teaser else Kind.TRAILER,
            alternatives=_distinct_alternatives(title, reading.alternatives),
            rerelease=rerelease,
        )
    return _other(raw, _first_match(_WEAK, text) or "not_a_trailer")


@dataclass(frozen=True)
class _Reading:
    title: str
    year: int | None = None
    dropped: str = ""  # other segments around the title ("Emma Stone")
    alternatives: tuple[str, ...] = ()
    chain: str = ""  # the words before the trailer word that describe it ("Official Teaser")
    empty_before: bool = False  # nothing but trailer words and channel names before them


def _normalise_separators(text: str) -> str:
    text = _DOUBLE_DASH.sub(" | ", _LOWER_L_SEPARATOR.sub(" | ", text))
    if " I " not in text:
        return text
    # " I " is a word ("If I Stay") unless it stands beside trailer words, as a bar would.
    words = text.split(" ")
    for i in range(1, len(words) - 1):
        before, after = words[i - 1].lower(), words[i + 1].lower()
        if (
            words[i] == "I"
            and before not in _NUMBERED_BY_I
            and (before in _NEXT_TO_CAPITAL_I_SEPARATOR or after in _NEXT_TO_CAPITAL_I_SEPARATOR)
        ):
            words[i] = "|"
    return " ".join(words)


def _read_before(before: str, channel_names: frozenset[str]) -> _Reading:
    """Read the title from the text before the trailer word."""
    head, span = _split_official_span(before)
    title_text, chain, other_reading = _split_chain(head, official_follows=bool(span))
    reading = _read_title(title_text, channel_names)
    alternatives = reading.alternatives
    if other_reading:
        alternatives += (_read_title(other_reading, channel_names).title,)
    return _Reading(
        reading.title,
        reading.year,
        reading.dropped,
        alternatives,
        chain=f"{chain} {span}".strip(),
        empty_before=not reading.title and not reading.dropped,
    )


def _read_after(after: str, channel_names: frozenset[str]) -> tuple[_Reading, str]:
    """Kind first: the title is the first segment after the trailer words that can be one."""
    segments = _SEGMENT_SEPARATOR.split(_LEADING_JUNK.sub("", after))
    for i, segment in enumerate(segments):
        if (
            _is_title_segment(segment, channel_names)
            and not _CHAIN_AT_END.fullmatch(segment + " ")
            and not _STUDIO_NAME.match(segment)
        ):
            reading = _read_title(segment, channel_names)
            return reading, " | ".join(segments[i + 1 :])
    return _Reading(""), after


def _split_official_span(before: str) -> tuple[str, str]:
    """Split "Title Official <words>" into the title's text and "Official <words>"."""
    for official in _OFFICIAL.finditer(before):
        head = before[: official.start()]
        if _OFFICIAL_SPAN.match(before[official.end() :]) and _NOT_ONLY_ARTICLES.search(head):
            return head, before[official.start() :]
    return before, ""


def _split_chain(head: str, *, official_follows: bool) -> tuple[str, str, str]:
    """Split the text before the trailer word into the title's text and trailer words.

    The third value is another reading of the title's text, for an alternative: without a
    one-word subtitle it was given back ("Men in Black: International Trailer"), or with a
    word taken that may end a title ("The Canadian Trailer"); else "".
    """
    if not _ENDS_IN_CHAIN_ITEM.search(head, max(0, len(head) - _ITEM_REACH)):
        return head, "", ""
    match = _CHAIN_AT_END.search(head, max(0, len(head) - _CHAIN_REACH))
    if match is None:
        return head, "", ""
    title = head[: match.start()]
    items = [m.group(0) for m in _CHAIN_ITEM.finditer(head, match.start())]
    # Channels write "[Official] [Final|International|New] Trailer", so a risky word before
    # "Official", or one that would leave the title ending in "The", is the film's.
    taken, first, other_reading = 0, not _HAS_WORD.search(title), ""
    for i, item in enumerate(items):
        official_later = official_follows or any(
            _OFFICIAL.fullmatch(later) for later in items[i + 1 :]
        )
        risky = _RISKY.fullmatch(item)
        subtitle = bool(i == 0 and risky and not official_later and _ENDS_IN_COLON.search(title))
        if _ENDS_IN_SEPARATOR.search(title) and not subtitle:
            break
        ends_in_article = bool(title.split()) and title.split()[-1].lower() in _ARTICLES
        gives_back = (
            subtitle
            or item[0] in "\"'"
            or (_ONLY_AFTER_ANOTHER.fullmatch(item) and i == 0)
            or (_ONLY_AFTER_A_TITLE.fullmatch(item) and first and i == 0)
            or (risky and (ends_in_article or official_later))
        )
        if not gives_back:
            if (
                not other_reading
                and not _ENDS_IN_SEPARATOR.search(title)
                and _MAY_END_A_TITLE.fullmatch(item)
            ):
                other_reading = title + item
            break
        other_reading = title if subtitle else other_reading
        title += item + " "
        taken = i + 1
    return title, " ".join(items[taken:]), other_reading


def _read_title(text: str, channel_names: frozenset[str]) -> _Reading:
    """The film's title in the text where it stands, and what was written around it."""
    text = _TRAILING_JUNK.sub("", text)
    year, text = _split_year(text)
    # "Kinds of Kindness | Emma Stone | Official Trailer": the film comes first.
    segments = [s for s in _SEGMENT_SEPARATOR.split(text) if _is_title_segment(s, channel_names)]
    if not segments:
        return _Reading("", year)
    text, dropped = segments[0], segments[1:]
    alternatives: list[str] = []

    parts = _DASH.split(text)
    for i, part in enumerate(parts[1:], start=1):
        if _THE_MOVIE.match(part):  # "Bohemian Rhapsody - The Movie"
            alternatives.append(text)
        elif not _is_said_around_the_title(part, channel_names):
            continue
        text, dropped = " - ".join(parts[:i]), [*parts[i:], *dropped]
        break
    text = _RERELEASE_SUFFIX.sub("", text) or text  # "Jaws (1975) 50th Anniversary"
    if year is None:
        year, text = _split_year(_TRAILING_JUNK.sub("", text))

    while label := _LEADING_LABEL.match(text) or _CJK_LABEL.match(text):
        text = text[label.end() :]
    text = _LEADING_JUNK.sub("", text)
    if presents := _PRESENTS.match(text):
        alternatives.insert(0, text)
        text = text[presents.end() :]
    if possessive := _PERSON_POSSESSIVE.match(text):
        alternatives.insert(0, text)
        text = text[possessive.end() :]
    if possessive := _STUDIO_POSSESSIVE.match(text):
        text = _unquoted(text[possessive.end() :])
        alternatives.insert(0, possessive.group(0) + text)
    text = _unquoted(text)
    if aka := _AKA.search(text):
        alternatives.append(aka.group(1))
        text = text[: aka.start()]
    if (stripped := _TRAILING_3D.sub("", text)) != text:
        alternatives.append(text)
        text = stripped
    return _Reading(text.strip(), year, " ".join(dropped), tuple(alternatives))


def _split_year(text: str) -> tuple[int | None, str]:
    text = _CREDIT_BRACKET.sub("", _FESTIVAL_BRACKET.sub("", text))
    if match := _TITLE_YEAR.search(text):
        return _year_in(match), _TRAILING_JUNK.sub("", text[: match.start()])
    if match := _CREDIT_YEAR.search(text):
        return _year_in(match), _TRAILING_JUNK.sub("", text[: match.start()])
    return None, text


def _is_title_segment(segment: str, channel_names: frozenset[str]) -> bool:
    return bool(
        _HAS_WORD.search(segment)
        and fold(segment) not in channel_names
        and not _RELEASE_SEGMENT.match(segment.strip())
        and not _CREDIT.match(segment.strip())
    )


def _is_said_around_the_title(part: str, channel_names: frozenset[str]) -> bool:
    """A dash-separated part that is not the film's: actors, a date, a re-release label..."""
    return (
        not _is_title_segment(part, channel_names)
        or bool(_STARRING.match(part))
        or _is_name_list(part)
        or bool(_RERELEASE_SUFFIX.fullmatch(part))
        or bool(_CHAIN_AT_END.fullmatch(part + " "))
    )


def _is_name_list(text: str) -> bool:
    """Two or more names of two to four capitalised words: "Timothée Chalamet, Robert Pattinson"."""
    names = _NAME_SEPARATOR.split(text)
    return len(names) >= 2 and all(_is_name(name) for name in names)


def _is_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(
        word[0].isupper() and word.lower() not in _SMALL_WORDS and not _DIGIT.search(word)
        for word in words
    )


def _unquoted(text: str) -> str:
    if cjk := _CJK_QUOTES.search(text):  # 映画『ゴジラ-1.0』
        return cjk.group(1).strip()
    if quoted := _WRAPPING_QUOTES.match(text):
        return next(group for group in quoted.groups() if group is not None).strip()
    return text


def _distinct_alternatives(title: str, alternatives: tuple[str, ...]) -> tuple[str, ...]:
    if not alternatives:
        return ()
    seen = {fold(title)}
    distinct = []
    for alternative in alternatives:
        alternative = alternative.strip()
        if (key := fold(alternative)) and key not in seen:
            seen.add(key)
            distinct.append(alternative)
    return tuple(distinct)


def _year_in(match: re.Match[str] | None) -> int | None:
    """The year a match found (its one group that took part), if it is a plausible one."""
    if match is None:
        return None
    year = int(next(group for group in match.groups() if group))
    return year if _MIN_YEAR <= year <= _MAX_YEAR else None


def _weak_reason(*texts: str) -> str:
    """The first weak rejection heading a segment of the texts around the title."""
    for text in texts:
        for segment in _WEAK_SEGMENT.split(text):
            if reason := _first_match(_WEAK_HEADING, segment.strip()):
                return reason
    return ""


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
