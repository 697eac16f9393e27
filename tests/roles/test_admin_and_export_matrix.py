"""The admin and the audit export, walked with every role: change lists (with search),
change pages, history pages, history entries and the JSON/CSV export. An unsubmitted
draft's text appears on none of them for anyone but its author and the chief editors."""

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article
from reviews.models import EditorialPolicy

from .conftest import ARTICLE_KINDS, DRAFT_SECRET, REVISION_STATES, ROLES
from .test_policy_matrix import ARTICLE_MATRIX, REVISION_MATRIX

pytestmark = pytest.mark.django_db

SEES_DRAFTS = {"author", "chief_editor"}
CORRECTION_SECRET = "Quaggamycin correction nobody submitted"
LOGIN = "login"


@pytest.fixture
def world(roles_world):
    """The roles world, plus an unsubmitted correction of the live article."""
    live = roles_world["articles"]["live"]
    correction = services.revision_create_draft(article=live, actor=roles_world["users"]["author"])
    services.revision_update_draft(
        revision=correction,
        actor=roles_world["users"]["author"],
        body_patient=f"{CORRECTION_SECRET}.",
        body_professional=correction.body_professional,
        change_summary=f"{CORRECTION_SECRET} summary",
    )
    roles_world["correction"] = correction
    return roles_world


def _as(client, world, role):
    client.logout()
    if world["users"][role] is not None:
        client.force_login(world["users"][role])
    return client


def _status(response):
    if response.status_code == 302 and "/login/" in response["Location"]:
        return LOGIN
    return response.status_code


def _pages_of(name, obj):
    history = obj.history.order_by("-history_id").first()
    return {
        "change": reverse(f"admin:{name}_change", args=[obj.pk]),
        "history": reverse(f"admin:{name}_history", args=[obj.pk]),
        "history entry": reverse(f"admin:{name}_simple_history", args=[obj.pk, history.history_id]),
    }


