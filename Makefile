# Two commands set everything up: `make html` builds the portal, `make test` runs the tests.
# Each bootstraps .venv by itself (only Python 3.11+ and make are needed).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SPHINXOPTS ?= -W --keep-going -n -j auto
SOURCE := docs
BUILD  := build
PAGES  ?= 1000

.PHONY: html test fuzz lint livehtml linkcheck clean bench check new serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install when the project's metadata changes; editable, so ext/ edits need no re-install.
$(VENV)/.installed-base: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-base

$(VENV)/.installed-lint: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,lint]"
	touch $@ $(VENV)/.installed-test $(VENV)/.installed-base

$(VENV)/.installed-live: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[live]"
	touch $@

html: $(VENV)/.installed-base
	$(BIN)/sphinx-build $(SPHINXOPTS) -b html $(SOURCE) $(BUILD)/html

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The fuzz suites (tests/fuzz) with many more generated inputs than `make test` runs; prints the count.
fuzz: $(VENV)/.installed-test
	HYPOTHESIS_PROFILE=deep $(BIN)/python -m pytest tests/fuzz -q $(PYTEST_ARGS)

# ruff (bug-finding rules and import order) and mypy, both configured in pyproject.toml
lint: $(VENV)/.installed-lint
	$(BIN)/ruff check .
	$(BIN)/mypy

livehtml: $(VENV)/.installed-live
	$(BIN)/sphinx-autobuild -n -b html $(SOURCE) $(BUILD)/html --watch ext

# Search runs only over HTTP (browsers run no modules from file://): serve the built site on 127.0.0.1:8000
serve:
	$(PYTHON) -m http.server --bind 127.0.0.1 --directory $(BUILD)/html 8000

linkcheck: $(VENV)/.installed-base
	$(BIN)/sphinx-build -n -b linkcheck $(SOURCE) $(BUILD)/linkcheck

# Writers' tools (see docs/contributing/writers-tools/index.md):
#   make new ARGS='document --section admin "Agent Groups API"'
#   make new ARGS='method --document admin/agent-groups-api "Get all agent groups" GET "https://{domain}/api/..."'
#   make check            (one table of every problem; exit 1 when there is one)
new: $(VENV)/.installed-base
	$(BIN)/python -m devportal new $(ARGS)

check: $(VENV)/.installed-base
	$(BIN)/python -m devportal check --docs $(SOURCE) $(ARGS)

bench: $(VENV)/.installed-base
	$(BIN)/python benchmarks/run.py --pages $(PAGES)

clean:
	rm -rf $(BUILD) benchmarks/_work
