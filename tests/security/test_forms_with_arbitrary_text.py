"""Property-based: whatever text people type into the site's forms, the answer is a page
or a clear refusal — never a 500."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories

pytestmark = pytest.mark.django_db

ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300) | st.sampled_from(
    ["", " ", "\x00", "[@", "[@missing]", "%00", "<script>", "a" * 5000, "\u202e", "💊"]
)
FORM_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def live(editor, reviewer, disclaimers, reference):
    return factories.make_live(editor=editor, reviewer_user=reviewer, references=[reference])


@FORM_SETTINGS
@given(query=ANY_TEXT, page=ANY_TEXT)
def test_search_answers_any_query(client, live, query, page):
    response = client.get(reverse("search"), {"q": query, "page": page})
    assert response.status_code in (200, 400, 404)


@FORM_SETTINGS
@given(question=ANY_TEXT, audience=ANY_TEXT)
def test_the_follow_up_form_answers_any_question(client, live, question, audience):
    response = client.post(
        reverse("article-follow-up", args=[live.article.slug]), {"question": question, "audience": audience}
    )
    assert response.status_code in (302, 400, 429)


@FORM_SETTINGS
@given(audience=ANY_TEXT)
def test_the_article_page_answers_any_audience(client, live, audience):
    response = client.get(live.article.get_absolute_url(), {"audience": audience})
    assert response.status_code in (200, 400)


@FORM_SETTINGS
@given(body=ANY_TEXT, summary=ANY_TEXT)
def test_the_draft_editor_answers_any_text(client, editor, disclaimers, reference, body, summary):
    draft = factories.make_draft(editor=editor, references=[reference])
    client.force_login(editor)
    response = client.post(
        reverse("workspace-revision-edit", args=[draft.pk]),
        {"question": summary, "body_patient": body, "body_professional": body, "change_summary": summary},
    )
    assert response.status_code in (200, 302, 400)
    client.post(reverse("workspace-revision-withdraw", args=[draft.pk]))


@FORM_SETTINGS
@given(comment=ANY_TEXT, action=st.sampled_from(["request_changes", "approve", "nonsense", ""]))
def test_the_admin_workflow_buttons_answer_any_comment(client, admin_user, under_review, comment, action):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:articles_revision_transition", args=[under_review.pk]),
        {"action": action, "comment": comment},
    )
    assert response.status_code == 302
