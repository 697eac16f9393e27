"""The draft editor's figures section: upload, describe, delete, the live preview and the
board's compare page. Bad input gets its message at the field and changes nothing."""

import html

import pytest
from django.urls import reverse

from articles import services
from articles.models import Figure
from reviews import decisions
from tests import factories

pytestmark = pytest.mark.django_db

PLACED = "Exercise helps knee pain.\n\n![@knee-x-ray]\n"


def _upload(client, draft, **fields):
    data = {
        "figure-image": fields.pop("image", factories.image_upload()),
        "figure-key": fields.pop("key", "knee-x-ray"),
        "figure-alt": fields.pop("alt", "An X-ray of a knee."),
        "figure-caption": fields.pop("caption", ""),
        "figure-credit": fields.pop("credit", ""),
    }
    data = {name: value for name, value in data.items() if value is not None}
    return client.post(reverse("workspace-figure-upload", args=[draft.pk]), data)


def _page(response):
    return html.unescape(response.content.decode())


def test_an_uploaded_figure_is_listed_with_the_text_that_places_it(client, editor, draft):
    client.force_login(editor)
    response = _upload(client, draft, caption="Knee joint.")
    assert response.status_code == 302
    assert response["Location"].endswith("#figures")
    page = _page(client.get(response["Location"]))
    assert "![@knee-x-ray]" in page
    figure = Figure.objects.get(article=draft.article)
    assert reverse("figure-image", kwargs={"sha256": figure.sha256, "ext": "png"}) in page
    assert 'alt="An X-ray of a knee."' in page


def test_an_upload_that_is_not_an_image_is_refused_at_its_field(client, editor, draft):
    client.force_login(editor)
    fake = factories.image_upload(b"MZ\x90\x00 not an image at all", name="knee.jpg")
    response = _upload(client, draft, image=fake)
    assert response.status_code == 400
    page = _page(response)
    assert "Not a JPEG, PNG, WebP or GIF image." in page
    assert 'id="id_figure-image_error"' in page
    assert not Figure.objects.exists()


def test_an_oversized_upload_is_refused_with_the_limit(client, editor, draft, settings):
    settings.FIGURE_MAX_BYTES = 100
    client.force_login(editor)
    response = _upload(client, draft)
    assert response.status_code == 400
    assert "Larger than 1 KB." in _page(response)
    assert not Figure.objects.exists()


def test_an_upload_without_alt_text_is_refused_with_a_sentence(client, editor, draft):
    client.force_login(editor)
    response = _upload(client, draft, alt="")
    assert response.status_code == 400
    assert "alt text is required" in _page(response)
    assert not Figure.objects.exists()


def test_an_upload_without_a_file_is_refused(client, editor, draft):
    client.force_login(editor)
    response = _upload(client, draft, image=None)
    assert response.status_code == 400
    assert "Choose an image file to upload." in _page(response)


def test_another_editor_may_not_upload_to_someone_elses_draft(client, other_editor, draft):
    client.force_login(other_editor)
    assert _upload(client, draft).status_code == 403
    assert not Figure.objects.exists()


def test_a_submitted_revision_gets_no_new_figures(client, editor, draft):
    services.revision_submit(revision=draft, actor=editor)
    client.force_login(editor)
    assert _upload(client, draft).status_code == 409
    assert not Figure.objects.exists()


def test_a_figure_is_described_anew_and_deleted_from_the_editor(client, editor, draft):
    figure = factories.upload_figure(revision=draft, actor=editor)
    client.force_login(editor)
    url = reverse("workspace-figure-update", args=[draft.pk, figure.pk])
    refused = client.post(url, {f"figure-{figure.pk}-alt": "  "})
    assert refused.status_code == 400 and "alt text is required" in _page(refused)
    saved = client.post(
        url, {f"figure-{figure.pk}-alt": "Knee, side view.", f"figure-{figure.pk}-credit": "Me"}
    )
    assert saved.status_code == 302
    figure.refresh_from_db()
    assert (figure.alt, figure.credit) == ("Knee, side view.", "Me")
    assert client.post(reverse("workspace-figure-delete", args=[draft.pk, figure.pk])).status_code == 302
    assert not Figure.objects.exists()


def test_the_live_preview_shows_a_placed_figure_and_flags_an_unknown_one(client, editor, draft):
    figure = factories.upload_figure(revision=draft, actor=editor)
    client.force_login(editor)
    url = reverse("workspace-preview") + f"?revision={draft.pk}"
    shown = _page(client.post(url, {"audience": "patient", "text": PLACED}))
    assert f'src="/figures/{figure.sha256}.png" alt="An X-ray of a knee."' in shown
    flagged = _page(client.post(url, {"audience": "patient", "text": "![@nope]"}))
    assert "missing figure: nope" in flagged and "Figures with no matching upload" in flagged


def test_the_preview_of_a_draft_you_may_not_see_is_refused(client, editor, other_editor, draft):
    factories.upload_figure(revision=draft, actor=editor)
    client.force_login(other_editor)
    url = reverse("workspace-preview") + f"?revision={draft.pk}"
    assert client.post(url, {"audience": "patient", "text": PLACED}).status_code == 403


def test_the_compare_page_lists_added_changed_and_removed_figures(client, editor, reviewer, disclaimers):
    first = factories.make_draft(editor=editor, body_patient=PLACED + "\n![@old-one]\n")
    factories.upload_figure(revision=first, actor=editor)
    factories.upload_figure(
        revision=first, actor=editor, key="old-one", data=factories.image_bytes(color=(1, 1, 1))
    )
    services.revision_submit(revision=first, actor=editor)
    decisions.revision_start_review(revision=first, actor=reviewer)
    decisions.revision_approve(
        revision=first, actor=reviewer, comment="Ok.", checklist_confirmed=factories.all_checklist_keys()
    )
    second = services.revision_create_draft(article=first.article, actor=editor)
    factories.upload_figure(
        revision=second,
        actor=editor,
        key="new-one",
        alt="A new view.",
        data=factories.image_bytes(color=(7, 7, 7)),
    )
    services.revision_update_draft(
        revision=second,
        actor=editor,
        body_patient=PLACED + "\n![@new-one]\n",
        body_professional=second.body_professional,
        change_summary="New figure",
    )
    services.revision_submit(revision=second, actor=editor)
    client.force_login(reviewer)
    page = _page(client.get(reverse("workspace-compare", args=[second.pk])))
    section = page[page.index('id="diff-figures"') :]
    assert "Added" in section and 'alt="A new view."' in section
    assert "Removed" in section and "old-one" in section
    assert "Unchanged" in section and "knee-x-ray" in section


def test_the_board_is_not_told_about_figures_of_a_draft_never_submitted(
    client, editor, reviewer, disclaimers
):
    live = factories.make_live_with_figure(editor=editor, reviewer_user=reviewer)
    second = services.revision_create_draft(article=live.article, actor=editor)
    factories.upload_figure(
        revision=second,
        actor=editor,
        key="secret-plan",
        alt="Unreleased diagram.",
        data=factories.image_bytes(color=(3, 3, 3)),
    )
    client.force_login(reviewer)
    export = client.get(reverse("audit-export-json", args=[live.article.slug])).content.decode()
    assert "knee-x-ray" in export  # the approved revision's figure is on record
    assert "secret-plan" not in export and "Unreleased diagram." not in export
    client.force_login(editor)
    timeline = client.get(reverse("workspace-timeline", args=[live.article.slug])).content.decode()
    assert "Figure uploaded" in timeline
