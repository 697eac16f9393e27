"""What a careful person would accept comes in with its meaning intact, and each problem is said once.

Each case is one that real bibliographies showed going wrong: a clinical "<5 years"
read as "5 years", titles emptied by a macro, years cut, lines miscounted.
"""

import pytest

from references import importers
from references.models import Reference

pytestmark = pytest.mark.django_db


def bib_entry(**fields):
    body = ",\n".join(f"  {name} = {value}" for name, value in fields.items())
    return "@article{key2020,\n" + body + "\n}\n"


def one(text, **kwargs):
    rows = importers.classify(importers.parse_text(text, **kwargs))
    assert len(rows) == 1
    return rows[0]


def title_of(title):
    return one(bib_entry(title="{" + title + "}", author="{Smith, Jane}", year="2020")).data["title"]


def test_less_than_and_greater_than_written_as_tex_macros_are_kept():
    assert title_of(r"Otitis media in children {\textless}5 years") == "Otitis media in children <5 years"
    assert title_of(r"Falls in adults {\textgreater}65 years") == "Falls in adults >65 years"


def test_math_comparisons_and_dashes_become_their_unicode_characters():
    assert title_of(r"HbA1c $\leq$ 7\% and $<$ 8\%") == "HbA1c ≤ 7% and < 8%"
    assert title_of(r"Ages 18--65: a cohort---and a trial") == "Ages 18–65: a cohort—and a trial"


def test_emdash_macro_becomes_a_dash_and_does_not_glue_words():
    assert title_of(r"Statins\emdash who benefits?") == "Statins—who benefits?"
    assert title_of(r"Statins \emdash{} who benefits?") == "Statins — who benefits?"


def test_a_tilde_becomes_a_non_breaking_space_even_without_other_tex():
    assert title_of("Type~2 diabetes in primary care") == "Type\u00a02 diabetes in primary care"


def test_accented_author_names_are_converted_and_shortened_to_vancouver_form():
    row = one(
        bib_entry(
            title="{Gehschule}",
            author=r"{M{\"u}ller, Hans and {\'E}mile Durkheim and "
            r"{\c{C}}a{\u{g}}lar, Ay{\c{s}}e}",
            year="2021",
        )
    )
    assert row.data["authors"] == "Müller H\nDurkheim É\nÇağlar A"


def test_a_macro_never_empties_a_title():
    assert title_of(r"{\TeX} for clinical reports") == "TeX for clinical reports"
    assert title_of(r"\Mycin{} rules revisited") == "Mycin rules revisited"


def test_soft_hyphens_are_removed_from_titles():
    assert (
        title_of("Physio\u00adtherapy for knee osteo\u00adarthritis")
        == "Physiotherapy for knee osteoarthritis"
    )


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (r"{{\noopsort{1973b}}1977}", 1977),
        ('"1987" # "\\unskip--"', 1987),
        ("{2020-03-15}", 2020),
        ("{c1995-2002}", 1995),
    ],
)
def test_the_year_is_the_first_four_digit_year_in_the_field(year, expected):
    row = one(bib_entry(title="{A title}", year=year))
    assert (row.status, row.data["year"]) == ("new", expected)


def test_a_field_with_several_urls_keeps_each_of_them():
    row = one(bib_entry(title="{A title}", year="2020", url="{https://a.example/one; https://b.example/two}"))
    assert row.status == "new"
    assert (row.data["url"], row.data["other_urls"]) == ("https://a.example/one", "https://b.example/two")


def test_ris_provider_header_lines_are_skipped_as_the_ris_parser_skips_them():
    text = (
        'Record #1 of 2\nProvider: Example Provider\nContent: text/plain; charset="UTF-8"\n\n'
        "TY  - JOUR\nTI  - First\nPY  - 2014//\nER  - \n\n"
        'Record #2 of 2\nProvider: Example Provider\nContent: text/plain; charset="UTF-8"\n\n'
        "TY  - JOUR\nTI  - Second\nPY  - 2015\nER  - \n"
    )
    rows = importers.classify(importers.parse_text(text))
    assert [(row.line, row.status, row.data["title"], row.data["year"]) for row in rows] == [
        (5, "new", "First", 2014),
        (14, "new", "Second", 2015),
    ]


