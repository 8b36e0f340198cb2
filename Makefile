# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PETITIONS ?= 3000

.PHONY: run test install serve lint bench tick clean lock e2e

# Installs exactly the locked versions, each checked against its hash (requirements.lock, from `make lock`).
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

# After changing a dependency in pyproject.toml: pin every package, transitive ones too, with their hashes.
UV_VERSION := 0.13.9
lock:
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 --quiet -o requirements.lock

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput > /dev/null
	$(PY) manage.py demo_data --petitions $(PETITIONS)
	@echo ""
	@echo "  工会信访维权工作平台: http://127.0.0.1:8000"
	@echo "  演示账号（密码均为 xinfang2026）："
	@echo "    dengji     登记员（区总工会）      chengban  承办人（区总工会）"
	@echo "    fuze       负责人（区总工会）      lingdao   领导（区总工会，只读）"
	@echo "    donghu     承办人（东湖街道工委会） qingshuihe 登记员（清水河街道工委会）"
	@echo "    admin      管理员（系统管理 /admin/）"
	@echo ""
	@# tick (clock warnings, overdue notes) every minute and the background worker (imports) while the site
	@# runs; both stopped with the server.
	trap 'kill 0' EXIT; \
	  (while true; do $(PY) manage.py tick > /dev/null; sleep 60; done) & \
	  $(PY) manage.py db_worker & \
	  $(PY) manage.py runserver 127.0.0.1:8000

# The production server on the same database as `make run`: gunicorn (WORKERS processes), DEBUG off, static
# files from WhiteNoise, tick every minute and the background worker (db_worker). PORT changes the port.
# Settings come from the environment or .env (docs/deploy.md).
PORT ?= 8000
WORKERS ?= 3
serve: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput > /dev/null
	@echo "  工会信访维权工作平台（gunicorn，$(WORKERS) 个进程）: http://127.0.0.1:$(PORT)"
	trap 'kill 0' EXIT; \
	  (while true; do $(PY) manage.py tick > /dev/null; sleep 60; done) & \
	  DEBUG=false $(PY) manage.py db_worker & \
	  DEBUG=false $(VENV)/bin/gunicorn xinfang.wsgi --workers $(WORKERS) --bind 127.0.0.1:$(PORT) \
	    --access-logfile - --timeout 120

test: install
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy xinfang
	$(VENV)/bin/pytest

# The browser journeys (e2e/, CONTRIBUTING.md "Browser tests"): Playwright drives Debian's Chromium (Playwright's
# own browser download is not reachable from CI), with a CJK font so that the screenshots are readable.
e2e: install
	@command -v chromium > /dev/null && fc-list :lang=zh 2> /dev/null | grep -q . || \
	  (apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei > /dev/null)
	$(VENV)/bin/pytest e2e -p no:cacheprovider --durations=3

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* .test-db.sqlite3*
