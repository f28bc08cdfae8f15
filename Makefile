# S2T Learn: `make run` to try it, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails, certificates and badges point at the address `make run` serves.
SITE_URL ?= http://$(HOST):$(PORT)
DEV := DJANGO_SETTINGS_MODULE=s2t_learn.settings.dev

.PHONY: run test lint check format worker beat schema migrate demo clean bench css screenshots

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Reinstall only when the requirements change.
$(VENV)/.installed: requirements.txt $(PY)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# The stylesheet: govuk-frontend and the project's Sass (static/scss) compiled to static/build/site.css,
# which is not in git. npm ci installs exactly package-lock.json; both rerun only when their inputs change.
SCSS := $(shell find static/scss -name '*.scss' 2>/dev/null)
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/build/site.css: node_modules/.package-lock.json $(SCSS)
	npm run --silent build

css: static/build/site.css

migrate: $(VENV)/.installed
	$(DEV) $(PY) manage.py migrate --noinput -v0

demo: migrate static/build/site.css
	SITE_URL=$(SITE_URL) $(DEV) $(PY) manage.py load_demo

run: demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	SITE_URL=$(SITE_URL) $(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite, browser journeys included, on as many workers as the machine has cores (pytest-xdist).
# Locally the test database is kept between runs (--reuse-db; add --create-db after changing models);
# CI builds it afresh. Unit tests build tables from the models (--nomigrations, in pyproject.toml);
# the PostgreSQL run in CI passes --migrations so that the migrations are exercised too.
TEST_WORKERS ?= auto
REUSE_DB := $(if $(CI),,--reuse-db)
# With no PYTEST_ARGS the browser journeys run in a pytest of their own, one at a time (E2E_WORKERS=auto runs
# them in parallel too; on a busy 2-core machine one of them, the case-file audit's report download, has timed
# out that way), side by side with the rest of the suite, which fills the time they spend waiting on the
# browser at a lower priority (tests/run_side_by_side.sh); with PYTEST_ARGS, one run of what they name.
# Python keeps its compiled modules between runs (even where the environment says not to write them).
E2E_WORKERS ?= 0
PYTEST_RUN = $(VENV)/bin/pytest $(REUSE_DB)
test: export PYTHONDONTWRITEBYTECODE :=
test: export TEST_WORKERS := $(TEST_WORKERS)
test: export E2E_WORKERS := $(E2E_WORKERS)
test: $(VENV)/.installed-dev static/build/site.css
ifeq ($(strip $(PYTEST_ARGS)),)
	tests/run_side_by_side.sh $(PYTEST_RUN)
else
	$(PYTEST_RUN) -n $(TEST_WORKERS) $(PYTEST_ARGS)
endif

# The page-type screenshots (two a page: desktop and 320 px) in tests/e2e/artifacts/; CI always takes them.
screenshots: $(VENV)/.installed-dev static/build/site.css
	E2E_SCREENSHOTS=1 $(VENV)/bin/pytest $(REUSE_DB) -n 0 tests/e2e/test_pages.py

# Benchmarks (not tests): pages against a static file at scale, then the pure placement rule.
# Needs wrk (apt-get install -y wrk). BENCH_ARGS="--lessons 10 --members 100" for a quick look.
bench: $(VENV)/.installed-dev static/build/site.css
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install -y wrk"; exit 1; }
	$(PY) tests/bench/run_bench.py $(BENCH_ARGS)
	$(PY) tests/bench/bench_placement.py

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Everything CI checks besides the tests: lint, formatting, migrations in step with the models,
# types of the typed modules, the import rules (pyproject.toml), and the templates.
check: lint
	$(DEV) $(PY) manage.py makemigrations --check --dry-run -v0
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djlint templates --lint --quiet

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerate the committed OpenAPI schema after changing the API.
schema: $(VENV)/.installed-dev
	$(DEV) $(PY) manage.py spectacular --file s2t_learn/api/openapi.yaml --validate

worker: $(VENV)/.installed
	$(VENV)/bin/celery -A s2t_learn worker --loglevel=INFO

beat: $(VENV)/.installed
	$(VENV)/bin/celery -A s2t_learn beat --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles node_modules static/build
