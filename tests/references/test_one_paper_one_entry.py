"""One paper, one entry: a DOI-only and a PMID-only entry of the same paper are recognised as one.

PubMed is asked for the identifier an entry lacks (through the local server that
replays its recorded answers); when it cannot be reached, the same normalised
title, year and first author still recognise the paper. The duplicate is refused
with a link to the entry that holds it, in the admin's import and its entry form.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from editorial.exceptions import InvalidAction
from references import importers, services
from references.models import Reference
from tests import factories

pytestmark = pytest.mark.django_db
# PubMed's record 99000001 carries this DOI (data/pubmed/esummary-99000001.json).
DOI = "10.5555/sr.2021.009"
PMID = "99000001"


@pytest.fixture
def online(settings, resolver_server):
    settings.REFERENCE_CROSS_CHECK_ONLINE = True
    return resolver_server


@pytest.fixture
def unreachable(settings):
    # Nothing listens on port 9 of this machine: every look-up fails at once.
    settings.REFERENCE_CROSS_CHECK_ONLINE = True
    settings.REFERENCE_RESOLVER = {
        "CLASS": "references.resolver.HttpResolver",
        "CROSSREF_URL": "http://127.0.0.1:9/crossref",
        "PUBMED_URL": "http://127.0.0.1:9/pubmed",
        "TIMEOUT": 0.5,
    }


def add_form(**fields):
    data = {"citation_key": "newkey", "reference_type": "research", "title": "A new entry", "authors": ""}
    return data | fields


def ris(**tags):
    return (
        "TY  - JOUR\n" + "".join(f"{tag}  - {value}\n" for tag, value in tags.items()) + "ER  - \n"
    ).encode()


def test_a_pmid_only_import_of_a_paper_held_under_its_doi_is_refused_with_a_link(
    client, staff_editor, online
):
    held = factories.ReferenceFactory(
        citation_key="sr2021", title="Exercise for joint pain", doi=DOI, pmid=""
    )
    client.force_login(staff_editor)
    upload = SimpleUploadedFile("pubmed.ris", ris(TI="A differently worded title", AN=PMID, PY="2021"))
    response = client.post(reverse("admin:references_reference_import"), {"file": upload})
    [row] = response.context["rows"]
    assert row.status == "duplicate"
    assert row.reason == (
        f"The library already has this paper: PubMed gives this PMID the DOI {DOI}, "
        "which an entry already holds."
    )
    assert row.existing == held
    html = response.content.decode()
    assert f'href="{reverse("admin:references_reference_change", args=[held.pk])}"' in html
    assert any("esummary.fcgi" in path and PMID in path for path in online.requests)
    assert Reference.objects.count() == 1


def test_a_doi_only_entry_of_a_paper_held_under_its_pmid_is_refused_in_the_entry_form(
    client, staff_editor, online
):
    held = factories.ReferenceFactory(
        citation_key="sr2021", title="Exercise for joint pain", doi="", pmid=PMID
    )
    client.force_login(staff_editor)
    response = client.post(reverse("admin:references_reference_add"), add_form(doi=f"https://doi.org/{DOI}"))
    assert response.status_code == 200
    html = response.content.decode()
    url = reverse("admin:references_reference_change", args=[held.pk])
    assert (
        f"The library already has this paper: PubMed gives this DOI the PMID {PMID}, "
        "which an entry already holds. "
        f'Cite <a href="{url}">Exercise for joint pain (2020)</a> instead.'
    ) in html
    assert Reference.objects.count() == 1


def test_the_service_refuses_the_same_paper_under_another_identifier(staff_editor, online):
    factories.ReferenceFactory(citation_key="sr2021", doi="", pmid=PMID)
    with pytest.raises(InvalidAction, match="PubMed gives this DOI the PMID 99000001"):
        services.reference_create(actor=staff_editor, citation_key="again", title="Again", doi=DOI)
    assert Reference.objects.count() == 1


def test_without_the_resolver_the_same_title_year_and_first_author_recognise_the_paper(unreachable):
    held = factories.ReferenceFactory(
        title="Exercise therapy for hip and knee pain: a systematic review and meta-analysis",
        authors="Example AM\nSample JL",
        year=2021,
        doi=DOI,
        pmid="",
    )
    text = ris(
        TI="Exercise Therapy for Hip and Knee Pain - a Systematic Review and Meta-Analysis.",
        AU="Example, Anna M.",
        PY="2021",
        AN=PMID,
    ).decode()
    [row] = importers.classify(importers.parse_text(text))
    assert (row.status, row.existing) == ("duplicate", held)
    assert row.reason == "The library already has an entry with the same title, year and first author."


def test_accents_and_case_do_not_hide_the_same_first_author(unreachable):
    factories.ReferenceFactory(title="Gehschule für Kniepatienten", authors="Müller H", year=2021)
    text = ris(TI="GEHSCHULE FUR KNIEPATIENTEN", AU="Muller, Hans", PY="2021").decode()
    [row] = importers.classify(importers.parse_text(text))
    assert row.status == "duplicate"


@pytest.mark.parametrize(
    "tags",
    [
        {"TI": "Exercise therapy for knee pain", "AU": "Example, Anna", "PY": "2022"},  # another year
        {"TI": "Exercise therapy for knee pain", "AU": "Other, Olga", "PY": "2021"},  # another first author
        {
            "TI": "Exercise therapy for knee pain, part 2",
            "AU": "Example, Anna",
            "PY": "2021",
        },  # another title
    ],
)
def test_papers_that_differ_in_title_year_or_first_author_are_both_kept(unreachable, tags):
    factories.ReferenceFactory(title="Exercise therapy for knee pain", authors="Example AM", year=2021)
    [row] = importers.classify(importers.parse_text(ris(**tags).decode()))
    assert row.status == "new"
