"""Text folding shared by title parsing, de-duplication and TMDB matching.

Plain Python: no Django, no third-party imports.
"""

import re
import unicodedata

# Typographic variants YouTube titles use for the same ASCII character.
_TRANSLATE = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200b": "",  # zero-width space
        "\ufeff": "",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\uff03": "#",  # fullwidth number sign
        "\uff5c": "|",  # fullwidth vertical line
        "\u2026": "...",
    }
)

# What clean() drops from a title, which is one line: every control character (C0, DEL and
# C1) but tab and newline. Not _XML_ILLEGAL below, which keeps text's line breaks for feeds.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_APOSTROPHES = re.compile(r"(?<=\w)'(?=\w)")
_NON_WORD = re.compile(r"[^\w]+")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an|le|la|les|l|el|los|las|il|lo|der|die|das)\s+")


# Control characters XML 1.0 forbids (all but tab, newline and carriage return): one in a
# synopsis would break every feed it appears in.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def without_controls(text: str) -> str:
    """The text with the control characters no page or feed can carry replaced by spaces;
    line breaks kept."""
    return _XML_ILLEGAL.sub(" ", text)


def clean(text: str) -> str:
    """Normalise typography without changing meaning: dashes, quotes, spaces, controls."""
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str, *, drop_articles: bool = False) -> str:
    """A comparison key: case, accents, punctuation and dash style folded.

    >>> fold("THE SUBSTANCE") == fold("The Substance")
    True
    >>> fold("Amélie – Director’s Cut")
    'amelie directors cut'
    """
    text = strip_accents(clean(text)).casefold()
    text = text.replace("&", " and ")
    text = _APOSTROPHES.sub("", text)
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    text = _SPACES.sub(" ", text).strip()
    if drop_articles:
        text = _LEADING_ARTICLE.sub("", text)
    return text
