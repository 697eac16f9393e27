"""Two web processes on the embedded default (each with its own local-memory cache) never
serve a page older than the database: article text, related questions, verification pages,
home page, sitemap."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from articles import services

from .conftest import publish, start_update

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    """The test database, for processes started by the test."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WebProcess:
    """gunicorn with one worker on the embedded default's settings: local-memory cache."""

    def __init__(self):
        self.port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "editorial.settings.local",
            "DJANGO_DEBUG": "false",
            "DATABASE_URL": database_url(),
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        env.pop("REDIS_URL", None)
        env.pop("CELERY_BROKER_URL", None)
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "editorial.wsgi",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                "1",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )

    def get(self, path):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read().decode()
        finally:
            conn.close()

    def wait_until_up(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                return self.get("/healthz")
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def two_processes():
    processes = [WebProcess(), WebProcess()]
    try:
        for process in processes:
            process.wait_until_up()
        yield processes
    finally:
        for process in processes:
            process.stop()


def test_two_processes_show_every_publication_and_unpublication_at_once(
    knee_article, editor, reviewer, chief_editor, two_processes
):
    related = knee_article.related_articles.get()
    article_url = knee_article.get_absolute_url()
    verify_urls = [f"{article_url}verify/", f"{related.get_absolute_url()}verify/"]
    pages = [article_url, related.get_absolute_url(), "/", "/sitemap-articles.xml", "/feeds/updates.atom"]
    pages += [*verify_urls, f"{related.get_absolute_url()}verify.json"]
    for process in two_processes:
        for path in pages * 2:  # rendered, then kept in that process's memory
            assert process.get(path)[0] == 200

    start_update(
        article=knee_article, editor=editor, reviewer=reviewer, text="Cycling is gentle.", approve=True
    )
    for process in two_processes:
        assert "Cycling is gentle." in process.get(article_url)[1]
        assert "The text shown now: revision 2" in process.get(verify_urls[0])[1]

    newcomer = publish(editor=editor, reviewer=reviewer, question="Is rowing good for sore knees?")
    for process in two_processes:
        assert newcomer.question in process.get("/")[1]
        assert newcomer.slug in process.get("/sitemap-articles.xml")[1]
        assert newcomer.question in process.get("/feeds/updates.atom")[1]

    services.article_unpublish(article=related, actor=chief_editor, reason="Merged into another article.")
    for process in two_processes:
        assert related.question not in process.get(article_url)[1]  # related questions
        assert process.get(related.get_absolute_url())[0] == 404
        assert process.get(verify_urls[1])[0] == 404
        assert process.get(f"{related.get_absolute_url()}verify.json")[0] == 404
        assert related.question not in process.get("/")[1]
        assert related.slug not in process.get("/sitemap-articles.xml")[1]
