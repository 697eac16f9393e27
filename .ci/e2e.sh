#!/usr/bin/env bash
# End-to-end check of the production process model, from a clean database:
# migrate, collectstatic and load_demo on a fresh PostgreSQL database, then the
# Procfile's web (gunicorn), worker and beat as separate background processes
# with the production settings, then bench/e2e_http.py over HTTP (a review
# cycle done through the web, the e-mail delivered by the worker, the article
# live for readers). The processes are always stopped, pass or fail.
#
# Needs DATABASE_URL (any database on the server; a separate one, editorial_e2e,
# is created) and REDIS_URL (a separate Redis database number is used).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?e2e.sh needs DATABASE_URL (PostgreSQL)}"
: "${REDIS_URL:?e2e.sh needs REDIS_URL}"
VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
export PATH="$PWD/$VENV/bin:$PATH"

E2E_DB_NAME="${E2E_DB_NAME:-editorial_e2e}"
E2E_REDIS_DB="${E2E_REDIS_DB:-14}"
WORK="$(mktemp -d -t editorial-e2e.XXXXXX)"
PORT="${E2E_PORT:-$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"

export DJANGO_SETTINGS_MODULE=editorial.settings.production
export DATABASE_URL="${DATABASE_URL%/*}/$E2E_DB_NAME"
export REDIS_URL="${REDIS_URL%/*}/$E2E_REDIS_DB"
export CELERY_BROKER_URL="$REDIS_URL"
export DJANGO_SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
export EMAIL_FILE_PATH="$WORK/mail"
export SITE_URL="http://127.0.0.1:$PORT"
export BIND=127.0.0.1 PORT WEB_CONCURRENCY=2 CELERY_CONCURRENCY=2
export CELERY_BEAT_SCHEDULE_FILE="$WORK/celerybeat-schedule"
export DJANGO_LOG_LEVEL=INFO

PIDS=()
cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    for name in web worker beat; do
      echo "---- last lines of the $name log ----"
      tail -n 40 "$WORK/$name.log" 2>/dev/null || true
    done
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT INT TERM

echo "== e2e: fresh database $E2E_DB_NAME, Redis database $E2E_REDIS_DB =="
"$PY" - <<'PYTHON'
import os
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis

target = urlsplit(os.environ["DATABASE_URL"])
name = target.path.lstrip("/")
admin = urlunsplit(target._replace(path="/postgres"))
with psycopg.connect(admin, autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{name}"')
redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
PYTHON

release="$(sed -n 's/^release: //p' Procfile)"
sh -c "$release" >"$WORK/release.log" 2>&1 || { cat "$WORK/release.log"; exit 1; }
"$PY" manage.py load_demo >"$WORK/load_demo.log" 2>&1 || { cat "$WORK/load_demo.log"; exit 1; }
echo "e2e: migrated, collected static files, loaded the demo"

for name in web worker beat; do
  cmd="$(sed -n "s/^$name: //p" Procfile)"
  [ -n "$cmd" ] || { echo "The Procfile has no $name process."; exit 1; }
  sh -c "exec env $cmd" >"$WORK/$name.log" 2>&1 &
  PIDS+=("$!")
  echo "e2e: started $name (pid $!)"
done

# Bounded wait for gunicorn to answer.
for _ in $(seq 1 60); do
  if "$PY" -c "import urllib.request, sys; urllib.request.urlopen('$SITE_URL/healthz', timeout=2)" 2>/dev/null; then
    break
  fi
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "A process (pid $pid) exited early."; exit 1; }
  done
  sleep 0.5
done

"$PY" bench/e2e_http.py --base-url "$SITE_URL" --mail-dir "$EMAIL_FILE_PATH" --mail-timeout 60

# The partner API under gunicorn and the production settings, with the key load_demo printed.
API_KEY="$(grep -o "Bearer rha_[^']*" "$WORK/load_demo.log" | head -n1 | cut -d' ' -f2)"
"$PY" - "$SITE_URL" "$API_KEY" <<'PYTHON'
import json
import sys
import urllib.error
import urllib.request

site, key = sys.argv[1], sys.argv[2]


def get(path, **headers):
    request = urllib.request.Request(site + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


status, headers, body = get("/api/v1/articles/", Authorization=f"Bearer {key}")
assert status == 200, (status, body[:300])
slugs = [item["slug"] for item in json.loads(body)["results"]]
assert slugs, body[:300]
status, headers, body = get(f"/api/v1/articles/{slugs[0]}/", Authorization=f"Bearer {key}")
assert status == 200 and json.loads(body)["reviewed_by"], (status, body[:300])
assert get(f"/api/v1/articles/{slugs[0]}/", Authorization=f"Bearer {key}", **{"If-None-Match": headers["ETag"]})[0] == 304
status, headers, _ = get("/api/v1/articles/")
assert status == 401 and headers["Content-Type"] == "application/problem+json", (status, headers)
status, _, body = get("/api/v1/docs/")
assert status == 200, status
bundle = body.decode().split('<script src="')[1].split('"')[0]
assert get(bundle)[0] == 200, bundle
print(f"e2e: partner API answers with the demo key ({len(slugs)} live articles), 304, 401 and its docs")
PYTHON

# Structured logs: every line gunicorn's access log wrote is a JSON object.
"$PY" - "$WORK/web.log" <<'PYTHON'
import json
import sys

access = []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if line.startswith("{"):
        entry = json.loads(line)
        if entry.get("logger") == "gunicorn.access":
            access.append(entry)
assert access, "gunicorn wrote no JSON access-log line"
assert any(e.get("path") == "/healthz" and e.get("status") == 200 for e in access), access[:3]
print(f"e2e: {len(access)} access-log lines, all JSON with method, path, status and duration")
PYTHON

for pid in "${PIDS[@]}"; do
  kill -0 "$pid" 2>/dev/null || { echo "A process (pid $pid) died during the check."; exit 1; }
done
echo "== e2e: passed =="