def test_admin_pages_of_each_revision_open_only_for_who_may_see_it(client, world):
    wrong = []
    for role in ROLES:
        _as(client, world, role)
        for state in REVISION_STATES:
            revision = world["revisions"][state]
            may_see = state in REVISION_MATRIX["view_revision"].get(role, set())
            want = LOGIN if role == "anonymous" else 200 if may_see else 404
            for page, url in _pages_of("articles_revision", revision).items():
                got = _status(client.get(url))
                if got != want:
                    wrong.append(f"{role} {state} revision {page}: wanted {want}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_admin_pages_of_each_article_open_only_for_who_may_see_it(client, world):
    wrong = []
    for role in ROLES:
        _as(client, world, role)
        for kind in ARTICLE_KINDS:
            may_see = kind in ARTICLE_MATRIX["view_article"].get(role, set())
            want = LOGIN if role == "anonymous" else 200 if may_see else 404
            for page, url in _pages_of("articles_article", world["articles"][kind]).items():
                got = _status(client.get(url))
                if got != want:
                    wrong.append(f"{role} {kind} article {page}: wanted {want}, got {got}")
    assert not wrong, "\n".join(wrong)


def _admin_texts(client, world):
    """Every admin page a search or a link could lead to, for the hidden drafts."""
    draft, correction = world["revisions"]["draft"], world["correction"]
    urls = []
    for model in ("articles_revision", "articles_article", "reviews_reviewdecision"):
        changelist = reverse(f"admin:{model}_changelist")
        urls += [changelist, f"{changelist}?q=Zebracillin", f"{changelist}?q=Quaggamycin"]
    urls += list(_pages_of("articles_revision", draft).values())
    urls += list(_pages_of("articles_revision", correction).values())
    urls += list(_pages_of("articles_article", draft.article).values())
    urls += list(_pages_of("articles_article", correction.article).values())
    # The first history entry of a submitted revision is its draft, before submission.
    submitted = world["revisions"]["submitted"]
    first = submitted.history.order_by("history_id").first()
    urls.append(reverse("admin:articles_revision_simple_history", args=[submitted.pk, first.history_id]))
    reference = world["reference"]
    urls.append(reverse("admin:references_reference_change", args=[reference.pk]))
    for url in urls:
        response = client.get(url)
        yield url, response.status_code, response.content.decode()


def test_an_unsubmitted_drafts_text_is_in_no_admin_page_but_its_authors_and_the_chief_editors(client, world):
    leaks, seen_by = [], set()
    for role in ROLES:
        _as(client, world, role)
        for url, status, html in _admin_texts(client, world):
            assert status in (200, 302, 403, 404), (role, url, status)
            for secret in (DRAFT_SECRET, CORRECTION_SECRET):
                if secret in html:
                    seen_by.add(role)
                    if role not in SEES_DRAFTS:
                        leaks.append(f"{role} saw {secret!r} at {url}")
    assert not leaks, "\n".join(leaks)
    assert seen_by == SEES_DRAFTS  # and the people who may, do


def test_the_search_of_the_change_lists_finds_a_draft_only_for_who_may_see_it(client, world):
    for role in ("other_editor", "assigned_member", "site_admin", "author", "chief_editor"):
        _as(client, world, role)
        response = client.get(reverse("admin:articles_revision_changelist"), {"q": "Zebracillin"})
        assert response.status_code == 200
        assert response.context["cl"].result_count == (1 if role in SEES_DRAFTS else 0), role
        response = client.get(reverse("admin:articles_article_changelist"), {"q": "Zebracillin"})
        assert response.context["cl"].result_count == (1 if role in SEES_DRAFTS else 0), role


EXPORT_STATUS = {
    "anonymous": LOGIN,
    "author": 403,
    "other_editor": 403,
    "assigned_member": 200,
    "unassigned_member": 200,
    "chief_editor": 200,
    "site_admin": 200,
}


def test_the_audit_export_answers_each_role_and_never_carries_an_unsubmitted_draft(client, world):
    wrong = []
    for role in ROLES:
        _as(client, world, role)
        for kind in ARTICLE_KINDS:
            article = world["articles"][kind]
            may = kind in ARTICLE_MATRIX["export_audit"].get(role, set())
            want = EXPORT_STATUS[role] if EXPORT_STATUS[role] != 200 or may else 403
            for name in ("audit-export-json", "audit-export-csv"):
                response = client.get(reverse(name, args=[article.slug]))
                got = _status(response)
                if got != want:
                    wrong.append(f"{role} {name} {kind}: wanted {want}, got {got}")
                body = response.content.decode()
                for secret in (DRAFT_SECRET, CORRECTION_SECRET):
                    if secret in body and role not in SEES_DRAFTS:
                        wrong.append(f"{role} {name} {kind}: carries {secret!r}")
    assert not wrong, "\n".join(wrong)
    _as(client, world, "chief_editor")
    body = client.get(reverse("audit-export-json", args=[world["articles"]["live"].slug])).content.decode()
    assert CORRECTION_SECRET in body  # the chief editor's export is complete


def test_an_editor_cannot_change_a_live_articles_specialty_or_related_questions(client, world):
    from tests.articles.test_admin_workflow import post_admin_form

    live = world["articles"]["live"]
    other = world["articles"]["unpublished"]
    before = (live.specialty, list(live.related_articles.all()))
    url = reverse("admin:articles_article_change", args=[live.pk])
    for role in ("other_editor", "author"):
        _as(client, world, role)
        html = client.get(url).content.decode()
        assert 'name="specialty"' not in html and 'name="related_articles"' not in html
        post_admin_form(client, url, specialty="Cardiology", related_articles=[other.pk])
        entry = live.history.order_by("-history_id").first()
        revert = reverse("admin:articles_article_simple_history", args=[live.pk, entry.history_id])
        assert client.post(revert, {"specialty": "Cardiology", "slug": live.slug}).status_code == 403
        live.refresh_from_db()
        assert (live.specialty, list(live.related_articles.all())) == before
    _as(client, world, "chief_editor")
    post_admin_form(client, url, specialty="Cardiology", related_articles=[other.pk], about=live.about)
    live.refresh_from_db()
    assert live.specialty == "Cardiology"
    assert list(live.related_articles.all()) == [other]


def test_an_editor_sets_up_their_own_article_until_it_is_published(client, world):
    from tests.articles.test_admin_workflow import post_admin_form

    article = world["articles"]["in_review"]
    url = reverse("admin:articles_article_change", args=[article.pk])
    _as(client, world, "author")
    post_admin_form(client, url, specialty="Rheumatology", slug=article.slug, about="Knee pain")
    assert Article.objects.get(pk=article.pk).specialty == "Rheumatology"


def test_a_board_member_cannot_edit_the_editorial_policy_in_the_admin(client, world):
    policy = EditorialPolicy.current() or EditorialPolicy.objects.create(body="Our policy.")
    policy.body = "Our policy, as the chief editor wrote it."
    policy._change_reason = "Written"
    policy.save()
    url = reverse("admin:reviews_editorialpolicy_change", args=[policy.pk])
    entry = policy.history.order_by("-history_id").first()
    revert = reverse("admin:reviews_editorialpolicy_simple_history", args=[policy.pk, entry.history_id])
    rows = policy.history.count()
    for role in ("assigned_member", "unassigned_member", "author", "other_editor"):
        _as(client, world, role)
        html = client.get(url).content.decode()
        assert 'name="body"' not in html
        data = {"title": "Board's policy", "body": "Changed by a member."}
        assert client.post(url, data).status_code == 403
        assert client.post(revert, data).status_code == 403
        assert EditorialPolicy.current().body == "Our policy, as the chief editor wrote it."
        assert policy.history.count() == rows
    _as(client, world, "chief_editor")
    assert 'name="body"' in client.get(url).content.decode()
    assert client.post(url, {"title": "Editorial policy", "body": "Updated."}).status_code == 302
    assert EditorialPolicy.current().body == "Updated."


def test_no_history_entry_of_any_model_can_be_posted_back_onto_the_object(client, world):
    from django.contrib import admin
    from simple_history.admin import SimpleHistoryAdmin

    if not EditorialPolicy.objects.exists():
        EditorialPolicy.objects.create(body="Our policy.")
    checked = set()
    for role in ("other_editor", "assigned_member", "chief_editor", "site_admin"):
        _as(client, world, role)
        for model, model_admin in admin.site._registry.items():
            if not isinstance(model_admin, SimpleHistoryAdmin):
                continue
            for obj in model._default_manager.all()[:3]:
                rows = obj.history.count()
                entry = obj.history.order_by("-history_id").first()
                if entry is None:  # made without a history row (a data migration's seed)
                    continue
                name = f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history"
                response = client.post(reverse(name, args=[obj.pk, entry.history_id]), {})
                assert response.status_code in (403, 404), (role, model, response.status_code)
                assert obj.history.count() == rows
                checked.add(model._meta.label_lower)
    assert {"articles.article", "articles.revision", "reviews.editorialpolicy"} <= checked
