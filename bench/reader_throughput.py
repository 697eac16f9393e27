"""make bench: reader pages against a static file from the same server, side by side.

For each configuration, gunicorn (2 sync workers, like the issue's measurements) serves the
demo content and a load generator asks, in interleaved rounds, for the article page, the home
page, a search and a static file (whitenoise); each page's rate is divided by the static
file's rate in the same round. Configurations:

- embedded: the embedded default (SQLite, local-memory cache);
- production: PostgreSQL + Redis with the production settings (DATABASE_URL, REDIS_URL;
  a scratch database editorial_bench_http and Redis database BENCH_REDIS_DB);
- varnish: the production configuration behind Varnish (deploy/varnish/default.vcl).

It also prints the queries each page costs cold and warm on both databases. Requests ask for
compressed answers (Accept-Encoding: gzip, deflate, br) as browsers do. wrk is used when
installed (apt-get install wrk), else a slower Python client that takes more of the CPU.

    python bench/reader_throughput.py [--rounds 3] [--seconds 4] [--configs embedded production varnish]
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "article": "/articles/chronic-knee-pain-causing-hip-pain-and-stiffness/",
    "home": "/",
    "search": "/search/?q=knee",
}
STATIC = "/static/css/site.css"
GOALS = {"article": 0.5, "home": 0.4, "search": 0.15}
ACCEPT_ENCODING = "gzip, deflate, br"
HTTP_DB_NAME = "editorial_bench_http"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": ACCEPT_ENCODING})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def rate_python(port, path, seconds, concurrency=8):
    deadline = time.perf_counter() + seconds

    def worker(_):
        done = 0
        while time.perf_counter() < deadline:
            if fetch(port, path) != 200:
                raise SystemExit(f"{path} did not answer 200")
            done += 1
        return done

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        total = sum(pool.map(worker, range(concurrency)))
    return total / (time.perf_counter() - start)


def rate_wrk(port, path, seconds):
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", f"Accept-Encoding: {ACCEPT_ENCODING}",
         f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    if "Non-2xx" in output:
        raise SystemExit(f"{path}: some answers were not 200:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def wait_until_up(port, path="/healthz", timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if fetch(port, path) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"nothing answered on port {port}")


def manage(env, *command):
    subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
    )


def embedded_env(scratch):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "editorial.settings.local",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{scratch / 'bench.sqlite3'}",
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    return env


def production_env():
    import psycopg

    url = urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/editorial")
    redis = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    redis_url = urlunsplit(redis._replace(path=f"/{os.environ.get('BENCH_REDIS_DB', '13')}"))
    with psycopg.connect(urlunsplit(url._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{HTTP_DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{HTTP_DB_NAME}"')
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "editorial.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": urlunsplit(url._replace(path=f"/{HTTP_DB_NAME}")),
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "DJANGO_LOG_LEVEL": "WARNING",
    }


class Site:
    """Scratch database with the demo content, collected static files, gunicorn (and Varnish)."""

    def __init__(self, name, env, *, varnish=False):
        self.name, self.env, self.processes = name, env, []
        self.work = Path(tempfile.mkdtemp(prefix=f"reader-bench-{name}-"))
        os.chmod(self.work, 0o755)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--noinput", "--clear")
        self.backend = free_port()
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        bind = f"127.0.0.1:{self.backend}"
        self.processes.append(subprocess.Popen(
            [gunicorn, "editorial.wsgi", "-b", bind, "-w", "2", "--log-level", "warning"], cwd=ROOT, env=env,
        ))  # fmt: skip
        wait_until_up(self.backend)
        self.port = self.backend
        if varnish:
            self.port = free_port()
            vcl = (ROOT / "deploy/varnish/default.vcl").read_text()
            (self.work / "default.vcl").write_text(vcl.replace('.port = "8000"', f'.port = "{self.backend}"'))
            self.processes.append(subprocess.Popen(
                [VARNISHD, "-F", "-n", str(self.work / "varnish"), "-a", f"127.0.0.1:{self.port}",
                 "-f", str(self.work / "default.vcl"), "-s", "malloc,64m"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ))  # fmt: skip
            wait_until_up(self.port)

    def stop(self):
        for process in reversed(self.processes):
            process.terminate()
            process.wait(timeout=20)
        shutil.rmtree(self.work, ignore_errors=True)


def query_counts(env):
    output = subprocess.run(
        [sys.executable, "bench/reader_queries.py", *PAGES.values()],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    rows = [line.split("\t") for line in output.strip().splitlines()]
    return {path: (int(cold), int(warm)) for path, _status, cold, warm in rows}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--configs", nargs="+", default=["embedded", "production", "varnish"])
    args = parser.parse_args()
    measure = (lambda port, path: rate_wrk(port, path, args.seconds)) if shutil.which("wrk") else (
        lambda port, path: rate_python(port, path, args.seconds))  # fmt: skip
    client = "wrk -t2 -c8" if shutil.which("wrk") else "Python threads (8); install wrk for steadier figures"

    scratch = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    sites = {}
    try:
        print("Preparing the sites (demo content, static files, gunicorn)…", flush=True)
        if "embedded" in args.configs:
            sites["embedded"] = Site("embedded", embedded_env(scratch))
        if {"production", "varnish"} & set(args.configs):
            env = production_env()
            site = Site("production", env, varnish="varnish" in args.configs)
            if "production" in args.configs:
                sites["production"] = site
            if "varnish" in args.configs:
                sites["varnish"] = site
        ratios = {(config, page): [] for config in sites for page in PAGES}
        rates = {(config, page): [] for config in sites for page in [*PAGES, "static"]}
        print("Warming up (first requests load code and fill each worker's caches)…", flush=True)
        for config, site in sites.items():
            port = site.port if config == "varnish" else site.backend
            for path in [*PAGES.values(), STATIC]:
                measure(port, path)
        for number in range(1, args.rounds + 1):
            print(f"round {number} of {args.rounds}", flush=True)
            for config, site in sites.items():
                port = site.port if config == "varnish" else site.backend
                for name, path in PAGES.items():
                    page, static = measure(port, path), measure(port, STATIC)
                    rates[config, name].append(page)
                    rates[config, "static"].append(static)
                    ratios[config, name].append(page / static)
        counts = {}
        if "embedded" in sites:
            counts["embedded (SQLite)"] = query_counts(sites["embedded"].env)
        if "production" in sites or "varnish" in sites:
            counts["production (PostgreSQL)"] = query_counts(
                next(s for s in sites.values() if s.name == "production").env
            )
    finally:
        for site in {id(site): site for site in sites.values()}.values():
            site.stop()
        shutil.rmtree(scratch, ignore_errors=True)

    print()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; gunicorn 2 sync workers; "
          f"client {client}, {args.seconds} s per figure, {args.rounds} interleaved rounds; "
          f"Accept-Encoding: {ACCEPT_ENCODING}")  # fmt: skip
    print(f"{'configuration':<12} {'page':<8} {'requests/s':>16} {'static/s':>16} {'ratio':>12}  goal")
    failures = []
    for (config, name), values in ratios.items():
        low, high = min(values), max(values)
        page_rates, static_rates = rates[config, name], rates[config, "static"]
        met = low >= GOALS[name]
        if not met:
            failures.append(f"{config} {name}")
        print(
            f"{config:<12} {name:<8} {min(page_rates):7.0f}–{max(page_rates):<7.0f} "
            f"{min(static_rates):7.0f}–{max(static_rates):<7.0f} {low:5.2f}–{high:<5.2f}  "
            f"≥ {GOALS[name]:.2f} {'met' if met else 'NOT met'}"
        )
    print()
    for config, paths in counts.items():
        for name, path in PAGES.items():
            cold, warm = paths[path]
            print(f"queries {config:<24} {name:<8} cold {cold}  warm {warm}")
    if failures:
        print(f"Goal not met in every round: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
