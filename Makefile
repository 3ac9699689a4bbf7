# palveluhaku: `make run` installs, builds the index and serves; `make test` checks.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APT_PACKAGES := libvoikko1 voikko-fi dict-freedict-eng-fin dict-freedict-swe-fin \
	dict-freedict-ara-eng dict-freedict-fra-eng dict-freedict-spa-eng dict-freedict-tur-eng \
	chromium $(if $(shell command -v npm),,nodejs npm)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
INDEX_BUILD := var/index/current/BUILD.json
INDEX_INPUTS := $(shell find corpus analyzers indexer -name '*.py' -o -name '*.yaml' -o -name '*.txt' 2>/dev/null) config.yaml

.PHONY: run dev test e2e install system-packages translations messages index bench eval lint clean

run: install $(INDEX_BUILD)  ## install everything, build the index if missing or stale, serve
	$(PY) -m search_app

dev: install $(INDEX_BUILD)  ## development server with reload
	$(VENV)/bin/flask --app search_app run --debug

test: install test-packages  ## the whole check: lint, then every test (PostgreSQL ones start their own cluster)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

e2e: install  ## the browser tests only (headless Chromium); screenshots in var/screenshots
	$(PY) -m pytest -m browser

index: install  ## rebuild the index now
	$(PY) -m indexer build

$(INDEX_BUILD): $(INDEX_INPUTS) | install
	$(PY) -m indexer build

BENCH_APT_PACKAGES := wrk
TEST_APT_PACKAGES := postgresql
BENCH_SIZES ?= 1.7k,10k
BENCH_DURATION ?= 8
.PHONY: bench-packages test-packages pg pg-stop attack

bench: install bench-packages test-packages $(INDEX_BUILD)  ## analysis and search speed, build time and size; HTTP load (BENCH_SIZES=1.7k,10k,100k)
	$(PY) -m benchmarks.bench
	$(PY) -m benchmarks.load --records $(BENCH_SIZES) --duration $(BENCH_DURATION)

bench-packages:
	@$(call apt_install,$(BENCH_APT_PACKAGES))

attack: install $(INDEX_BUILD)  ## hostile requests, heavy and slow clients, a rebuild under load: what breaks
	$(PY) -m benchmarks.attack

test-packages:
	@$(call apt_install,$(TEST_APT_PACKAGES))

pg: install test-packages  ## a local PostgreSQL primary and streaming replica in var/pg (make pg-stop)
	$(PY) -m tests.pgcluster start var/pg

pg-stop:
	$(PY) -m tests.pgcluster stop var/pg

eval: install $(INDEX_BUILD)  ## Success@1/@3 and MRR@10 per language and kind, against a baseline; confidence
	@echo "== development queries (tuned on)"
	@$(PY) -m benchmarks.evaluate benchmarks/dev_queries.yaml
	@echo "== held-out and fresh queries (looked at while tuning)"
	@$(PY) -m benchmarks.evaluate benchmarks/heldout_queries.yaml
	@$(PY) -m benchmarks.evaluate benchmarks/fresh_queries.yaml
	@$(PY) -m benchmarks.evaluate benchmarks/out_of_scope_queries.yaml
	@echo "== unseen queries (never tuned on: report these apart)"
	@$(PY) -m benchmarks.evaluate benchmarks/unseen_queries.yaml
	@$(PY) -m benchmarks.evaluate benchmarks/unseen_out_of_scope.yaml

lint: install
	$(VENV)/bin/ruff check .

install: system-packages $(VENV)/.installed node_modules/.installed translations

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

translations: $(VENV)/.installed  ## compile the interface's message catalogues
	@if [ -d search_app/translations ]; then $(VENV)/bin/pybabel -q compile -d search_app/translations && \
	  $(VENV)/bin/pybabel -q compile -D referral -d search_app/translations; fi

messages: $(VENV)/.installed  ## re-extract the interface's strings into the catalogues (then translate, make translations)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l --no-location --sort-output --project palveluhaku \
	  -o search_app/translations/messages.pot .
	$(VENV)/bin/pybabel update -i search_app/translations/messages.pot -d search_app/translations -w 100

# The Debian packages of $(1) that are not installed yet, installed.
apt_install = missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

system-packages:
	@$(call apt_install,$(APT_PACKAGES))

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

clean:
	rm -rf var .pytest_cache
