"""Hostile input in every field a person types into: article bodies and questions,
review comments, reference entries and follow-up questions. None of it may reach a
page, an admin screen or an e-mail as something a browser would run."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles import services
from articles.models import FollowUpQuestion
from notifications.models import Notification
from reviews import decisions as review_decisions
from tests import factories
from tests.security.xss_vectors import XSS_VECTORS, active_content

pytestmark = pytest.mark.django_db


def hostile_body(reference):
    paragraphs = [f"{vector} [@{reference.citation_key}]" for vector in XSS_VECTORS]
    return "\n\n".join(paragraphs)


@pytest.fixture
def hostile_reference(db):
    return factories.ReferenceFactory(
        citation_key="hostile",
        title='<script>alert("title")</script><img src=x onerror=alert(1)>',
        authors="<svg onload=alert(1)>\nO'Brien \"><script>alert(1)</script>",
        source="<iframe src=javascript:alert(1)>",
        url="javascript:alert(1)",
        doi='10.1000/x"><script>alert(1)</script>',
        pmid="1<script>",
    )


@pytest.fixture
def hostile_article(editor, reviewer, disclaimers, hostile_reference):
    revision = factories.make_draft(
        editor=editor,
        question='Is <script>alert("q")</script> "safe"? <img src=x onerror=alert(1)>',
        body_patient=hostile_body(hostile_reference),
        body_professional=hostile_body(hostile_reference),
    )
    services.revision_submit(revision=revision, actor=editor)
    review_decisions.revision_start_review(revision=revision, actor=reviewer)
    review_decisions.revision_approve(
        checklist_confirmed=factories.all_checklist_keys(),
        revision=revision,
        actor=reviewer,
        comment=XSS_VECTORS[0],
    )
    revision.refresh_from_db()
    return revision.article


def test_there_are_at_least_fifty_vectors():
    assert len(set(XSS_VECTORS)) >= 50


@pytest.mark.parametrize("audience", ["patient", "professional"])
def test_vectors_in_an_approved_article_never_become_active_on_the_reader_page(
    client, hostile_article, audience
):
    response = client.get(hostile_article.get_absolute_url(), {"audience": audience})
    assert response.status_code == 200
    html = response.content.decode()
    assert active_content(html) == []
    assert "&lt;script&gt;" in html  # shown as text, not dropped silently


def test_vectors_never_become_active_in_search_home_feed_and_sitemap(client, hostile_article):
    for url, params in [
        (reverse("home"), {}),
        (reverse("search"), {"q": "script"}),
        (reverse("search"), {"q": XSS_VECTORS[0]}),
        (reverse("feed-updates"), {}),
    ]:
        response = client.get(url, params)
        assert response.status_code == 200, url
        assert active_content(response.content.decode()) == [], url


def test_vectors_in_review_comments_never_become_active_in_emails_or_the_admin(
    client, editor, reviewer, disclaimers, reference, admin_user
):
    revision = factories.make_under_review(editor=editor, reviewer_user=reviewer, references=[reference])
    comment = "\n".join(XSS_VECTORS)
    review_decisions.revision_request_changes(revision=revision, actor=reviewer, comment=comment)
    notification = Notification.objects.get(kind="changes_requested")
    assert active_content(notification.body_html) == []
    assert "&lt;script&gt;" in notification.body_html
    client.force_login(admin_user)
    for url in (
        reverse("admin:articles_revision_change", args=[revision.pk]),
        reverse("admin:articles_revision_history", args=[revision.pk]),
        reverse("admin:reviews_reviewdecision_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert active_content(response.content.decode()) == [], url


@pytest.mark.parametrize("vector", XSS_VECTORS[:20])
def test_vectors_as_follow_up_questions_are_stored_as_text_and_shown_safely_to_editors(
    client, hostile_article, admin_user, vector
):
    question = f"Is this safe for me to try at home? {vector}"
    client.post(reverse("article-follow-up", args=[hostile_article.slug]), {"question": question})
    stored = FollowUpQuestion.objects.get()
    assert stored.question.startswith("Is this safe")
    client.force_login(admin_user)
    for url in (
        reverse("admin:articles_followupquestion_changelist"),
        reverse("admin:articles_followupquestion_change", args=[stored.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert active_content(response.content.decode()) == [], url


def test_hostile_reference_data_is_inert_in_the_library_admin(client, hostile_article, chief_editor):
    chief_editor.is_staff = True
    chief_editor.save()
    Group.objects.get(name="Chief editors").user_set.add(chief_editor)
    client.force_login(chief_editor)
    response = client.get(reverse("admin:references_reference_changelist"))
    assert response.status_code == 200
    assert active_content(response.content.decode()) == []
