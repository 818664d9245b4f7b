# Labo de l'habitat des communs — the two commands of the README, and a few helpers.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev lint format messages clean bench audit mutation

# A stamp per lock file: a second `make run` reinstalls nothing unless the lock changed.
$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 est requis ($(PYTHON) introuvable)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.lock
	@touch $@ $(VENV)/.installed-runtime

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

run: install
	$(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) load_demo
	@echo ""
	@echo "Le Labo est servi sur http://$(HOST):$(PORT)/ (Ctrl+C pour arrêter)."
	DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

# The whole suite on both cores (pytest-xdist), whole modules per worker and the browser tests
# as one unit (tests/conftest.py). PYTEST_ARGS narrows or adds:
#   make test PYTEST_ARGS="tests/forum -n0"     one app, one process, no start-up of workers
#   make test PYTEST_ARGS='-m "not gate and not browser"'   what .ci/run runs on SQLite
PYTEST_ARGS ?=
test: install-dev
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=labo.settings.test $(MANAGE) makemigrations --check --dry-run

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks, never part of `make test`, on PostgreSQL + Redis in a database of their own
# (labo.settings.bench; BENCH_DATABASE_URL, BENCH_REDIS_URL): the bench database is created,
# migrated and seeded once (1,000 projects, 10,000 resources and forum posts, 5,000 dossiers),
# then come search over 10,000 documents and the staff listing and XLSX export (both rolled
# back), live forum delivery to 200 websockets through daphne, the site under uvicorn beside
# its floor (bench-results/site.md and .json) and the locust load scenario (50 users, 2 min,
# bench-results/load_*.csv). See README.md, « Mesures de performance ».
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/labo_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/2
BENCH_ENV := DJANGO_SETTINGS_MODULE=labo.settings.bench BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) \
  BENCH_REDIS_URL=$(BENCH_REDIS_URL)
FORUM_BENCH_PORT ?= 8001

bench: install-dev
	$(BENCH_ENV) $(MANAGE) site_benchmark --seed-only
	$(BENCH_ENV) $(MANAGE) search_benchmark
	$(BENCH_ENV) $(MANAGE) tracking_benchmark
	@export $(BENCH_ENV); \
	  $(BIN)/daphne -p $(FORUM_BENCH_PORT) labo.asgi:application & pid=$$!; sleep 8; \
	  $(MANAGE) forum_bench --url ws://127.0.0.1:$(FORUM_BENCH_PORT) \
	    --origin http://127.0.0.1:$(FORUM_BENCH_PORT) \
	    --clients 200 --posts 10; status=$$?; kill $$pid; exit $$status
	$(BENCH_ENV) $(MANAGE) site_benchmark --skip-seed --load

# Known vulnerabilities in the locked dependencies (pip-audit); packages the service could not
# audit fail too, unless .ci/dependency-audit-exceptions.toml holds a dated exception.
audit: install-dev
	$(BIN)/python .ci/audit_dependencies.py requirements-dev.lock

# Mutation testing of the decision code, never part of `make test` nor of CI: one pytest process
# per module, a fork per mutant (tests/mutation/; equivalent mutants in equivalent.toml).
mutation: install-dev
	$(BIN)/python -m tests.mutation.run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# The French catalog only carries French plural rules (sources are French). Needs gettext.
messages: install-dev
	$(MANAGE) makemessages -l fr --ignore=".venv/*" --ignore="staticfiles/*" --ignore="tests/*" --no-obsolete
	msgen locale/fr/LC_MESSAGES/django.po -o locale/fr/LC_MESSAGES/django.po
	$(MANAGE) compilemessages --ignore=".venv/*"
