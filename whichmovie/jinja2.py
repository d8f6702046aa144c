"""The Jinja2 environment of the public pages (the admin keeps Django's templates).

The film list renders 24 cards on every uncached request (searches, deep pages); Jinja2
renders them several times faster than Django's engine, which is most of such a request.
"""

import functools

from django.templatetags.static import static
from django.utils.dateformat import format as format_date
from jinja2 import Environment

from movies.links import url


def current_region(request):
    """The region in force for a page that was not given one (the 404 page)."""
    from movies.regions import resolve

    return resolve(request)[0]


def environment(**options) -> Environment:
    from movies.regions import country_options

    env = Environment(**options)
    env.globals.update(
        # A static file's address is fixed while the process runs (the manifest is read at
        # start), and static() costs as much as a film card: every page asks for two.
        static=functools.lru_cache(maxsize=64)(static),
        url=url,
        current_region=current_region,
        country_options=country_options,
    )
    env.filters["date"] = format_date  # Django's date format characters: "j F Y"
    return env
