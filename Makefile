# Dais: the two commands that matter are `make run` and `make test` (see README.md).
#
#   make run            install, migrate, load the seed data and serve the room's network on
#                       port $(PORT) with DEBUG off (HOST=127.0.0.1 keeps it on this machine)
#   make dev            the same with DEBUG on, on http://127.0.0.1:$(PORT)/ only, reloading code
#   make test           unit tests, then the browser tests in their own pytest process
#   make test-postgres  the same suites on PostgreSQL 15 + Redis (scripts/services.sh)
#   make lint (ruff + mypy) | typecheck | messages | check-migrations | services-up | services-down
#   make cluster        WORKERS daphne workers behind nginx, Redis, durable PostgreSQL, DEBUG off
#                       (http://127.0.0.1:8080/; scripts/cluster.sh); make cluster-down stops it
#   make bench          the benchmark, full (docs/performance.md); make bench-quick: CI's version
#
# Installs are skipped when already done: stamp files inside .venv are newer than pyproject.toml.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
# make run serves every address of this machine, so that phones on the room's Wi-Fi can join.
HOST ?= 0.0.0.0
RUN_ENV := DEBUG=0 DAIS_BIND=$(HOST) PORT=$(PORT)
DEV_ENV := DEBUG=1 DAIS_BIND=127.0.0.1 PORT=$(PORT)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PIP_FLAGS ?= --quiet --disable-pip-version-check --progress-bar off
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
CHROMIUM_PATH ?= /usr/bin/chromium
PG_TEST_URL := postgres://postgres@127.0.0.1:5433/dais
REDIS_TEST_URL := redis://127.0.0.1:6379/0
# makemessages: the app's own sources only.
MESSAGES_IGNORE := --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=.state

# Runs "$(1)" through apt-get as root, with sudo when not root, else explains and fails.
define apt_install
if [ "$$(id -u)" = 0 ]; then sudo=; \
elif command -v sudo >/dev/null 2>&1; then sudo=sudo; \
else echo "*** Please install the Debian package(s) '$(1)' as root: apt-get install -y $(1)" >&2; exit 1; fi; \
$$sudo apt-get update -q && \
$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-upgrade $(1)
endef

.PHONY: help run dev install install-dev browser translations test test-postgres \
	lint typecheck messages check-migrations services-up services-down cluster cluster-down \
	bench bench-quick cluster-check

help:
	@echo "make run             set up and serve Dais to the room's network on port $(PORT), DEBUG off"
	@echo "                     (HOST=127.0.0.1 keeps it on this machine; PORT=... to change)"
	@echo "make dev             the same for working on the code: DEBUG on, 127.0.0.1 only"
	@echo "make test            unit tests, then browser tests (installs Debian's chromium if missing)"
	@echo "make test-postgres   the same suites on PostgreSQL 15 + Redis"
	@echo "make lint            ruff check . and mypy (the type check)"
	@echo "make typecheck       mypy only (configured in pyproject.toml)"
	@echo "make messages        update locale/es .po files, then compile them"
	@echo "make check-migrations  fail if a model change has no migration"
	@echo "make services-up / services-down   PostgreSQL 15 on :5433 and Redis on :6379"
	@echo "make cluster / cluster-down   WORKERS=2 daphne workers behind nginx on :8080"
	@echo "                     (Redis :6380, durable PostgreSQL :5434, DEBUG off)"
	@echo "make cluster-check   on a running cluster: a delegate survives its worker's death"
	@echo "make bench           the full benchmark (about 11 minutes idle); make bench-quick: about 1"

# --- environment -------------------------------------------------------------------------

$(VENV)/bin/pip:
	@echo "==> Creating $(VENV) with $(PYTHON)"
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "*** '$(PYTHON) -m venv' failed; on Debian: apt-get install -y python3-venv" >&2; exit 1; }

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/pip
	@echo "==> Installing Dais and its runtime dependencies into $(VENV)"
	$(VENV)/bin/pip install $(PIP_FLAGS) -e .
	@touch $@

