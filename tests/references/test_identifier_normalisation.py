"""Identifiers written any usual way are stored in one canonical form; anything else is refused."""

import pytest
from django.core.exceptions import ValidationError

from references.identifiers import normalise_doi, normalise_pmcid, normalise_pmid, normalise_url


@pytest.mark.parametrize(
    "written",
    [
        "10.1002/acr.24131",
        "10.1002/ACR.24131",
        "  10.1002/acr.24131  ",
        "doi:10.1002/acr.24131",
        "DOI: 10.1002/acr.24131",
        "https://doi.org/10.1002/acr.24131",
        "http://doi.org/10.1002/ACR.24131",
        "http://dx.doi.org/10.1002/acr.24131",
        "https://dx.doi.org/10.1002/acr.24131",
        "doi.org/10.1002/acr.24131",
        "https://doi.org/10.1002%2Facr.24131",
        "10.1002/acr.24131.",
    ],
)
def test_every_usual_form_of_a_doi_becomes_the_canonical_one(written):
    assert normalise_doi(written) == "10.1002/acr.24131"


def test_a_doi_with_a_sub_divided_registrant_code_is_kept_whole():
    assert normalise_doi("10.1000.10/ABC(123)") == "10.1000.10/abc(123)"


@pytest.mark.parametrize(
    "written",
    ["11.1002/acr.24131", "10.12/short", "acr.24131", "10.1002", "10.1002/", "https://example.org/x"],
)
def test_something_that_is_not_a_doi_is_refused_with_an_example(written):
    with pytest.raises(ValidationError, match=r"is not a DOI\. A DOI starts with \"10\.\""):
        normalise_doi(written)


@pytest.mark.parametrize(
    "written",
    ["31908163", " 31908163 ", "PMID: 31908163", "pmid:31908163", "PMID 31908163",
     "https://pubmed.ncbi.nlm.nih.gov/31908163/"],
)  # fmt: skip
def test_every_usual_form_of_a_pmid_becomes_digits_only(written):
    assert normalise_pmid(written) == "31908163"


@pytest.mark.parametrize("written", ["3190816a", "PMC123", "12345678901", "٣١٩٠٨١٦٣", "-5"])
def test_a_pmid_that_is_not_digits_is_refused(written):
    with pytest.raises(ValidationError, match="is not a PubMed ID"):
        normalise_pmid(written)


@pytest.mark.parametrize(
    "written",
    ["PMC7023847", "pmc7023847", "7023847", "PMCID: PMC7023847",
     "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7023847/"],
)  # fmt: skip
def test_every_usual_form_of_a_pmcid_becomes_pmc_and_digits(written):
    assert normalise_pmcid(written) == "PMC7023847"


def test_a_pmcid_that_is_not_one_is_refused():
    with pytest.raises(ValidationError, match="is not a PubMed Central ID"):
        normalise_pmcid("PMCX12")


@pytest.mark.parametrize("written", ["https://www.nice.org.uk/guidance/ng59", " http://example.org/a?b=1 "])
def test_web_addresses_are_accepted(written):
    assert normalise_url(written) == written.strip()


@pytest.mark.parametrize(
    "written",
    ["javascript:alert(1)", "ftp://example.org/file.pdf", "data:text/html,hi", "file:///etc/passwd"],
)
def test_only_http_and_https_addresses_are_accepted(written):
    with pytest.raises(ValidationError, match="Only web addresses starting with http:// or https://"):
        normalise_url(written)


def test_a_malformed_web_address_is_refused():
    with pytest.raises(ValidationError, match="is not a valid web address"):
        normalise_url("https://")


def test_empty_identifiers_stay_empty():
    assert normalise_doi("") == normalise_pmid(" ") == normalise_pmcid(None) == normalise_url("") == ""
