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
# `make test APP_CHECK=no` leaves out the member app's type check and unit tests (they do not
# touch the database: CI runs them with the SQLite suite, not again with PostgreSQL's).
APP_CHECK ?= yes

.PHONY: run test install install-dev lock lint format migrate demo clean app app-check app-if-node

# The member app (app/, Vue 3 + Vant 4 + Vite, served at /app/) needs Node.js 20 and npm; without
# them `make run` and `make test` go on without it and /app/ says how to build it (README).
NPM := $(shell command -v npm 2>/dev/null)
APP_SOURCES := $(shell find app/src app/public app/index.html app/vite.config.ts app/tsconfig.json -type f 2>/dev/null)

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

app/node_modules/.installed: app/package.json app/package-lock.json
	cd app && npm ci --no-audit --no-fund --loglevel=error
	touch $@

app/dist/index.html: app/node_modules/.installed $(APP_SOURCES)
	cd app && npm run --silent build -- --logLevel warn

# Build the member app into app/dist (its static files under /static/app/).
app: app/dist/index.html

# The app's type check against the API's generated types, and its unit tests.
app-check: app/node_modules/.installed
	cd app && npm run --silent api-types >/dev/null && npm run --silent typecheck && npm run --silent test

app-if-node:
ifdef NPM
	@$(MAKE) --no-print-directory app
else
	@echo "未找到 Node.js/npm：跳过党员 App（/app/）的构建，安装 Node.js 20 后运行 make app。"
endif

# The background worker that `make run` starts beside the server (partybuild/jobs/): the database
# queue's, or RQ's when TASKS_BACKEND=rq (with REDIS_URL). It does not reload on code changes:
# after changing a task, stop and start `make run` again.
ifeq ($(TASKS_BACKEND),rq)
WORKER := $(PY) manage.py rqworker --job-class django_tasks_rq.Job default
else
WORKER := $(PY) manage.py db_worker --queue-name '*' --no-reload
endif

run: demo app-if-node
	@echo ""
	@echo "  门户网站  http://$(HOST):$(PORT)/"
	@echo "  管理后台  http://$(HOST):$(PORT)/admin/   （演示账号 admin / dangjian123）"
	@echo "  内容接口  http://$(HOST):$(PORT)/api/v2/pages/"
	@echo "  党员 App  http://$(HOST):$(PORT)/app/   （演示账号见上方 load_demo 的输出）"
	@echo "  App 接口文档  http://$(HOST):$(PORT)/api/app/docs"
	@echo "  健康检查  http://$(HOST):$(PORT)/healthz"
	@echo "  后台任务  $(WORKER)（随服务器启动和停止）"
	@echo ""
	@$(WORKER) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Tests keep Python's compiled modules (and pytest's rewritten test modules) even where the machine
# sets PYTHONDONTWRITEBYTECODE: otherwise every worker and subprocess compiles some 450 modules anew.
test: install-dev app-if-node
ifdef NPM
ifneq ($(APP_CHECK),no)
	@$(MAKE) --no-print-directory app-check
endif
endif
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(TEST_WORKERS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache app/node_modules app/dist
