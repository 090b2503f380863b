# Minzheng — `make demo` runs the product, `make test` passes the tests. Both set everything up themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# pytest-xdist: one worker per core. `worksteal` lets an idle worker take half of the other's queue: with `load` one
# worker sat idle for the last 10 minutes behind the other's browser and Spark tests (SQLite half: 918 s → 666 s).
# A worker may then run ordinary tests after a database-flushing transactional one: conftest.ensure_regions reloads
# what the migrations loaded.
PYTEST_WORKERS ?= -n 2 --dist worksteal --durations=15
export MINZHENG_HOME ?= $(CURDIR)/var
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo install assets system-deps test test-sqlite test-postgres bench bench-postgres clean lint

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
install: $(BIN)/.installed assets

# Chromium (browser tests) and Java (Spark in local mode) from Debian's packages when missing.
system-deps:
	scripts/system-deps.sh

demo: install
	$(BIN)/minzheng init
	$(BIN)/minzheng demo
	@echo "演示账户密码均为 Minzheng@2026 — demo accounts: village_demo township_demo county_demo city_demo auditor_demo sysadmin_demo secadmin_demo"
	$(BIN)/minzheng serve --host $(HOST) --port $(PORT)

# Lint and the layout contracts, then the whole suite twice: embedded SQLite, then a throw-away PostgreSQL cluster.
test: install system-deps lint test-sqlite test-postgres

test-sqlite: install
	$(BIN)/pytest $(PYTEST_WORKERS)

# Spark Connect's tests run in the SQLite half only: the client path to Spark does not depend on the database. So do
# the `embedded` ones, which make an instance of their own on the embedded default (SQLite) in either half.
test-postgres: install
	scripts/with-postgres.sh $(BIN)/pytest $(PYTEST_WORKERS) -m "not spark_connect and not embedded"

bench: install
	@for b in benchmarks/bench_*.py; do [ -e "$$b" ] || continue; $(BIN)/python "$$b" || exit 1; done

# The PostgreSQL-capable benchmarks on a production-like throw-away cluster (docs/postgres.md); BENCH_* sizes apply.
bench-postgres: install
	@for b in bench_bulk bench_seed bench_import_export bench_payroll; do \
	  MZ_PG_PROFILE=bench scripts/with-postgres.sh $(BIN)/python benchmarks/$$b.py || exit 1; done

# ruff (rules in pyproject.toml) and import-linter (core imports no line-of-business app, dependencies point down,
# page and API modules never touch the ORM).
lint: install
	$(BIN)/ruff check src tests benchmarks conftest.py
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) node_modules var

# ---- Production scale (issue 21; docs/deploy.md, docs/scale.md) ------------------------------------------------------
.PHONY: demo-scale demo-scale-stop loadtest
SIZE ?= 1000000
WORKERS ?= 2

# PostgreSQL kept running (var/scale), the PostgreSQL job queue and its workers, a county of SIZE persons, the server.
demo-scale: install
	SIZE=$(SIZE) WORKERS=$(WORKERS) PORT=$(PORT) scripts/demo-scale.sh start

demo-scale-stop:
	scripts/demo-scale.sh stop

# A county's working day under Locust (loadtest/): LOAD_PEOPLE, LOAD_USERS, LOAD_SECONDS, LOAD_WORKERS, LOAD_WAIT
# (seconds between a member of staff's steps, MIN,MAX; 1,4 by default), LOAD_STEADY=1 (count only once every member of
# staff has signed in); set
# DATABASE_URL to load a PostgreSQL instance (e.g. the one of `make demo-scale`, with LOAD_HOME=var/scale/home).
LOAD_PEOPLE ?= 20000
LOAD_USERS ?= 20
LOAD_SECONDS ?= 30
loadtest: install
	$(BIN)/python loadtest/run.py --people $(LOAD_PEOPLE) --users $(LOAD_USERS) --seconds $(LOAD_SECONDS) \
		$(if $(LOAD_HOME),--home $(LOAD_HOME))
