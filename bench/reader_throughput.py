"""make bench: the article page against a static file, side by side under gunicorn.

Builds a scratch SQLite database with the demo content, collects static files, starts gunicorn
on a free 127.0.0.1 port, then sends the same bounded number of requests to the demo article
page and to a static file served by the same server (whitenoise) and prints requests per second
for each and their ratio. Target: the article page reaches at least half the static file's rate.

    python bench/reader_throughput.py [--requests 3000] [--concurrency 8] [--workers N]
"""

import argparse
import http.client
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "/articles/chronic-knee-pain-causing-hip-pain-and-stiffness/"
STATIC = "/static/css/site.css"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def measure(port, path, *, requests, concurrency):
    """Requests per second for `requests` GETs of `path` from `concurrency` client threads."""
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(lambda _: fetch(port, path), range(concurrency * 5)))  # warm up
        start = time.perf_counter()
        statuses = list(pool.map(lambda _: fetch(port, path), range(requests)))
        elapsed = time.perf_counter() - start
    bad = [status for status in statuses if status != 200]
    if bad:
        raise SystemExit(f"{path}: {len(bad)} responses were not 200 (e.g. {bad[0]}).")
    return requests / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2))
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "editorial.settings.local",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{scratch / 'bench.sqlite3'}",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Persistent connections, as production runs (DATABASE_CONN_MAX_AGE).
        "DATABASE_CONN_MAX_AGE": "60",
    }
    env.pop("REDIS_URL", None)  # the embedded default: per-process memory cache
    python = sys.executable

    def manage(*command):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)

    print("Preparing a scratch database with the demo content…", flush=True)
    manage("migrate", "--noinput")
    manage("load_demo")
    manage("collectstatic", "--noinput")

    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(python).parent)) or "gunicorn"
    server = subprocess.Popen(
        [
            gunicorn,
            "editorial.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                if fetch(port, STATIC) == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("gunicorn did not start.")
        article = measure(port, ARTICLE, requests=args.requests, concurrency=args.concurrency)
        static = measure(port, STATIC, requests=args.requests, concurrency=args.concurrency)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(scratch, ignore_errors=True)

    ratio = article / static
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )
    print(
        f"gunicorn: {args.workers} sync workers; client: {args.concurrency} threads, "
        f"{args.requests} requests per URL"
    )
    print(f"article page  {ARTICLE}: {article:8.0f} requests/s")
    print(f"static file   {STATIC}: {static:8.0f} requests/s")
    print(
        f"ratio article/static: {ratio:.2f} (target at least 0.50) — {'met' if ratio >= 0.5 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
