"""Atom feeds for feed readers: `/feed/`, the newest films; `/feed/streaming/`, the films
that have just become available to stream in a region."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from contrib.text import without_controls
from movies import regions
from movies.cache import catalogue_response
from movies.models import Movie, MovieRegion
from movies.regions import Region, country_name

FEED_SIZE = 50


class PlainTextAtomFeed(Atom1Feed):
    """Summaries are TMDB's synopses: text, never markup a feed reader would run. No text
    carries a control character XML forbids: one stored synopsis would break the feed."""

    def add_item(self, *, title, description, categories=(), **kwargs):
        super().add_item(
            title=without_controls(title),
            description=without_controls(description) if description else description,
            categories=[without_controls(c) for c in categories or ()],
            **kwargs,
        )

    def add_item_elements(self, handler, item):
        description, item["description"] = item["description"], None
        super().add_item_elements(handler, item)
        if description is not None:
            handler.addQuickElement("summary", description, {"type": "text"})


class NewFilmsFeed(Feed):
    feed_type = PlainTextAtomFeed
    title = "WhichMovie: new films"
    subtitle = "Films newly found in the trailer channels, newest first."

    def link(self):
        return reverse("movies:list")

    def feed_url(self):
        return reverse("feeds:movies")

    def items(self):
        return (
            Movie.objects.visible()
            .defer("candidates", "last_error")
            .order_by("-created_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, movie):
        year = movie.display_year
        return f"{movie.title} ({year})" if year else movie.title

    def item_description(self, movie):
        return movie.overview or ""

    def item_pubdate(self, movie):
        return movie.created_at

    def item_updateddate(self, movie):
        return movie.updated_at

    def item_categories(self, movie):
        return movie.genres or ()


new_films_feed = NewFilmsFeed()


@require_safe
def new_films(request):
    return catalogue_response(request, "feed", lambda: new_films_feed(request))


class NowStreamingFeed(Feed):
    """An entry per film and region, when a refresh first finds it streaming there."""

    feed_type = PlainTextAtomFeed

    def get_object(self, request, region: Region):
        return region

    def title(self, region):
        return f"WhichMovie: now streaming in {region.name}"

    def subtitle(self, region):
        return (
            f"Films of the catalogue as they become available to stream in {region.name}, "
            "newest first. Streaming data from JustWatch, through TMDB."
        )

    def link(self, region):
        return f"{reverse('movies:list')}?available=streaming&region={region.code}"

    def feed_url(self, region):
        return f"{reverse('feeds:streaming')}?region={region.code}"

    def items(self, region):
        return (
            MovieRegion.objects.filter(
                region=region.code,
                streaming_since__isnull=False,
                movie__in=Movie.objects.visible(),
            )
            .select_related("movie")
            .only(*(f"movie__{f}" for f in FEED_FILM_FIELDS), "region", "watch", "streaming_since")
            .order_by("-streaming_since", "-movie_id")[:FEED_SIZE]
        )

    def item_title(self, row):
        movie = row.movie
        year = movie.display_year
        title = f"{movie.title} ({year})" if year else movie.title
        names = [p["name"] for p in row.watch.get("stream", [])]
        return f"{title} is streaming on {', '.join(names)}" if names else title

    def item_link(self, row):
        return f"{row.movie.get_absolute_url()}?region={row.region}"

    def item_guid(self, row):
        # One entry per film and region, whatever its providers become.
        return f"whichmovie:streaming:{row.movie_id}:{row.region}"

    item_guid_is_permalink = False

    def item_description(self, row):
        names = ", ".join(p["name"] for p in row.watch.get("stream", [])) or "a service"
        region = country_name(row.region)
        synopsis = row.movie.overview or ""
        return f"Now streaming in {region} on {names}. {synopsis}".strip()

    def item_pubdate(self, row):
        return row.streaming_since

    def item_updateddate(self, row):
        return row.streaming_since

    def item_categories(self, row):
        return row.movie.genres or ()


FEED_FILM_FIELDS = ("id", "title", "year", "release_date", "overview", "genres")
now_streaming_feed = NowStreamingFeed()


@require_safe
def now_streaming(request):
    """`/feed/streaming/?region=XX` (else the visitor's region, else the site's)."""
    region, problem = regions.resolve(request)
    if problem:
        return HttpResponseBadRequest(problem, content_type="text/plain")
    response = catalogue_response(
        request,
        f"feed:streaming:{region.code}",
        lambda: now_streaming_feed(request, region=region),
    )
    return regions.regional_response(response)
