# The two commands a new user needs: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi

.PHONY: run test test-fast test-sqlite test-postgres test-browser lint format bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

## run: install, migrate the SQLite database, load demo data, serve http://127.0.0.1:5000
## (mail is captured into instance/outbox, readable at /admin/outbox: nothing is sent)
run: $(STAMP)
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/flask --app wsgi seed --demo
	FOIA_MAIL_CAPTURE_DIR=$(CURDIR)/instance/outbox $(BIN)/flask --app wsgi run --host 127.0.0.1 --port 5000

## test: install, lint, then the SQLite and PostgreSQL suites side by side (browser and IMAP
## run in the SQLite one). Most of their time is spent waiting on the database, servers and
## child processes, so two at once fit on two cores. Each suite's output is held and printed
## whole when it ends; make fails if either fails.
test: $(STAMP) lint
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

## test-fast: the SQLite suite without the slow tests (-m slow), the browser and PostgreSQL
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not slow and not postgres_only" \
		--ignore=tests/browser

# Every test on SQLite, browser and IMAP included; the postgres_only ones run in test-postgres.
test-sqlite: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not postgres_only"

# Modules that never touch the test database run once, on SQLite: the pure deadline tests, the
# browser suite (its own SQLite server), parsers, classifiers and other pure functions, static
# checks, and the kill/resume tests that always build their own SQLite file. PostgreSQL would
# repeat them word for word.
SQLITE_ONLY := tests/deadlines tests/browser \
	tests/agencies/test_csvio.py tests/dates/test_rules.py tests/documents/test_detect.py \
	tests/inbound/test_html_text.py tests/inbound/test_kinds.py tests/inbound/test_parse.py \
	tests/inbound/test_parse_properties.py tests/inbound/test_purity.py \
	tests/inbound/test_realworld.py tests/inbound/test_suggest.py \
	tests/jurisdictions/test_coverage.py tests/letters/test_context.py \
	tests/letters/test_render.py tests/reminders/test_selection.py tests/requests/test_status.py \
	tests/responses/test_appeal_grounds_new_clocks.py tests/security/test_bandit.py \
	tests/test_config.py tests/test_factory.py tests/test_support_imports.py \
	tests/faults/test_kill_filing.py tests/faults/test_kill_mail.py \
	tests/faults/test_kill_reminders.py tests/campaigns/test_worker_resume.py

# The database tests against PostgreSQL (FOIA_TEST_DB=postgresql), postgres_only ones included.
test-postgres: $(STAMP)
	FOIA_TEST_DB=postgresql $(BIN)/python -m pytest -q -p no:cacheprovider \
		$(addprefix --ignore=,$(SQLITE_ONLY))

test-browser: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/browser

# The bench scripts are checked for names that no longer exist (a function or constant moved
# out of the module a script reads it from); their loose Optional typing is not checked.
BENCH_MYPY = --follow-imports=silent --disable-error-code=arg-type --disable-error-code=union-attr \
	--disable-error-code=operator --disable-error-code=return-value --disable-error-code=var-annotated

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/mypy $(BENCH_MYPY) bench

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## bench: run every benchmark and write bench/RESULTS.md
bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
