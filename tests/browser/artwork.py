"""Stand-ins for TMDB and YouTube images, made here: the tests never reach the internet.

`TINY_PNG` is what ordinary tests serve for every image. Screenshots want something that
looks like the real site, so `poster()`, `backdrop()` and `thumbnail()` draw simple poster
art (a gradient, a sun or moon, a skyline, the title) as SVG from a path such as
`/wm-saltwater-hymns.jpg`.
"""

import struct
import zlib
from html import escape


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


TINY_PNG = _png(2, 3, (90, 110, 140))

# slug: (title, tagline, top colour, bottom colour, sun colour, land colour, motif)
FILMS = {
    "saltwater-hymns": (
        "Saltwater Hymns",
        "Every tide brings something home",
        "#0f4c5c",
        "#04141c",
        "#f6c28b",
        "#06232d",
        "waves",
    ),
    "glass-orchard": (
        "The Glass Orchard",
        "Nothing here is allowed to break",
        "#f4a7b9",
        "#4b1d52",
        "#fff1d6",
        "#2a0f33",
        "hills",
    ),
    "night-ferry": (
        "Night Ferry to Tallinn",
        "One crossing. No return.",
        "#1b2a49",
        "#05070d",
        "#ff9e3d",
        "#0b1224",
        "city",
    ),
    "ember-and-ash": (
        "Ember & Ash",
        "The fire remembers",
        "#c0392b",
        "#1a0505",
        "#ffd166",
        "#2b0a0a",
        "hills",
    ),
    "small-green-planet": (
        "A Small Green Planet",
        "Home is wherever you grow",
        "#9be15d",
        "#0b5345",
        "#fdfcdc",
        "#0a3d33",
        "waves",
    ),
    "kodachrome-summer": (
        "Kodachrome Summer",
        "The last roll of film. The best summer.",
        "#ffb347",
        "#c0392b",
        "#fff6d5",
        "#6e1f12",
        "city",
    ),
}


def _slug(path: str) -> str:
    name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return name.removeprefix("wm-")


def _film(path: str):
    return FILMS.get(_slug(path), ("Untitled", "", "#556", "#112", "#eed", "#223", "hills"))


def _land(motif: str, width: int, base: int, colour: str) -> str:
    if motif == "city":
        towers, x, parts = [0.08, 0.12, 0.07, 0.1, 0.06, 0.14, 0.09, 0.11, 0.08, 0.15], 0, []
        for index, share in enumerate(towers):
            tower = share * width
            height = base * (0.12 + 0.09 * ((index * 7) % 5))
            parts.append(
                f'<rect x="{x:.0f}" y="{base - height:.0f}" width="{tower + 1:.0f}" '
                f'height="{height + 400:.0f}" fill="{colour}"/>'
            )
            x += tower
        return "".join(parts)
    if motif == "waves":
        rows = []
        for index in range(4):
            y = base + index * 26
            opacity = 0.55 + index * 0.15
            rows.append(
                f'<path d="M0 {y} Q {width * 0.25} {y - 22} {width * 0.5} {y} '
                f'T {width} {y} V {y + 600} H 0 Z" fill="{colour}" '
                f'opacity="{opacity:.2f}"/>'
            )
        return "".join(rows)
    return (
        f'<path d="M0 {base} L {width * 0.22} {base - 90} L {width * 0.42} {base - 30} '
        f'L {width * 0.63} {base - 130} L {width} {base - 20} V {base + 600} H 0 Z" '
        f'fill="{colour}"/>'
    )


