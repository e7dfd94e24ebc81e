# The two set-up commands of the README: `make demo` and `make test`.
# Both create the virtual environment and install xxgk first; nothing else is needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench clean system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

demo: $(STAMP) system-deps
	$(BIN)/xxgk demo

test: $(STAMP) system-deps
	XXGK_NEED_ALL=1 $(BIN)/python -m pytest

system-deps:
	@scripts/system-deps.sh

bench: $(STAMP)
	$(BIN)/python bench/parse_throughput.py

clean:
	rm -rf $(VENV) demo-output .pytest_cache .hypothesis
