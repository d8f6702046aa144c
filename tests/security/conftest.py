# The TMDB double and the settings that point the app at it, as the movies tests have them.
from movies.tests.conftest import fake_tmdb, run_jobs, tmdb_settings  # noqa: F401
