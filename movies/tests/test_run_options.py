import pytest
from django.core.management import CommandError, call_command


@pytest.mark.parametrize("command", ["enrich_movies", "refresh_details"])
@pytest.mark.parametrize("option", ["--limit", "--concurrency"])
def test_a_tmdb_run_refuses_a_number_below_one_before_it_starts(command, option):
    with pytest.raises(CommandError, match=f"{option} must be a positive number"):
        call_command(command, option, "0")
