import os

from tests.integration.processes import manage as run_manage

REAL_SECRET = "k3J9-real-looking-secret-0f8a7c6e5d4b3a29182736455463728190aabbccddeeff"


def manage(*args, env_overrides):
    """manage.py with the production settings and only the Django variables given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return run_manage(*args, env={**env, **env_overrides}, timeout=60)


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = manage("check", env_overrides={})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_it_starts_without_a_secret_key_in_debug():
    result = manage("check", env_overrides={"DJANGO_DEBUG": "1"})
    assert result.returncode == 0, result.stderr


def test_it_passes_the_deploy_checks_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DJANGO_SECRET_KEY": REAL_SECRET,
            "DJANGO_ALLOWED_HOSTS": "movies.example.com",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_rejects_a_malformed_boolean():
    result = manage("check", env_overrides={"DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_debug_is_off_when_django_debug_is_unset():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.TIME_ZONE)",
        env_overrides={"DJANGO_SECRET_KEY": REAL_SECRET},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "UTC"]


def test_the_worker_and_the_scheduler_refuse_to_start_without_redis():
    for command in ("rundramatiq", "crontab"):
        result = manage(command, env_overrides={"DJANGO_SECRET_KEY": REAL_SECRET, "REDIS_URL": ""})
        assert result.returncode != 0
        assert f"manage.py {command} needs REDIS_URL" in result.stderr


def database_options(**env: str) -> tuple[str, str]:
    """(PREPARED_STATEMENTS, the connection's libpq options) under these variables, for a
    PostgreSQL DATABASE_URL (settings only: nothing connects)."""
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.PREPARED_STATEMENTS, "
        "repr(settings.DATABASES['default'].get('OPTIONS', {}).get('options', '')))",
        env_overrides={"DJANGO_SECRET_KEY": REAL_SECRET, **env},
    )
    assert result.returncode == 0, result.stderr
    prepared, options = result.stdout.strip().split(" ", 1)
    return prepared, options


def test_postgresql_connections_plan_the_prepared_list_statements_once():
    prepared, options = database_options(DATABASE_URL="postgres://app@db.invalid:5432/app")
    assert prepared == "True"
    assert "-c plan_cache_mode=force_generic_plan" in options


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    prepared, options = database_options(
        DATABASE_URL="postgres://app@db.invalid:5432/app", DATABASE_PREPARED_STATEMENTS="0"
    )
    assert prepared == "False"
    assert "plan_cache_mode" not in options
