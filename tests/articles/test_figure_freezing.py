"""Figures placed in a revision are pinned at its approval, covered by its fingerprint, and an
approved figure can never change or go: not through the services, the admin, an ORM save or a
bulk queryset change. A placement with no figure blocks submission like a dangling citation."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.urls import reverse
from PIL import Image

from articles import figure_services, fingerprint, services
from articles.models import Figure, PinnedFigure, RevisionFrozen
from audit.guards import BulkChangeRefused
from audit.models import Event
from editorial.exceptions import ActionConflict, InvalidAction
from reviews import decisions
from reviews.integrity import revision_problems
from tests import factories

pytestmark = pytest.mark.django_db

PLACED = "Exercise helps knee pain.\n\n![@knee-x-ray]\n\nKeep moving."


def _approve(revision, editor, reviewer):
    services.revision_submit(revision=revision, actor=editor)
    decisions.revision_start_review(revision=revision, actor=reviewer)
    decisions.revision_approve(
        revision=revision, actor=reviewer, comment="Fine.", checklist_confirmed=factories.all_checklist_keys()
    )
    revision.refresh_from_db()
    return revision


@pytest.fixture
def live_with_figure(editor, reviewer, disclaimers):
    draft = factories.make_draft(editor=editor, body_patient=PLACED)
    figure = factories.upload_figure(revision=draft, actor=editor, caption="A knee.", credit="Clinic")
    return _approve(draft, editor, reviewer), figure


def _state(figure):
    row = Figure.objects.filter(pk=figure.pk).values().first()
    return row, list(PinnedFigure.objects.filter(figure_id=figure.pk).values()), figure.history.count()


def test_approval_pins_each_placed_figure_and_the_fingerprint_covers_it(live_with_figure):
    live, figure = live_with_figure
    pin = live.pinned_figures.get()
    assert (pin.figure, pin.sha256, pin.alt, pin.caption, pin.credit) == (
        figure,
        figure.sha256,
        "An X-ray of a knee.",
        "A knee.",
        "Clinic",
    )
    document = fingerprint.canonical_document(live)
    assert document["figures"] == [
        {"key": "knee-x-ray", "sha256": figure.sha256, "alt": "An X-ray of a knee.", "caption": "A knee.",
         "credit": "Clinic"}
    ]  # fmt: skip
    assert live.content_is_intact()
    assert list(revision_problems(live)) == []


def test_a_figure_uploaded_but_not_placed_is_not_pinned(editor, reviewer, disclaimers):
    draft = factories.make_draft(editor=editor, body_patient=PLACED)
    factories.upload_figure(revision=draft, actor=editor)
    factories.upload_figure(revision=draft, actor=editor, key="unused")
    live = _approve(draft, editor, reviewer)
    assert list(live.pinned_figures.values_list("key", flat=True)) == ["knee-x-ray"]
    unused = Figure.objects.get(key="unused")
    assert not unused.is_pinned()


def test_the_fingerprint_changes_when_a_figures_bytes_change(live_with_figure):
    live, figure = live_with_figure
    sealed = fingerprint.document_bytes(live)
    other = Image.new("RGB", (64, 48), (200, 10, 10))
    out = io.BytesIO()
    other.save(out, format="PNG")
    other_sha = fingerprint.sha256_hex(out.getvalue())
    # What a tampered database would serve: the pinned row naming other bytes.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {PinnedFigure._meta.db_table} SET sha256 = %s WHERE id = %s",
            [other_sha, live.pinned_figures.get().pk],
        )
    assert fingerprint.document_bytes(live) != sealed
    assert not live.content_is_intact()
    assert any("no longer matches the fingerprint" in str(p) for p in revision_problems(live))


def test_the_integrity_check_finds_a_stored_image_whose_bytes_were_replaced(live_with_figure):
    live, figure = live_with_figure
    storage = storages["default"]
    storage.delete(figure.storage_name)
    storage.save(figure.storage_name, ContentFile(factories.image_bytes(color=(9, 9, 9))))
    problems = [str(p) for p in revision_problems(live)]
    assert any("stored image of figure knee-x-ray is not the one approved" in p for p in problems)


def test_an_approved_figure_cannot_be_changed_or_deleted_through_the_services(live_with_figure, editor):
    live, figure = live_with_figure
    draft = services.revision_create_draft(article=live.article, actor=editor)
    before = _state(figure)
    with pytest.raises(ActionConflict, match="part of an approved revision"):
        figure_services.figure_update(revision=draft, figure=figure, actor=editor, alt="Another text")
    with pytest.raises(ActionConflict, match="part of an approved revision"):
        figure_services.figure_delete(revision=draft, figure=figure, actor=editor)
    assert _state(figure) == before


def test_an_approved_figure_cannot_be_changed_or_deleted_through_the_orm(live_with_figure):
    live, figure = live_with_figure
    before = _state(figure)
    figure.refresh_from_db()
    figure.alt = "Rewritten"
    with pytest.raises(RevisionFrozen):
        figure.save()
    with pytest.raises(RevisionFrozen):
        figure.delete()
    with pytest.raises(BulkChangeRefused):
        Figure.objects.filter(pk=figure.pk).update(alt="Rewritten")
    with pytest.raises(BulkChangeRefused):
        Figure.objects.filter(pk=figure.pk).delete()
    pin = live.pinned_figures.get()
    pin.alt = "Rewritten"
    with pytest.raises(RevisionFrozen):
        pin.save()
    with pytest.raises(RevisionFrozen):
        pin.delete()
    with pytest.raises(BulkChangeRefused):
        PinnedFigure.objects.filter(pk=pin.pk).update(alt="Rewritten")
    with pytest.raises(BulkChangeRefused):
        PinnedFigure.objects.all().delete()
    assert _state(figure) == before
    assert live.content_is_intact()


def test_the_admin_shows_figures_read_only_and_refuses_changes_and_deletion(live_with_figure, client):
    live, figure = live_with_figure
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    before = _state(figure)
    change = reverse("admin:articles_figure_change", args=[figure.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert b'name="alt"' not in page.content
    assert client.post(change, {"alt": "Rewritten", "key": "x"}).status_code == 403
    delete = reverse("admin:articles_figure_delete", args=[figure.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    pin = live.pinned_figures.get()
    assert (
        client.post(reverse("admin:articles_pinnedfigure_delete", args=[pin.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert client.get(reverse("admin:articles_figure_changelist")).status_code == 200
    assert _state(figure) == before


def test_a_figure_placed_in_a_revision_with_the_board_cannot_change(editor, disclaimers, other_editor):
    draft = factories.make_draft(editor=editor, body_patient=PLACED)
    figure = factories.upload_figure(revision=draft, actor=editor)
    services.revision_submit(revision=draft, actor=editor)
    before = _state(figure)
    # Not even its own draft's author, now that the draft was sent: the policy says "not now".
    with pytest.raises(ActionConflict):
        figure_services.figure_update(revision=draft, figure=figure, actor=editor, alt="Other")
    assert _state(figure) == before


def test_a_draft_figure_can_be_described_anew_and_deleted_with_history_and_events(draft, editor):
    figure = factories.upload_figure(revision=draft, actor=editor)
    figure_services.figure_update(revision=draft, figure=figure, actor=editor, alt="A new alt.", caption="C")
    figure.refresh_from_db()
    assert (figure.alt, figure.caption) == ("A new alt.", "C")
    figure_services.figure_delete(revision=draft, figure=figure, actor=editor)
    assert not Figure.objects.filter(pk=figure.pk).exists()
    assert figure.history.count() == 3  # uploaded, described anew, deleted
    verbs = Event.objects.filter(object_id=str(figure.pk), verb__startswith="figure.").order_by("sequence")
    assert list(verbs.values_list("verb", flat=True)) == ["figure.upload", "figure.update", "figure.delete"]


def test_another_editor_cannot_add_figures_to_someone_elses_draft(draft, other_editor):
    from editorial.exceptions import ActionNotAllowed

    with pytest.raises(ActionNotAllowed):
        factories.upload_figure(revision=draft, actor=other_editor)
    assert not Figure.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Text.\n\n![@nowhere]\n", "places the figure ![@nowhere], but this article has no figure"),
        ("Text with ![@knee-x-ray] inside a sentence.", "must stand on a line of its own"),
        ("Text.\n\n![An image](https://example.org/x.png)\n", "links an image by its address"),
    ],
)
def test_a_placement_readers_could_not_be_shown_blocks_submission(editor, disclaimers, body, message):
    draft = factories.make_draft(editor=editor, body_patient=body)
    factories.upload_figure(revision=draft, actor=editor)
    with pytest.raises(InvalidAction, match=message.replace("[", r"\[").replace("(", r"\(")):
        services.revision_submit(revision=draft, actor=editor)
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_a_figure_placement_is_not_taken_for_a_citation(editor, disclaimers):
    draft = factories.make_draft(editor=editor, body_patient=PLACED)
    assert draft.cited_keys() == []
    assert draft.citation_problems() == []
