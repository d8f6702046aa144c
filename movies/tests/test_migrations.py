"""Data migrations, run forwards from the migration before them on a real schema."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(target: tuple[str, str]):
    """Migrate the test database to `target`; the app registry of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state([target]).apps


def latest() -> tuple[str, str]:
    """The newest migration: where the rest of the suite expects the schema."""
    (leaf,) = MigrationExecutor(connection).loader.graph.leaf_nodes("movies")
    return leaf


@pytest.fixture
def before_evidence():
    apps = migrate(("movies", "0006_youtube_channels_trailer_dates"))
    yield apps
    migrate(latest())


def test_stored_trailers_are_read_for_their_evidence_and_waiting_films_looked_at_again(
    before_evidence,
):
    Movie = before_evidence.get_model("movies", "Movie")
    Trailer = before_evidence.get_model("movies", "Trailer")
    waiting = Movie.objects.create(
        title="Thunderbolts*", title_key="thunderbolts", source="mubi", status="needs_review"
    )
    locked = Movie.objects.create(
        title="The Witch", title_key="the witch", source="mubi", status="needs_review", locked=True
    )
    Trailer.objects.create(
        movie=waiting, video_id="thunder0001", title="Marvel Studios' Thunderbolts* | Trailer"
    )
    Trailer.objects.create(
        movie=locked, video_id="witch000001", title="The Witch Official Re-Release Trailer (2016)"
    )
    Trailer.objects.create(movie=locked, video_id="witch000002", title="The Witch (2015) Trailer")

    apps = migrate(("movies", "0007_matching_evidence"))
    Movie = apps.get_model("movies", "Movie")
    Trailer = apps.get_model("movies", "Trailer")
    assert sorted(Trailer.objects.values_list("video_id", "year", "rerelease")) == [
        ("thunder0001", None, False),
        ("witch000001", None, True),
        ("witch000002", 2015, False),
    ]
    waiting = Movie.objects.get(title_key="thunderbolts")
    assert (waiting.status, waiting.alternative_titles) == (
        "pending",
        ["Marvel Studios' Thunderbolts*"],
    )
    assert Movie.objects.get(title_key="the witch").status == "needs_review"
