"""Vancouver style, checked by hand against the ICMJE / NLM "Citing Medicine" examples' rules."""

from django.template import Context, Template

from references.formatting import elide_pages, format_vancouver


def snapshot(**fields):
    base = {
        "citation_key": "key", "reference_type": "research", "title": "", "authors": [], "source": "",
        "year": None, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "pmcid": "", "url": "",
        "evidence_level": "",
    }  # fmt: skip
    return {**base, **fields}


def test_a_guideline_published_in_a_journal():
    snap = snapshot(
        reference_type="guideline",
        title="2019 American College of Rheumatology/Arthritis Foundation Guideline for the Management of "
        "Osteoarthritis of the Hand, Hip, and Knee",
        authors=["Kolasinski SL", "Neogi T", "Hochberg MC"],
        source="Arthritis Care Res (Hoboken)",
        year=2020,
        volume="72",
        issue="2",
        pages="149-162",
        doi="10.1002/acr.24131",
    )
    assert format_vancouver(snap) == (
        "Kolasinski SL, Neogi T, Hochberg MC. 2019 American College of Rheumatology/Arthritis Foundation "
        "Guideline for the Management of Osteoarthritis of the Hand, Hip, and Knee. Arthritis Care Res "
        "(Hoboken). 2020;72(2):149-62. doi: 10.1002/acr.24131."
    )


def test_a_randomised_trial_with_more_than_six_authors_lists_six_then_et_al():
    snap = snapshot(
        reference_type="randomised_trial",
        title="Hip strengthening for chronic knee pain: a randomised trial",
        authors=["Example AM", "Sample JL", "Third C", "Fourth D", "Fifth E", "Sixth F", "Seventh G"],
        source="J Exampl Orthop",
        year=2020,
        volume="14",
        pages="201-212",
        pmid="99000003",
    )
    assert format_vancouver(snap) == (
        "Example AM, Sample JL, Third C, Fourth D, Fifth E, Sixth F, et al. Hip strengthening for chronic "
        "knee pain: a randomised trial. J Exampl Orthop. 2020;14:201-12. PubMed PMID: 99000003."
    )


def test_a_systematic_review_whose_title_ends_with_a_full_stop_and_has_an_issue_but_no_pages():
    snap = snapshot(
        reference_type="systematic_review",
        title="Hip Muscle Strengthening for Knee Osteoarthritis: A Systematic Review of Literature.",
        authors=["Example AM"],
        source="Journal of geriatric physical therapy (2001)",
        year=2020,
        volume="43",
        issue="3",
    )
    assert format_vancouver(snap) == (
        "Example AM. Hip Muscle Strengthening for Knee Osteoarthritis: A Systematic Review of Literature. "
        "Journal of geriatric physical therapy (2001). 2020;43(3)."
    )


def test_a_research_article_known_only_by_title_journal_and_year():
    snap = snapshot(
        title="9. Chronic knee pain.",
        source="Pain practice : the official journal of World Institute of Pain",
        year=2025,
    )
    assert format_vancouver(snap) == (
        "9. Chronic knee pain. Pain practice : the official journal of World Institute of Pain. 2025."
    )


def test_an_organisations_guideline_on_the_web():
    snap = snapshot(
        reference_type="guideline",
        title="Low back pain and sciatica in over 16s: assessment and management (NG59)",
        source="National Institute for Health and Care Excellence",
        year=2016,
        url="https://www.nice.org.uk/guidance/ng59",
    )
    assert format_vancouver(snap) == (
        "National Institute for Health and Care Excellence. Low back pain and sciatica in over 16s: "
        "assessment and management (NG59). 2016. Available from: https://www.nice.org.uk/guidance/ng59"
    )


def test_an_expert_opinion_with_an_author_published_by_a_body():
    snap = snapshot(
        reference_type="expert_opinion",
        title="When to refer knee pain to a surgeon",
        authors=["Opinion EX"],
        source="Praxis Medical Insights",
        year=2025,
    )
    assert format_vancouver(snap) == (
        "Opinion EX. When to refer knee pain to a surgeon. Praxis Medical Insights; 2025."
    )


def test_a_cohort_study_with_an_article_number_instead_of_pages():
    snap = snapshot(
        reference_type="observational",
        title="Knee pain and walking speed in older adults: a cohort study?",
        authors=["Cohort A", "Study B"],
        source="BMJ Open",
        year=2022,
        volume="12",
        issue="5",
        pages="e051234",
        doi="10.1136/bmjopen-2021-051234",
    )
    assert format_vancouver(snap) == (
        "Cohort A, Study B. Knee pain and walking speed in older adults: a cohort study? BMJ Open. "
        "2022;12(5):e051234. doi: 10.1136/bmjopen-2021-051234."
    )


def test_page_ranges_drop_the_digits_the_last_page_repeats():
    assert elide_pages("149-162") == "149-62"
    assert elide_pages("1451--1462") == "1451-62"
    assert elide_pages("100-110") == "100-10"
    assert elide_pages("99-101") == "99-101"
    assert elide_pages("e123-e130") == "e123-e130"


def test_the_template_filter_formats_a_snapshot_and_escapes_it():
    snap = snapshot(title="<script>alert(1)</script>", source="J", year=2020)
    rendered = Template("{% load references %}{{ snap|vancouver }}").render(Context({"snap": snap}))
    assert rendered == "&lt;script&gt;alert(1)&lt;/script&gt;. J. 2020."
