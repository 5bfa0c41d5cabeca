# Ontdekkingstocht — the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/ontdekkingstocht_test
# The browser tests are part of the suite: tools/system-packages.sh installs Chromium (or says
# how), so a missing browser stops the run instead of skipping. `make test REQUIRE_BROWSER=`
# runs without them where there is no Chromium to be had.
REQUIRE_BROWSER ?= 1

.DEFAULT_GOAL := help
.PHONY: help run test test-postgres test-browser system-packages lint format install install-dev lock messages bench crash load pages fuzz clean

help:
	@echo "make run            start the app on http://127.0.0.1:8000 (SQLite, demo data)"
	@echo "make test           run the whole test suite (SQLite, browser tests; installs system packages)"
	@echo "make test-postgres  run the suite on PostgreSQL (TEST_DATABASE_URL=$(TEST_DATABASE_URL))"
	@echo "make lint           ruff and mypy"
	@echo "make bench          benchmarks side by side; prints a table, writes bench/RESULTS.md"
	@echo "make crash          SIGKILL the real server 200 times during pushes and uploads, SQLite and PostgreSQL"
	@echo "make load           50 devices on SQLite, 200 on PostgreSQL: latency percentiles, errors, memory"
	@echo "make pages          Lighthouse and axe on six pages, save-to-visible time"
	@echo "make fuzz           schemathesis, 200 generated requests per operation and mode"
	@echo "make lock           re-pin requirements/*.txt from pyproject.toml (needs uv)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs exactly the pinned, hash-checked versions of the lock files.
$(VENV)/.installed-main: requirements/main.txt | $(BIN)/python
	$(PIP) install --require-hashes -r requirements/main.txt
	@touch $@

$(VENV)/.installed-dev: requirements/dev.txt | $(BIN)/python
	$(PIP) install --require-hashes -r requirements/dev.txt
	@touch $(VENV)/.installed-main $@

install: $(VENV)/.installed-main
install-dev: $(VENV)/.installed-dev

# Chromium, Pango, HarfBuzz-subset, a font, poppler-utils: installed if missing, or the one
# command to type is printed, before any test runs.
system-packages:
	@tools/system-packages.sh

run: install
	$(BIN)/python -m app serve

test: system-packages install-dev
	REQUIRE_BROWSER=$(REQUIRE_BROWSER) $(BIN)/python -m pytest --durations=15

test-postgres: system-packages install-dev
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m pytest --durations=15 \
	  -m "not browser and not sqlite_only"

test-browser: system-packages install-dev
	REQUIRE_BROWSER=$(REQUIRE_BROWSER) $(BIN)/python -m pytest -m browser

# Lighthouse for `python -m bench.pages` (pinned; axe-core is vendored in tools/browser).
tools/browser/node_modules: tools/browser/package-lock.json
	npm ci --prefix tools/browser --no-audit --no-fund --loglevel=error
	@touch $@

# schemathesis with many more generated requests per operation than the suite's quick run.
fuzz: install-dev
	FUZZ_EXAMPLES=200 $(BIN)/python -m pytest -q tests/test_api_schema.py

bench: install-dev
	$(BIN)/python -m bench

# The crash harness in full (the suite runs a short version): a few minutes per database.
crash: install-dev
	$(BIN)/python -m bench.crash --database sqlite --kills 200 --json bench/results/crash-sqlite.json
	$(BIN)/python -m bench.crash --database postgres --kills 200 --json bench/results/crash-postgres.json

# Many devices at once: 50 in one team on SQLite (one worker), 200 in ten teams on PostgreSQL
# (four workers), 3 minutes each.
load: install-dev
	$(BIN)/python -m bench.load --database sqlite --devices 50 --json bench/results/load.json
	$(BIN)/python -m bench.load --database postgres --devices 200 --teams 10 --workers 4 --json bench/results/load.json

# Lighthouse and axe on six pages, and the capture's save-to-visible time (about 2 minutes).
pages: install-dev tools/browser/node_modules
	$(BIN)/python -m bench.pages --json bench/results/pages.json

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock:
	uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements/main.txt
	uv pip compile pyproject.toml --group dev --python-version 3.11 --generate-hashes -o requirements/dev.txt

# Collect every wrapped UI string into a template for translators (e.g. an English catalogue).
messages: install
	$(BIN)/pybabel extract -F babel.cfg -o app/locale/messages.pot --no-location .

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache artifacts
