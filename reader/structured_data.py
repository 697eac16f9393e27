"""schema.org JSON-LD for the reader page, built from approved data only."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.models import Audience

AUDIENCE_TYPES = {Audience.PATIENT.value: "Patient", Audience.PROFESSIONAL.value: "Clinician"}
PUBLISHER_NAME = "Reviewed Health Answers"
# Reference types whose source is an organisation (a guideline body, a society), not a journal.
ORGANISATION_SOURCED = {"guideline", "expert_opinion", "other"}
# What the article is about, by the words its topic is described with. A condition unless the
# topic names a medicine, a test or a procedure.
ABOUT_TYPES = (
    ("Drug", ("tablet", "medicine", "medication", "drug", "dose", "vaccine", "statin", "antibiotic")),
    ("MedicalTest", ("test", "screening", "scan", "x-ray", "mri", "blood count")),
    ("MedicalProcedure", ("surgery", "replacement", "procedure", "injection", "operation")),
    ("MedicalTherapy", ("therapy", "physiotherapy", "exercise", "rehabilitation", "treatment")),
)


def publisher(absolute_url):
    return {
        "@type": "Organization",
        "name": PUBLISHER_NAME,
        "url": absolute_url(reverse("home")),
        "logo": {"@type": "ImageObject", "url": absolute_url(static("img/logo.svg"))},
    }


def about_type(topic):
    words = topic.lower()
    for schema_type, hints in ABOUT_TYPES:
        if any(hint in words for hint in hints):
            return schema_type
    return "MedicalCondition"


def reviewer(member, absolute_url):
    credentials = [part.strip() for part in member["credentials"].split(",") if part.strip()]
    return {
        "@type": "Person",
        "name": member["name"],
        "honorificSuffix": member["credentials"],
        "jobTitle": f"{member['specialty']}, Medical Advisory Board member",
        "description": member["specialty"],
        "hasCredential": [
            {"@type": "EducationalOccupationalCredential", "credentialCategory": credential}
            for credential in credentials
        ],
        "affiliation": {
            "@type": "Organization",
            "name": PUBLISHER_NAME,
            "url": absolute_url(reverse("home")),
        },
        "url": absolute_url(member["url"]),
    }


def article_json_ld(page, absolute_url):
    """schema.org MedicalWebPage for an ArticlePage (reader.pages)."""
    article = page.article
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": article.question,
        "headline": article.question,
        "description": page.description,
        "url": absolute_url(article.get_absolute_url()),
        "inLanguage": "en",
        "specialty": article.specialty,
        "datePublished": page.details.first_approved_at.date().isoformat(),
        "dateModified": page.last_updated.date().isoformat(),
        "lastReviewed": page.last_reviewed.date().isoformat(),
        "reviewedBy": [reviewer(member, absolute_url) for member in page.details.approvers],
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": AUDIENCE_TYPES[page.audience]},
        "publisher": publisher(absolute_url),
        "citation": [cited_work(entry) for entry in page.body.references],
    }
    if article.about:
        data["about"] = {"@type": about_type(article.about), "name": article.about}
    return json_ld_script(data)


def cited_work(entry):
    """A reference as schema.org: a journal article is part of a Periodical; a guideline or a
    statement is a work published by an organisation."""
    snap = entry.snapshot
    from_organisation = snap.get("reference_type") in ORGANISATION_SOURCED and not snap.get("pmid")
    item = {
        "@type": "CreativeWork" if from_organisation else "ScholarlyArticle",
        "name": snap.get("title", ""),
    }
    if snap.get("authors"):
        item["author"] = [{"@type": "Person", "name": name} for name in snap["authors"]]
    if snap.get("source"):
        if from_organisation:
            item["publisher"] = {"@type": "Organization", "name": snap["source"]}
        else:
            item["isPartOf"] = {"@type": "Periodical", "name": snap["source"]}
    if snap.get("year"):
        item["datePublished"] = str(snap["year"])
    identifiers = []
    if snap.get("doi"):
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": snap["doi"]})
    if snap.get("pmid"):
        identifiers.append({"@type": "PropertyValue", "propertyID": "PMID", "value": snap["pmid"]})
    if identifiers:
        item["identifier"] = identifiers
    same_as = [url for url in (entry.doi_url, entry.pubmed_url) if url]
    if same_as:
        item["sameAs"] = same_as
    if entry.source_url:
        item["url"] = entry.source_url
    return item


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data):
    """`data` as a JSON-LD script element, escaped like Django's json_script so that no value
    can close the element or start markup."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
