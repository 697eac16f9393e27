"""A DOI or PMID the library already holds is refused, with a link to the entry that has it."""

import pytest
from django.urls import reverse

from editorial.exceptions import InvalidAction
from references import services
from references.models import Reference
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def existing(db):
    return factories.ReferenceFactory(
        citation_key="kolasinski2020",
        title="ACR guideline",
        year=2020,
        doi="10.1002/acr.24131",
        pmid="31908149",
    )


def add_form(**fields):
    data = {"citation_key": "newkey", "reference_type": "research", "title": "A new entry", "authors": ""}
    data.update(fields)
    return data


def test_the_admin_refuses_a_duplicate_doi_written_another_way_and_links_the_existing_entry(
    client, staff_editor, existing
):
    client.force_login(staff_editor)
    response = client.post(
        reverse("admin:references_reference_add"), add_form(doi="https://doi.org/10.1002/ACR.24131")
    )
    assert response.status_code == 200
    html = response.content.decode()
    url = reverse("admin:references_reference_change", args=[existing.pk])
    link = f'<a href="{url}">ACR guideline (2020)</a>'
    assert f"The entry {link} already has this DOI. Cite that entry instead." in html
    assert Reference.objects.count() == 1


def test_the_admin_refuses_a_duplicate_pmid_with_a_link(client, staff_editor, existing):
    client.force_login(staff_editor)
    response = client.post(reverse("admin:references_reference_add"), add_form(pmid="PMID: 31908149"))
    assert "already has this PMID" in response.content.decode()
    assert Reference.objects.count() == 1


def test_the_duplicate_link_escapes_the_existing_title(client, staff_editor):
    factories.ReferenceFactory(title="<img src=x onerror=alert(1)>", doi="10.5555/xss.1")
    client.force_login(staff_editor)
    html = client.post(
        reverse("admin:references_reference_add"), add_form(doi="10.5555/XSS.1")
    ).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html


def test_the_admin_saves_identifiers_in_their_canonical_form_with_history(client, staff_editor):
    client.force_login(staff_editor)
    response = client.post(
        reverse("admin:references_reference_add"),
        add_form(
            doi="doi: 10.5555/ABC.1", pmid="PMID: 99000001", pmcid="pmc9900001", url=" https://example.org/a "
        ),
    )
    assert response.status_code == 302
    ref = Reference.objects.get(citation_key="newkey")
    assert (ref.doi, ref.pmid, ref.pmcid, ref.url) == (
        "10.5555/abc.1",
        "99000001",
        "PMC9900001",
        "https://example.org/a",
    )
    row = ref.history.get()
    assert (row.history_user, row.history_change_reason) == (staff_editor, "Added to the library")


def test_the_admin_refuses_a_doi_that_is_not_one_and_a_javascript_address(client, staff_editor):
    client.force_login(staff_editor)
    response = client.post(
        reverse("admin:references_reference_add"), add_form(doi="11.1/nope", url="javascript:alert(1)")
    )
    html = response.content.decode()
    assert "is not a DOI" in html
    assert "Only web addresses starting with http:// or https://" in html
    assert Reference.objects.count() == 0


def test_the_service_refuses_a_duplicate_and_saves_nothing(editor, existing):
    with pytest.raises(InvalidAction, match="already has this DOI"):
        services.reference_create(
            actor=editor, citation_key="other", title="Same work", doi="DOI:10.1002/acr.24131"
        )
    assert Reference.objects.count() == 1
    assert Reference.history.count() == 1


def test_editing_an_entry_keeps_its_own_doi_without_calling_it_a_duplicate(editor, existing):
    services.reference_update(reference=existing, actor=editor, title="ACR guideline, 2020 update")
    existing.refresh_from_db()
    assert existing.title == "ACR guideline, 2020 update"
    assert existing.history.latest().history_change_reason == "Changed in the library"


def test_the_citation_key_of_a_cited_entry_cannot_change(editor, draft, reference):
    with pytest.raises(InvalidAction, match="cannot change"):
        services.reference_update(reference=reference, actor=editor, citation_key="renamed")
    reference.refresh_from_db()
    assert reference.citation_key != "renamed"


def test_a_reader_without_permission_cannot_add_entries(db):
    outsider = factories.UserFactory()
    with pytest.raises(Exception, match="do not have permission"):
        services.reference_create(actor=outsider, citation_key="x", title="X")
    assert Reference.objects.count() == 0
