# Tòa soạn: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
export DEBUG ?= 1

.PHONY: run test lint fmt messages migrations-check bench flood backup demo clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PIP) install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed
	@mkdir -p var

run: install
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_newsroom
	$(MANAGE) create_admin
	@# The task worker (mail to readers) runs beside the server and stops with it.
	@# The demo's seed story is from 2013: keep every story open for comments so they can be tried out.
	$(MANAGE) db_worker --no-reload & trap 'kill $$!' EXIT; \
	COMMENTS_CLOSE_AFTER_DAYS=$${COMMENTS_CLOSE_AFTER_DAYS:-0} $(MANAGE) runserver 127.0.0.1:8000

# The issue's benchmark: 100,000 stories in PostgreSQL (BENCH_DATABASE_URL), gunicorn + wrk, caches off and on;
# var/bench/results.md and .json (bench/run.py says how). Includes the search timings of bench/search_bench.py.
bench: install
	$(PY) bench/run.py

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_newsroom

test: install lint migrations-check
	DEBUG=0 SECRET_KEY=test-only-secret $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

fmt: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

messages: install
	$(MANAGE) makemessages -l vi --no-obsolete --ignore='.venv/*' --ignore='var/*' --ignore='tests/*' --ignore='bench/*' --ignore='scripts/*'
	$(MANAGE) compilemessages -l vi --ignore='.venv/*'

# The issue's comment flood: 8 clients x 500 posts against gunicorn (the suite runs 8 x 50). Set DATABASE_URL for PostgreSQL.
flood: install
	DEBUG=0 SECRET_KEY=test-only-secret FLOOD_POSTS=500 $(PY) -m pytest tests/test_flood.py -q -s -p no:cacheprovider

backup:
	scripts/backup.sh

clean:
	rm -rf $(VENV) var/static
