"""The public pages: the poster grid and a film's page, both served from the page cache and
both for the region in force (movies.regions); the region picker and "My services"."""

import zlib
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from django.conf import settings
from django.db.models.fields.json import KT
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from contrib.tmdb.types import MOVIE_GENRES, ImageConfig
from movies import availability, listing, regions
from movies import cache as catalogue
from movies.cache import catalogue_response
from movies.filters import REGIONAL_SORT, SORTS, parse_filters, statuses_for
from movies.links import film_page
from movies.models import DEMO_SOURCE, ImageConfiguration, Movie, MovieRegion, display_year
from movies.options import select_options

POSTER_SIZES = ("w185", "w342", "w500")
# Grid columns are ~190 px wide on a desktop and half the screen on a phone.
POSTER_SIZES_ATTR = "(min-width: 75rem) 190px, (min-width: 40rem) 23vw, 46vw"
BACKDROP_SIZES = ("w780", "w1280")
PLACEHOLDER_TONES = 6
# Larger ids cannot be stored: answer 404 before the database overflows on them.
MAX_ID = 2**63 - 1
# What a card shows, read as plain values: model instances cost more than the whole template.
CARD_FIELDS = (
    "id",
    "title",
    "year",
    "release_date",
    "poster_path",
    ("genre", KT("genres__0")),  # the first genre, as text: no JSON to decode
    "vote_average",
    "source",
    "status",
    # The film's status in the region in force, in a word.
    availability.STATUS,
)
PROVIDER_LOGO_SIZE = "w92"
GENRE_CHOICES = tuple((name, name) for name in MOVIE_GENRES)
AVAILABLE_CHOICES = tuple(availability.AVAILABLE.items())


def today():
    """The day the regional rules are judged on (UTC, like the rest of the catalogue)."""
    return timezone.now().date()


def _region_query(region: regions.Region) -> str:
    """What links to the other pages carry: a region the address chose (a cookie's or the
    site's needs no saying)."""
    return f"?region={region.code}" if region.explicit else ""


@require_safe
def movie_list(request):
    version = catalogue.generation()
    channels = listing.channels(version)
    region, _problem = regions.resolve(request)
    # Pages forgive: a parameter they cannot read is dropped (the API answers 400 instead).
    filters, _problems = parse_filters(
        request.GET,
        staff=request.user.is_staff,
        channels=channels,
        region=region,
        services=regions.services(request),
        today=today(),
    )
    count = None  # a search is counted as its page is read
    if not filters.q:
        count = listing.count(filters, version)
        filters = listing.within_pages(filters, count)
    build = partial(_render_list, request, filters, channels, region, version, count)
    key = f"list?{filters.key(everything=True)}"
    response = catalogue_response(
        request, key, build, store=listing.is_worth_storing(filters), version=version
    )
    return regions.regional_response(response)


def _render_list(request, filters, channels, region, version, count) -> HttpResponse:
    known = listing.facts(version)
    if filters.q:
        page = listing.search_page(filters, values=CARD_FIELDS)
    else:
        page = listing.paginator(filters, count, version, values=CARD_FIELDS).page(filters.page)
    staff = request.user.is_staff
    images = ImageConfiguration.current(version) if page.object_list else None
    region_query = _region_query(region)
    movies = [
        Card.of(row, staff=staff, images=images, today=filters.day, query=region_query)
        for row in page.object_list
    ]
    page_url = PageURLs(request.path, filters)
    sorts = {value: sort.label for value, sort in SORTS.items()}
    sorts[REGIONAL_SORT] = f"Release date in {region.name}"
    year = str(filters.year or "")

    context = {
        "filters": filters,
        "page": page,
        "movies": movies,
        "total_movies": known.total,
        "enriched_movies": known.enriched,
        "matching": f"{page.paginator.count:,}",
        "has_samples": known.samples > 0,
        "channel_options": select_options(tuple(channels.items()), filters.channel),
        "year_options": select_options(_year_choices(known.years, filters.year), year),
        "status_options": select_options(tuple(statuses_for(staff).items()), filters.status),
        "available_options": select_options(AVAILABLE_CHOICES, filters.available),
        "genre_options": select_options(GENRE_CHOICES, filters.genre),
        "sort_options": select_options(tuple(sorts.items()), filters.sort),
        "has_services": bool(filters.services),
        "region": region,
        "region_query": region_query,
        "here_url": page_url(page.number),
        "page_links": _page_links(page_url, page),
        "previous_url": page_url(page.previous_page_number()) if page.has_previous() else None,
        "next_url": page_url(page.next_page_number()) if page.has_next() else None,
        "clear_url": request.path + region_query,
        "poster_sizes": POSTER_SIZES_ATTR,
    }
    return render(request, "movies/movie_list.html", context)


