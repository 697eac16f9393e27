"""Vancouver style as the NLM's *Citing Medicine* and the ICMJE describe it, from a reference snapshot.

Our own formatter rather than citeproc-py with a CSL style, chosen by measuring
both against the examples of Citing Medicine (tests/references/
test_vancouver_citing_medicine.py): citeproc-py 0.11 with the CSL style
"nlm-citation-sequence" matches 2 of the 11, this formatter all 11. citeproc-py
writes "2005Jan" and "[cited 2002Jul9]" (date parts lose their spaces), page
ranges with an en dash where NLM writes a hyphen, "doi:" without its full stop,
and names the editors of an edited book twice.

Forms: journal articles (print or [Internet]), books (authors or editors),
chapters ("In: ... editors."), reports and guidelines of organisations, and
web documents ([Internet], place, publisher, [cited date], "Available from").
Identifiers come last: "doi: ..." then "PubMed PMID: ...; PubMed Central PMCID: ...".
"""

import datetime
import re

import rispy

from .models import Reference

MAX_AUTHORS = 6
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Evidence types published in journals, when the form of publication was not recorded.
JOURNAL_TYPES = {
    Reference.Type.RESEARCH,
    Reference.Type.SYSTEMATIC_REVIEW,
    Reference.Type.RANDOMISED_TRIAL,
    Reference.Type.OBSERVATIONAL,
    Reference.Type.REVIEW,
}
_RANGE = re.compile(r"^(\d+)\s*[-–—]+\s*(\d+)$")


def _text(value):
    return " ".join(str(value or "").split())


def _sentence(text):
    """The text ending with one full stop (or the ? or ! it already has)."""
    text = _text(text)
    if not text:
        return ""
    return text if text[-1] in ".?!" else f"{text}."


def elide_pages(pages):
    """149-162 → 149-62: NLM drops the leading digits the last page shares with the first."""
    pages = _text(pages)
    match = _RANGE.match(pages)
    if match is None:
        return pages.replace("--", "-")
    first, last = match.groups()
    if len(last) == len(first) and int(last) > int(first):
        shared = 0
        while shared < len(first) - 1 and first[shared] == last[shared]:
            shared += 1
        last = last[shared:]
    return f"{first}-{last}"


def _names(names):
    names = [_text(name) for name in names or [] if _text(name)]
    if len(names) > MAX_AUTHORS:
        return ", ".join(names[:MAX_AUTHORS]) + ", et al"
    return ", ".join(names)


def format_authors(authors, *, editors=False):
    """ "Petitti DB, Crooks VC." — six names then "et al."; ", editors." for editors."""
    names = _names(authors)
    if not names:
        return ""
    if editors:
        return f"{names}, {'editors' if len(authors) > 1 else 'editor'}."
    return _sentence(names)


def _cited(snapshot):
    """ "[cited 2002 Jul 9]" for a document read on the Internet on that day."""
    value = snapshot.get("cited_on") or ""
    try:
        day = datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return ""
    return f"[cited {day.year} {MONTHS[day.month - 1]} {day.day}]" if day else ""


def _available_from(url):
    # Citing Medicine ends an address with a full stop only when it ends with a slash.
    return f"Available from: {url}{'.' if url.endswith('/') else ''}" if url else ""


def _identifiers(snapshot):
    parts = []
    if snapshot.get("doi"):
        parts.append(f"doi: {snapshot['doi']}.")
    pubmed = []
    if snapshot.get("pmid"):
        pubmed.append(f"PubMed PMID: {snapshot['pmid']}")
    if snapshot.get("pmcid"):
        pubmed.append(f"PubMed Central PMCID: {snapshot['pmcid']}")
    if pubmed:
        parts.append("; ".join(pubmed) + ".")
    return parts


def publication_form(snapshot):
    """The form the snapshot is cited in; old snapshots without one are read from their fields."""
    form = snapshot.get("publication_form") or ""
    if form in Reference.Form.values:
        return form
    if snapshot.get("container_title"):
        return Reference.Form.CHAPTER
    if snapshot.get("reference_type") in JOURNAL_TYPES or any(
        snapshot.get(name) for name in ("volume", "issue", "pages")
    ):
        return Reference.Form.ARTICLE
    return Reference.Form.REPORT


def _journal_article(snapshot, online):
    journal = _text(snapshot.get("journal_abbreviation") or snapshot.get("source"))
    date = " ".join(filter(None, [str(snapshot.get("year") or ""), _text(snapshot.get("month"))]))
    if online and _cited(snapshot):
        date = f"{date} {_cited(snapshot)}".strip()
    volume, issue = _text(snapshot.get("volume")), _text(snapshot.get("issue"))
    pages = elide_pages(snapshot.get("pages"))
    location = date
    if volume or issue:
        location += ";" + volume + (f"({issue})" if issue else "")
    if pages:
        location += f":{pages}"
    journal_part = f"{journal} [Internet]." if online and journal else _sentence(journal)
    return [journal_part, _sentence(location.lstrip(";:"))]


