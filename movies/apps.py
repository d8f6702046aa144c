from django.apps import AppConfig


class MoviesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "movies"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from movies import cache
        from movies.models import Channel, Movie, Trailer

        # Saves through the admin and the ORM; the pipeline's bulk writes bump explicitly.
        for model in (Movie, Trailer, Channel):
            post_save.connect(cache.bump_on_change, sender=model)
            post_delete.connect(cache.bump_on_change, sender=model)
