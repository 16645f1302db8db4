# The two commands: `make run` serves the demo register; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in mail point here (never at the request's Host); other Host headers get 400 outside debug.
export PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run dev test install install-dev translations messages db demo bench lint rules clean screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed translations
install-dev: $(VENV)/.installed-dev translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d translations

messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

# A random SECRET_KEY, made once and kept (git-ignored): the app reads it from instance/ when the
# environment sets none, and refuses the development key outside debug and tests.
instance/secret_key: | $(VENV)/.installed
	$(BIN)/python -c 'import sys; from portal.config import instance_secret_key; instance_secret_key(sys.argv[1])' $@

db: install instance/secret_key
	$(BIN)/flask db upgrade
	$(BIN)/flask register demo --if-empty

# One worker process with threads: the rate limits (memory://) are counted in that one process, so
# they hold exactly as stated; production runs several workers on a shared Redis (README).
run: db
	@$(BIN)/flask demo-logins
	@echo "Serving on http://$(HOST):$(PORT)/"
	SESSION_COOKIE_SECURE=0 MAIL_OUTBOX_DIR=instance/outbox $(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 1 --threads 8 --access-logfile - --logger-class portal.access_log.AccessLogger wsgi:app

dev: db
	@$(BIN)/flask demo-logins
	MAIL_OUTBOX_DIR=instance/outbox $(BIN)/flask run --debug --host $(HOST) --port $(PORT)

# In parallel (pytest-xdist): a process per core, each on its own database (tests/conftest.py);
# PYTEST_WORKERS=0 runs in this one process.
PYTEST_WORKERS ?= auto
test: install-dev
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

bench: install-dev
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# docs/RULES.md, the rule index, regenerated from the rule modules' docstrings and the tests.
rules: $(VENV)/.installed instance/secret_key
	$(BIN)/flask rules index

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) instance .pytest_cache

# Issue 13: the demo site at 390 and 1366 px as PNGs in docs/screenshots/ (git-ignored), to look at
# before a change to the pages is called done.
screenshots: install-dev
	$(BIN)/python bench/screenshots.py
