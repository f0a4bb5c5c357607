SHELL := /bin/bash
# Two commands for a new machine: `make run` (web chat on http://localhost:8000) and `make test`.
# Both build .venv from the lock files on first use and rebuild it when a lock file changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip --disable-pip-version-check -q
HOST   ?= 127.0.0.1
PORT   ?= 8000
# PYTEST_WORKERS=2 runs the suite on two workers (pytest-xdist; tests/conftest.py keeps a file on one worker and
# the browser files together): about 7 minutes instead of 10, but two browser flows are not yet reliable on a
# loaded 2-core machine, so one process is the default.
PYTEST_WORKERS ?= 0

.PHONY: run test lint typecheck pytest chat bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.lock pyproject.toml | $(BIN)/python
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps -e .
	@touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(PIP) install -r requirements-dev.lock
	@touch $@

run: $(VENV)/.runtime
	$(BIN)/altoc serve --host $(HOST) --port $(PORT)

chat: $(VENV)/.runtime
	$(BIN)/altoc chat

test: lint typecheck pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/vulture

typecheck: $(VENV)/.dev
	$(BIN)/mypy

pytest: $(VENV)/.dev
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

bench: $(VENV)/.dev
	$(BIN)/python bench/turn_overhead.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/ats_speed.py
	$(BIN)/python bench/ats_quality.py
	$(BIN)/python bench/ats_quality.py --ads bench/ats_ads_b
	$(BIN)/python bench/ats_quality.py --ads bench/ats_ads_c
	$(BIN)/python bench/ats_quality.py --ads bench/ats_ads_d
	$(BIN)/python bench/ats_quality.py --ads bench/ats_ads_e
	$(BIN)/python bench/ats_quality.py --ads bench/ats_ads_f
	$(BIN)/python bench/ats_skillspan.py
	$(BIN)/python bench/ats_score_honesty.py
	$(BIN)/python bench/tailoring.py --pages
	$(BIN)/python bench/serve_startup.py
	$(BIN)/python bench/channels.py
	$(BIN)/python bench/billing.py
	$(BIN)/python bench/import_speed.py
	$(BIN)/python bench/import_quality.py --jobs 2
	$(BIN)/python bench/corrections.py
	$(BIN)/python bench/corrections.py --corpus bench/corrections_corpus/heldout.jsonl
	$(BIN)/python bench/corrections.py --corpus bench/corrections_corpus/heldout2.jsonl
	$(BIN)/python bench/corrections.py --corpus bench/corrections_corpus/heldout3.jsonl

# Re-resolve the lock files from pyproject.toml in throwaway virtualenvs.
lock:
	rm -rf /tmp/altoc-lock && $(PYTHON) -m venv /tmp/altoc-lock/rt && $(PYTHON) -m venv /tmp/altoc-lock/dev
	/tmp/altoc-lock/rt/bin/pip install -q .
	/tmp/altoc-lock/dev/bin/pip install -q ".[dev]"
	{ echo "# Runtime lock: exact versions for 'make run'. Regenerate with 'make lock'."; \
	  /tmp/altoc-lock/rt/bin/pip freeze | grep -v '^altoc'; } > requirements.lock
	{ echo "# Development lock: runtime lock plus test and lint tools. Regenerate with 'make lock'."; \
	  echo "-r requirements.lock"; \
	  comm -13 <(/tmp/altoc-lock/rt/bin/pip freeze | sort) <(/tmp/altoc-lock/dev/bin/pip freeze | grep -v '^altoc' | sort); \
	} > requirements-dev.lock

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
