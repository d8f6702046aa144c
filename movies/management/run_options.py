"""The options the TMDB runs' commands share (enrich_movies, refresh_details)."""

from django.core.management.base import CommandError


def add_run_arguments(parser, *, limit_help: str) -> None:
    parser.add_argument("--limit", type=int, metavar="N", help=limit_help)
    parser.add_argument(
        "--concurrency",
        type=int,
        metavar="N",
        help="Films looked up at once (default: ENRICH_CONCURRENCY; the TMDB rate limit "
        "still applies).",
    )


def check_run_options(*, limit: int | None, concurrency: int | None) -> None:
    for name, value in (("--limit", limit), ("--concurrency", concurrency)):
        if value is not None and value < 1:
            raise CommandError(f"{name} must be a positive number.")
