# Everyday commands. The quickstart is two of them: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Local state that must not be committed: the generated secret key.
VAR := var

.PHONY: run test lint format demo worker scheduler bench screenshots refresh clean

# Install only when a requirements file changed since the last install.
$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-run

$(VAR)/secret_key:
	@mkdir -p $(VAR)
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# Local settings for `make run` and friends: plain HTTP on this machine, a generated key.
LOCAL_ENV = export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(VAR)/secret_key)}" \
	DJANGO_SECURE="$${DJANGO_SECURE:-0}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1,[::1],0.0.0.0}";

## run: install, migrate, refresh the catalogue in the background, serve on 0.0.0.0:$(PORT)
run: $(VENV)/.installed-run $(VAR)/secret_key
	@$(LOCAL_ENV) \
	$(PY) manage.py migrate --noinput -v0 && \
	$(PY) manage.py collectstatic --noinput -v0 && \
	{ $(PY) manage.py refresh --trigger startup & } && \
	exec $(VENV)/bin/gunicorn whichmovie.wsgi --bind 0.0.0.0:$(PORT) --workers 2 --threads 4 \
		--access-logfile - --access-logformat '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'

## test: install the dev requirements and run the whole suite
test: $(VENV)/.installed-dev
	$(PY) -m pytest

## lint: ruff, as CI runs it
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## demo: load a small, clearly labelled sample catalogue (works offline)
demo: $(VENV)/.installed-run $(VAR)/secret_key
	@$(LOCAL_ENV) $(PY) manage.py migrate --noinput -v0 && $(PY) manage.py load_demo

## refresh: fetch every enabled channel, then enrich, once, in the foreground
refresh: $(VENV)/.installed-run $(VAR)/secret_key
	@$(LOCAL_ENV) $(PY) manage.py refresh

## worker: Dramatiq worker processes (needs REDIS_URL)
worker: $(VENV)/.installed-run $(VAR)/secret_key
	@$(LOCAL_ENV) $(PY) manage.py rundramatiq --processes $${WORKER_PROCESSES:-2} --threads $${WORKER_THREADS:-4}

## scheduler: the cron process that enqueues the nightly jobs (needs REDIS_URL)
scheduler: $(VENV)/.installed-run $(VAR)/secret_key
	@$(LOCAL_ENV) $(PY) manage.py crontab --no-heartbeat

## bench: every benchmark under bench/, rewriting docs/benchmarks.md (not part of `make test`)
bench: $(VENV)/.installed-dev
	@command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || \
		echo "wrk not installed (apt-get install wrk): the page benchmark uses Python threads"; }
	$(PY) -m bench

## screenshots: redraw docs/screenshots/*.png in Debian's Chromium (the suite never writes there)
screenshots: $(VENV)/.installed-dev
	SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest -q tests/browser/test_screenshots.py

clean:
	rm -rf $(VENV) $(VAR) staticfiles .pytest_cache .ruff_cache
