"""The reader page under gunicorn with 1, 2 and 4 worker processes.

    python bench/gunicorn_workers.py [--workers 1 2 4] [--seconds 10] [--clients 8]

Starts the Procfile's `web` process (production settings, the bench database and
Redis) once per worker count and drives it with concurrent HTTP clients asking
for article pages of the bench library, then prints requests per second and
latency. The load generator runs on the same machine and takes CPU from the
workers: on a 2-core machine, 4 workers cannot beat 2 by much.
"""

import argparse
import http.client
import os
import random
import secrets
import socket
import subprocess
import sys
import threading
import time

import redis
from common import (
    ROOT,
    Stopwatch,
    bench_environ,
    bench_redis_url,
    machine_description,
    say,
    setup_django,
    summary_ms,
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environ(port, workers):
    env = dict(os.environ)
    env.update(bench_environ())
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "editorial.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_LOG_LEVEL": "WARNING",
            "BIND": "127.0.0.1",
            "PORT": str(port),
            "WEB_CONCURRENCY": str(workers),
            "PATH": f"{ROOT / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        }
    )
    return env


def procfile_command(name):
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(f"{name}:"):
            # Access logs off: writing them would be part of what is measured.
            return line.split(":", 1)[1].strip().replace("--access-logfile -", "")
    raise SystemExit(f"The Procfile has no {name} process.")


def wait_until_up(port, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before answering.")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz in time.")


def render_each_once(port, paths):
    """Every page once (rendered and put in Redis), as on a site that has been up a while: each
    run then measures serving pages, not the first rendering of as many as it gets through."""
    for path in paths:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        conn.getresponse().read()
        conn.close()


def load(port, paths, seconds, clients):
    stop = time.monotonic() + seconds
    samples, errors = [], []
    lock = threading.Lock()

    def client(seed):
        rng = random.Random(seed)
        mine, bad = [], 0
        while time.monotonic() < stop:
            path = rng.choice(paths)
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers={"Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status != 200:
                    bad += 1
                    continue
            except OSError:
                bad += 1
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            samples.extend(mine)
            errors.append(bad)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    with Stopwatch() as watch:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return len(samples) / watch.seconds, summary_ms(samples), sum(errors)


def main():
    parser = argparse.ArgumentParser(description="Reader page throughput under gunicorn.")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    say("== gunicorn: the article page with 1, 2 and 4 workers ==")
    say(f"machine: {machine_description()}")
    setup_django()
    from django.urls import reverse

    from articles.models import Article

    slugs = list(
        Article.objects.filter(live_revision__isnull=False).order_by("?").values_list("slug", flat=True)[:500]
    )
    paths = [reverse("article-detail", kwargs={"slug": slug}) for slug in slugs]
    say(f"  library: {Article.objects.count():,} articles; {len(paths)} different article pages requested")
    # The manifest storage needs collected files, as on any deploy.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=production_environ(0, 1),
        check=True,
    )

    command = procfile_command("web")
    results = []
    for workers in args.workers:
        # Every run starts from the same state: nothing in Redis from the run before.
        redis.Redis.from_url(bench_redis_url()).flushdb()
        port = free_port()
        process = subprocess.Popen(
            ["sh", "-c", f"exec env {command}"],
            cwd=ROOT,
            env=production_environ(port, workers),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(port, process)
            render_each_once(port, paths)
            load(port, paths, 2, args.clients)  # warm-up: each worker's own memory
            rate, latency, errors = load(port, paths, args.seconds, args.clients)
        finally:
            process.terminate()
            process.wait(timeout=30)
        results.append((workers, rate))
        say(
            f"  {workers} worker(s): {rate:7.1f} requests/s   median {latency['median']:6.1f} ms"
            f"   p90 {latency['p90']:6.1f} ms   errors {errors}"
        )
    base = results[0][1]
    say("  scaling: " + ", ".join(f"{w} workers {r / base:.2f}x" for w, r in results))


if __name__ == "__main__":
    main()
