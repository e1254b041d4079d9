# Signaalwijzer. `make run` and `make test` are all a new machine needs (Python >= 3.11).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install install-dev migrate demo demo-code worker scheduler lint format typecheck check-generated \
        messages bench clean help

help:
	@echo "make run         install, migrate, load demo data, start a worker and the scheduler, serve http://$(HOST):$(PORT)"
	@echo "make test        install the dev tools and run the whole test suite"
	@echo "make lint        ruff, formatting, mypy, bandit";
	@echo "make messages    update and compile the translations"
	@echo "make demo-code   print the current TOTP code of the demo logins"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Signaalwijzer needs Python 3.11 or newer; run: make PYTHON=python3.12 ...")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: $(PY) pyproject.toml requirements.lock
	$(PY) -m pip install --quiet -c requirements.lock -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-runtime
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_directory
	$(PY) manage.py seed_demo
	$(PY) manage.py statistics rebuild --all

demo-code: install
	@$(PY) manage.py demo_code

worker: install
	$(PY) manage.py db_worker

# Queues the periodic jobs (retention, checkpoints, reminder sweep, heartbeat...); the worker runs them.
scheduler: install
	$(PY) manage.py scheduler

# The worker and the scheduler run beside the web server and stop with it.
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	@$(PY) manage.py db_worker & worker=$$!; \
	 $(PY) manage.py scheduler & scheduler=$$!; \
	 trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	 $(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy signaalwijzer
	$(BIN)/bandit -q -c pyproject.toml -r signaalwijzer

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Generated files must match their sources: migrations and compiled translations.
check-generated: install-dev
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py spectacular --file docs/openapi.yaml --validate --fail-on-warn
	git diff --exit-code -- docs/openapi.yaml
	cd signaalwijzer && ../$(PY) ../manage.py compilemessages --ignore '.venv' -v0
	git diff --exit-code -- signaalwijzer/locale

messages: install-dev
	cd signaalwijzer && ../$(PY) ../manage.py makemessages -l nl --no-obsolete --no-location --ignore 'static/*'
	cd signaalwijzer && ../$(PY) ../manage.py compilemessages -v0

# Benchmarks: on PostgreSQL when DATABASE_URL is set (use a database of its own: it gets 100,000 synthetic cases),
# else on SQLite in var/bench.sqlite3. BENCH_CASES=1000000 for a million. Writes bench/results.json.
BENCH_CASES ?= 100000
bench: install-dev
	@if [ -n "$$DATABASE_URL" ]; then echo "benchmark on $$DATABASE_URL"; else echo "benchmark on SQLite (var/bench.sqlite3)"; fi
	SQLITE_PATH=var/bench.sqlite3 $(PY) -m bench --cases $(BENCH_CASES)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
