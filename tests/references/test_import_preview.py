"""Importing BibTeX, RIS and looked-up identifiers: a preview first, then only the new, valid entries."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from references import importers
from references.models import Reference
from tests import factories

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "data" / "files"


@pytest.fixture
def existing(db):
    return factories.ReferenceFactory(
        citation_key="held2019", title="Already held", doi="10.5555/existing.2019.001"
    )


def upload(name, content=None):
    data = content if content is not None else (FILES / name).read_bytes()
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def summary(rows):
    return [(row.line, row.status, row.data.get("citation_key", ""), row.reason) for row in rows]


def test_a_bibtex_file_is_classified_into_new_duplicate_and_invalid_entries(existing):
    rows = importers.classify(importers.read_upload(upload("library.bib")))
    assert summary(rows) == [
        (5, "new", "example2020hip", ""),
        (16, "new", "mueller2021", ""),
        (24, "duplicate", "already2019", "The library already has an entry with this DOI."),
        (32, "duplicate", "twice2020", "The same DOI appears earlier in this file (line 5)."),
        (40, "invalid", "notadoi2022", rows[4].reason),
        (48, "invalid", "", "The entry broken2023 (line 48) is not closed before the next entry starts on "
         "line 52: a brace or a quote in it is left open."),
        (52, "new", "who2020", ""),
    ]  # fmt: skip
    assert "is not a DOI" in rows[4].reason
    assert rows[2].existing == existing
    first, mueller, who = rows[0].data, rows[1].data, rows[6].data
    assert first["doi"] == "10.5555/knee.2020.001"
    assert first["authors"] == "Example AM\nSample JL\nKnee Trial Collaborative Group"
    assert (first["year"], first["volume"], first["issue"], first["pages"]) == (2020, "14", "3", "201-212")
    assert (mueller["title"], mueller["authors"], mueller["pmid"]) == (
        "Gehschule für Kniepatienten",
        "Müller H",
        "99000002",
    )
    assert (who["authors"], who["url"]) == (
        "World Health Organization",
        "https://www.who.int/publications/i/item/9789240015128",
    )


def test_a_ris_file_is_classified_into_new_duplicate_and_invalid_entries(existing):
    rows = importers.classify(importers.read_upload(upload("library.ris")))
    assert summary(rows) == [
        (1, "new", "example2020hip", ""),
        (15, "new", "example2021", ""),
        (24, "duplicate", "held2019-1", "The library already has an entry with this DOI."),
        (32, "invalid", "typo", 'The year "last spring" is not a year.'),
        (39, "invalid", "", 'The record starting on line 39 has no end line ("ER  -").'),
    ]
    assert rows[1].data["pmid"] == "99000001"
    assert rows[1].data["pmcid"] == "PMC9900001"
    assert rows[0].data["pages"] == "201-212"


def test_the_admin_shows_a_preview_and_saves_nothing_until_confirmed(client, staff_editor, existing):
    client.force_login(staff_editor)
    response = client.post(reverse("admin:references_reference_import"), {"file": upload("library.bib")})
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 new, 2 duplicates, 2 invalid. Nothing has been saved yet." in html
    assert f'href="{reverse("admin:references_reference_change", args=[existing.pk])}"' in html
    assert Reference.objects.count() == 1

    confirm = client.post(
        reverse("admin:references_reference_import_confirm"), {"token": response.context["token"]}
    )
    assert confirm.status_code == 302
    assert set(Reference.objects.values_list("citation_key", flat=True)) == {
        "held2019", "example2020hip", "mueller2021", "who2020",
    }  # fmt: skip
    imported = Reference.objects.get(citation_key="example2020hip")
    row = imported.history.get()
    assert (row.history_user, row.history_change_reason) == (staff_editor, "Imported from library.bib")


def test_confirming_skips_what_became_a_duplicate_after_the_preview(client, staff_editor, existing):
    client.force_login(staff_editor)
    response = client.post(reverse("admin:references_reference_import"), {"file": upload("library.ris")})
    factories.ReferenceFactory(citation_key="meanwhile", doi="10.5555/knee.2020.001")
    client.post(reverse("admin:references_reference_import_confirm"), {"token": response.context["token"]})
    assert not Reference.objects.filter(citation_key="example2020hip").exists()
    assert Reference.objects.filter(citation_key="example2021").exists()


def test_a_tampered_preview_token_is_refused_and_saves_nothing(client, staff_editor, existing):
    client.force_login(staff_editor)
    response = client.post(reverse("admin:references_reference_import"), {"file": upload("library.bib")})
    token = response.context["token"]
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    result = client.post(
        reverse("admin:references_reference_import_confirm"), {"token": tampered}, follow=True
    )
    assert "could not be verified" in result.content.decode()
    assert Reference.objects.count() == 1


def test_identifiers_are_looked_up_and_previewed(client, staff_editor, resolver_server):
    client.force_login(staff_editor)
    response = client.post(
        reverse("admin:references_reference_import"),
        {"identifiers": "https://doi.org/10.5555/knee.2020.001\nPMID: 99000001\n10.5555/nothing.here\n"},
    )
    rows = response.context["rows"]
    assert [row.status for row in rows] == ["new", "new", "invalid"]
    assert rows[0].data["title"] == "Hip strengthening for chronic knee pain: a randomised trial"
    assert rows[1].data["reference_type"] == "systematic_review"
    assert "Crossref has no record of the DOI 10.5555/nothing.here" in rows[2].reason
    assert Reference.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("latin1.bib", "@article{a, title={Gehschule f\u00fcr Knie}}".encode("latin-1"), "is not UTF-8 text"),
        ("huge.bib", b"%" * (1024 * 1024 + 1), "at most 1 MB"),
        ("paper.pdf", b"%PDF-1.7", "Upload a .bib, .ris, .nbib or .txt file"),
        ("notes.bib", b"just some notes, no entries", "The file contains no references."),
        ("notes.txt", b"neither one nor the other", "neither BibTeX, RIS nor PubMed"),
        ("binary.ris", b"TY  - JOUR\x00\x01", "binary data"),
        ("empty.ris", b"", "The submitted file is empty."),
    ],
)
def test_bad_files_get_a_clear_message_and_save_nothing(client, staff_editor, name, content, message):
    client.force_login(staff_editor)
    response = client.post(reverse("admin:references_reference_import"), {"file": upload(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["rows"] is None
    assert Reference.objects.count() == 0


def test_a_board_member_without_the_add_permission_cannot_import(client, reviewer):
    reviewer.is_staff = True
    reviewer.save()
    client.force_login(reviewer)
    assert client.get(reverse("admin:references_reference_import")).status_code == 403


def test_ris_records_numbered_by_the_exporting_tool_are_read():
    text = "1.\nTY  - JOUR\nTI  - First\nER  - \n\n2.\nTY  - JOUR\nTI  - Second\nER  - \n"
    assert [c["title"] for c in importers.parse_text(text)] == ["First", "Second"]
