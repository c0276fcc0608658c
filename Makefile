# LEAD Ops. `make run` serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMPS := $(VENV)/.stamps
CHROMIUM := /usr/bin/chromium
DEMO_ENV := DEBUG=1 LEAD_DEMO_MODE=1 LEAD_REQUIRE_MFA=0

.DEFAULT_GOAL := help

.PHONY: help run test lint worker beat clean deps dev-deps assets chromium bench-referral bench bench-cpu

help:
	@echo "make run      set up everything, load demo data, serve on http://127.0.0.1:8000/"
	@echo "make test     set up everything the suite needs, then run the whole suite"
	@echo "make lint     ruff and makemigrations --check"
	@echo "make worker   a Celery worker (needs REDIS_URL)"
	@echo "make beat     Celery beat with the schedules kept in the database (needs REDIS_URL)"
	@echo "make bench    load benchmark on PostgreSQL + Redis + gunicorn (BENCH_SCALE, BENCH_SECONDS)"
	@echo "make bench-referral  the referral form on a phone: inputs, page loads, server time"
	@echo "make bench-cpu  CPU ms and queries per request, every page of every role, in-process (BENCH_CPU_SCALE)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMPS)/requirements: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/requirements-bench: requirements.txt requirements-dev.txt requirements-bench.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-bench.txt
	@mkdir -p $(STAMPS) && touch $@ $(STAMPS)/requirements-dev $(STAMPS)/requirements

$(STAMPS)/requirements-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@mkdir -p $(STAMPS) && touch $@ $(STAMPS)/requirements

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

deps: $(STAMPS)/requirements
dev-deps: $(STAMPS)/requirements-dev
# The service worker for filing offline, built with Workbox from the npm packages above.
build/offline/sw.js: node_modules/.package-lock.json lead_ops/offline/build_service_worker.mjs
	node lead_ops/offline/build_service_worker.mjs

assets: node_modules/.package-lock.json build/offline/sw.js

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's Chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  elif sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium: run 'sudo apt-get install -y chromium', then 'make test' again." >&2; exit 1; \
	  fi; \
	fi

run: deps assets
	@mkdir -p var
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# Two processes: this machine has two cores. PYTEST_WORKERS=0 runs in one process.
# loadgroup keeps the fault tests in one process, which starts one private PostgreSQL.
PYTEST_WORKERS ?= 2
test: dev-deps assets chromium
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

worker: deps
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run a worker." >&2; exit 1; }
	$(BIN)/celery -A lead_ops worker --loglevel=INFO --concurrency=2

beat: deps
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run beat." >&2; exit 1; }
	$(BIN)/celery -A lead_ops beat --loglevel=INFO

clean:
	rm -rf $(VENV) node_modules build staticfiles test-results .pytest_cache

bench-referral: dev-deps assets chromium
	$(BIN)/python benchmarks/referral_form.py

# make bench BENCH_SCALE=0.1 BENCH_SECONDS=10 for a quick run; needs PostgreSQL and Redis.
bench: $(STAMPS)/requirements-bench assets
	BENCH_SCALE=$(or $(BENCH_SCALE),1.0) BENCH_SECONDS=$(or $(BENCH_SECONDS),20) $(BIN)/python -m benchmarks.run_bench

# CPU ms and queries per request from the Django test client; SQLite unless DATABASE_URL is set.
bench-cpu: deps assets
	BENCH_CPU_SCALE=$(or $(BENCH_CPU_SCALE),0.1) $(BIN)/python -m benchmarks.cpu
