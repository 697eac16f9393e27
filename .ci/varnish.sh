#!/usr/bin/env bash
# Real Varnish (Debian's package) in front of gunicorn: publication, unpublication, cookies and
# cache hits, checked through the proxy with the frontend cache purge configured
# (.ci/varnish_check.py). With DATABASE_URL and REDIS_URL set it runs on PostgreSQL (a scratch
# database beside the named one) and Redis; without them, on the embedded default.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/sbin/varnishd ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish >/dev/null
fi
# Debian's package starts its own service on port 6081; ours runs on a free port beside it.
exec "${VENV:-.venv}/bin/python" .ci/varnish_check.py
