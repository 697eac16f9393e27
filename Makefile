# Two commands set everything up on a fresh machine:
#   make run   - install, migrate, load demo content and users, serve on 127.0.0.1:$(PORT)
#   make test  - install, lint, run the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run serve test lint format bench bench-hostile faults clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# E-mail links follow PORT. The demo's own e-mails stay in the outbox (admin) instead of
# filling the console, so the addresses and logins are the last thing printed.
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL PORT

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput -v 0
	DJANGO_EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend DJANGO_LOG_LEVEL=WARNING \
	  $(PY) manage.py load_demo
	@# Celery beat beside the site runs the periodic jobs (scheduled publications every minute,
	@# reminders, the daily checks); with no broker each job runs inside beat's own process.
	@$(VENV)/bin/celery --quiet -A editorial beat --loglevel ERROR --schedule $(VENV)/celerybeat-schedule & \
	  beat=$$!; trap 'kill $$beat 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production processes of the Procfile (gunicorn, a Celery worker, Celery beat)
# against DATABASE_URL and REDIS_URL, after migrations and collectstatic.
# Ctrl-C stops all three. See the README's "Production" section.
serve: $(VENV)/.installed
	@test -n "$$DATABASE_URL" && test -n "$$REDIS_URL" || \
	  { echo "make serve needs DATABASE_URL and REDIS_URL (see the README, Production)."; exit 1; }
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" sh -c "$$(sed -n 's/^release: //p' Procfile)"
	@PATH="$(CURDIR)/$(VENV)/bin:$$PATH"; export PATH; pids=""; \
	trap 'kill $$pids 2>/dev/null; wait' INT TERM EXIT; \
	for name in web worker beat; do \
	  cmd=$$(sed -n "s/^$$name: //p" Procfile); echo "starting $$name: $$cmd"; \
	  sh -c "exec env $$cmd" & pids="$$pids $$!"; \
	done; \
	wait

test: $(VENV)/.installed lint
	$(PY) -m pytest

# The article page against a static file under gunicorn, on a scratch demo database.
# Then, on PostgreSQL and Redis (DATABASE_URL / REDIS_URL name the servers; the bench uses
# its own database, editorial_bench): reader pages at 1,000 and 100,000 articles with their
# ratio, review cycles per second, and the article page under gunicorn with 1, 2 and 4 workers.
bench: $(VENV)/.installed
	$(PY) bench/reader_throughput.py
	@# Every figure is printed even when a page is not flat; the exit status still says so.
	$(PY) bench/scale.py; status=$$?; \
	$(PY) bench/review_cycle.py && $(PY) bench/gunicorn_workers.py && exit $$status

# Time against input size, 6k to 100k characters: the board's word comparison (one word
# changed, both ends changed, many paragraphs), Markdown, "![" x n, "*a " x n, the reading grade.
bench-hostile: $(VENV)/.installed
	$(PY) bench/hostile_input.py

# Fault injection against the production processes (own PostgreSQL cluster and Redis on spare
# ports, gunicorn with gunicorn.conf.py, Celery worker and beat): see tests/faults/.
faults: $(VENV)/.installed
	$(PY) -m pytest tests/faults -m faults -p no:cacheprovider -v

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
