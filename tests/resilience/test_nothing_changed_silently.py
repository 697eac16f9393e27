"""Input we cannot keep as typed is refused with a message naming the field and the reason,
never altered behind the person's back."""

import pytest
from django.urls import reverse

from articles import services
from articles.models import FollowUpQuestion, Revision
from editorial.exceptions import InvalidAction
from reviews.models import ReviewDecision

pytestmark = pytest.mark.django_db

DEEP_LIST = "".join("  " * level + "- level\n" for level in range(12)) + "  " * 12 + "- the dose\n"
DEEP_QUOTE = "> " * 25 + "the dose"


@pytest.mark.parametrize("body", [DEEP_LIST, DEEP_QUOTE])
def test_markdown_nested_deeper_than_pages_show_is_refused_naming_the_wording(draft, editor, body):
    with pytest.raises(InvalidAction) as refusal:
        services.revision_update_draft(
            revision=draft,
            actor=editor,
            body_patient=body,
            body_professional=draft.body_professional,
            change_summary="Deep",
        )
    assert "patient wording" in str(refusal.value)
    assert "too deeply" in str(refusal.value)
    draft.refresh_from_db()
    assert draft.body_patient != body


def test_nesting_a_page_can_show_is_accepted(draft, editor):
    shallow = "".join("  " * level + "- level\n" for level in range(5)) + "> > > quoted"
    services.revision_update_draft(
        revision=draft, actor=editor, body_patient=shallow, body_professional="", change_summary="Ok"
    )
    draft.refresh_from_db()
    assert draft.body_patient == shallow


def test_the_live_preview_tells_the_editor_before_saving(client, editor):
    client.force_login(editor)
    response = client.post(reverse("workspace-preview"), {"text": DEEP_QUOTE, "audience": "professional"})
    assert response.status_code == 400
    assert "professional wording nests lists or quotes too deeply" in response.content.decode()


def test_form_bytes_that_are_not_utf8_are_refused_naming_the_field(client, knee_article):
    response = client.post(
        reverse("article-follow-up", kwargs={"slug": knee_article.slug}),
        data=b"question=Is+ice+%FF%FE+better+than+heat%3F&audience=patient",
        content_type="application/x-www-form-urlencoded",
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "“question”" in page and "not UTF-8" in page
    assert not FollowUpQuestion.objects.exists()


def test_multipart_bytes_that_are_not_utf8_are_refused_too(client, editor, draft):
    client.force_login(editor)
    body = (
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="question"\r\n\r\nKnee \xff\xfe pain?\r\n'
        b"--BOUNDARY--\r\n"
    )
    response = client.post(
        reverse("workspace-revision-edit", args=[draft.pk]),
        data=body,
        content_type="multipart/form-data; boundary=BOUNDARY",
    )
    assert response.status_code == 400
    assert "“question”" in response.content.decode()


def test_valid_utf8_with_a_real_replacement_character_is_accepted(client, knee_article):
    question = "What does the \ufffd sign in my lab report mean for my knee?"
    response = client.post(
        reverse("article-follow-up", kwargs={"slug": knee_article.slug}),
        {"question": question, "audience": "patient"},
        REMOTE_ADDR="203.0.113.10",
    )
    assert response.status_code == 302
    assert FollowUpQuestion.objects.get().question == question


@pytest.mark.parametrize(
    "question",
    [
        "Is it safe for my family 👨\u200d👩\u200d👧 to do these knee exercises together?",
        "\u200fהאם קרח עוזר לכאב ברך? I read it in your article.",
        "هل الثلج مفيد لألم الركبة\u200f؟ وما هي المدة المناسبة",
        "क्या घुटने के दर्द में बर्फ़ मदद करती है? क्\u200dष",
    ],
)
def test_joiners_and_direction_marks_are_kept_exactly(client, knee_article, question):
    response = client.post(
        reverse("article-follow-up", kwargs={"slug": knee_article.slug}),
        {"question": question, "audience": "patient"},
        REMOTE_ADDR="203.0.113.11",
    )
    assert response.status_code == 302
    assert FollowUpQuestion.objects.get().question == question


@pytest.mark.parametrize(
    ("character", "name"),
    [
        ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        ("\x07", "control character"),
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
    ],
)
def test_dangerous_controls_in_a_question_are_refused_and_named(client, knee_article, character, name):
    response = client.post(
        reverse("article-follow-up", kwargs={"slug": knee_article.slug}),
        {"question": f"Is swimming{character} fine for my knee?", "audience": "patient"},
        REMOTE_ADDR="203.0.113.12",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f"U+{ord(character):04X}" in page and name in page
    assert not FollowUpQuestion.objects.exists()


def test_a_search_with_a_null_byte_is_told_so(client, knee_article):
    response = client.get("/search/", {"q": "knee\x00pain"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "null character" in page
    assert "200 characters" not in page


def test_a_decision_posted_with_an_unknown_decision_shows_its_error(
    client, under_review, reviewer, all_checked
):
    client.force_login(reviewer)
    response = client.post(
        reverse("workspace-review-decide", args=[under_review.pk]),
        {"decision": "publish-now", "checklist": all_checked, "comment": "Fine."},
    )
    assert response.status_code == 400
    assert "publish-now is not one of the available choices" in response.content.decode()
    under_review.refresh_from_db()
    assert under_review.state == Revision.State.UNDER_REVIEW
    assert not ReviewDecision.objects.exists()
