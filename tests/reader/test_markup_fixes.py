"""Markup the Nu HTML Checker and axe flagged: duplicate ids on pages showing both wordings,
skipped heading levels, a <dl> group without <dt>, fractional-second datetimes, and the
history admin page's inline style (blocked by our Content-Security-Policy)."""

import re
from collections import Counter

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from reviews.models import EditorialPolicy

pytestmark = pytest.mark.django_db


def _duplicate_ids(body):
    return [i for i, n in Counter(re.findall(r'\sid="([^"]+)"', body)).items() if n > 1]


def test_a_revision_page_showing_both_wordings_has_unique_ids_and_citations_hit_their_own_list(
    client, editor, draft
):
    client.force_login(editor)
    for url in (
        reverse("workspace-revision", args=[draft.pk]),
        reverse("workspace-revision-edit", args=[draft.pk]),
    ):
        body = client.get(url).content.decode()
        assert _duplicate_ids(body) == []
        assert 'href="#patient-ref-1"' in body and 'id="patient-ref-1"' in body
        assert 'href="#professional-ref-1"' in body and 'id="professional-ref-1"' in body


def test_the_policy_page_does_not_skip_from_h1_to_h3(client):
    EditorialPolicy.objects.create(body="## How we choose sources\n\nText.\n\n### Guidelines\n\nMore.")
    tree = lxml_html.fromstring(client.get(reverse("editorial-policy")).content)
    levels = [int(h.tag[1]) for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_every_group_of_the_article_dates_list_has_a_term(client, live_revision):
    tree = lxml_html.fromstring(client.get(live_revision.article.get_absolute_url()).content)
    for dl in tree.iter("dl"):
        for group in dl.findall("div"):
            assert group.find("dt") is not None, lxml_html.tostring(group)


def test_timeline_datetimes_have_whole_seconds(client, chief_editor, live_revision):
    client.force_login(chief_editor)
    body = client.get(reverse("workspace-timeline", args=[live_revision.article.slug])).content.decode()
    values = re.findall(r'datetime="([^"]+)"', body)
    assert values and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", v) for v in values), values


def test_the_history_admin_page_has_no_inline_style(admin_client, live_revision):
    response = admin_client.get(reverse("admin:articles_revision_history", args=[live_revision.pk]))
    assert response.status_code == 200
    assert "style=" not in response.content.decode()
