import pytest

from bench.enrich_memory import NothingFound
from movies.enrichment import enrich_due
from movies.models import Movie

pytestmark = pytest.mark.django_db


def test_its_stub_client_takes_films_through_enrichment_as_not_found():
    Movie.objects.bulk_create(
        Movie(title=f"Film {n}", title_key=f"film {n}", source="bench") for n in range(3)
    )

    summary = enrich_due(limit=3, concurrency=1, client=NothingFound())

    assert summary.processed == 3
    assert set(Movie.objects.values_list("status", flat=True)) == {Movie.Status.NOT_FOUND}
