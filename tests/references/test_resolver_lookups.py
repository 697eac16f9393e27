"""The resolver against a local server replaying recorded Crossref and PubMed answers."""

import pytest

from references.resolver import HttpResolver, NotFound, ResolverError, get_resolver

from .conftest import BROKEN_DOI, MALFORMED_DOI, SLOW_DOI


def test_the_resolver_class_and_its_addresses_come_from_settings(resolver_server, settings):
    resolver = get_resolver()
    assert isinstance(resolver, HttpResolver)
    assert resolver.crossref_url == settings.REFERENCE_RESOLVER["CROSSREF_URL"]
    assert resolver.timeout == 0.5


def test_a_doi_lookup_reads_crossrefs_work_record(resolver_server):
    metadata = get_resolver().lookup_doi("https://doi.org/10.5555/KNEE.2020.001")
    assert metadata.title == "Hip strengthening for chronic knee pain: a randomised trial"
    assert metadata.authors == ["Example AM", "Sample JL", "Knee Trial Collaborative Group"]
    assert metadata.source == "J Exampl Orthop"
    assert (metadata.year, metadata.volume, metadata.issue, metadata.pages) == (2020, "14", "3", "201-212")
    assert metadata.doi == "10.5555/knee.2020.001"
    assert metadata.updates == []
    assert resolver_server.requests == ["/crossref/works/10.5555/knee.2020.001"]


def test_a_pmid_lookup_reads_pubmeds_esummary_record(resolver_server):
    metadata = get_resolver().lookup_pmid("PMID: 99000001")
    assert metadata.title == "Exercise therapy for hip and knee pain: a systematic review and meta-analysis."
    assert metadata.authors == ["Example AM", "Sample JL"]
    assert metadata.source == "Example Pain Res"
    assert metadata.year == 2021
    assert (metadata.doi, metadata.pmid, metadata.pmcid) == ("10.5555/sr.2021.009", "99000001", "PMC9900001")
    assert metadata.reference_type == "systematic_review"


def test_an_unknown_doi_is_a_clear_not_found(resolver_server):
    with pytest.raises(NotFound, match="Crossref has no record of the DOI 10.5555/nothing.here"):
        get_resolver().lookup_doi("10.5555/nothing.here")


def test_an_unknown_pmid_is_a_clear_not_found(resolver_server):
    with pytest.raises(NotFound, match="PubMed has no record of the PMID 98999999"):
        get_resolver().lookup_pmid("98999999")


def test_a_service_that_does_not_answer_in_time_is_a_clear_error(resolver_server):
    with pytest.raises(ResolverError, match="did not answer within 0.5 seconds"):
        get_resolver().lookup_doi(SLOW_DOI)


def test_an_answer_that_is_not_json_is_a_clear_error(resolver_server):
    with pytest.raises(ResolverError, match="could not be read"):
        get_resolver().lookup_doi(MALFORMED_DOI)


def test_a_server_error_is_a_clear_error(resolver_server):
    with pytest.raises(ResolverError, match=r"refused the lookup .*HTTP 503"):
        get_resolver().lookup_doi(BROKEN_DOI)


def test_a_service_that_cannot_be_reached_is_a_clear_error(settings):
    settings.REFERENCE_RESOLVER = {
        "CLASS": "references.resolver.HttpResolver",
        # Port 9 (discard) on the loopback: nothing listens there.
        "CROSSREF_URL": "http://127.0.0.1:9",
        "PUBMED_URL": "http://127.0.0.1:9",
        "TIMEOUT": 0.5,
    }
    with pytest.raises(ResolverError, match="could not be reached"):
        get_resolver().lookup_doi("10.5555/knee.2020.001")


def test_something_that_is_not_a_doi_is_refused_before_any_request(resolver_server):
    with pytest.raises(ResolverError, match="is not a DOI"):
        get_resolver().lookup_doi("not a doi")
    assert resolver_server.requests == []


def test_retraction_status_reads_updated_by_on_the_work(resolver_server):
    status = get_resolver().retraction_status("10.5555/retracted.2019.042")
    assert status.retraction is not None
    assert status.retraction.notice_doi == "10.5555/retraction.2024.007"
    assert status.retraction.date == "2024-03-05"


def test_retraction_status_finds_a_notice_that_names_the_work_in_update_to(resolver_server):
    status = get_resolver().retraction_status("10.5555/older.2018.003")
    assert status.retraction.notice_doi == "10.5555/notice.2023.001"
    assert status.retraction.date == "2023-11-20"
    assert len(status.updates) == 1  # the notice's other target is someone else's work


def test_a_correction_is_not_a_retraction(resolver_server):
    status = get_resolver().retraction_status("10.5555/corrected.2021.010")
    assert status.retraction is None
    assert [u.update_type for u in status.corrections] == ["correction"]


def test_a_clean_work_has_no_updates(resolver_server):
    assert get_resolver().retraction_status("10.5555/knee.2020.001").updates == []
