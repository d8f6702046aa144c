"""What a successful admin sign-in forgets: the failed attempts at that user name only.

django-axes' own reset on success (AXES_RESET_ON_SUCCESS) forgets every failure from the
signing-in address too, whatever the name tried: any staff account could then guess
another's password without limit, signing in as itself between guesses.
"""

from axes.utils import reset


def forget_failures_of_the_name(sender, request, user, **kwargs):
    reset(username=user.get_username())
