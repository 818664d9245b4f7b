# Labo de l'habitat des communs — the two commands of the README, and a few helpers.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev lint format messages clean bench

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

test: install-dev
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=labo.settings.test $(MANAGE) makemigrations --check --dry-run

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks, never part of `make test`: search over 10,000 documents (p50/p95 per query),
# the staff listing and XLSX export over 5,000 dossiers (seeds rolled back), and, when
# REDIS_URL links two processes, live forum delivery to 200 websockets through daphne.
# On PostgreSQL: make bench DATABASE_URL=postgres://postgres@127.0.0.1:5432/labo_bench
bench: install-dev
	DEBUG=1 $(MANAGE) migrate --noinput -v0
	DEBUG=1 $(MANAGE) search_benchmark
	DEBUG=1 $(MANAGE) tracking_benchmark
	@if [ -n "$$REDIS_URL" ]; then \
	  DEBUG=1 $(BIN)/daphne -p 8001 labo.asgi:application & pid=$$!; sleep 8; \
	  DEBUG=1 $(MANAGE) forum_bench --url ws://127.0.0.1:8001 --origin http://127.0.0.1:8001 \
	    --clients 200 --posts 10; status=$$?; kill $$pid; exit $$status; \
	else \
	  echo "forum_bench ignoré : définir REDIS_URL (deux processus ne partagent pas la couche de canaux en mémoire)."; \
	fi

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# The French catalog only carries French plural rules (sources are French). Needs gettext.
messages: install-dev
	$(MANAGE) makemessages -l fr --ignore=".venv/*" --ignore="staticfiles/*" --ignore="tests/*" --no-obsolete
	msgen locale/fr/LC_MESSAGES/django.po -o locale/fr/LC_MESSAGES/django.po
	$(MANAGE) compilemessages --ignore=".venv/*"
