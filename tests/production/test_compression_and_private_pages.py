"""Text answers are compressed when the client asks (brotli, gzip), static files are
precompressed, and every page that does not say it is public is `private, no-store`."""

import gzip
from pathlib import Path

import brotli
import pytest
from django.core.management import call_command

from editorial.http_caching import etag_without_encoding

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_page(client, django_user_model):
    """A page long enough to be worth compressing: the admin's index."""
    client.force_login(django_user_model.objects.create_superuser("siteadmin", "a@example.org", "x" * 16))
    return "/admin/"


def test_html_is_sent_with_brotli_when_the_client_accepts_it(client, long_page):
    plain = client.get(long_page)
    response = client.get(long_page, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["Vary"]
    html = brotli.decompress(response.content)
    # The same page (its CSRF token differs from one answer to the next).
    assert html.startswith(b"<!DOCTYPE html>") and html.endswith(b"</html>\n")
    assert abs(len(html) - len(plain.content)) < 100
    assert len(response.content) < len(plain.content) / 2


def test_html_is_sent_with_gzip_to_a_client_without_brotli(client, long_page):
    plain = client.get(long_page)
    response = client.get(long_page, HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content)
    assert html.startswith(b"<!DOCTYPE html>") and abs(len(html) - len(plain.content)) < 100


def test_nothing_is_compressed_for_a_client_that_does_not_ask(client, long_page):
    response = client.get(long_page)

    assert "Content-Encoding" not in response
    assert b"<html" in response.content


def test_a_strong_etag_stays_strong_with_the_encoding_in_it():
    assert etag_without_encoding('"abc-br"') == '"abc"'
    assert etag_without_encoding('"abc-gzip"') == '"abc"'
    assert etag_without_encoding('W/"abc"') == '"abc"'
    assert etag_without_encoding('"a-b"') == '"a-b"'


@pytest.mark.parametrize("path", ["/workspace/", "/workspace/queue/", "/admin/"])
def test_staff_pages_are_private_and_never_stored(client, chief_editor, path):
    client.force_login(chief_editor)
    response = client.get(path, follow=False)

    assert {"private", "no-store"} <= directives(response)


def test_the_login_page_is_private_and_never_stored(client):
    assert {"private", "no-store"} <= directives(client.get("/accounts/login/"))


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_collectstatic_writes_brotli_and_gzip_copies_of_text_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)

    stylesheets = [p for p in Path(tmp_path, "css").glob("site.*.css")]
    assert stylesheets
    for css in stylesheets:
        original = css.read_bytes()
        assert brotli.decompress(Path(f"{css}.br").read_bytes()) == original
        assert gzip.decompress(Path(f"{css}.gz").read_bytes()) == original
