"""`/feed/`: an Atom feed of the newest films, for feed readers."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from movies.cache import catalogue_response
from movies.models import Movie

FEED_SIZE = 50


class PlainTextAtomFeed(Atom1Feed):
    """Summaries are TMDB's synopses: text, never markup a feed reader would run."""

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
