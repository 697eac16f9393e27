"""What the bench scripts share: their own PostgreSQL database and Redis number, Django setup,
and small statistics. Benchmarks are never tests: they run from `make bench` only.

The bench database is `editorial_bench` on the server DATABASE_URL points at (default: the
local PostgreSQL), so a bench never touches the development, CI or test databases.
"""

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/editorial"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
BENCH_DB_NAME = os.environ.get("BENCH_DB_NAME", "editorial_bench")
BENCH_REDIS_DB = os.environ.get("BENCH_REDIS_DB", "13")


def bench_database_url():
    url = urlsplit(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    if not url.scheme.startswith("postgres"):
        sys.exit("The benchmarks need PostgreSQL: set DATABASE_URL to a postgres:// address.")
    return urlunsplit(url._replace(path=f"/{BENCH_DB_NAME}"))


def bench_redis_url():
    url = urlsplit(os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL)
    return urlunsplit(url._replace(path=f"/{BENCH_REDIS_DB}"))


def bench_environ():
    """Environment for Django and its processes during a bench: the bench database and Redis."""
    return {
        "DATABASE_URL": bench_database_url(),
        "REDIS_URL": bench_redis_url(),
        "CELERY_BROKER_URL": bench_redis_url(),
        "DJANGO_DEBUG": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Generating the library runs statements of minutes (COPY, the search documents, VACUUM
        # ANALYZE) that the site's 3-second statement timeout would cancel; 0 means none.
        "DATABASE_STATEMENT_TIMEOUT_MS": "0",
    }


def setup_django():
    """Django on the bench database with the local settings (no HTTPS redirect, plain static files)."""
    os.environ.update(bench_environ())
    os.environ["DJANGO_SETTINGS_MODULE"] = "editorial.settings.local"
    import django

    django.setup()


def recreate_database():
    """Drop and create the bench database, then migrate it and load the demo library."""
    import psycopg

    url = urlsplit(bench_database_url())
    admin = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB_NAME}"')


def say(message):
    print(message, flush=True)


class Stopwatch:
    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started


def summary_ms(samples):
    """Median, 90th percentile and mean of durations in seconds, as milliseconds."""
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return {
        "median": statistics.median(ordered) * 1000,
        "p90": p90 * 1000,
        "mean": statistics.fmean(ordered) * 1000,
        "n": len(ordered),
    }


def machine_description():
    """One line naming the machine the figures came from."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}){memory}"
