"""The Jinja2 environment of the public pages (the admin keeps Django's templates).

The film list renders 24 cards on every uncached request (searches, deep pages); Jinja2
renders them several times faster than Django's engine, which is most of such a request.
"""

from django.templatetags.static import static
from django.utils.dateformat import format as format_date
from jinja2 import Environment

from movies.links import url


def environment(**options) -> Environment:
    env = Environment(**options)
    env.globals.update(static=static, url=url)
    env.filters["date"] = format_date  # Django's date format characters: "j F Y"
    return env