def test_a_ris_record_with_only_a_short_title_uses_it():
    row = one("TY  - JOUR\nST  - Knee pain\nT2  - Example Pain Res\nPY  - 2021\nER  - \n")
    assert (row.status, row.data["title"]) == ("new", "Knee pain")


def test_ris_fields_outside_a_record_are_reported_once_with_their_line():
    rows = importers.classify(
        importers.parse_text("TI  - Lost\nAU  - Nobody\n\nTY  - JOUR\nTI  - Kept\nER  - \n")
    )
    assert [(row.line, row.status) for row in rows] == [(1, "invalid"), (4, "new")]
    assert (
        rows[0].reason
        == 'Line 1 holds RIS fields outside any record: the record\'s first line "TY  -" is missing.'
    )


def test_line_numbers_count_line_breaks_after_a_double_backslash():
    text = (
        "@misc{first,\n  title = {A poem \\\\\n  in two \\\\\n  lines \\\\\n},\n  year = 2020\n}\n\n"
        "@misc{second,\n  title = {Fine},\n  year = 2020,\n  year = 2021\n}\n"
    )
    rows = importers.classify(importers.parse_text(text, file_format="bibtex"))
    assert [(row.line, row.status) for row in rows] == [(1, "new"), (9, "invalid")]
    assert rows[1].reason == (
        'The entry second (line 9) has the field "year" twice. Keep one of each and import the file again.'
    )


def test_an_entry_without_a_title_gets_one_message():
    row = one(bib_entry(author="{Smith, Jane}", year="2020"))
    assert (row.status, row.reasons) == ("invalid", ["It has no title."])


def test_a_missing_comma_between_fields_is_named():
    row = one("@article{nocomma,\n  title = {Knee pain}\n  year = {2020}\n}\n")
    assert row.reasons == [
        'The entry nocomma (line 1): a comma seems to be missing after the field "title" (it runs on into '
        '"year").'
    ]


def test_an_entry_left_open_names_the_line_where_the_next_one_starts():
    text = (
        "@article{open,\n  title = {Never closed,\n  year = 2020\n\n@article{next, title={Fine}, year=2020}\n"
    )
    rows = importers.classify(importers.parse_text(text))
    assert [(row.line, row.status) for row in rows] == [(1, "invalid"), (5, "new")]
    assert rows[0].reason == (
        "The entry open (line 1) is not closed before the next entry starts on line 5: a brace or a quote in "
        "it is left open."
    )


def test_journal_abbreviations_and_book_details_are_read_from_ris():
    text = (
        "TY  - JOUR\nTI  - Blood pressure levels before dementia\nAU  - Petitti, Diana B.\n"
        "JF  - Archives of Neurology\nJA  - Arch Neurol\nPY  - 2005/01//\nVL  - 62\nIS  - 1\nSP  - 112\n"
        "EP  - 116\nER  - \n\n"
        "TY  - CHAP\nTI  - Chromosome alterations in human solid tumors\nAU  - Meltzer, Paul S.\n"
        "A2  - Vogelstein, Bert\nT2  - The genetic basis of human cancer\nCY  - New York\nPB  - McGraw-Hill\n"
        "PY  - 2002\nSP  - 93\nEP  - 113\nER  - \n"
    )
    article, chapter = (row.data for row in importers.classify(importers.parse_text(text)))
    assert (article["source"], article["journal_abbreviation"], article["month"]) == (
        "Archives of Neurology", "Arch Neurol", "Jan",
    )  # fmt: skip
    assert article["publication_form"] == Reference.Form.ARTICLE
    assert (chapter["publication_form"], chapter["container_title"], chapter["editors"]) == (
        Reference.Form.CHAPTER, "The genetic basis of human cancer", "Vogelstein B",
    )  # fmt: skip
    assert (chapter["place"], chapter["publisher"], chapter["pages"]) == ("New York", "McGraw-Hill", "93-113")