class Image(NamedTuple):
    """`src` and `srcset` of a TMDB image. Attributes, not a dict: Jinja2 tries an attribute
    before a key, and a dict answers each of the grid's lookups with an exception first."""

    src: str
    srcset: str


class Card(NamedTuple):
    """A film as the grid shows it, every value ready to print: the template only places
    them (the list renders 24 of these on every uncached request)."""

    url: str
    title: str
    display_year: str
    genre: str
    rating: str
    poster: Image | None
    tone: int
    sample: bool
    status: str  # for staff: anything but "Matched"
    where: availability.Status | None  # in the region in force

    @classmethod
    def of(cls, film: dict, *, staff: bool, images: ImageConfig, today, query: str = "") -> "Card":
        """From a row of CARD_FIELDS; `query` goes on the film's address (its region)."""
        status = film["status"]
        return cls(
            url=film_page(film["id"]) + query,
            title=film["title"],
            display_year=str(display_year(film["release_date"], film["year"]) or ""),
            genre=film["genre"] or "",
            rating=f"{film['vote_average']:.1f}" if film["vote_average"] else "",
            poster=_image(film["poster_path"], images, "w342", POSTER_SIZES),
            tone=_tone(film["title"]),
            sample=film["source"] == DEMO_SOURCE,
            status=Movie.Status(status).label if staff and status != Movie.Status.MATCHED else "",
            where=availability.status_in(film[availability.STATUS], today),
        )


def _image(
    path: str | None, images: ImageConfig, size: str, sizes: tuple[str, ...]
) -> Image | None:
    """A TMDB image at these sizes."""
    if not path:
        return None
    srcset = ", ".join([f"{images.url(path, s)} {s[1:]}w" for s in sizes])
    return Image(images.url(path, size), srcset)


def _tone(title: str) -> int:
    # From the title, not the id: neighbours in the grid rarely share a colour.
    return zlib.crc32(title.encode()) % PLACEHOLDER_TONES


def _year_choices(years: tuple[int, ...], chosen: int | None) -> tuple[tuple[str, str], ...]:
    """The catalogue's years, newest first, and the one asked for, so the form shows the
    filter in force."""
    if chosen and chosen not in years:
        years = tuple(sorted({*years, chosen}, reverse=True))
    return tuple((str(year), str(year)) for year in years)


class PageURLs:
    """Each page's address under the same filters: the query is encoded once (`page` comes
    last in MovieFilters.params(), so page N only appends it)."""

    def __init__(self, path: str, filters) -> None:
        self.path = path
        self.query = filters.querystring(page=1)

    def __call__(self, number: int) -> str:
        query = (
            self.query if number == 1 else "&".join(filter(None, (self.query, f"page={number}")))
        )
        return f"{self.path}?{query}" if query else self.path


class PageLink(NamedTuple):
    number: int | None  # None: a gap
    url: str = ""
    current: bool = False


def _page_links(page_url: PageURLs, page) -> list[PageLink]:
    """Numbered links around the current page, with gaps: 1 … 4 5 [6] 7 8 … 417."""
    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if not isinstance(number, int):  # the ellipsis (a lazy string: slow to compare)
            links.append(PageLink(None))
        else:
            links.append(PageLink(number, page_url(number), number == page.number))
    return links


