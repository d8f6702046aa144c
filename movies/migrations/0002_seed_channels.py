from django.db import migrations

SEED_CHANNELS = [
    ("rotten_tomatoes", "Rotten Tomatoes Indie", "https://www.youtube.com/@RottenTomatoesIndie/videos"),
    ("mubi", "MUBI", "https://www.youtube.com/@mubi/videos"),
]
PRESET = {"rotten_tomatoes": "rotten_tomatoes", "mubi": "mubi"}


def create_channels(apps, schema_editor):
    Channel = apps.get_model("movies", "Channel")
    for slug, name, url in SEED_CHANNELS:
        Channel.objects.get_or_create(
            slug=slug, defaults={"name": name, "url": url, "title_preset": PRESET[slug]}
        )


def remove_channels(apps, schema_editor):
    Channel = apps.get_model("movies", "Channel")
    Channel.objects.filter(slug__in=[slug for slug, _, _ in SEED_CHANNELS]).delete()


class Migration(migrations.Migration):
    dependencies = [("movies", "0001_initial")]

    operations = [migrations.RunPython(create_channels, remove_channels)]
