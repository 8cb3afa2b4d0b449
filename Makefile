# Hamburg – digital für dich: analytics dashboard.  `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
DB     ?= data/warehouse.duckdb
PORT   ?= 8501
UV_VERSION := 0.13.10

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# The lock file names every package at its version (make lock), so nothing is left to resolve: uv (from PyPI,
# into the venv first) installs them without dependencies from its cache by links, and compiles their bytecode on
# both cores (this machine's environment sets PYTHONDONTWRITEBYTECODE, so a module left uncompiled would be
# compiled anew by every process that imports it); pip check then confirms the installed set is whole. `make
# install` on a fresh clone here: 52 s with two pips side by side, 30 s with uv (docs/TESTING.md).
$(VENV)/.installed: requirements.lock pyproject.toml
	rm -rf $(VENV) && $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps --compile-bytecode -r requirements.lock
	$(PY) -m pip check
	touch $@

# The message catalogs (etl/messages.py): each .po compiled to its .mo when the .po is newer. The .mo files are
# built, not committed; without them (or with a stale one) the dashboard compiles the .po in memory at start.
CATALOGS := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

%.mo: %.po | $(VENV)/.installed
	$(PY) tools/compile_catalogs.py $<

install: $(VENV)/.installed $(CATALOGS) ## create .venv with the locked packages, compile the message catalogs

$(DB): | $(VENV)/.installed
	$(PY) -m etl demo --db $(DB)

demo: install ## (re)build the demo warehouse from generated demo files
	$(PY) -m etl demo --db $(DB)

run: install $(DB) ## start the dashboard on the warehouse (builds the demo warehouse if missing)
	$(PY) -m etl build --db $(DB) --if-stale
	$(PY) -m streamlit run dashboard.py --server.port $(PORT) --server.headless true --server.address localhost --browser.gatherUsageStats false

chromium: ## install Debian's chromium for the browser tests and screenshots (when missing)
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

office: ## install Debian's LibreOffice Calc (headless) for the spreadsheet tests (when missing)
	@command -v soffice >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui)

poppler: ## install Debian's poppler-utils (pdfinfo, pdftotext, pdftoppm) for the briefing tests (when missing)
	@command -v pdftotext >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils)

proxy: ## install Debian's nginx for the test of the reverse-proxy site in deploy/ (when missing)
	@command -v nginx >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx)

# pytest-xdist workers: one per core (two per core measured no faster here: docs/TESTING.md). make test sends whole
# test files to a worker, so a file's server, browser and warehouse are started once; make test-fast lets idle
# workers take tests from busy ones. TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= auto

# The tests keep the bytecode of the project's modules and pytest's rewritten test files between processes (where
# the environment sets PYTHONDONTWRITEBYTECODE, every worker, server and command run compiled them anew: 13 s -> 8 s
# for collecting the quick tests alone). __pycache__ is ignored by git; the mutation runs set it again for mutants.
test test-fast count-assertions: export PYTHONDONTWRITEBYTECODE :=

test: install chromium office poppler proxy ## run every test (unit, contract, KPIs, pages, browser, spreadsheet, PDF, proxy)
	@$(PY) -m tools.cpu_reference
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder; status=$$?; \
	$(PY) -m tools.cpu_reference; exit $$status

test-fast: install ## the quick loop: every test not marked slow (no browser, no real server, no simulation)
	$(PY) -m pytest -m "not slow" -q -n $(TEST_WORKERS) --dist worksteal

# pytest reads a test module rewritten by an earlier run from its cached .pyc, whether or not that run had the
# assertion-pass hook; one written by make test has none and would count almost nothing (2026-12-07: 364 of 13,111).
# So the count starts without pytest's cached modules and leaves none with the hook behind.
count-assertions: install ## run every test and count the assertions that passed (docs/TESTING.md compares the count)
	find tests -name '*-pytest-*.pyc' -delete
	PYTHONDONTWRITEBYTECODE=1 $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -q -p tools.assertions -o enable_assertion_pass_hook=true

types: install ## type check (mypy, settings in pyproject.toml)
	$(PY) -m mypy

check: lint types test ## lint, types and every test: what CI runs

screenshots: install chromium poppler $(DB) ## screenshots of the overview and comparison pages and the briefing's first page for the README
	$(PY) tools/screenshots.py --serve $(DB) docs/screenshots overview compare --height 3600
	$(PY) -m cli briefing --db $(DB) --out $(VENV)/briefing.pdf
	pdftoppm -r 80 -png -f 1 -l 1 -singlefile $(VENV)/briefing.pdf docs/screenshots/briefing

briefing: install $(DB) ## the campaign briefing of the whole data as briefing.pdf (see README for more options)
	$(PY) -m cli briefing --db $(DB) --out briefing.pdf

lint: install ## ruff lint and format check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: install chromium validate-impact ## benchmark loader, KPIs and pages on 10 million rows, write BENCHMARKS.md
	$(PY) -m bench

validate-impact: install ## simulate campaigns like Hamburg's: coverage, size and power of the impact estimate
	$(PY) -m etl.impact.validation 400
	$(PY) -m etl.impact.validation_spillover 200
	$(PY) -m etl.impact.validation_planner 400
	$(PY) -m etl.impact.validation_pretrend 1000

MUTATE_SAMPLE ?= 0
MUTATE_OUTCOMES ?=
MUTATE_KIND ?= operator
mutate: install ## mutation testing of the KPI SQL and the modules that compute or protect figures (MUTATE_SAMPLE=N: a sample; MUTATE_OUTCOMES=F: resumable; MUTATE_KIND=semantic: the semantic slips of tools/semantic.py)
	$(PY) -m tools.mutate --kind $(MUTATE_KIND) --sample $(MUTATE_SAMPLE) $(if $(MUTATE_OUTCOMES),--outcomes $(MUTATE_OUTCOMES)) --write

lock: ## re-resolve the lock file from pyproject.toml (needs the package registry)
	rm -rf /tmp/lockenv && $(PYTHON) -m venv /tmp/lockenv
	$(PYTHON) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
		print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' > /tmp/lockenv/requirements.in
	/tmp/lockenv/bin/pip install --quiet -r /tmp/lockenv/requirements.in
	/tmp/lockenv/bin/pip freeze > requirements.lock

.PHONY: help install demo run chromium poppler proxy briefing test test-fast count-assertions types check office screenshots lint bench validate-impact mutate lock
