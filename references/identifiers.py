"""Bibliographic identifiers written the way people paste them, normalised to one form.

Each `normalise_*` function returns the canonical form, or "" for an empty
value, and raises `django.core.exceptions.ValidationError` with a sentence a
person understands when the value is not that kind of identifier.
"""

import re
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

# A DOI is "10." + a registrant code of digits (with optional dotted sub-codes) + "/" + a suffix
# of printable characters. DOIs are case-insensitive, so the canonical form is lower-case.
_DOI = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/\S+$")
_DOI_PREFIXES = re.compile(
    r"^(?:doi\s*:\s*|(?:https?://)?(?:dx\.)?doi\.org/|(?:https?://)?(?:www\.)?doi\.org/)",
    re.IGNORECASE,
)
_PMID_PREFIX = re.compile(r"^(?:pmid\s*:?\s*|(?:https?://)?pubmed\.ncbi\.nlm\.nih\.gov/)", re.IGNORECASE)
_PMCID = re.compile(r"^(?:pmcid\s*:?\s*)?(?:pmc)?\s*(\d{1,10})$", re.IGNORECASE)
_PMCID_URL = re.compile(r"^(?:https?://)?(?:www\.)?(?:ncbi\.nlm\.nih\.gov/pmc/articles/|pmc\.ncbi\.nlm\.nih\.gov/articles/)",
                        re.IGNORECASE)  # fmt: skip


def normalise_doi(value):
    """ "doi:10.1002/ACR.24131", "https://doi.org/10.1002/acr.24131" … → "10.1002/acr.24131"."""
    text = (value or "").strip()
    if not text:
        return ""
    text = _DOI_PREFIXES.sub("", text, count=1).strip()
    # A DOI copied from an address bar may carry percent-escapes, e.g. %2F for "/".
    if "%" in text:
        text = unquote(text)
    text = text.rstrip(".")
    if len(text) > 200:
        raise ValidationError("This DOI is longer than any real one (at most 200 characters).", code="doi")
    if not _DOI.match(text):
        raise ValidationError(
            f'"{value.strip()[:100]}" is not a DOI. A DOI starts with "10.", then the publisher\'s '
            "number, a slash and the item's name, for example 10.1002/acr.24131.",
            code="doi",
        )
    return text.lower()


def normalise_pmid(value):
    """ "PMID: 31908163", " 31908163 " … → "31908163"."""
    text = (value or "").strip()
    if not text:
        return ""
    text = _PMID_PREFIX.sub("", text, count=1).strip().rstrip("/")
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        raise ValidationError(
            f'"{value.strip()[:100]}" is not a PubMed ID. A PMID is a number of up to 10 digits, '
            "for example 31908163.",
            code="pmid",
        )
    return str(int(text))


def normalise_pmcid(value):
    """ "pmc7023847", "PMCID: PMC7023847", "7023847" … → "PMC7023847"."""
    text = (value or "").strip()
    if not text:
        return ""
    text = _PMCID_URL.sub("", text, count=1).strip().rstrip("/")
    match = _PMCID.match(text)
    if match is None or not match.group(1).isascii():
        raise ValidationError(
            f'"{value.strip()[:100]}" is not a PubMed Central ID. It is written "PMC" followed by '
            "digits, for example PMC7023847.",
            code="pmcid",
        )
    return f"PMC{int(match.group(1))}"


_url_validator = URLValidator(schemes=["http", "https"])


def normalise_url(value):
    """An http(s) address, stripped of surrounding space; anything else is refused."""
    text = (value or "").strip()
    if not text:
        return ""
    scheme = urlsplit(text).scheme.lower()
    if scheme not in ("http", "https"):
        raise ValidationError(
            "Only web addresses starting with http:// or https:// can be linked from a reference.",
            code="url",
        )
    try:
        _url_validator(text)
    except ValidationError:
        raise ValidationError(f'"{text[:100]}" is not a valid web address.', code="url") from None
    return text


def normalise_urls(value):
    """Several http(s) addresses, one a line, each checked like a single one."""
    urls = []
    for line in str(value or "").split():
        url = normalise_url(line)
        if url and url not in urls:
            urls.append(url)
    return "\n".join(urls)
