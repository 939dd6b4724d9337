# Two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast lint install bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0  # the CPU wheel, before anything can pull a CUDA build
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/newsfuse analyze --demo --format markdown --db out/demo.sqlite --out out/demo.md
	$(BIN)/newsfuse analyze --demo --format json --db out/demo.sqlite --out out/demo.json
	@cat out/demo.md
	@echo
	@echo "Report written to out/demo.md (markdown) and out/demo.json (JSON); store: out/demo.sqlite"

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)  # the inner loop: everything but the slow tests, under a minute
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP)  # the gates CI applies before the tests
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python benchmarks/extraction.py

clean:
	rm -rf $(VENV) out .pytest_cache
