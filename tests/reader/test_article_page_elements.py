"""The article page shows every element of the seed page, from approved data, in both wordings."""

import json
import re
from datetime import timedelta

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def get_page(client, article, audience=None):
    url = article.get_absolute_url() + (f"?audience={audience}" if audience else "")
    response = client.get(url)
    assert response.status_code == 200
    return response, response.content.decode()


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "the page has no JSON-LD"
    return json.loads(match.group(1))


@pytest.mark.parametrize("audience", ["patient", "professional"])
def test_page_shows_title_banner_stepper_dates_and_policy_link(client, knee_article, board_member, audience):
    revision = knee_article.live_revision
    _, html = get_page(client, knee_article, audience)

    assert html.count("<h1") == 1
    assert knee_article.question in html
    assert "Medical Advisory Board" in html
    assert f'href="{board_member.get_absolute_url()}"' in html
    assert f"{board_member.display_name}, {board_member.credentials}" in html
    for step in ("Submitted", "Under review", "Approved"):
        assert step in html
    assert f'Last updated</dt><dd><time datetime="{revision.approved_at:%Y-%m-%d}">' in html
    due = revision.approved_at + timedelta(days=settings.REREVIEW_INTERVAL_DAYS)
    assert f'<time datetime="{due:%Y-%m-%d}">' in html
    assert 'href="/editorial-policy/">View editorial policy' in html


def test_patient_wording_is_the_default_with_its_disclaimer(client, knee_article, disclaimers):
    patient, professional = disclaimers
    _, html = get_page(client, knee_article)
    assert "Long-lasting knee pain changes how you walk." in html
    assert "Antalgic gait" not in html
    assert patient.text in html
    assert professional.text not in html
    assert 'aria-current="true">I\'m a patient or caregiver' in html


def test_each_wording_has_its_own_address_and_canonical_link_and_sets_no_cookie(
    client, knee_article, disclaimers
):
    patient, professional = disclaimers
    response, html = get_page(client, knee_article, "professional")
    assert "Antalgic gait shifts load proximally" in html
    assert professional.text in html and patient.text not in html
    assert not response.cookies
    base = "http://testserver" + knee_article.get_absolute_url()
    assert f'<link rel="canonical" href="{base}?audience=professional">' in html

    response, html = get_page(client, knee_article)  # no parameter: the patient wording
    assert "Long-lasting knee pain" in html
    assert f'<link rel="canonical" href="{base}">' in html
    professional_link = f'href="{knee_article.get_absolute_url()}?audience=professional"'
    assert f'{professional_link} data-audience="professional"' in html
    _, html = get_page(client, knee_article, "patient")
    assert "Long-lasting knee pain" in html
    assert f'<link rel="canonical" href="{base}">' in html


def test_both_wordings_show_the_same_banner_and_dates(client, knee_article):
    def header(html):
        return html.split('<header class="article-header">')[1].split("</header>")[0]

    _, patient = get_page(client, knee_article, "patient")
    _, professional = get_page(client, knee_article, "professional")
    assert header(patient) == header(professional)


@pytest.mark.parametrize(
    ("audience", "first_key"), [("patient", "Management of Hip and Knee Pain"), ("professional", "Chronic")]
)
def test_citations_are_numbered_in_order_of_first_citation_and_link_to_the_reference_list(
    client, knee_article, audience, first_key
):
    _, html = get_page(client, knee_article, audience)
    assert '<a class="citation" href="#ref-1"' in html
    body, references = html.split('id="references-heading"')
    assert 'href="#ref-3"' in body
    entries = re.findall(r'<li id="ref-(\d)" class="reference".*?</li>', references, re.S)
    assert entries == ["1", "2", "3"]
    first = references.split('id="ref-1"')[1].split("</li>")[0]
    assert first_key in first


