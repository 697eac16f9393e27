"""Vancouver style (ICMJE / NLM "Citing Medicine") from a reference snapshot, and exports.

Our own small formatter rather than citeproc-py: the reader page needs plain
text from the snapshot dict pinned at approval, in two shapes (journal items and
organisation documents such as guidelines), and the tests pin the exact strings.
A CSL engine would add a style file and a second data model for the same output.
"""

import re

import rispy

from .models import Reference

MAX_AUTHORS = 6
# Types published in journals: "Journal. Year;Volume(Issue):Pages."
JOURNAL_TYPES = {
    Reference.Type.RESEARCH,
    Reference.Type.SYSTEMATIC_REVIEW,
    Reference.Type.RANDOMISED_TRIAL,
    Reference.Type.OBSERVATIONAL,
    Reference.Type.REVIEW,
}
_RANGE = re.compile(r"^(\d+)\s*[-–—]+\s*(\d+)$")


def _sentence(text):
    """The text ending with one full stop (or the ? or ! it already has)."""
    text = " ".join(str(text).split()).strip()
    if not text:
        return ""
    return text if text[-1] in ".?!" else f"{text}."


def elide_pages(pages):
    """149-162 → 149-62: NLM drops the leading digits the last page shares with the first."""
    pages = " ".join(str(pages or "").split())
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


def format_authors(authors):
    authors = [" ".join(a.split()) for a in authors if a and a.strip()]
    if not authors:
        return ""
    if len(authors) > MAX_AUTHORS:
        return ", ".join(authors[:MAX_AUTHORS]) + ", et al."
    return _sentence(", ".join(authors))


def _journal_location(snapshot):
    """ "2020;72(2):149-62." — the parts that exist, in Vancouver punctuation."""
    year = str(snapshot.get("year") or "")
    volume = snapshot.get("volume") or ""
    issue = snapshot.get("issue") or ""
    pages = elide_pages(snapshot.get("pages"))
    text = year
    if volume or issue:
        text += ";" + volume + (f"({issue})" if issue else "")
    if pages:
        text += f":{pages}"
    return _sentence(text.lstrip(";:"))


def format_vancouver(snapshot):
    """One reference in Vancouver style, as plain text."""
    authors = format_authors(snapshot.get("authors") or [])
    title = _sentence(snapshot.get("title", ""))
    source = " ".join(str(snapshot.get("source") or "").split())
    year = snapshot.get("year")
    is_journal = snapshot.get("reference_type") in JOURNAL_TYPES or any(
        snapshot.get(name) for name in ("volume", "issue", "pages")
    )
    parts = []
    if is_journal:
        parts += [authors, title, _sentence(source), _journal_location(snapshot)]
    elif authors:
        # A document with named authors, published by the source: "Publisher; Year."
        publisher = "; ".join(str(p) for p in (source, year) if p)
        parts += [authors, title, _sentence(publisher)]
    else:
        # An organisation's document (a guideline, a position statement): the body is the author.
        parts += [_sentence(source), title, _sentence(str(year or ""))]
    if snapshot.get("pmid"):
        parts.append(f"PMID: {snapshot['pmid']}.")
    if snapshot.get("doi"):
        parts.append(f"doi:{snapshot['doi']}")
    elif snapshot.get("url") and not snapshot.get("pmid"):
        parts.append(f"Available from: {snapshot['url']}")
    return " ".join(part for part in parts if part)


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
