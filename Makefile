# Tòa soạn: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
export DEBUG ?= 1
# `PORT=8100 make run` (or make serve): the port, and SITE_URL with it unless SITE_URL is set.
PORT ?= 8000
export SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run serve test test-fast lint fmt messages migrations-check bench bench-nginx flood backup demo clean lighthouse tools

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PIP) install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed
	@mkdir -p var

run: install
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_newsroom && $(MANAGE) demo_weather && $(MANAGE) demo_comments && $(MANAGE) demo_royalties && $(MANAGE) demo_tips
	$(MANAGE) create_admin
	@# The task worker (mail to readers) runs beside the server and stops with it.
	@# The demo's seed story is from 2013: keep every story open for comments so they can be tried out.
	$(MANAGE) db_worker --no-reload & trap 'kill $$!' EXIT; \
	COMMENTS_CLOSE_AFTER_DAYS=$${COMMENTS_CLOSE_AFTER_DAYS:-0} $(MANAGE) runserver 127.0.0.1:$(PORT)

# The production settings on this machine, over plain http: DEBUG=0, gunicorn, hashed static files (WhiteNoise),
# a local SECRET_KEY generated once into var/secret_key, media served and pages compressed by the app (SERVE_MEDIA=1,
# GZIP_PAGES=1: nginx's job in production), no HTTPS redirect, no secure-only cookies, no HSTS. Same database and demo as `make run`.
SERVE_ENV = DEBUG=0 SECRET_KEY="$$(cat var/secret_key)" SERVE_MEDIA=1 GZIP_PAGES=1 SECURE_SSL_REDIRECT=0 \
	SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 COMMENTS_CLOSE_AFTER_DAYS=$${COMMENTS_CLOSE_AFTER_DAYS:-0}
serve: install
	@mkdir -p var
	@test -s var/secret_key || (umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key)
	$(SERVE_ENV) $(MANAGE) migrate --noinput
	$(SERVE_ENV) $(MANAGE) demo_newsroom && $(SERVE_ENV) $(MANAGE) demo_weather && $(SERVE_ENV) $(MANAGE) demo_comments && $(SERVE_ENV) $(MANAGE) demo_royalties && $(SERVE_ENV) $(MANAGE) demo_tips
	$(SERVE_ENV) $(MANAGE) create_admin
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput -v 0
	$(SERVE_ENV) $(MANAGE) clear_pages
	$(SERVE_ENV) $(VENV)/bin/gunicorn newsroom.wsgi -w 2 -b 127.0.0.1:$(PORT)

# The checks' own npm packages (tools/package.json: axe-core for the accessibility test), from the lock file.
tools: tools/node_modules/.installed
tools/node_modules/.installed: tools/package.json tools/package-lock.json
	cd tools && npm ci --no-audit --no-fund
	@touch $@

# Lighthouse on a phone over the home, a story, a section and the search page of a running site (`make serve` in
# another terminal, same PORT): var/lighthouse/<page>.json and summary.md. Debian's Chromium, never a downloaded one.
lighthouse: install tools
	cd tools && npm install --no-save --no-audit --no-fund lighthouse@^12.8.2
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) scripts/lighthouse.py $(SITE_URL)

# The issue's benchmark: 100,000 stories in PostgreSQL (BENCH_DATABASE_URL), gunicorn + wrk, caches off and on;
# var/bench/results.md and .json (bench/run.py says how). Includes the search timings of bench/search_bench.py.
bench: install
	$(PY) bench/run.py

# The nginx layer of `make bench` alone (no database, about 2 minutes): deploy/nginx.conf in front of pages of 30, 70
# and 200 KB, with and without gzip, over nginx serving the same bytes as a static file; var/bench/nginx.md.
bench-nginx: install
	$(PY) bench/run.py --only nginx

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_newsroom && $(MANAGE) demo_weather && $(MANAGE) demo_comments && $(MANAGE) demo_royalties && $(MANAGE) demo_tips

test: install tools lint migrations-check
	DEBUG=0 SECRET_KEY=test-only-secret $(PY) -m pytest $(PYTEST_ARGS)

# The unit tests alone: no browser, gunicorn, nginx or pg_dump (the `slow` marker; browser tests count as slow).
test-fast: install
	DEBUG=0 SECRET_KEY=test-only-secret $(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

fmt: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

# The catalog from the code and the templates: core/management/commands/makemessages.py reads the Jinja2 templates
# (templates/jinja2/, the public pages) with Jinja2's extractor, Django's own command the rest.
messages: install
	$(MANAGE) makemessages -l vi --no-obsolete --ignore='.venv/*' --ignore='var/*' --ignore='tests/*' --ignore='bench/*' --ignore='scripts/*'
	$(MANAGE) compilemessages -l vi --ignore='.venv/*'

# The issue's comment flood: 8 clients x 500 posts against gunicorn (the suite runs 8 x 50). Set DATABASE_URL for PostgreSQL.
flood: install
	DEBUG=0 SECRET_KEY=test-only-secret FLOOD_POSTS=500 $(PY) -m pytest tests/site/test_flood.py -q -s -p no:cacheprovider

backup:
	scripts/backup.sh

clean:
	rm -rf $(VENV) var/static