def _lines(title: str, limit: int) -> list[str]:
    lines, line = [], ""
    for word in title.upper().split():
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def poster(path: str) -> bytes:
    title, tagline, top, bottom, sun, land, motif = _film(path)
    lines = _lines(title, 11)
    size = 58 if len(lines) == 1 else 48
    title_top = 600 - (len(lines) - 1) * size
    text = "".join(
        f'<text x="250" y="{title_top + index * (size + 4)}" font-size="{size}" '
        f'font-weight="800" letter-spacing="3" fill="#fff8ee" text-anchor="middle">'
        f"{escape(line)}</text>"
        for index, line in enumerate(lines)
    )
    svg = f"""<svg xmlns="http://www.w3.org/2000/svg" width="500" height="750" viewBox="0 0 500 750"
 font-family="DejaVu Sans, Helvetica, Arial, sans-serif">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
<stop offset="0" stop-color="{top}"/><stop offset="1" stop-color="{bottom}"/></linearGradient>
<radialGradient id="glow"><stop offset="0" stop-color="{sun}" stop-opacity="0.55"/>
<stop offset="1" stop-color="{sun}" stop-opacity="0"/></radialGradient></defs>
<rect width="500" height="750" fill="url(#sky)"/>
<circle cx="250" cy="250" r="210" fill="url(#glow)"/>
<circle cx="250" cy="250" r="105" fill="{sun}"/>
{_land(motif, 500, 400, land)}
<rect y="470" width="500" height="280" fill="{bottom}" opacity="0.55"/>
<text x="250" y="60" font-size="13" letter-spacing="6" fill="#fff8ee" opacity="0.75"
 text-anchor="middle">A WHICHMOVIE SAMPLE PICTURE</text>
{text}
<text x="250" y="{title_top + len(lines) * (size + 4) + 10}" font-size="15" letter-spacing="2"
 fill="#fff8ee" opacity="0.85" text-anchor="middle" font-style="italic">{escape(tagline)}</text>
<text x="250" y="720" font-size="10" letter-spacing="3" fill="#fff8ee" opacity="0.5"
 text-anchor="middle">IN CINEMAS SOON</text>
</svg>"""
    return svg.encode()


def backdrop(path: str) -> bytes:
    _title, _tagline, top, bottom, sun, land, motif = _film(path)
    svg = f"""<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720"
 viewBox="0 0 1280 720"><defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
<stop offset="0" stop-color="{top}"/><stop offset="1" stop-color="{bottom}"/>
</linearGradient></defs>
<rect width="1280" height="720" fill="url(#sky)"/>
<circle cx="930" cy="300" r="150" fill="{sun}" opacity="0.9"/>
{_land(motif, 1280, 480, land)}
</svg>"""
    return svg.encode()


def thumbnail(video_id: str, title: str = "Official trailer") -> bytes:
    """Video ids such as `saltwater-hymns--2` pick the film's colours."""
    _title, _tagline, top, bottom, sun, land, motif = _film(video_id.split("--")[0])
    svg = f"""<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360" viewBox="0 0 480 360"
 font-family="DejaVu Sans, Helvetica, Arial, sans-serif">
<rect width="480" height="360" fill="#000"/>
<defs><linearGradient id="sky" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="{top}"/><stop offset="1" stop-color="{bottom}"/>
</linearGradient></defs>
<rect y="45" width="480" height="270" fill="url(#sky)"/>
<circle cx="120" cy="150" r="55" fill="{sun}"/>
<svg y="45" width="480" height="270" viewBox="0 0 480 270">{_land(motif, 480, 200, land)}</svg>
<text x="450" y="290" font-size="18" font-weight="700" fill="#fff" text-anchor="end"
 letter-spacing="2">{escape(title.upper())}</text>
</svg>"""
    return svg.encode()


# A streaming service's logo: its initials on its colour, from a path like `/logo-netflix.jpg`.
LOGOS = {
    "netflix": ("N", "#141414", "#e50914"),
    "mubi": ("M", "#001489", "#ffffff"),
    "curzon": ("C", "#0b3d2e", "#f2c14e"),
    "appletv": ("tv", "#000000", "#ffffff"),
    "amazon": ("a", "#00a8e1", "#ffffff"),
}


def logo(path: str) -> bytes:
    name = path.rsplit("/", 1)[-1].removeprefix("logo-").split(".")[0]
    letters, background, colour = LOGOS.get(name, (name[:1].upper() or "?", "#444", "#fff"))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="92" height="92" viewBox="0 0 92 92">'
        f'<rect width="92" height="92" rx="18" fill="{background}"/>'
        f'<text x="46" y="60" font-family="sans-serif" font-size="42" font-weight="700" '
        f'text-anchor="middle" fill="{colour}">{escape(letters)}</text></svg>'
    ).encode()
