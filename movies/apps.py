from django.apps import AppConfig


class MoviesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "movies"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from movies import cache
        from movies.models import Channel, Movie, Trailer

        # Saves through the admin and the ORM; the pipeline's bulk writes bump explicitly.
        for model in (Movie, Trailer, Channel):
            post_save.connect(cache.bump_on_change, sender=model)
            post_delete.connect(cache.bump_on_change, sender=model)

        post_migrate.connect(_ensure_search_index, sender=self)

        # The project's sign-in rule, connected here: the project's only app configuration.
        from django.contrib.auth.signals import user_logged_in

        from whichmovie.signins import forget_failures_of_the_name

        user_logged_in.connect(forget_failures_of_the_name)


def _ensure_search_index(sender, using, **kwargs):
    """A migration that rebuilt the films table (SQLite does for many changes) loses the
    search index's triggers: put them back after every `migrate`."""
    import sys

    from django.db import connections

    from movies.search_index import ensure_index

    ensure_index(connections[using], report=lambda line: print(line, file=sys.stderr))
