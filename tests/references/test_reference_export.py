"""Exporting selected entries from the admin: a Vancouver list and a RIS file that imports back."""

import pytest
import rispy
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from references import importers
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(db):
    return [
        factories.ReferenceFactory(
            citation_key="kolasinski2020",
            reference_type="guideline",
            title="2019 ACR/Arthritis Foundation Guideline",
            authors="Kolasinski SL\nNeogi T",
            source="Arthritis Care Res (Hoboken)",
            year=2020,
            volume="72",
            issue="2",
            pages="149-162",
            doi="10.1002/acr.24131",
        ),
        factories.ReferenceFactory(
            citation_key="nice2016",
            reference_type="guideline",
            title="Low back pain and sciatica in over 16s",
            authors="",
            source="National Institute for Health and Care Excellence",
            year=2016,
            url="https://www.nice.org.uk/guidance/ng59",
        ),
    ]


def export(client, user, action, entries):
    client.force_login(user)
    return client.post(
        reverse("admin:references_reference_changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [ref.pk for ref in entries]},
    )


def test_the_vancouver_export_is_a_numbered_plain_text_list(client, staff_editor, entries):
    response = export(client, staff_editor, "export_vancouver_text", entries)
    assert response["Content-Disposition"] == 'attachment; filename="references-vancouver.txt"'
    assert response.content.decode() == (
        "1. Kolasinski SL, Neogi T. 2019 ACR/Arthritis Foundation Guideline. Arthritis Care Res (Hoboken). "
        "2020;72(2):149-62. doi: 10.1002/acr.24131.\n"
        "2. National Institute for Health and Care Excellence. Low back pain and sciatica in over 16s. 2016. "
        "Available from: https://www.nice.org.uk/guidance/ng59\n"
    )


def test_the_ris_export_reads_back_as_the_same_entries(client, staff_editor, entries):
    response = export(client, staff_editor, "export_ris_file", entries)
    assert response["Content-Type"] == "application/x-research-info-systems"
    records = rispy.loads(response.content.decode())
    assert [(r["id"], r["type_of_reference"], r.get("doi")) for r in records] == [
        ("kolasinski2020", "GOVDOC", "10.1002/acr.24131"),
        ("nice2016", "GOVDOC", None),
    ]
    # Imported again, the file is recognised as the same entries.
    rows = importers.classify(importers.parse_text(response.content.decode()))
    assert [(row.status, row.data["citation_key"]) for row in rows] == [
        ("duplicate", "kolasinski2020"),
        ("duplicate", "nice2016"),
    ]
    assert rows[0].data["pages"] == "149-162"
