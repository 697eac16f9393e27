"""RIS records into candidates, record by record, so one broken record does not sink the file.

Lines outside a record (between "ER  -" and the next "TY  -") are skipped, as
rispy itself skips them: exports from literature databases put "Record #1 of 2",
"Provider: ..." and "Content: ..." there. A tag line outside a record is
reported, because it means a record lost its "TY  -" line.
"""

import re

import rispy

from ..models import Reference
from .common import clean, error_row, first_year, month_abbreviation, split_urls, vancouver_name

TYPES = {
    "JOUR": (Reference.Type.RESEARCH, Reference.Form.ARTICLE),
    "JFULL": (Reference.Type.RESEARCH, Reference.Form.ARTICLE),
    "EJOUR": (Reference.Type.RESEARCH, Reference.Form.ARTICLE),
    "ABST": (Reference.Type.RESEARCH, Reference.Form.ARTICLE),
    "GOVDOC": (Reference.Type.GUIDELINE, Reference.Form.REPORT),
    "STAND": (Reference.Type.GUIDELINE, Reference.Form.REPORT),
    "RPRT": (Reference.Type.OTHER, Reference.Form.REPORT),
    "BOOK": (Reference.Type.OTHER, Reference.Form.BOOK),
    "EBOOK": (Reference.Type.OTHER, Reference.Form.BOOK),
    "EDBOOK": (Reference.Type.OTHER, Reference.Form.BOOK),
    "CHAP": (Reference.Type.OTHER, Reference.Form.CHAPTER),
    "ECHAP": (Reference.Type.OTHER, Reference.Form.CHAPTER),
    "CONF": (Reference.Type.RESEARCH, Reference.Form.CHAPTER),
    "CPAPER": (Reference.Type.RESEARCH, Reference.Form.CHAPTER),
    "ELEC": (Reference.Type.OTHER, Reference.Form.WEB),
    "WEB": (Reference.Type.OTHER, Reference.Form.WEB),
    "BLOG": (Reference.Type.OTHER, Reference.Form.WEB),
    "GEN": (Reference.Type.OTHER, ""),
}
_TAG = re.compile(r"^[A-Z][A-Z0-9]  - ")


def _records(text):
    """(first line number, record text) for each record; (line, None) for a stray tag line."""
    records, current, start = [], [], None
    for number, line in enumerate(text.splitlines(), start=1):
        if start is None:
            if line.startswith("TY  -"):
                start, current = number, [line]
            elif _TAG.match(line) and not line.startswith("ER  -"):
                records.append((number, None))
            continue
        current.append(line)
        if line.startswith("ER  -"):
            records.append((start, "\n".join(current) + "\n"))
            current, start = [], None
    if start is not None:
        records.append((start, "\n".join(current) + "\n"))
    # Several stray tag lines in a row are one problem: one message, at its first line.
    merged = []
    for line, record in records:
        if record is None and merged and merged[-1][1] is None and merged[-1][2] == line - 1:
            merged[-1] = (merged[-1][0], None, line)
            continue
        merged.append((line, record, line))
    return [(line, record) for line, record, _ in merged]


def parse_ris(text):
    candidates = []
    for line, record in _records(text):
        if record is None:
            reason = (
                f"Line {line} holds RIS fields outside any record: "
                'the record\'s first line "TY  -" is missing.'
            )
            candidates.append(error_row(line, reason))
            continue
        if not re.search(r"^ER  -", record, re.MULTILINE):
            candidates.append(
                error_row(line, f'The record starting on line {line} has no end line ("ER  -").')
            )
            continue
        try:
            entries = rispy.loads(record)
        except Exception as exc:  # noqa: BLE001 - the parser's own message, shown to the person
            candidates.append(error_row(line, f"The record starting on line {line} could not be read: {exc}"))
            continue
        if len(entries) != 1:
            candidates.append(error_row(line, f"The record starting on line {line} could not be read."))
            continue
        candidates.append({**_candidate(entries[0]), "_line": line})
    return candidates


def _first(entry, *names):
    return next((clean(entry[name]) for name in names if clean(entry.get(name))), "")


def _candidate(entry):
    reference_type, form = TYPES.get(entry.get("type_of_reference", ""), (Reference.Type.OTHER, ""))
    authors = (entry.get("first_authors") or []) + (entry.get("authors") or [])
    editors = (entry.get("unknown_tag") or {}).get("ED") or []
    if form in (Reference.Form.BOOK, Reference.Form.CHAPTER):
        editors = editors or entry.get("secondary_authors") or []
    start, end = clean(entry.get("start_page")), clean(entry.get("end_page"))
    accession = clean(entry.get("accession_number"))
    pmcid = clean(entry.get("custom2"))
    urls = split_urls(entry.get("urls") or [])
    date = _first(entry, "year", "publication_year", "date")
    # T2 / JF / JO carry the journal's name, JA / J2 its abbreviation.
    journal = _first(
        entry, "secondary_title", "alternate_title3", "journal_name", "alternate_title2", "alternate_title1"
    )
    abbreviation = _first(entry, "alternate_title2", "alternate_title1")
    if form == Reference.Form.CHAPTER:
        source, container = "", journal
    else:
        source, container = journal, ""
    return {
        "citation_key": _first(entry, "id", "label"),
        "reference_type": reference_type,
        "publication_form": form or (Reference.Form.ARTICLE if journal and entry.get("volume") else ""),
        # The short title (ST) stands in when an export carries no full title.
        "title": _first(entry, "title", "primary_title", "translated_title", "short_title"),
        "authors": "\n".join(filter(None, map(vancouver_name, authors))),
        "editors": "\n".join(filter(None, map(vancouver_name, editors))),
        "source": source
        or ("" if form in (Reference.Form.BOOK, Reference.Form.CHAPTER) else _first(entry, "publisher")),
        "journal_abbreviation": abbreviation if abbreviation != journal else "",
        "container_title": container,
        "edition": _first(entry, "edition"),
        "place": _first(entry, "place_published"),
        "publisher": _first(entry, "publisher"),
        "year": first_year(date),
        "month": _month(date),
        "volume": _first(entry, "volume"),
        "issue": _first(entry, "number"),
        "pages": f"{start}-{end}" if start and end else start,
        "doi": _first(entry, "doi"),
        "pmid": accession if accession.isdigit() else "",
        "pmcid": pmcid if pmcid.upper().startswith("PMC") else "",
        "url": urls[0] if urls else "",
        "other_urls": "\n".join(urls[1:]),
    }


def _month(date):
    # RIS dates are "YYYY/MM/DD/other"; PubMed's exports also write "2020 Jan".
    parts = [part for part in re.split(r"[/\s-]+", date) if part]
    return month_abbreviation(parts[1]) if len(parts) > 1 else ""