$(DEV_STAMP): pyproject.toml | $(VENV)/bin/pip
	@echo "==> Installing Dais with the dev extra into $(VENV)"
	$(VENV)/bin/pip install $(PIP_FLAGS) -e ".[dev]"
	@touch $@ $(RUN_STAMP)

install: $(RUN_STAMP)
install-dev: $(DEV_STAMP)

# Debian's Chromium drives the browser tests; Playwright's own download is unreachable (G4).
browser:
	@if [ ! -x "$(CHROMIUM_PATH)" ]; then \
	  echo "==> $(CHROMIUM_PATH) is missing: installing Debian's chromium"; \
	  $(call apt_install,chromium); \
	fi

translations: $(RUN_STAMP)
	@$(MANAGE) compile_translations

# --- the two commands ----------------------------------------------------------------------

run: $(RUN_STAMP) translations
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) load_seeds --show-logins
	$(RUN_ENV) $(MANAGE) reset_connections
	$(RUN_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	@echo
	@$(RUN_ENV) $(MANAGE) room_banner
	$(RUN_ENV) $(VENV)/bin/daphne -b $(HOST) -p $(PORT) config.asgi:application

# For working on the code: DEBUG on (technical error pages), loopback only, reloads on change.
dev: $(RUN_STAMP) translations
	$(DEV_ENV) $(MANAGE) migrate --noinput
	$(DEV_ENV) $(MANAGE) load_seeds --show-logins
	$(DEV_ENV) $(MANAGE) reset_connections
	@echo
	@$(DEV_ENV) $(MANAGE) room_banner
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

# Browser tests need their own process: Playwright leaves an event loop running (stack notes G5).
# Make stops at the first suite that fails.
test: $(DEV_STAMP) browser translations
	$(PY) -m pytest --ignore=tests/e2e
	$(PY) -m pytest tests/e2e

test-postgres: $(DEV_STAMP) browser translations
	@echo "==> Both suites on PostgreSQL ($(PG_TEST_URL)) and Redis ($(REDIS_TEST_URL))"
	@rc=0; \
	DAIS_PG_FAST=1 scripts/services.sh up && \
	DATABASE_URL=$(PG_TEST_URL) REDIS_URL=$(REDIS_TEST_URL) $(MAKE) --no-print-directory test \
	  || rc=$$?; \
	scripts/services.sh down; \
	exit $$rc

# --- checks and helpers --------------------------------------------------------------------

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

typecheck: $(DEV_STAMP)
	$(VENV)/bin/mypy

check-migrations: $(RUN_STAMP)
	$(MANAGE) makemigrations --check --dry-run

# makemessages needs GNU gettext (xgettext, msgmerge); compiling does not (polib).
messages: $(RUN_STAMP)
	@command -v xgettext >/dev/null 2>&1 || { \
	  echo "==> GNU gettext is missing: installing it"; $(call apt_install,gettext); }
	$(MANAGE) makemessages -l es -d django $(MESSAGES_IGNORE)
	$(MANAGE) makemessages -l es -d djangojs $(MESSAGES_IGNORE)
	$(MANAGE) compile_translations

services-up:
	scripts/services.sh up

services-down:
	scripts/services.sh down

# --- serving and measuring ----------------------------------------------------------------

WORKERS ?= 2

cluster: $(RUN_STAMP) translations
	WORKERS=$(WORKERS) scripts/cluster.sh up

cluster-down:
	scripts/cluster.sh down

# A delegate whose worker dies reconnects through nginx to another and misses nothing.
cluster-check: $(DEV_STAMP)
	$(PY) scripts/cluster_check.py

# Both start the cluster if it is not running; bench results go to bench-results/.
bench: $(DEV_STAMP)
	WORKERS=$(WORKERS) scripts/cluster.sh up
	$(PY) scripts/bench.py --full

bench-quick: $(DEV_STAMP)
	WORKERS=$(WORKERS) scripts/cluster.sh up
	$(PY) scripts/bench.py --quick
