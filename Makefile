# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Development only: `make run` and `make test` never touch production settings.
export DEBUG ?= 1

.PHONY: run test lint format messages lock clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is required (set PYTHON=python3.11)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The lock files pin every package, transitive ones included, with hashes, so
# pip installs exactly those files (hash checking is on for the whole install).
$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Both lock files in one install: requirements-dev.txt holds only the test and
# lint packages, constrained to the versions of requirements.txt.
$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

# `make lock` regenerates requirements.txt and requirements-dev.txt from
# requirements.in and requirements-dev.in (the direct dependencies): edit a .in
# file, run `make lock`, commit all four. `make lock LOCK_ARGS=--upgrade` moves
# every unpinned transitive package to its newest release. pip-compile runs from
# its own virtualenv so that it never mixes with the project's packages.
LOCK_VENV := $(VENV)/pip-tools
LOCK_FLAGS := --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

$(LOCK_VENV)/bin/pip-compile:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet pip==26.3 pip-tools==7.7.0

lock: $(LOCK_VENV)/bin/pip-compile
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) \
		--output-file requirements.txt requirements.in
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) \
		--output-file requirements-dev.txt requirements-dev.in

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_sample
	@echo "Reading site: http://$(HOST):$(PORT)/   Admin: http://$(HOST):$(PORT)/admin/"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Two test processes by default (pytest-xdist), one a core; TEST_WORKERS=0
# runs in this process.
TEST_WORKERS ?= 2

test: $(VENV)/.installed-dev
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Style, then the import contracts of docs/architecture.md.
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l zh_Hans --no-location --ignore=.venv --ignore=tests
	$(PY) manage.py compilemessages -l zh_Hans

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
