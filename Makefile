# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Exported so the settings see them: dev's WAGTAILADMIN_BASE_URL follows PORT.
export HOST PORT
# Test processes (pytest-xdist); `make test TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= auto

.PHONY: run test install install-dev lock lint format migrate demo clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# The lock files pin every package with its hashes: pip refuses anything else (supply chain).
$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	touch $@ $(VENV)/.installed

# Recompile the lock files from requirements*.in (after changing a range there, or to take
# updates: `make lock UPGRADE=--upgrade`, or `UPGRADE="--upgrade-package wagtail"`).
PIP_COMPILE = $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(UPGRADE)
lock: install-dev
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo ""
	@echo "  门户网站  http://$(HOST):$(PORT)/"
	@echo "  管理后台  http://$(HOST):$(PORT)/admin/   （演示账号 admin / dangjian123）"
	@echo "  内容接口  http://$(HOST):$(PORT)/api/v2/pages/"
	@echo "  App 接口文档  http://$(HOST):$(PORT)/api/app/docs"
	@echo "  健康检查  http://$(HOST):$(PORT)/healthz"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

# Tests keep Python's compiled modules (and pytest's rewritten test modules) even where the machine
# sets PYTHONDONTWRITEBYTECODE: otherwise every worker and subprocess compiles some 450 modules anew.
test: install-dev
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(TEST_WORKERS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
