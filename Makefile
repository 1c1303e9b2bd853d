# make demo: install into .venv (CPU torch only) and write reports/demo from examples/
# make test: install the dev extras too and run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
CONSTRAINTS := constraints.txt

.PHONY: demo test install dev clean

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

test: dev
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) reports/demo .pytest_cache
