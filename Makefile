# Two commands do all the set-up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3

.PHONY: run test setup-run setup-dev migrate messages lint test-browser serve loadtest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.run-installed

setup-run: $(VENV)/.run-installed
setup-dev: $(VENV)/.dev-installed

# The compiled catalogue is committed; recompile when gettext is present.
messages: $(BIN)/python
	@if command -v msgfmt >/dev/null; then $(BIN)/python manage.py compilemessages --ignore=.venv >/dev/null; \
	else echo "msgfmt not found: using the committed .mo files"; fi

# migrate under a lock (hiring/migration_lock.py): servers starting together take turns.
migrate: setup-run
	$(BIN)/python manage.py migrate_safely --noinput

# Links the app prints or mails (the demo logins, create_admin, scorecard links) point here.
run: export SITE_URL ?= http://$(HOST):$(PORT)
# The demo's users get the app's 404 page; `make run DEBUG_404=true` shows Django's.
run: export DEBUG_404 ?= false
# The job worker (webhook deliveries, reminders) starts beside the server and stops when
# it does, Ctrl-C included: the traps turn a signal into an exit, the exit stops the worker.
# With TASKS_BACKEND=immediate jobs run inside the request, so no worker is started.
run: setup-run messages migrate
	$(BIN)/python manage.py seed_demo
	@if [ "$${TASKS_BACKEND:-database}" = immediate ]; then \
		exec $(BIN)/python manage.py runserver $(HOST):$(PORT); fi; \
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	echo "Job worker started (pid $$worker); it stops with the server."; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup-dev messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Production: DEBUG off unless set, so SECRET_KEY must come from the environment.
serve: export DEBUG ?= false
serve: setup-run messages
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate_safely --noinput
	@echo "Background jobs (webhooks, reminders) need a worker: run 'make worker' beside the servers."
	$(BIN)/gunicorn hiring.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile -

# The background job worker (webhook deliveries, reminders) for production: run one or more
# beside `make serve`, under a supervisor that restarts them (README, "Background jobs"), e.g.
# `make worker WORKER_ARGS="--max-tasks 1000"` (exits after that many jobs, to be restarted).
.PHONY: worker
worker: export DEBUG ?= false
worker: setup-run
	$(BIN)/python manage.py db_worker $(WORKER_ARGS)

# Restarts PostgreSQL and Redis mid-run: it disturbs anything else using them. Not run by CI.
# Two servers on LOAD_PORT and the next port; `make loadtest LOADTEST_ARGS="--seconds 120"`.
LOAD_DATABASE ?= hiring_load
LOAD_PORT ?= 8765
LOAD_REDIS_URL ?= redis://127.0.0.1:6379/5
PG_RESTART ?= pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main restart
REDIS_START ?= redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no --daemonize yes \
	--logfile /var/log/redis/ci.log
REDIS_RESTART ?= redis-cli -p 6379 shutdown nosave; $(REDIS_START)
loadtest: setup-run
	$(BIN)/python -m loadtest --database $(LOAD_DATABASE) --port $(LOAD_PORT) \
		--workers $(WORKERS) --redis-url "$(LOAD_REDIS_URL)" --restart-command "$(PG_RESTART)" \
		--redis-restart-command "$(REDIS_RESTART)" --redis-start-command "$(REDIS_START)" \
		$(LOADTEST_ARGS)

# Browser tests: Debian's Chromium (apt-get install chromium fonts-noto-cjk) driven by
# Playwright; axe-core comes from the npm registry into the git-ignored .cache/.
AXE_CORE_VERSION ?= 4.14.1
AXE_JS := .cache/axe-core-$(AXE_CORE_VERSION)/axe.min.js

$(AXE_JS):
	mkdir -p $(@D)
	cd $(@D) && npm pack --silent axe-core@$(AXE_CORE_VERSION) >/dev/null \
		&& tar -xzf axe-core-$(AXE_CORE_VERSION).tgz --strip-components=1 package/axe.min.js \
		&& rm axe-core-$(AXE_CORE_VERSION).tgz

test-browser: setup-dev messages $(AXE_JS)
	rm -rf artifacts/screenshots artifacts/html artifacts/print artifacts/axe artifacts/downloads
	AXE_JS=$(AXE_JS) $(BIN)/python -m pytest -m browser tests/browser $(PYTEST_ARGS)

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
