"""PubMed's MEDLINE format (.nbib / .txt from "Send to → Citation manager") into candidates.

The format, as the NLM's "MEDLINE/PubMed Data Element (Field) Descriptions" give
it: one field a line, a tag of up to four letters padded to four, "- ", the
value; a line starting with six spaces continues the previous field; a blank
line ends a record. Repeatable fields (AU, FAU, PT, AID, ...) appear once per value.

Our own reader rather than Biopython's Bio.Medline: that module is small, but
Biopython brings numpy and several megabytes of compiled code for it; the
`nbib` package has not been released since 2021.
"""

import re

from ..models import Reference
from ..resolver import PUBMED_TYPES
from .common import clean, error_row, first_year, vancouver_name

_FIELD = re.compile(r"^([A-Z][A-Z0-9]{0,3})\s*- ?(.*)$")
_ID_KIND = re.compile(r"^(.*?)\s*\[(\w+)\]\s*$")


def _records(text):
    """(first line number, [(tag, value), ...]) per record, plus (line, problem) for stray text."""
    records, problems = [], []
    fields, start = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if fields:
                records.append((start, fields))
            fields, start = [], None
            continue
        if line.startswith("      ") and fields:
            tag, value = fields[-1]
            fields[-1] = (tag, f"{value} {line.strip()}")
            continue
        match = _FIELD.match(line)
        if match is None:
            problems.append((number, f'Line {number} is not a MEDLINE field ("TAG - value"): "{line[:60]}".'))
            continue
        if start is None:
            start = number
        fields.append((match.group(1), match.group(2).strip()))
    if fields:
        records.append((start, fields))
    return records, problems


def parse_medline(text):
    records, problems = _records(text)
    candidates = [error_row(line, message) for line, message in problems]
    for line, fields in records:
        tags = {tag for tag, _ in fields}
        if "PMID" not in tags and "TI" not in tags and "BTI" not in tags:
            candidates.append(
                error_row(line, f"The record starting on line {line} has neither a PMID nor a title.")
            )
            continue
        candidates.append({**_candidate(fields), "_line": line})
    candidates.sort(key=lambda candidate: candidate["_line"])
    return candidates


def _values(fields, tag):
    return [value for name, value in fields if name == tag and value]


def _one(fields, *tags):
    return next((clean(v) for tag in tags for v in _values(fields, tag)), "")


def _identifier(fields, kind):
    """A DOI or PII from the AID / LID fields: "10.1002/acr.24131 [doi]"."""
    for tag in ("AID", "LID"):
        for value in _values(fields, tag):
            match = _ID_KIND.match(value)
            if match and match.group(2).lower() == kind:
                return match.group(1).strip()
    return ""


def _publication_type(publication_types):
    return next(
        (ours for theirs, ours in PUBMED_TYPES if theirs in publication_types),
        Reference.Type.RESEARCH if "Journal Article" in publication_types else Reference.Type.OTHER,
    )


def _candidate(fields):
    publication_types = _values(fields, "PT")
    authors = _values(fields, "AU") or [vancouver_name(name) for name in _values(fields, "FAU")]
    authors += _values(fields, "CN")  # a group or organisation named as author
    editors = _values(fields, "ED") or [vancouver_name(name) for name in _values(fields, "FED")]
    date = _one(fields, "DP")
    year = first_year(date)
    # What follows the year in DP is written as NLM writes it: "Feb", "2002 Jul 25" → "Jul 25".
    month = clean(date.split(year, 1)[1]) if year and year in date else ""
    book_title = _one(fields, "BTI")
    if book_title:
        form = Reference.Form.CHAPTER if _one(fields, "TI") else Reference.Form.BOOK
    else:
        form = Reference.Form.ARTICLE
    title = _one(fields, "TI") or book_title
    pages = _one(fields, "PG")
    if not pages:
        # An online-only article has an electronic location instead of pages: "e051234 [pii]".
        lid = _one(fields, "LID")
        match = _ID_KIND.match(lid)
        if match and match.group(2).lower() == "pii" and len(match.group(1)) <= 20:
            pages = match.group(1)
    return {
        "citation_key": "",
        "reference_type": _publication_type(publication_types),
        "publication_form": form,
        "title": title,
        "authors": "\n".join(authors),
        "editors": "\n".join(editors),
        "source": _one(fields, "JT") if not book_title else "",
        "journal_abbreviation": _one(fields, "TA") if not book_title else "",
        "container_title": book_title if form == Reference.Form.CHAPTER else "",
        "edition": _one(fields, "EN"),
        "place": _one(fields, "PL") if book_title else "",
        "publisher": _one(fields, "PB"),
        "year": year,
        "month": month[:20],
        "volume": _one(fields, "VI"),
        "issue": _one(fields, "IP"),
        "pages": pages,
        "doi": _identifier(fields, "doi"),
        "pmid": _one(fields, "PMID"),
        "pmcid": _one(fields, "PMC"),
        "url": "",
        "other_urls": "",
    }
