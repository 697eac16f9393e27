"""A public page is the same bytes for every reader, so it is compressed once and the compressed
bytes are reused; a private page is compressed afresh every time and never kept."""

import brotli
import pytest

from editorial import http_caching
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def compressions(monkeypatch):
    """Counts real compressions, whatever encoding the middleware picks."""
    calls = []
    choose = http_caching.compressor

    def counting_compressor(accept_encoding):
        encoding, compress, stream = choose(accept_encoding)
        if compress is None:
            return encoding, compress, stream

        def counted(content):
            calls.append(encoding)
            return compress(content)

        return encoding, counted, stream

    monkeypatch.setattr(http_caching, "compressor", counting_compressor)
    http_caching.compressed_public_pages.clear()
    yield calls
    http_caching.compressed_public_pages.clear()


def test_a_public_reader_page_is_compressed_once_for_many_readers(
    client, editor, reviewer, disclaimers, compressions
):
    article = factories.make_live(editor=editor, reviewer_user=reviewer).article
    plain = client.get(article.get_absolute_url())
    assert "public" in plain["Cache-Control"]

    answers = [client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="br") for _ in range(3)]

    assert compressions == ["br"]
    assert {answer.content for answer in answers} == {answers[0].content}
    assert brotli.decompress(answers[0].content) == plain.content
    assert answers[0]["ETag"].endswith('-br"')


def test_a_private_page_is_compressed_every_time_and_never_kept(client, django_user_model, compressions):
    client.force_login(django_user_model.objects.create_superuser("siteadmin", "a@example.org", "x" * 16))
    for _ in range(2):
        response = client.get("/admin/", HTTP_ACCEPT_ENCODING="br")
        assert response["Content-Encoding"] == "br" and "no-store" in response["Cache-Control"]
    assert compressions == ["br", "br"]
    assert len(http_caching.compressed_public_pages._entries) == 0


def test_the_memo_keeps_only_the_most_recent_pages():
    memo = http_caching.CompressedMemo(max_entries=2)
    for page in (b"first page", b"second page", b"third page"):
        memo.compress("gzip", bytes.upper, page)
    assert sorted(memo._entries.values()) == [b"SECOND PAGE", b"THIRD PAGE"]
    calls = []
    memo.compress("gzip", lambda content: calls.append(content) or content.upper(), b"first page")
    assert calls == [b"first page"]  # dropped, so compressed again
