# make demo:  install into .venv (CPU torch only) and write reports/demo from examples/
# make test:  install the dev extras too and run the whole test suite (real models)
# make check: ruff (lint + format), mypy and the import contracts (lint-imports), as CI runs them
# make fast:  the tests that need no model (seconds)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
CONSTRAINTS := constraints.txt

.PHONY: demo test check fast install dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(PIP) install -q -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed
	$(PIP) install -q -c $(CONSTRAINTS) -e '.[dev]'
	touch $@

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

demo: install
	$(BIN)/checker report examples/ -o reports/demo
	@echo "checker is installed in $(VENV): run 'source $(VENV)/bin/activate' to put it on your PATH"

test: dev
	$(BIN)/python -m pytest -q

fast: dev
	$(BIN)/python -m pytest -q -m "not slow"

check: dev
	$(BIN)/ruff check checker tests benchmarks
	$(BIN)/ruff format --check checker tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) reports/demo .pytest_cache .mypy_cache .ruff_cache
