"""Bad input from readers gets a 404 or a clear message, never a 500."""

import pytest

from articles import services
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_unknown_slug_is_404(client, knee_article):
    assert client.get("/articles/no-such-article/").status_code == 404
    assert client.get("/articles/no-such-article/?audience=professional").status_code == 404


@pytest.mark.parametrize("value", ["doctor", "", "PATIENT", "patient'--", "<script>"])
def test_an_unknown_audience_gets_a_clear_400(client, knee_article, value):
    response = client.get(knee_article.get_absolute_url(), {"audience": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the patient wording or the healthcare professional wording" in html
    assert "<script>" not in html


def test_a_bad_audience_cookie_is_ignored(client, knee_article):
    client.cookies["reader_audience"] = "<b>surgeon</b>"
    response = client.get(knee_article.get_absolute_url())
    assert response.status_code == 200
    assert "Long-lasting knee pain" in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "99999999999999999999", "２", "5"])
def test_a_bad_page_number_is_404(client, knee_article, page):
    assert client.get("/", {"page": page}).status_code == 404
    assert client.get("/search/", {"q": "knee", "page": page}).status_code == 404


@pytest.mark.parametrize(
    "query",
    ["%", "_", "'", '"', "\\", "a & b | !c", "knee:*", "<script>alert(1)</script>", "(((", "-", "🦵", "\t"],
)
def test_odd_search_strings_are_answered_never_500(client, knee_article, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_null_byte_or_overlong_search_gets_a_clear_message(client, knee_article):
    for query in ("knee\x00pain", "knee " * 100):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()


def test_script_typed_into_an_article_never_runs_in_a_readers_browser(
    client, editor, reviewer, disclaimers, reference
):
    hostile = (
        "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) "
        f"[@{reference.citation_key}]"
    )
    article = factories.make_live(
        editor=editor, reviewer_user=reviewer, body_patient=hostile, references=[reference]
    ).article
    html = client.get(article.get_absolute_url()).content.decode()
    body = html.split('<div class="article-body"')[1].split("</div>")[0]
    assert "<script" not in body and "<img" not in body
    assert 'href="javascript' not in body
    assert "onerror" not in body.replace("onerror=alert(2)&gt;", "")  # only as escaped text


def test_head_requests_work_and_other_methods_are_refused(client, knee_article):
    assert client.head(knee_article.get_absolute_url()).status_code == 200
    assert client.post(knee_article.get_absolute_url()).status_code == 405
    assert client.delete("/").status_code == 405


def test_a_withdrawn_only_article_is_404(client, editor, draft):
    services.revision_withdraw(revision=draft, actor=editor)
    assert client.get(draft.article.get_absolute_url()).status_code == 404
