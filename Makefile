# The two set-up commands of the README: `make demo` and `make test`.
# Both create the virtual environment and install xxgk first; nothing else is needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	# bytecode written once, as an installed package has it (an editable install has none,
	# and where PYTHONDONTWRITEBYTECODE is set every command would compile every module)
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

demo: $(STAMP) system-deps
	$(BIN)/xxgk demo

test: $(STAMP) system-deps lint
	XXGK_NEED_ALL=1 $(BIN)/python -m pytest

# ruff (lint and format), the layers (import-linter: no package imports one above it) and
# mypy; all configured in pyproject.toml, all at 0 findings.
lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

system-deps:
	@scripts/system-deps.sh

bench: $(STAMP)
	$(BIN)/python bench/parse_throughput.py

clean:
	rm -rf $(VENV) demo-output .pytest_cache .hypothesis
