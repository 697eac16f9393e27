"""One paper, one entry: finding the entry that already holds the paper a new entry describes.

Three checks, in order: the same DOI, PMID or PMCID; then, when an entry has
only a DOI or only a PMID, the resolver (PubMed) is asked for the other one, so
a DOI-only and a PMID-only entry of the same paper meet; last, the same
normalised title, year and first author, which also works when the resolver
cannot be reached. Online look-ups can be switched off with
settings.REFERENCE_CROSS_CHECK_ONLINE.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings

from .identifiers import normalise_doi, normalise_pmid
from .resolver import NotFound, ResolverError, get_resolver


@dataclass
class Match:
    """An existing entry that is the same paper, and how that was recognised."""

    reference: object
    sentence: str
    kind: str = "identifier"  # "identifier", "resolver" or "title"


def normalised_title(title):
    """Lower case, without accents, punctuation or spacing differences."""
    text = unicodedata.normalize("NFKD", str(title or "")).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).split())


def first_author_family(authors):
    lines = [line for line in str(authors or "").splitlines() if line.strip()]
    if not lines:
        return ""
    name = lines[0].strip()
    # "Smith JA" → "smith"; an organisation is kept whole.
    family = name.rsplit(" ", 1)[0] if re.search(r"\s[A-Z]{1,4}$", name) else name
    return normalised_title(family)


class CrossChecker:
    """Asks the resolver for missing identifiers, at most `limit` times, and stops at the first outage."""

    def __init__(self, *, limit=50):
        self.enabled = getattr(settings, "REFERENCE_CROSS_CHECK_ONLINE", True)
        self.remaining = limit
        self._resolver = None

    def other_identifiers(self, *, doi, pmid):
        """(doi, pmid) completed by the resolver where one is missing; ("", "") when it cannot tell."""
        if not self.enabled or self.remaining <= 0 or bool(doi) == bool(pmid):
            return "", ""
        self.remaining -= 1
        try:
            self._resolver = self._resolver or get_resolver()
            if pmid:
                metadata = self._resolver.lookup_pmid(pmid)
                return metadata.doi, pmid
            return doi, self._resolver.find_pmid(doi)
        except NotFound:
            return "", ""
        except ResolverError:
            # Unreachable: the title check below still runs, and later rows don't wait for it.
            self.enabled = False
            return "", ""


def find_same_paper(data, *, queryset, checker=None):
    """The Match for the entry in `queryset` that holds the same paper as `data`, or None."""
    doi, pmid, pmcid = data.get("doi") or "", data.get("pmid") or "", data.get("pmcid") or ""
    for name, value, label in (("doi", doi, "DOI"), ("pmid", pmid, "PMID"), ("pmcid", pmcid, "PMCID")):
        if value:
            existing = queryset.filter(**{name: value}).first()
            if existing is not None:
                return Match(existing, f"The library already has an entry with this {label}.")
    if checker is not None:
        found_doi, found_pmid = checker.other_identifiers(doi=doi, pmid=pmid)
        if found_doi and not doi:
            existing = queryset.filter(doi=_safe(normalise_doi, found_doi)).exclude(doi="").first()
            if existing is not None:
                return Match(
                    existing,
                    f"The library already has this paper: PubMed gives this PMID the DOI {existing.doi}, "
                    "which an entry already holds.",
                    "resolver",
                )
        if found_pmid and not pmid:
            existing = queryset.filter(pmid=_safe(normalise_pmid, found_pmid)).exclude(pmid="").first()
            if existing is not None:
                return Match(
                    existing,
                    f"The library already has this paper: PubMed gives this DOI the PMID {existing.pmid}, "
                    "which an entry already holds.",
                    "resolver",
                )
    return _same_title_year_author(data, queryset)


def _same_title_year_author(data, queryset):
    title, year = normalised_title(data.get("title")), data.get("year")
    author = first_author_family(data.get("authors"))
    if not title or not year or not author or len(title) < 10:
        return None
    first_word = title.split()[0]
    for existing in queryset.filter(year=year).only("pk", "title", "authors", "year", "citation_key"):
        existing_title = normalised_title(existing.title)
        if existing_title.split()[:1] != [first_word] and first_word not in existing_title:
            continue
        if existing_title == title and first_author_family(existing.authors) == author:
            return Match(
                existing, "The library already has an entry with the same title, year and first author."
            )
    return None


def _safe(normalise, value):
    try:
        return normalise(value)
    except Exception:  # noqa: BLE001 - a malformed identifier from a service matches nothing
        return "\x00"
