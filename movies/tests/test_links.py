import pytest

from movies.links import film_page, url
from movies.tests.factories import make_movie


@pytest.mark.django_db
def test_a_film_pages_address_is_the_one_its_model_gives():
    movie = make_movie("Anora")
    assert film_page(movie.pk) == movie.get_absolute_url()


def test_it_remembers_what_reverse_gives():
    assert url("movies:list") == "/movies/"
    assert url("api:movie", 7) == "/api/movies/7/"
