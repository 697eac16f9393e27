"""Readers see an approved revision's figures (responsive, lazy-loaded, with width, height, alt
text and caption), served for good at their content address; a figure no live revision shows
never leaks to anyone who may not see the revision it belongs to."""

import pytest
from django.urls import reverse

from articles import figure_services, services
from reviews import decisions
from tests import factories

pytestmark = pytest.mark.django_db

PLACED = "Exercise helps knee pain.\n\n![@knee-x-ray]\n"


def _image_url(figure):
    return reverse("figure-image", kwargs={"sha256": figure.sha256, "ext": figure.image_format})


def _approve(revision, editor, reviewer):
    services.revision_submit(revision=revision, actor=editor)
    decisions.revision_start_review(revision=revision, actor=reviewer)
    decisions.revision_approve(
        revision=revision, actor=reviewer, comment="Fine.", checklist_confirmed=factories.all_checklist_keys()
    )


@pytest.fixture
def draft_with_figure(editor, disclaimers):
    draft = factories.make_draft(editor=editor, body_patient=PLACED)
    figure = factories.upload_figure(
        revision=draft, actor=editor, alt='A knee "before"', caption="Knee joint.", credit="Clinic"
    )
    return draft, figure


def test_the_reader_page_shows_an_approved_figure_with_its_size_alt_text_and_caption(
    client, draft_with_figure, editor, reviewer
):
    draft, figure = draft_with_figure
    _approve(draft, editor, reviewer)
    page = client.get(reverse("article-detail", args=[draft.article.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        f'<figure class="article-figure"><img src="{_image_url(figure)}" alt="A knee &quot;before&quot;" '
        'width="64" height="48" loading="lazy" decoding="async"><figcaption>Knee joint. '
        '<span class="figure-credit">Clinic</span></figcaption></figure>'
    ) in html


def test_a_live_figure_is_public_and_cacheable_for_good(client, draft_with_figure, editor, reviewer):
    draft, figure = draft_with_figure
    _approve(draft, editor, reviewer)
    response = client.get(_image_url(figure))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_a_draft_figure_is_not_found_for_readers_other_editors_and_the_board(
    client, draft_with_figure, other_editor, reviewer
):
    _, figure = draft_with_figure
    for user in (None, other_editor, reviewer):
        client.logout()
        if user is not None:
            client.force_login(user)
        assert client.get(_image_url(figure)).status_code == 404, user


def test_a_draft_figure_is_served_privately_to_its_author(client, draft_with_figure, editor):
    _, figure = draft_with_figure
    client.force_login(editor)
    response = client.get(_image_url(figure))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_submitted_figure_is_served_to_the_board_but_not_to_readers(
    client, draft_with_figure, editor, reviewer
):
    draft, figure = draft_with_figure
    services.revision_submit(revision=draft, actor=editor)
    assert client.get(_image_url(figure)).status_code == 404
    client.force_login(reviewer)
    assert client.get(_image_url(figure)).status_code == 200


def test_a_figure_added_in_a_later_draft_stays_private_while_the_article_is_live(
    client, draft_with_figure, editor, reviewer
):
    draft, _ = draft_with_figure
    _approve(draft, editor, reviewer)
    second = services.revision_create_draft(article=draft.article, actor=editor)
    later = factories.upload_figure(
        revision=second, actor=editor, key="later", data=factories.image_bytes(color=(5, 5, 5))
    )
    assert client.get(_image_url(later)).status_code == 404
    page = client.get(reverse("article-detail", args=[draft.article.slug]))
    assert _image_url(later) not in page.content.decode()


def test_unknown_or_malformed_figure_addresses_are_not_found(client):
    assert client.get("/figures/" + "0" * 64 + ".png").status_code == 404
    assert client.get("/figures/" + "0" * 64 + ".exe").status_code == 404
    assert client.get("/figures/../settings.png").status_code == 404


def test_a_deleted_draft_figure_is_no_longer_served(client, draft_with_figure, editor):
    draft, figure = draft_with_figure
    figure_services.figure_delete(revision=draft, figure=figure, actor=editor)
    client.force_login(editor)
    assert client.get(_image_url(figure)).status_code == 404


def test_a_page_whose_pinned_figure_went_missing_is_withheld_not_shown_without_it(
    client, draft_with_figure, editor, reviewer
):
    from django.db import connection

    from articles.models import PinnedFigure

    draft, figure = draft_with_figure
    _approve(draft, editor, reviewer)
    # Only a raw statement can remove it (the model and its queryset refuse).
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PinnedFigure._meta.db_table}")
    response = client.get(reverse("article-detail", args=[draft.article.slug]))
    assert response.status_code == 503
    assert _image_url(figure) not in response.content.decode()