@require_safe
def movie_detail(request, pk: int):
    if pk > MAX_ID:
        return _not_found(request)
    region, _problem = regions.resolve(request)
    day = today()
    # The address's region is carried on by the page's links: a page of its own.
    key = f"detail:{pk}|{region.code}{_region_query(region)}|{day.isoformat()}"
    version = catalogue.generation()
    build = partial(_render_detail, request, pk, region, day, version)
    response = catalogue_response(request, key, build, version=version)
    return regions.regional_response(response)


def _render_detail(request, pk: int, region: regions.Region, day, version: int) -> HttpResponse:
    movie = (
        Movie.objects.visible()
        .defer("candidates", "last_error")
        .with_trailers()
        .filter(pk=pk)
        .first()
    )
    if movie is None:
        return _not_found(request)

    images = ImageConfiguration.current(version)
    context = {
        "movie": movie,
        "poster": _image(movie.poster_path, images, "w342", POSTER_SIZES),
        "tone": _tone(movie.title),
        "backdrop": _image(movie.backdrop_path, images, "w1280", BACKDROP_SIZES),
        "runtime": _runtime(movie.runtime),
        "trailers": list(movie.trailers.all()),
        "is_sample": movie.source == DEMO_SOURCE,
        "region": region,
        "region_query": _region_query(region),
        "regional": regional_facts(movie, region, day, images),
    }
    if request.user.is_staff:
        context["admin_url"] = reverse("admin:movies_movie_change", args=[movie.pk])
    return render(request, "movies/movie_detail.html", context)


@dataclass(frozen=True)
class Watch:
    """Where to watch a film in one country, ready to show: logos link to TMDB's page."""

    link: str
    stream: list[dict]
    rent: list[dict]
    buy: list[dict]

    @classmethod
    def of(cls, watch: dict, images: ImageConfig) -> "Watch | None":
        if not watch:
            return None
        return cls(
            link=watch.get("link") or "",
            **{kind: provider_logos(watch.get(kind, []), images) for kind in WATCH_KINDS},
        )


WATCH_KINDS = ("stream", "rent", "buy")


def provider_logos(providers: list[dict], images: ImageConfig) -> list[dict]:
    """Stored services (movies.facts.watch_json) as pages and the API show them."""
    return [
        {"name": p["name"], "logo": images.url(p["logo"], PROVIDER_LOGO_SIZE)} for p in providers
    ]


@dataclass(frozen=True)
class Regional:
    """A film's page block for the region in force, with its fallbacks: another country's
    dates or services are only ever shown under that country's name."""

    region: regions.Region
    certification: str
    dates: list[str]  # sentences: "In cinemas since 14 March 2025"
    watch: Watch | None
    dates_elsewhere: tuple[str, str, list[str]] | None  # (country, certification, sentences)
    watch_elsewhere: tuple[str, Watch] | None


def regional_facts(movie: Movie, region: regions.Region, day, images: ImageConfig) -> Regional:
    """At most two queries: the rows of the region and its nearest fallbacks (the site's
    region, where the film was made, the US), then, only if none of them has a release
    date, the country where it came out first."""
    nearest = [region.code, settings.WHICHMOVIE_REGION, *movie.origin_countries, "US"]
    nearest = list(dict.fromkeys(code for code in nearest if regions.normalise(code)))
    rows = {row.region: row for row in MovieRegion.objects.filter(movie=movie, region__in=nearest)}
    here = rows.get(region.code)
    others = [rows[code] for code in nearest[1:] if code in rows]
    dates_elsewhere = watch_elsewhere = None
    if not (here and release_sentences(here, day)):
        dated = next((row for row in others if release_sentences(row, day)), None)
        if dated is None and movie.tmdb_id:
            dated = (
                MovieRegion.objects.filter(movie=movie, released__isnull=False)
                .exclude(region=region.code)
                .order_by("released", "region")
                .first()
            )
        if dated is not None:
            dates_elsewhere = (
                regions.country_name(dated.region),
                dated.certification,
                release_sentences(dated, day),
            )
    if not (here and here.watch):
        offered = next((row for row in others if row.watch), None)
        if offered is not None:
            watch_elsewhere = (
                regions.country_name(offered.region),
                Watch.of(offered.watch, images),
            )
    return Regional(
        region=region,
        certification=here.certification if here else "",
        dates=release_sentences(here, day) if here else [],
        watch=Watch.of(here.watch, images) if here else None,
        dates_elsewhere=dates_elsewhere,
        watch_elsewhere=watch_elsewhere,
    )


