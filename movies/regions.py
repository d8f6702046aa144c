"""The region in force: which country's release dates and watch providers a visitor sees.

`WHICHMOVIE_REGION` (ISO 3166-1 alpha-2, default US) is the site's; a visitor's choice is
kept in a cookie; `?region=GB` overrides both for one request (pages, feeds and the API).
Only ISO 3166-1 codes are regions: anything else is refused (the API) or ignored (pages).
A visitor's streaming services ("On my services") are kept in a cookie of their own.
"""

import functools
import re
from dataclasses import dataclass

import pycountry
from django.conf import settings
from django.utils.cache import patch_vary_headers
from markupsafe import Markup

from movies.options import select_options

REGION_COOKIE = "wm_region"
SERVICES_COOKIE = "wm_services"
COOKIE_SECONDS = 365 * 24 * 60 * 60
# More services than anyone subscribes to; keeps the cookie (and a page's query) small.
MAX_SERVICES = 30
_CODE = re.compile(r"[A-Za-z]{2}")
_SERVICE_IDS = re.compile(r"[0-9]{1,7}")


@functools.cache
def countries() -> dict[str, str]:
    """Every ISO 3166-1 country's common English name by code, in name order."""
    names = {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    return dict(sorted(names.items(), key=lambda item: item[1]))


def country_name(code: str) -> str:
    return countries().get(code, code)


def normalise(text: str) -> str | None:
    """ "gb" -> "GB"; None for anything that is not an ISO 3166-1 code."""
    text = (text or "").strip()
    if not _CODE.fullmatch(text):
        return None
    code = text.upper()
    return code if code in countries() else None


@dataclass(frozen=True)
class Region:
    code: str
    source: str  # "query", "cookie" or "default"

    @property
    def name(self) -> str:
        return country_name(self.code)

    @property
    def explicit(self) -> bool:
        """Asked for in the address: links from the page carry it on."""
        return self.source == "query"


def default() -> Region:
    return Region(settings.WHICHMOVIE_REGION, "default")


def resolve(request) -> tuple[Region, str | None]:
    """(the region in force, a problem with `?region=` or None): the query, else the
    cookie, else the site's setting."""
    asked = request.GET.get("region", "")
    problem = None
    if asked.strip():
        code = normalise(asked)
        if code:
            return Region(code, "query"), None
        problem = "region must be an ISO 3166-1 country code, such as US or GB"
    code = normalise(request.COOKIES.get(REGION_COOKIE, ""))
    if code:
        return Region(code, "cookie"), problem
    return default(), problem


def services(request) -> tuple[int, ...]:
    """The visitor's streaming services (TMDB provider ids), sorted, from their cookie."""
    return parse_services(request.COOKIES.get(SERVICES_COOKIE, "").split("."))


def parse_services(values) -> tuple[int, ...]:
    ids = {int(v) for v in values if isinstance(v, str) and _SERVICE_IDS.fullmatch(v.strip())}
    return tuple(sorted(ids))[:MAX_SERVICES]


def services_cookie(ids) -> str:
    return ".".join(str(i) for i in ids)


def country_options(selected: str) -> Markup:
    """The region picker's <option>s."""
    return select_options(_country_choices(), selected)


@functools.cache
def _country_choices() -> tuple[tuple[str, str], ...]:
    return tuple(countries().items())


def regional_response(response):
    """A response that depends on the region (and services) cookies says so to caches."""
    patch_vary_headers(response, ["Cookie"])
    return response
