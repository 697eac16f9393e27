"""A PubMed export in MEDLINE format (.nbib, "Send to → Citation manager") imports with every field mapped.

data/files/pubmed-export.nbib was written for these tests from the NLM's
"MEDLINE/PubMed Data Element (Field) Descriptions": 22 records, with
continuation lines, repeated fields, AID/LID identifiers, group authors (CN),
full names only (FAU without AU), online-only articles (LID [pii] instead of
PG), and a book chapter (BTI, ED/FED, PB, PL, EN).
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from references import importers
from references.models import Reference

pytestmark = pytest.mark.django_db
EXPORT = Path(__file__).parent / "data" / "files" / "pubmed-export.nbib"

# pmid|type|DOI (after "10.5555/")|PMCID|NLM abbreviation|year|month|volume|issue|pages|first author
EXPECTED_TABLE = """
99100001|guideline|acr.2020.001|PMC9910001|Arthritis Care Res (Hoboken)|2020|Feb|72|2|149-162|Example AM
99100002|guideline|jeo.2021.002||J Exampl Orthop|2021|Mar 15|15|1|1-20|Example AM
99100003|systematic|cdsr.2015.003|PMC9910003|Cochrane Database Syst Rev|2015|Jan 9|1||CD004376|Sample JL
99100004|systematic|jospt.2019.004||J Orthop Sports Phys Ther|2019|Aug|49|8|560-570|Example AM
99100005|randomised_trial|aim.2018.005|PMC9910005|Ann Intern Med|2018|Dec 4|169|11|741-750|Example AM
99100006|observational|bmjopen.2022.006|PMC9910006|BMJ Open|2022|May 3|12|5|e051234|Muller H
99100007|review|lancet.2019.007||Lancet|2019|Apr 27|393|10182|1745-1759|O'Brien S
99100008|expert_opinion|bmj.2020.008||BMJ|2020|Jun 1|369||m1234|Example AM
99100009|expert_opinion|||Ann Intern Med|2019|Mar 19|170|6|425|Sample JL
99100010|randomised_trial|nejm.2020.010||N Engl J Med|2020|Apr 9|382|15|1420-1429|Muller H
99100011|research|||Br J Gen Pract|2017|Winter|67|4|e12-e20|Knee Pain Primary Care Study Group
99100012|systematic|obr.2016.012||Obes Rev|2016|Nov-Dec|17|11|1036-1046|Doe JQ
99100013|research|||Am Fam Physician|2021||103|7|433-440|Sample JL
99100014|systematic|pain.2023.014|PMC9910014|Pain|2023|Jan 1|164|1|10-25|Example AM
99100015|randomised_trial|jama.2014.015||JAMA|2014|Oct 1|312|13|1313-1322|O'Brien S
99100016|randomised_trial||PMC9910016|Arthritis Rheumatol|2016|Jul|68|7|1620-1629|Muller H
99100017|guideline|bmj.2022.017||BMJ|2022|Oct 19|379||o2345|National Guideline Centre
99100018|observational|oac.2020.018||Osteoarthritis Cartilage|2020|Sep|28|9|1155-1163|Sample JL
99100019|review|peds.2018.019|PMC9910019|Pediatrics|2018|Jan|141|1|e20172345|Example AM
99100020|systematic|sysrev.2024.020|PMC9910020|Syst Rev|2024|Feb 2|13|1|45|Muller H
99100021|research|bjgp.2019.021||Br J Gen Pract|2019|May|69|682|e301-e309|O'Brien S
99100022|review||||2023|||||Sample JL
"""


def _expected_row(line):
    pmid, kind, doi, *rest = line.replace("|systematic|", "|systematic_review|").split("|")
    rest[2] = int(rest[2])
    return pmid, (kind, f"10.5555/{doi}" if doi else "", *rest)


EXPECTED = dict(_expected_row(line) for line in EXPECTED_TABLE.strip().splitlines())


def imported_rows():
    return importers.classify(importers.parse_text(EXPORT.read_text(encoding="utf-8")))


def test_every_record_of_a_pubmed_export_is_read_with_its_fields_mapped():
    rows = imported_rows()
    assert [row.status for row in rows] == ["new"] * 22
    found = {
        row.data["pmid"]: (
            row.data["reference_type"], row.data["doi"], row.data["pmcid"], row.data["journal_abbreviation"],
            row.data["year"], row.data["month"], row.data["volume"], row.data["issue"], row.data["pages"],
            row.data["authors"].split("\n")[0],
        )
        for row in rows
    }  # fmt: skip
    assert found == EXPECTED


def test_continuation_lines_full_journal_titles_and_all_authors_are_kept():
    first = imported_rows()[0].data
    assert first["title"] == (
        "2019 American College of Rheumatology/Arthritis Foundation Guideline for the Management of "
        "Osteoarthritis of the Hand, Hip, and Knee."
    )
    assert first["source"] == "Arthritis care & research"
    assert first["authors"] == "Example AM\nSample JL\nMuller H"
    assert first["publication_form"] == Reference.Form.ARTICLE
    trial = next(row.data for row in imported_rows() if row.data["pmid"] == "99100015")
    assert len(trial["authors"].split("\n")) == 7


def test_a_book_chapter_from_the_bookshelf_keeps_its_book_editors_and_publisher():
    chapter = imported_rows()[-1].data
    assert (chapter["publication_form"], chapter["title"]) == (
        Reference.Form.CHAPTER, "Examination of the painful knee.",
    )  # fmt: skip
    assert (
        chapter["container_title"] == "Clinical methods: the history, physical, and laboratory examinations"
    )
    assert (chapter["editors"], chapter["publisher"], chapter["place"], chapter["edition"]) == (
        "Walker HK\nHall WD", "Example Academic Press", "Boston", "3rd",
    )  # fmt: skip


def test_the_admin_imports_a_pubmed_export_after_the_preview(client, staff_editor):
    client.force_login(staff_editor)
    upload = SimpleUploadedFile("pubmed-export.nbib", EXPORT.read_bytes(), content_type="text/plain")
    response = client.post(reverse("admin:references_reference_import"), {"file": upload})
    assert "22 new" in response.content.decode()
    client.post(reverse("admin:references_reference_import_confirm"), {"token": response.context["token"]})
    assert Reference.objects.count() == 22
    guideline = Reference.objects.get(pmid="99100001")
    assert (guideline.reference_type, guideline.doi, guideline.pmcid, guideline.journal_abbreviation) == (
        "guideline", "10.5555/acr.2020.001", "PMC9910001", "Arthritis Care Res (Hoboken)",
    )  # fmt: skip


def test_a_pubmed_export_saved_as_txt_is_recognised_by_its_content(client, staff_editor):
    client.force_login(staff_editor)
    upload = SimpleUploadedFile("pubmed-export.txt", EXPORT.read_bytes(), content_type="text/plain")
    response = client.post(reverse("admin:references_reference_import"), {"file": upload})
    assert [row.status for row in response.context["rows"]] == ["new"] * 22


def test_stray_text_in_a_medline_file_is_reported_with_its_line():
    text = (
        "PMID- 99100001\nTI  - A title.\nDP  - 2020\n\n"
        "this line is not a field\n\nPMID- 99100002\nDP  - 2021\n"
    )
    rows = importers.classify(importers.parse_text(text))
    assert [(row.line, row.status, row.reason) for row in rows] == [
        (1, "new", ""),
        (5, "invalid", 'Line 5 is not a MEDLINE field ("TAG - value"): "this line is not a field".'),
        (7, "invalid", "It has no title."),
    ]
