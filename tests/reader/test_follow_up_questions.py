"""A reader's follow-up question reaches the editors' intake queue, never a public page; editors
can turn one into a new article draft from the admin."""

import pytest
from django.test import override_settings
from django.urls import reverse

from articles.models import Article, FollowUpQuestion, Revision
from roles.groups import CHIEF_EDITORS, EDITORS
from tests import factories

pytestmark = pytest.mark.django_db

QUESTION = "Should I use ice or heat on my knee after the exercises?"


def ask(client, article, question=QUESTION, audience="patient", address="203.0.113.7"):
    return client.post(
        reverse("article-follow-up", kwargs={"slug": article.slug}),
        {"question": question, "audience": audience},
        REMOTE_ADDR=address,
    )


def test_a_question_is_stored_for_editors_and_the_reader_sees_a_confirmation(client, knee_article):
    response = ask(client, knee_article, audience="professional")
    assert response.status_code == 302
    # Back to the wording the reader was reading.
    assert response["Location"] == knee_article.get_absolute_url() + "?audience=professional#follow-up"
    stored = FollowUpQuestion.objects.get()
    assert (stored.article, stored.question, stored.audience) == (knee_article, QUESTION, "professional")
    assert stored.status == FollowUpQuestion.Status.NEW
    assert "203.0.113.7" not in stored.client_fingerprint and len(stored.client_fingerprint) == 64
    assert stored.history.get().history_change_reason == "Asked by a reader"

    confirmation = client.get(response["Location"])
    html = confirmation.content.decode()
    assert "your question has reached our editors" in html
    assert "private" in confirmation["Cache-Control"]  # the one-time message is this reader's
    assert QUESTION not in html  # never shown publicly
    assert QUESTION not in client.get(knee_article.get_absolute_url()).content.decode()


def test_control_characters_are_refused_not_removed(client, knee_article):
    # Nothing typed is altered silently (tests/resilience/test_nothing_changed_silently.py).
    response = ask(client, knee_article, question="Is\x07 swimming\u202e fine for\x1b my knee?")
    assert response.status_code == 400
    assert "U+0007" in response.content.decode()
    assert not FollowUpQuestion.objects.exists()


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "Please write your question"),
        ("   \n  ", "Please write your question"),
        ("Why?", "too short"),
        ("x" * 2001, "too long"),
    ],
)
def test_an_empty_short_or_overlong_question_is_refused_with_a_clear_message(
    client, knee_article, question, message
):
    response = ask(client, knee_article, question=question)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert FollowUpQuestion.objects.count() == 0


@override_settings(FOLLOWUP_QUESTIONS_PER_HOUR=2)
def test_a_client_over_the_hourly_limit_gets_429_and_nothing_is_stored(client, knee_article):
    assert ask(client, knee_article).status_code == 302
    assert ask(client, knee_article).status_code == 302
    response = ask(client, knee_article)
    assert response.status_code == 429
    assert "try again later" in response.content.decode()
    assert FollowUpQuestion.objects.count() == 2
    # Another client is not affected.
    assert ask(client, knee_article, address="198.51.100.4").status_code == 302


@override_settings(FOLLOWUP_QUESTIONS_PER_HOUR=1, CLIENT_ADDRESS_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_a_proxy_the_limit_applies_to_the_address_the_proxy_reports(client, knee_article):
    url = reverse("article-follow-up", kwargs={"slug": knee_article.slug})
    question = {"question": "Can I keep running while my knee hurts?"}
    # Every request comes from the proxy's address; the header tells readers apart.
    first = client.post(url, question, HTTP_X_FORWARDED_FOR="198.51.100.7")
    second = client.post(url, question, HTTP_X_FORWARDED_FOR="198.51.100.8")
    again = client.post(url, question, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
    assert (first.status_code, second.status_code, again.status_code) == (302, 302, 429)


def test_questions_about_an_article_readers_cannot_see_are_refused(client, draft):
    response = ask(client, draft.article)
    assert response.status_code == 404
    assert FollowUpQuestion.objects.count() == 0


def test_the_form_only_accepts_post(client, knee_article):
    response = client.get(reverse("article-follow-up", kwargs={"slug": knee_article.slug}))
    assert response.status_code == 405


def admin_client(client, user):
    user.is_staff = True
    user.save()
    client.force_login(user)
    return client


def test_an_editor_turns_a_question_into_a_new_article_draft_from_the_admin(client, knee_article, editor):
    ask(client, knee_article)
    question = FollowUpQuestion.objects.get()
    admin_client(client, editor)
    response = client.post(
        reverse("admin:articles_followupquestion_changelist"),
        {"action": "turn_into_article_drafts", "_selected_action": [question.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Started the draft" in response.content.decode()
    question.refresh_from_db()
    article = question.planned_article
    assert question.status == FollowUpQuestion.Status.PLANNED
    assert article.question == QUESTION
    assert article.specialty == knee_article.specialty
    assert not article.is_live
    draft = article.revisions.get()
    assert (draft.state, draft.author) == (Revision.State.DRAFT, editor)
    assert question.history.first().history_user == editor
    # The new article is a draft: readers still cannot see it.
    assert client.get(article.get_absolute_url()).status_code == 404

    # Doing it twice is refused and creates nothing.
    count = Article.objects.count()
    response = client.post(
        reverse("admin:articles_followupquestion_changelist"),
        {"action": "turn_into_article_drafts", "_selected_action": [question.pk]},
        follow=True,
    )
    assert "already been turned into an article draft" in response.content.decode()
    assert Article.objects.count() == count


def test_the_turn_into_drafts_action_is_not_offered_to_those_who_cannot_write(client, knee_article):
    ask(client, knee_article)
    chief = factories.ChiefEditorFactory(user__groups=[CHIEF_EDITORS]).user
    assert not chief.groups.filter(name=EDITORS).exists()
    admin_client(client, chief)
    html = client.get(reverse("admin:articles_followupquestion_changelist")).content.decode()
    assert "turn_into_article_drafts" not in html
