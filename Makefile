# Dân Vận Portal. `make run` serves the demo portal; `make test` runs the whole suite.
# Needs only Python >= 3.12 (Django 6.1); the first suitable interpreter found is used.

VENV      := .venv
PYTHON    := $(VENV)/bin/python
PORT      ?= 8000
MANAGE    := $(PYTHON) manage.py
export DJANGO_SETTINGS_MODULE := portal.settings
# Local commands run in development mode unless told otherwise (production sets SECRET_KEY and DEBUG=0).
export DEBUG ?= 1

BOOTSTRAP_PYTHON := $(shell for c in $$PYTHON_FOR_VENV python3.13 python3.12 python3 \
	$$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3; do \
	[ -n "$$c" ] || continue; \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; \
	then command -v $$c; break; fi; done)

.PHONY: setup run test lint format bench messages demo clean backup restore loadtest

$(VENV)/.installed: pyproject.toml requirements.lock
	@if [ ! -x $(PYTHON) ]; then \
		if [ -z "$(BOOTSTRAP_PYTHON)" ]; then \
			echo "Dân Vận Portal needs Python >= 3.12 (Django 6.1 requires it). Tried python3.13, python3.12, python3 and ~/.pyenv/versions." >&2; \
			echo "Install Python 3.12+ or set PYTHON_FOR_VENV=/path/to/python3.12." >&2; \
			exit 1; \
		fi; \
		echo "Creating $(VENV) with $(BOOTSTRAP_PYTHON)"; \
		$(BOOTSTRAP_PYTHON) -m venv $(VENV); \
	fi
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $@

setup: $(VENV)/.installed
	@mkdir -p var/static

demo: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) load_units
	$(MANAGE) load_units --legacy
	$(MANAGE) seed_demo

run: demo
	$(MANAGE) seed_demo --snapshots  # the figures the demo's dashboards open on, computed once
	@echo "Serving Dân Vận Portal at http://127.0.0.1:$(PORT)/"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: setup
	$(PYTHON) -m pytest $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: setup
	$(MANAGE) makemessages -l vi -l en --ignore=.venv --ignore=var
	$(MANAGE) compilemessages --ignore=.venv

# `make bench`: the reports over the national dataset `make bench-data` wrote (bench/bench_reports.py: rebuild,
# floor, pages, API, list), then the portal served (bench/bench_serve.py: freshness with a Celery worker on Redis,
# gunicorn under load), then the import of 100,000 petitions into a database of its own; the day's results in
# bench/results/ and one table of them in docs/performance.md.
BENCH_ARGS ?= --repeat 2 --rewritten --two-years
BENCH_DB = $(if $(filter command line,$(origin DATABASE_URL)),$(DATABASE_URL),postgres://postgres@127.0.0.1:5432/danvan_bench)
BENCH_IMPORT_DB ?= postgres://postgres@127.0.0.1:5432/danvan_bench_import
bench: setup
	DATABASE_URL=$(BENCH_DB) $(PYTHON) bench/bench_reports.py $(BENCH_ARGS)
	DATABASE_URL=$(BENCH_DB) $(PYTHON) bench/bench_serve.py $(SERVE_ARGS)
	$(PYTHON) bench/bench_import.py --rows 100000 --database $(BENCH_IMPORT_DB)

# `make bench-data [SCALE=0.01]`: the national dataset of issue 17 (bench/national_data.py), in a database of its
# own, recreated. Only a DATABASE_URL given on make's command line is used: one in the environment is the app's.
.PHONY: bench-data
bench-data: setup
	DATABASE_URL=$(BENCH_DB) $(PYTHON) bench/national_data.py --scale $(or $(SCALE),0.01) --fresh

# `make backup`: the database (pg_dump on PostgreSQL, the online backup API on SQLite) and the media files, in a new
# directory of var/backups/ (BACKUP_DIR), with its manifest. `make restore BACKUP=var/backups/<name> [NOINPUT=1]`
# puts one back (it asks first). See docs/operations.md.
backup: setup
	$(MANAGE) backup

restore: setup
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/<backup directory> [NOINPUT=1]" >&2; exit 2; }
	$(MANAGE) restore "$(BACKUP)" $(if $(NOINPUT),--noinput)

# `make loadtest [OFFICIALS=50 SECONDS=60 WORKERS=4]`: gunicorn on loopback against the configured database, that
# many signed-in officials on the dashboards, lists and intake; fails on any error or lost write (bench/loadtest.py).
# It adds petitions to the database it runs on: run it on a copy (e.g. `make demo`'s), never on the province's own.
loadtest: setup
	$(PYTHON) bench/loadtest.py --officials $(or $(OFFICIALS),50) --seconds $(or $(SECONDS),60) --workers $(or $(WORKERS),4)

clean:
	rm -rf $(VENV) var .pytest_cache
