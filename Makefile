# The two commands a new user needs: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi

.PHONY: run test test-sqlite test-postgres test-browser lint format bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

## run: install, migrate the SQLite database, load demo data, serve http://127.0.0.1:5000
run: $(STAMP)
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/flask --app wsgi seed --demo
	$(BIN)/flask --app wsgi run --host 127.0.0.1 --port 5000

## test: install, then run every suite (SQLite, PostgreSQL, browser) and lint
test: $(STAMP) lint test-sqlite test-postgres

test-sqlite: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider

# The same tests against PostgreSQL (the pure deadline tests and the browser suite do not
# depend on the database, so they run once, above).
test-postgres: $(STAMP)
	FOIA_TEST_DB=postgresql $(BIN)/python -m pytest -q -p no:cacheprovider \
		--ignore=tests/deadlines --ignore=tests/browser

test-browser: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/browser

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## bench: run every benchmark and write bench/RESULTS.md
bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