def release_sentences(row: MovieRegion, day) -> list[str]:
    """What a country's dates mean today, in words."""

    def on(date_) -> str:
        return f"{date_.day} {date_:%B %Y}"

    sentences = []
    if row.cinemas:
        if row.cinemas > day:
            sentences.append(f"Coming to cinemas {on(row.cinemas)}")
        elif availability.in_cinemas(row.cinemas, row.digital, row.streaming, day):
            sentences.append(f"In cinemas since {on(row.cinemas)}")
        else:
            sentences.append(f"Released in cinemas {on(row.cinemas)}")
    elif row.premiere:
        sentences.append(f"Premiered {on(row.premiere)}")
    if row.streaming:
        names = ", ".join(p["name"] for p in row.watch.get("stream", []))
        since = row.digital if row.digital and row.digital <= day else None
        since = since or (row.streaming_since.date() if row.streaming_since else None)
        sentences.append(f"Streaming on {names}" + (f" since {on(since)}" if since else ""))
    if row.digital and not row.streaming:
        verb = "Out on digital since" if row.digital <= day else "Out on digital"
        sentences.append(f"{verb} {on(row.digital)}")
    if row.physical:
        verb = "On DVD and Blu-ray since" if row.physical <= day else "On DVD and Blu-ray"
        sentences.append(f"{verb} {on(row.physical)}")
    if row.tv and not sentences:
        sentences.append(f"On TV {on(row.tv)}")
    return sentences


@require_safe
def set_region(request):
    """The region picker: keep the visitor's region in a cookie, then back to the page
    (without a `?region=` that would override the choice)."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("movies:list")
    # "?region=FR" alone would leave an empty address: a redirect to itself, forever.
    target = _without_region(target) if target.startswith("/") else reverse("movies:list")
    response = HttpResponseRedirect(target)
    code = regions.normalise(request.GET.get("region", ""))
    if code:
        _set_cookie(response, regions.REGION_COOKIE, code)
    return response


def _without_region(target: str) -> str:
    path, _, query = target.partition("?")
    kept = QueryDict(query, mutable=True)
    kept.pop("region", None)
    query = kept.urlencode()
    return f"{path}?{query}" if query else path


def _set_cookie(response: HttpResponse, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        max_age=regions.COOKIE_SECONDS,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def my_services(request):
    """ "On my services": the visitor ticks the services they have, kept in a cookie."""
    region, _problem = regions.resolve(request)
    version = catalogue.generation()
    if request.method == "POST":
        offered = {p["id"] for p in listing.providers(region.code, version)}
        # Services that stream nothing in this region are not on the form: keep them.
        elsewhere = [str(i) for i in regions.services(request) if i not in offered]
        chosen = regions.parse_services([*request.POST.getlist("service"), *elsewhere])
        back = f"{reverse('movies:list')}?available=services"
        if region.explicit:
            back += f"&region={region.code}"
        response = HttpResponseRedirect(back)
        if chosen:
            _set_cookie(response, regions.SERVICES_COOKIE, regions.services_cookie(chosen))
        else:
            response.delete_cookie(regions.SERVICES_COOKIE, samesite="Lax")
        return response
    images = ImageConfiguration.current(version)
    mine = set(regions.services(request))
    offered = listing.providers(region.code, version)
    context = {
        "region": region,
        "region_query": _region_query(region),
        "providers": [
            {**p, "logo": images.url(p["logo_path"], PROVIDER_LOGO_SIZE), "mine": p["id"] in mine}
            for p in offered
        ],
        "elsewhere": len(mine - {p["id"] for p in offered}),
    }
    return regions.regional_response(render(request, "movies/services.html", context))


def _runtime(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def _not_found(request) -> HttpResponse:
    return render(request, "movies/not_found.html", status=404)
