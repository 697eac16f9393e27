"""The Django admin runs the workflow through the same services, with the same rules."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles import services
from articles.models import Article, Revision
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(editor, reviewer, second_reviewer, chief_editor):
    for user in (editor, reviewer, second_reviewer, chief_editor):
        user.is_staff = True
        user.save()


def transition(client, revision, action, comment="", checklist=None):
    checklist = factories.all_checklist_keys() if checklist is None else checklist
    return client.post(
        reverse("admin:articles_revision_transition", args=[revision.pk]),
        {"action": action, "comment": comment, "checklist": checklist},
        follow=True,
    )


def save_draft_in_admin(client, revision, **fields):
    fields.setdefault("question", Revision.objects.get(pk=revision.pk).question)
    return post_admin_form(client, reverse("admin:articles_revision_change", args=[revision.pk]), **fields)


def post_admin_form(client, url, **fields):
    """Post an admin form as a browser would, inline management forms included."""
    form_page = client.get(url)
    data = {}
    for inline in form_page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial) or 0
    data.update(fields)
    return client.post(url, data)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_full_review_cycle_through_admin_buttons_is_recorded_in_history(
    client, staff, editor, reviewer, reference, disclaimers
):
    client.force_login(editor)
    response = post_admin_form(
        client,
        reverse("admin:articles_article_add"),
        question="Does stretching prevent injury?",
        slug="stretching",
        specialty="Sports",
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="stretching")
    response = client.post(reverse("admin:articles_article_new_draft", args=[article.pk]), follow=True)
    revision = article.revisions.get()
    change_url = reverse("admin:articles_revision_change", args=[revision.pk])
    response = save_draft_in_admin(
        client,
        revision,
        body_patient=f"Stretching alone does not prevent injury. [@{reference.citation_key}]",
        body_professional=f"Evidence is weak. [@{reference.citation_key}]",
        change_summary="First version",
    )
    assert response.status_code == 302
    assert "Done: the revision is now submitted." in messages_of(transition(client, revision, "submit"))

    client.force_login(reviewer)
    page = client.get(change_url)
    assert b'value="start_review"' in page.content
    transition(client, revision, "start_review")
    assert "needs a comment" in " ".join(messages_of(transition(client, revision, "request_changes")))
    transition(client, revision, "request_changes", comment="Cite the 2019 guideline.")
    revision.refresh_from_db()
    assert revision.state == Revision.State.CHANGES_REQUESTED

    client.force_login(editor)
    client.post(reverse("admin:articles_article_new_draft", args=[article.pk]))
    second = article.revisions.get(number=2)
    save_draft_in_admin(
        client,
        second,
        body_patient=second.body_patient,
        body_professional=second.body_professional,
        change_summary="Cited the guideline",
    )
    transition(client, second, "submit")
    client.force_login(reviewer)
    transition(client, second, "start_review")
    transition(client, second, "approve", comment="Good.")
    second.refresh_from_db()
    assert second.state == Revision.State.APPROVED
    article.refresh_from_db()
    assert article.live_revision == second

    history = client.get(reverse("admin:articles_revision_history", args=[second.pk]))
    assert history.status_code == 200
    for reason in (
        "Draft created from revision 1",
        "Draft edited",
        "submit: draft → submitted",
        "start_review: submitted → under_review",
        "approve: under_review → approved — Good.",
    ):
        assert reason in history.content.decode()
    rows = list(second.history.order_by("history_id"))
    assert [row.history_user for row in rows] == [editor, editor, editor, reviewer, reviewer]
    first_history = client.get(reverse("admin:articles_revision_history", args=[revision.pk]))
    assert "Cite the 2019 guideline." in first_history.content.decode()


def test_an_editor_sees_no_approve_button_and_a_forged_post_is_refused(
    client, staff, editor, other_editor, under_review
):
    client.force_login(editor)  # the author: they see their submission, and cannot decide on it
    page = client.get(reverse("admin:articles_revision_change", args=[under_review.pk]))
    assert page.status_code == 200
    assert b'value="approve"' not in page.content
    response = transition(client, under_review, "approve")
    assert "Only members of the Medical Advisory Board can approve" in " ".join(messages_of(response))
    # Another editor does not even find someone else's submission.
    other_editor.is_staff = True
    other_editor.save()
    client.force_login(other_editor)
    assert client.get(reverse("admin:articles_revision_change", args=[under_review.pk])).status_code == 404
    assert transition(client, under_review, "approve").status_code == 404
    under_review.refresh_from_db()
    assert under_review.state == Revision.State.UNDER_REVIEW
    assert under_review.decisions.count() == 0


def test_an_unknown_action_gets_a_clear_message_and_changes_nothing(client, staff, reviewer, under_review):
    client.force_login(reviewer)
    history_before = under_review.history.count()
    response = transition(client, under_review, "publish_now")
    assert '"publish_now" is not an action' in " ".join(messages_of(response))
    assert under_review.history.count() == history_before


def test_approving_in_the_admin_needs_the_whole_checklist(client, staff, reviewer, under_review):
    client.force_login(reviewer)
    page = client.get(reverse("admin:articles_revision_change", args=[under_review.pk]))
    for key in factories.all_checklist_keys():
        assert f'name="checklist" value="{key}"' in page.content.decode()
    response = transition(client, under_review, "approve", checklist=factories.all_checklist_keys()[1:])
    assert "Confirm every point of the review checklist" in " ".join(messages_of(response))
    under_review.refresh_from_db()
    assert under_review.state == Revision.State.UNDER_REVIEW
    assert under_review.decisions.count() == 0
    transition(client, under_review, "approve")
    under_review.refresh_from_db()
    assert under_review.state == Revision.State.APPROVED
    assert all(answer["confirmed"] for answer in under_review.decisions.get().checklist.values())


def test_a_transition_needs_post(client, staff, reviewer, under_review):
    client.force_login(reviewer)
    response = client.get(reverse("admin:articles_revision_transition", args=[under_review.pk]))
    assert response.status_code == 405


def test_a_draft_with_an_unknown_citation_saves_but_cannot_be_submitted_from_the_admin(
    client, staff, editor, draft
):
    client.force_login(editor)
    url = reverse("admin:articles_revision_change", args=[draft.pk])
    save_draft_in_admin(
        client, draft, body_patient="See [@ghost2021].", body_professional="Ok.", change_summary="Edit"
    )
    page = client.get(url)
    assert "[@ghost2021] does not match any entry" in page.content.decode()
    response = transition(client, draft, "submit")
    assert "[@ghost2021] does not match any entry" in " ".join(messages_of(response))
    draft.refresh_from_db()
    assert draft.state == Revision.State.DRAFT


def test_malformed_markdown_is_saved_as_text_and_rendered_safely(client, staff, editor, draft):
    from articles.rendering import render_markdown

    client.force_login(editor)
    body = "**unclosed *emphasis [link](javascript:alert(1)) <script>alert(1)</script>\n\n| a |\n|---"
    save_draft_in_admin(client, draft, body_patient=body, body_professional="Fine.", change_summary="Edit")
    draft.refresh_from_db()
    assert draft.body_patient == body
    html = render_markdown(draft.body_patient).html
    assert "<script" not in html
    assert 'href="javascript:' not in html


def test_history_cannot_be_deleted_from_the_admin(client, staff, live_revision, chief_editor, admin_user):
    client.force_login(admin_user)
    for name, obj in [
        ("articles_revision", live_revision),
        ("articles_article", live_revision.article),
        ("reviews_reviewdecision", live_revision.decisions.get()),
    ]:
        response = client.post(reverse(f"admin:{name}_delete", args=[obj.pk]), {"post": "yes"})
        assert response.status_code == 403
    assert Revision.objects.filter(pk=live_revision.pk).exists()
    assert live_revision.history.count() > 0


def test_an_admin_cannot_make_unreviewed_text_public(client, admin_user, draft, editor):
    client.force_login(admin_user)
    # A superuser is a site operator, not a chief editor: someone else's draft is not theirs to
    # see, let alone submit.
    assert transition(client, draft, "submit").status_code == 404
    services.revision_submit(revision=draft, actor=editor)
    for action in ("start_review", "approve"):
        response = transition(client, draft, action)
        assert "Only members of the Medical Advisory Board" in " ".join(messages_of(response))
    draft.refresh_from_db()
    assert draft.state != Revision.State.APPROVED
    assert Article.objects.get(pk=draft.article_id).live_revision is None


def test_unpublishing_from_the_admin_requires_a_reason(client, staff, chief_editor, live_revision):
    Group.objects.get(name="Chief editors").user_set.add(chief_editor)
    client.force_login(chief_editor)
    url = reverse("admin:articles_article_unpublish", args=[live_revision.article_id])
    response = client.post(url, {"reason": ""}, follow=True)
    assert "reason cannot be empty" in " ".join(messages_of(response))
    assert Article.objects.get(pk=live_revision.article_id).live_revision_id == live_revision.pk
    client.post(url, {"reason": "Guideline withdrawn"})
    assert Article.objects.get(pk=live_revision.article_id).live_revision_id is None


def test_admin_lists_filter_by_state_author_specialty_and_reviewer(client, admin_user, live_revision):
    client.force_login(admin_user)
    url = reverse("admin:articles_revision_changelist")
    for query in (
        {"state": "approved"},
        {"author__id__exact": live_revision.author_id},
        {"article__specialty": live_revision.article.specialty},
        {"decisions__reviewer__id__exact": live_revision.decisions.get().reviewer_id},
        {"q": live_revision.article.question[:10]},
    ):
        response = client.get(url, query)
        assert response.status_code == 200
        assert response.context["cl"].result_count == 1, query


def test_every_admin_page_opens_for_the_superuser(client, admin_user, live_revision, reference):
    factories.make_disclaimers()
    client.force_login(admin_user)
    from django.contrib import admin

    for model in admin.site._registry:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        first = model._default_manager.first()
        if first is not None:
            for view in ("change", "history"):
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[first.pk])
                assert client.get(url).status_code == 200, url


def test_a_published_question_is_reworded_only_through_a_reviewed_revision(
    client, staff, editor, reviewer, chief_editor, live_revision
):
    article = live_revision.article
    old_question = article.question
    url = reverse("admin:articles_article_change", args=[article.pk])
    for user in (editor, chief_editor):
        client.force_login(user)
        assert 'name="question"' not in client.get(url).content.decode()
        post_admin_form(client, url, question="A reworded title nobody reviewed", specialty=article.specialty)
        article.refresh_from_db()
        assert article.question == old_question

    client.force_login(editor)
    client.post(reverse("admin:articles_article_new_draft", args=[article.pk]))
    draft = article.revisions.get(number=2)
    assert draft.question == old_question
    save_draft_in_admin(
        client,
        draft,
        question="Which exercises ease knee pain?",
        body_patient=draft.body_patient,
        body_professional=draft.body_professional,
        change_summary="Clearer title",
    )
    transition(client, draft, "submit")
    client.logout()
    assert old_question in client.get(article.get_absolute_url()).content.decode()

    client.force_login(reviewer)
    transition(client, draft, "start_review")
    transition(client, draft, "approve")
    article.refresh_from_db()
    assert article.question == "Which exercises ease knee pain?"
    assert Revision.objects.get(pk=draft.pk).state == Revision.State.APPROVED
