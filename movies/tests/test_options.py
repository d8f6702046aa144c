"""A select's <option>s: each choice once, the chosen one marked, labels escaped."""

from movies.options import select_options

CHOICES = (("newest", "Newest trailer"), ("title", "Title <A–Z>"))


def test_the_chosen_value_is_selected_and_no_other():
    assert select_options(CHOICES, "title") == (
        '<option value="newest">Newest trailer</option>'
        '<option value="title" selected>Title &lt;A–Z&gt;</option>'
    )


def test_no_choice_selects_nothing():
    assert " selected" not in select_options(CHOICES, "")


def test_a_value_is_escaped_too():
    assert select_options((('"><script>', "x"),), "") == (
        '<option value="&#34;&gt;&lt;script&gt;">x</option>'
    )
