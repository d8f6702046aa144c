"""Addresses of the app's own pages, worked out once per process: a reverse() per film card
costs more than the card's HTML."""

import functools

from django.urls import reverse


@functools.lru_cache(maxsize=256)
def url(name: str, *args) -> str:
    """reverse(), remembered: the URLconf does not change while the process runs."""
    return reverse(name, args=args)


def film_page(pk: int) -> str:
    """`movie.get_absolute_url()` without a reverse() (movies/urls.py: "<pk>/" under the list)."""
    return f"{url('movies:list')}{pk}/"
