# Bayegan: `make run` sets everything up and serves the archive; `make test` runs the whole suite.
SHELL := /bin/bash
# pyenv reads .python-version (3.12); fall back to whatever python3.12 is on PATH.
PYTHON ?= $(shell command -v python3.12 2>/dev/null || (command -v pyenv >/dev/null && pyenv which python 2>/dev/null) || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup deps system-deps node-deps fonts static db import index test test-postgres lint bench audit clean

run: setup ## set up (venv, dependencies, database, seeds, index) and serve on 127.0.0.1:8000
	$(PY) manage.py runserver $(HOST):$(PORT)

setup: deps db import index static

$(VENV)/.deps: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

deps: $(VENV)/.deps

# Debian's chromium drives the browser tests (Playwright cannot download its own browser here); Debian's
# postgresql is the suite's second database (bin/with-postgres starts a throw-away server from its binaries).
system-deps:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium; }
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends postgresql; }

node-deps: package.json
	@if [ -f package-lock.json ]; then npm ci --silent --no-audit --no-fund; else npm install --silent --no-audit --no-fund; fi

# Vazirmatn (OFL, from npm) is served from our own static files: copied out of node_modules into the
# gitignored static/vendor/ (woff2 only), never fetched from a CDN.
FONT_DIR := static/vendor/vazirmatn
fonts: node-deps
	mkdir -p $(FONT_DIR)
	cp node_modules/vazirmatn/fonts/webfonts/Vazirmatn-Regular.woff2 node_modules/vazirmatn/fonts/webfonts/Vazirmatn-Bold.woff2 node_modules/vazirmatn/OFL.txt $(FONT_DIR)/

# STATIC_ROOT for WhiteNoise (runserver without DEBUG, gunicorn).
static: deps fonts
	$(PY) manage.py collectstatic --noinput -v0

db: deps
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0

import: db
	$(PY) manage.py import_pages

index: import
	$(PY) manage.py rebuild_index

test: deps system-deps ## the whole test suite (what CI runs)
	$(MAKE) --no-print-directory static  # fonts + collectstatic: WhiteNoise serves STATIC_ROOT in the tests too
	$(PY) -m ruff check .
	$(PY) -m pytest
	# The search suite again on tantivy: every backend keeps the same rules (SEARCH_BACKEND chooses).
	$(PY) -m pytest -p no:cacheprovider --search-backend=tantivy tests/search tests/hardening/test_faults_index.py
	bin/with-postgres $(PY) -m pytest -p no:cacheprovider

# The same suite on PostgreSQL only (the second half of `make test`).
test-postgres: deps system-deps fonts
	bin/with-postgres $(PY) -m pytest -p no:cacheprovider

lint: deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Lighthouse 12 and the Nu HTML checker over every page type, plus the README screenshots (needs java).
audit: deps system-deps fonts
	$(PY) bin/audit

# The benchmark suite (bench/): N generated articles through the real import and index, the app's search beside
# SQLite FTS5 and tantivy, and the app under gunicorn loaded with wrk (Debian). Writes BENCHMARKS.md.
bench: deps ## make bench N=100000
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends wrk; }
	$(PIP) install --quiet -r requirements-bench.txt
	$(PY) -m bench --n $(or $(N),1000)
	$(PY) -m bench.parse_scaling

clean:
	rm -rf var .pytest_cache
