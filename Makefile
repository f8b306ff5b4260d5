# kg: two commands do everything on a fresh machine.
#   make demo   set up, ingest data/articles into a fresh embedded store, validate, query, export
#   make test   set up and run the test suite (CI runs this through .ci/run)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO   ?= build/demo
SHARED ?= ../shared

.PHONY: demo test lint setup golden cameo gazetteer cues benchmarks clean

setup: $(VENV)/.ready

$(VENV)/.ready: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

demo: setup
	rm -rf $(DEMO)
	mkdir -p $(DEMO)
	$(BIN)/kg ingest --store $(DEMO)/store data/articles
	$(BIN)/kg validate --store $(DEMO)/store
	@for q in data/queries/*.rq; do \
		echo; echo "== $$q: $$(head -n 1 $$q | sed 's/^# *//')"; \
		$(BIN)/kg query --store $(DEMO)/store -q $$q -f table || exit 1; \
	done
	@echo
	$(BIN)/kg stats --store $(DEMO)/store
	$(BIN)/kg export --store $(DEMO)/store -o $(DEMO)/kg.ttl
	@echo
	@echo "store:  $(DEMO)/store   (use: kg query --store $(DEMO)/store '...')"
	@echo "export: $(DEMO)/kg.ttl"

# The remote-store tests run a real Virtuoso from Debian's virtuoso-opensource package: install it
# when virtuoso-t is missing. That needs root (as on CI); without root, run
# `sudo apt-get install -y virtuoso-opensource` once (the Virtuoso tests fail, saying so, without it).
.PHONY: virtuoso
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "make: installing Debian's virtuoso-opensource for the remote-store tests"; \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q virtuoso-opensource >/dev/null \
			|| { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q virtuoso-opensource; }; \
		else \
			echo "make: Virtuoso is not installed and this is not a root Debian shell:" \
				"run 'sudo apt-get install -y virtuoso-opensource' (the Virtuoso tests fail without it)" >&2; \
		fi; \
	}

test: setup virtuoso
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check kg tests benchmarks
	$(BIN)/ruff format --check kg tests benchmarks
	$(BIN)/mypy

# Regenerate derived data from ../shared (kept in the repository; run after changing the builders).
cameo: setup
	$(BIN)/python -m kg.build.cameo $(SHARED)/reference/cameo/CAMEO2PLOVER-2021.txt > ontology/cameo.ttl
	$(BIN)/python -m kg.validation.cameo_shapes > shapes/cameo.ttl

gazetteer: setup
	$(BIN)/python -m kg.build.gazetteer --phoenix $(SHARED)/reference/phoenix --out kg/extract/data/gazetteer.json

cues: setup
	$(BIN)/python -m kg.build.cues $(SHARED)/reference/phoenix/CAMEO.2.0.txt > kg/extract/data/verbs.json

golden: setup
	$(BIN)/python -m tests.golden

# Speed and quality figures, printed (they take minutes; the validation one builds 1M triples).
benchmarks: setup
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/gazetteer.py
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/validation.py
	$(BIN)/python benchmarks/push.py

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache kg-store