def _publication(snapshot, online):
    """ "4th ed. St. Louis: Mosby; 2002." — edition, place, publisher, year (and [cited ...])."""
    parts = []
    edition = _text(snapshot.get("edition"))
    if edition:
        parts.append(edition if edition.lower().endswith("ed.") else f"{edition} ed.")
    publisher = _text(snapshot.get("publisher"))
    place = _text(snapshot.get("place"))
    year = str(snapshot.get("year") or "")
    if online and _cited(snapshot):
        year = f"{year} {_cited(snapshot)}".strip()
    imprint = f"{place}: {publisher}" if place and publisher else publisher or place
    parts.append(_sentence("; ".join(filter(None, [imprint, year]))))
    return parts


def format_vancouver(snapshot):
    """One reference in Vancouver style, as plain text."""
    form = publication_form(snapshot)
    authors, editors = snapshot.get("authors") or [], snapshot.get("editors") or []
    title = _text(snapshot.get("title"))
    url = _text(snapshot.get("url"))
    online = form == Reference.Form.WEB or bool(snapshot.get("cited_on"))
    if form == Reference.Form.ARTICLE:
        parts = [format_authors(authors), _sentence(title), *_journal_article(snapshot, online)]
    else:
        if authors:
            byline = format_authors(authors)
        elif editors and form != Reference.Form.CHAPTER:
            byline = format_authors(editors, editors=True)
        else:
            # An organisation's document: the body that wrote it stands as its author.
            byline = _sentence(snapshot.get("source"))
        if online:
            title = f"{title.rstrip('.')} [Internet]"
        parts = [byline, _sentence(title)]
        if form == Reference.Form.CHAPTER:
            container = _sentence(snapshot.get("container_title"))
            in_editors = format_authors(editors, editors=True) if editors else ""
            parts.append(" ".join(filter(None, ["In:", in_editors, container])))
        if not snapshot.get("publisher") and not authors and not editors:
            # The body is already named as the author; "Publisher; Year." would repeat it.
            parts.append(_sentence(f"{str(snapshot.get('year') or '')} {_cited(snapshot) if online else ''}"))
        elif not snapshot.get("publisher") and snapshot.get("source") and authors:
            parts.append(
                _sentence(
                    "; ".join(filter(None, [_text(snapshot["source"]), str(snapshot.get("year") or "")]))
                )
            )
        else:
            parts += _publication(snapshot, online)
        if form == Reference.Form.CHAPTER and snapshot.get("pages"):
            parts.append(f"p. {elide_pages(snapshot['pages'])}.")
    parts += _identifiers(snapshot)
    if url and (online or not (snapshot.get("doi") or snapshot.get("pmid"))):
        parts.append(_available_from(url))
    return " ".join(part for part in parts if part and part != "In:")


def export_text(references):
    """A numbered Vancouver list, one reference a line."""
    lines = [f"{n}. {format_vancouver(ref.snapshot())}" for n, ref in enumerate(references, start=1)]
    return "\n".join(lines) + "\n"


RIS_TYPES = {
    Reference.Type.GUIDELINE: "GOVDOC",
    Reference.Type.EXPERT_OPINION: "GEN",
    Reference.Type.OTHER: "GEN",
}


def export_ris(references):
    """The entries as a RIS file that reference managers import."""
    entries = []
    for ref in references:
        snap = ref.snapshot()
        entry = {
            "type_of_reference": RIS_TYPES.get(ref.reference_type, "JOUR"),
            "id": ref.citation_key,
            "title": snap["title"],
            "authors": snap["authors"],
            "secondary_title": snap["source"],
            "year": str(snap["year"] or ""),
            "volume": snap["volume"],
            "number": snap["issue"],
            "doi": snap["doi"],
            "urls": [snap["url"]] if snap["url"] else [],
        }
        if snap["pages"]:
            start, _, end = snap["pages"].replace("--", "-").partition("-")
            entry["start_page"] = start.strip()
            if end.strip():
                entry["end_page"] = end.strip()
        if snap["pmid"]:
            entry["accession_number"] = snap["pmid"]
        if ref.is_retracted:
            entry["notes"] = [f"RETRACTED: {ref.retraction_notice}"]
        entries.append({key: value for key, value in entry.items() if value})
    return rispy.dumps(entries, implementation=_RisWriter)


class _RisWriter(rispy.RisWriter):
    # rispy numbers each record with a "1." line by default; reference managers don't need it.
    def set_header(self, count):
        return ""
