"""The <option>s of the pages' selects, rendered once per set of choices and choice.

A select printed by the template costs a few output steps per option: the year filter's
forty options cost more than the rest of the form, the region picker's 249 more than the
rest of the header. Rendered here, they are looked up instead.
"""

import functools

from markupsafe import Markup, escape


@functools.lru_cache(maxsize=1024)
def select_options(choices: tuple[tuple[str, str], ...], selected: str) -> Markup:
    """`<option value="...">label</option>` for each (value, label), `selected` marked."""
    return Markup("").join(
        Markup('<option value="{}"{}>{}</option>').format(
            value, Markup(" selected") if value == selected else "", escape(label)
        )
        for value, label in choices
    )
