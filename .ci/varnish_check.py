"""Varnish in front of gunicorn, as deploy/varnish/default.vcl configures it, must show:

- publish -> the next request through Varnish shows the new text (article, related
  questions, home page, sitemap);
- unpublish -> 404 through Varnish, and the article leaves every list;
- no anonymous response through Varnish sets a cookie;
- Varnish answers repeat requests from its cache.

The pages are cached in the web processes' memory, in Django's cache (Redis when REDIS_URL
is set) and in Varnish at once. Publications are made here through the services, on the same
database; their purges run as Celery tasks in this process right after the commit.
"""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
SLUG = "chronic-knee-pain-causing-hip-pain-and-stiffness"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Failed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failed(message)
    print(f"  ok: {message}", flush=True)


class Proxy:
    def __init__(self, port):
        self.port = port
        self.cookies_seen = []

    def get(self, path):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            body = response.read()
            headers = {name.lower(): value for name, value in response.getheaders()}
        finally:
            conn.close()
        if "set-cookie" in headers:
            self.cookies_seen.append((path, headers["set-cookie"]))
        if headers.get("content-encoding") == "gzip":
            import gzip

            body = gzip.decompress(body)
        return response.status, headers, body.decode("utf-8", "replace")


def scratch_database(url):
    """A fresh PostgreSQL database beside the one DATABASE_URL names, or a SQLite file."""
    if not url:
        return f"sqlite:///{tempfile.mkdtemp(prefix='varnish-ci-')}/db.sqlite3", None
    import psycopg

    parts = urlsplit(url)
    name = "editorial_varnish_ci"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), (admin, name)


def wait_for(port, path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            Proxy(port).get(path)
            return
        except OSError:
            time.sleep(0.3)
    raise Failed(f"nothing answered on port {port}")


def main():
    work = Path(tempfile.mkdtemp(prefix="varnish-ci-"))
    os.chmod(work, 0o755)  # varnishd's workers run as another user
    database_url, dropper = scratch_database(os.environ.get("DATABASE_URL", ""))
    backend_port, proxy_port = free_port(), free_port()
    site = f"http://127.0.0.1:{proxy_port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "editorial.settings.local",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "SITE_URL": site,
        "FRONTEND_CACHE_PURGE_URL": site,
        # Purges run as Celery tasks in the process that commits (see the module docstring).
        "CELERY_BROKER_URL": "memory://",
        "DJANGO_LOG_LEVEL": "ERROR",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    print(f"== Varnish in front of gunicorn ({'PostgreSQL' if dropper else 'SQLite'}, "
          f"{'Redis' if env.get('REDIS_URL') else 'local-memory'} cache) ==", flush=True)  # fmt: skip
    processes = []
    try:
        for command in (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                           capture_output=True)  # fmt: skip
        gunicorn = Path(sys.executable).parent / "gunicorn"
        bind = f"127.0.0.1:{backend_port}"
        processes.append(subprocess.Popen(
            [str(gunicorn), "editorial.wsgi", "-b", bind, "-w", "2", "--log-level", "error"],
            cwd=ROOT, env=env,
        ))  # fmt: skip
        vcl = (
            (ROOT / "deploy/varnish/default.vcl")
            .read_text()
            .replace('.port = "8000"', f'.port = "{backend_port}"')
        )
        (work / "default.vcl").write_text(vcl)
        processes.append(subprocess.Popen(
            [VARNISHD, "-F", "-n", str(work / "varnish"), "-a", f"127.0.0.1:{proxy_port}",
             "-f", str(work / "default.vcl"), "-s", "malloc,64m", "-p", "ban_lurker_sleep=0.01"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))  # fmt: skip
        wait_for(backend_port, "/healthz")
        wait_for(proxy_port, "/healthz")
        run_checks(Proxy(proxy_port), env)
        print("Varnish check passed.")
        return 0
    except Failed as failure:
        print(f"FAILED: {failure}", flush=True)
        return 1
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)
        if dropper:
            import psycopg

            with psycopg.connect(dropper[0], autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dropper[1]}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)


def run_checks(proxy, env):
    os.environ.update({key: env[key] for key in env})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from articles import services
    from articles.models import Article
    from tests import factories
    from tests.reader.conftest import publish, start_update

    article = Article.objects.get(slug=SLUG)
    linking = Article.objects.filter(related_articles=article).exclude(live_revision=None).first()
    pages = [article.get_absolute_url(), linking.get_absolute_url(), "/", "/search/?q=knee", "/sitemap.xml",
             "/sitemap-articles.xml", "/feeds/updates.atom", "/board/", "/editorial-policy/",
             "/robots.txt"]  # fmt: skip

    for path in pages:
        first, second = proxy.get(path), proxy.get(path)
        check(first[0] == 200 and second[0] == 200, f"{path} answers 200 through Varnish")
        check(second[1].get("x-cache") == "HIT", f"the repeat request for {path} is a cache hit")
    check("cycling is kind to knees" not in proxy.get(article.get_absolute_url())[2], "the article is cached")

    editor, chief = factories.EditorFactory(), factories.ChiefEditorFactory().user
    reviewer = factories.BoardMemberFactory().user
    start_update(article=article, editor=editor, reviewer=reviewer, text="Regular cycling is kind to knees.",
                 approve=True)  # fmt: skip
    status, headers, html = proxy.get(article.get_absolute_url())
    check("Regular cycling is kind to knees." in html, "after approval the next request shows the new text")
    check(headers.get("x-cache") == "MISS", "that request was not answered from the purged copy")
    check(proxy.get(article.get_absolute_url())[1].get("x-cache") == "HIT", "the new text is cached again")

    newcomer = publish(editor=editor, reviewer=reviewer, question="Is rowing good for sore knees?")
    check(newcomer.question in proxy.get("/")[2], "a new article is on the home page at once")
    check(newcomer.slug in proxy.get("/sitemap-articles.xml")[2], "and in the sitemap")

    related_question = article.question
    check(related_question in proxy.get(linking.get_absolute_url())[2], "a page lists the article as related")
    services.article_unpublish(article=article, actor=chief, reason="Checked by CI.")
    check(
        proxy.get(article.get_absolute_url())[0] == 404,
        "after unpublication the article is 404 through Varnish",
    )
    check(proxy.get(article.get_absolute_url() + "?audience=professional")[0] == 404, "both wordings are 404")
    check(related_question not in proxy.get(linking.get_absolute_url())[2], "it left the related questions")
    check(related_question not in proxy.get("/")[2], "it left the home page")
    check(article.slug not in proxy.get("/sitemap-articles.xml")[2], "it left the sitemap")
    check(not proxy.cookies_seen, f"no anonymous response set a cookie {proxy.cookies_seen[:1]}")


if __name__ == "__main__":
    raise SystemExit(main())