def test_each_reference_shows_type_title_source_year_and_doi_and_pubmed_links(client, knee_article):
    _, html = get_page(client, knee_article)
    references = html.split('id="references-heading"')[1]
    assert "Guideline" in references and "Research" in references
    assert "Hip Muscle Strengthening for Knee Osteoarthritis: A Systematic Review." in references
    assert "Journal of geriatric physical therapy. 2020" in references  # Vancouver: "Journal. Year"
    assert 'href="https://doi.org/10.1519/JPT.0000000000000218"' in references
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/30407270/"' in references


def test_related_questions_change_log_and_follow_up_form_are_on_the_page(client, knee_article):
    related = knee_article.related_articles.get()
    _, html = get_page(client, knee_article)
    assert f'<a href="{related.get_absolute_url()}">{related.question}</a>' in html
    assert "Change log" in html and "First version" in html
    assert "Have a follow-up question?" in html
    assert '<label for="id_question">Your question</label>' in html
    assert f'action="{knee_article.get_absolute_url()}follow-up/#follow-up"' in html


AUDIENCE_TYPES = [("patient", "Patient"), ("professional", "Clinician")]


@pytest.mark.parametrize(("audience", "audience_type"), AUDIENCE_TYPES)
def test_json_ld_describes_the_page_from_approved_data(
    client, knee_article, board_member, audience, audience_type
):
    revision = knee_article.live_revision
    _, html = get_page(client, knee_article, audience)
    data = json_ld(html)
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == knee_article.question
    assert data["url"] == "http://testserver" + knee_article.get_absolute_url()
    assert data["lastReviewed"] == revision.approved_at.date().isoformat()
    assert data["description"].startswith(("Long-lasting knee pain", "Antalgic gait"))
    assert data["specialty"] == knee_article.specialty
    [member] = data["reviewedBy"]
    assert member["name"] == board_member.display_name
    assert member["honorificSuffix"] == board_member.credentials
    assert member["url"] == "http://testserver" + board_member.get_absolute_url()
    assert member["jobTitle"].startswith(board_member.specialty)
    assert [c["credentialCategory"] for c in member["hasCredential"]] == [
        part.strip() for part in board_member.credentials.split(",")
    ]
    assert member["affiliation"]["@type"] == "Organization"
    assert data["publisher"]["url"] == "http://testserver/"
    assert data["publisher"]["logo"]["url"].startswith("http://testserver/static/img/logo")
    assert data["medicalAudience"] == {"@type": "MedicalAudience", "audienceType": audience_type}
    assert data["about"] == {"@type": "MedicalCondition", "name": "Knee osteoarthritis"}
    assert len(data["citation"]) == 3
    cited = {item["name"]: item for item in data["citation"]}
    guideline = cited["Management of Hip and Knee Pain"]
    assert guideline["@type"] == "CreativeWork"
    assert guideline["publisher"] == {"@type": "Organization", "name": "Praxis Medical Insights"}
    assert "isPartOf" not in guideline
    hip = cited["Hip Muscle Strengthening for Knee Osteoarthritis: A Systematic Review."]
    assert hip["@type"] == "ScholarlyArticle"
    assert {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1519/JPT.0000000000000218"} in hip[
        "identifier"
    ]
    assert {"@type": "PropertyValue", "propertyID": "PMID", "value": "30407270"} in hip["identifier"]


def test_the_page_loads_only_assets_served_by_the_site(client, knee_article):
    _, html = get_page(client, knee_article)
    assert not re.search(r'(src|href)="(https?:)?//[^"]*\.(css|js|woff2?|png|svg)', html)
    assert "<style" not in html and " style=" not in html
    scripts = re.findall(r"<script(?![^>]*application/ld\+json)[^>]*>", html)
    assert scripts == ['<script src="/static/js/reader.js" defer>']


def test_a_reader_page_writes_nothing_and_sets_no_session(
    client, knee_article, django_assert_max_num_queries
):
    client.get(knee_article.get_absolute_url())
    with django_assert_max_num_queries(1) as queries:
        response = client.get(knee_article.get_absolute_url())
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert settings.SESSION_COOKIE_NAME not in response.cookies
