# The two commands of the README: `make run` and `make test`. Both bootstrap
# everything on a machine that has only Python 3.11+ and make.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test lint format bench clean stop-db

# Reinstall only when the project's metadata changed (the install is editable).
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required (found %d.%d)" % sys.version_info[:2])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/election run

# Two processes or more (pytest-xdist): each has its own database, so they never meet.
# Work stealing: a few whole-application sweeps take 15-25 s each, and with
# the default schedule one process could be left running them while the other
# had finished its share.
test: $(STAMP) lint
	$(BIN)/python -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

# ruff (style, statements per function, imports at the top), the size of
# modules, the layering contracts (import-linter) and the types (pyright).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python tools/check_module_size.py
	$(BIN)/lint-imports --no-cache
	$(BIN)/pyright

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python bench/run.py

stop-db: $(STAMP)
	$(BIN)/election stop-db

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
