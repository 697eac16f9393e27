"""BibTeX and RIS files into candidate entries, classified before anything is saved.

`read_upload` decodes and parses a file into candidate dicts (the Reference
fields), `classify` sorts them into new / duplicate / invalid with a reason,
and the preview carries the candidates to the confirmation in a signed token.
Nothing here writes to the database.
"""

import re
from dataclasses import dataclass, field

import bibtexparser
import rispy
from bibtexparser import middlewares
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from pylatexenc.latex2text import LatexNodes2Text

from editorial.exceptions import InvalidAction

from .models import Reference

MAX_UPLOAD_BYTES = 1024 * 1024
MAX_ENTRIES = 500
ALLOWED_EXTENSIONS = {".bib": "bibtex", ".ris": "ris", ".txt": None}
TOKEN_SALT = "references.import"
TOKEN_MAX_AGE = 60 * 60

CANDIDATE_FIELDS = (
    "citation_key", "reference_type", "title", "authors", "source", "year", "volume", "issue", "pages",
    "doi", "pmid", "pmcid", "url",
)  # fmt: skip

BIBTEX_TYPES = {
    "article": Reference.Type.RESEARCH,
    "book": Reference.Type.OTHER,
    "inbook": Reference.Type.OTHER,
    "incollection": Reference.Type.OTHER,
    "inproceedings": Reference.Type.RESEARCH,
    "techreport": Reference.Type.OTHER,
    "manual": Reference.Type.GUIDELINE,
    "misc": Reference.Type.OTHER,
    "online": Reference.Type.OTHER,
}
RIS_TYPES = {
    "JOUR": Reference.Type.RESEARCH,
    "JFULL": Reference.Type.RESEARCH,
    "EJOUR": Reference.Type.RESEARCH,
    "GOVDOC": Reference.Type.GUIDELINE,
    "STAND": Reference.Type.GUIDELINE,
    "RPRT": Reference.Type.OTHER,
    "BOOK": Reference.Type.OTHER,
    "CHAP": Reference.Type.OTHER,
    "ELEC": Reference.Type.OTHER,
    "GEN": Reference.Type.OTHER,
}
_latex = LatexNodes2Text()
_VANCOUVER_NAME = re.compile(r"^\S.*\s[A-Z]{1,4}$")


# ----------------------------------------------------------------------
# Reading a file
# ----------------------------------------------------------------------
def read_upload(upload):
    """Parse an uploaded file into candidate dicts. Raises InvalidAction with the reason."""
    name = upload.name or ""
    extension = name[name.rfind(".") :].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise InvalidAction("Upload a BibTeX (.bib) or RIS (.ris) file; plain .txt exports are accepted too.")
    if upload.size > MAX_UPLOAD_BYTES:
        raise InvalidAction(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; at most 1 MB can be imported at once. "
            "Split it into smaller files."
        )
    raw = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        raise InvalidAction("The file is larger than 1 MB. Split it into smaller files.")
    return parse_text(decode(raw), file_format=ALLOWED_EXTENSIONS[extension])


def decode(raw):
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidAction(
            "The file is not UTF-8 text, so its accented letters would be garbled. Export it again "
            "as UTF-8 (reference managers offer this when exporting) and upload it again."
        ) from None
    if "\x00" in text:
        raise InvalidAction("The file contains binary data; it is not a BibTeX or RIS file.")
    return text


def sniff_format(text):
    if re.search(r"^TY  - ", text, re.MULTILINE):
        return "ris"
    if re.search(r"^\s*@\w+\s*[{(]", text, re.MULTILINE):
        return "bibtex"
    return None


def parse_text(text, *, file_format=None):
    """Candidates (and rows that could not be read) from the text of a BibTeX or RIS file."""
    file_format = file_format or sniff_format(text)
    if file_format == "bibtex":
        candidates = parse_bibtex(text)
    elif file_format == "ris":
        candidates = parse_ris(text)
    else:
        raise InvalidAction("This file is neither BibTeX nor RIS: no reference could be found in it.")
    if not candidates:
        raise InvalidAction("The file contains no references.")
    if len(candidates) > MAX_ENTRIES:
        raise InvalidAction(f"The file holds {len(candidates)} references; at most {MAX_ENTRIES} at once.")
    return candidates


def _clean(value):
    return " ".join(str(value or "").split())


def _delatex(value):
    value = _clean(value)
    if not any(ch in value for ch in "\\{}$"):
        return value
    try:
        return _clean(_latex.latex_to_text(value))
    except Exception:  # noqa: BLE001 - malformed LaTeX: keep the text as typed, without braces
        return value.replace("{", "").replace("}", "")


def vancouver_name(name):
    """ "Thomas, Dorcas T." / "Dorcas T. Thomas" → "Thomas DT"; an organisation stays whole."""
    name = _clean(name)
    if name.startswith("{") and name.endswith("}"):
        return _delatex(name[1:-1])
    name = _delatex(name)
    if not name or _VANCOUVER_NAME.match(name) and "," not in name:
        return name
    if "," in name:
        family, _, given = name.partition(",")
    else:
        *given_parts, family = name.split()
        given = " ".join(given_parts)
    initials = "".join(p[0].upper() for p in re.split(r"[\s.\-]+", given) if p and p[0].isalpha())
    return f"{family.strip()} {initials}".strip()


def _error_row(line, message):
    return {"_error": message, "_line": line}


def parse_bibtex(text):
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.SeparateCoAuthors()])
    candidates = []
    for entry in library.entries:
        fields = {f.key.lower(): f.value for f in entry.fields}
        authors = fields.get("author") or fields.get("editor") or []
        if isinstance(authors, str):
            authors = [authors]
        pmid = fields.get("pmid", "")
        if not pmid and str(fields.get("eprinttype", "")).lower() == "pubmed":
            pmid = fields.get("eprint", "")
        source = next(
            (fields[k] for k in ("journal", "journaltitle", "booktitle", "institution", "organization",
                                 "publisher") if fields.get(k)),
            "",
        )  # fmt: skip
        candidates.append(
            {
                "citation_key": entry.key,
                "reference_type": BIBTEX_TYPES.get(entry.entry_type.lower(), Reference.Type.OTHER),
                "title": _delatex(fields.get("title", "")),
                "authors": "\n".join(filter(None, map(vancouver_name, authors))),
                "source": _delatex(source),
                "year": _clean(fields.get("year") or fields.get("date", ""))[:4],
                "volume": _clean(fields.get("volume")),
                "issue": _clean(fields.get("number") or fields.get("issue")),
                "pages": _clean(fields.get("pages")).replace("--", "-"),
                "doi": _clean(fields.get("doi")),
                "pmid": _clean(pmid),
                "pmcid": _clean(fields.get("pmcid")),
                "url": _clean(fields.get("url")),
                "_line": entry.start_line + 1,
            }
        )
    for block in library.failed_blocks:
        line = getattr(block, "start_line", 0) + 1
        raw = getattr(block, "raw", "") or ""
        key = ""
        if raw.lstrip().startswith("@") and "{" in raw:
            key = raw.split("{", 1)[1].split(",", 1)[0].strip()[:100]
        name = f"The entry {key} (line {line})" if key else f"The entry starting on line {line}"
        candidates.append(
            _error_row(line, f"{name} could not be read: check that every brace and quote in it is closed.")
        )
    candidates.sort(key=lambda c: c["_line"])
    return candidates


def _ris_records(text):
    """The text of each record, split on the "ER  -" lines, with its first line number."""
    records, current, start = [], [], None
    for number, line in enumerate(text.splitlines(), start=1):
        # Between records: blank lines, and the "1." counters some tools write before each one.
        if start is None and (not line.strip() or re.fullmatch(r"\s*\d+\.?\s*", line)):
            continue
        if start is None:
            start = number
        current.append(line)
        if line.startswith("ER  -"):
            records.append((start, "\n".join(current) + "\n"))
            current, start = [], None
    if current:
        records.append((start, "\n".join(current) + "\n"))
    return records


def parse_ris(text):
    # Parsed record by record, so one broken record is reported and the others still import.
    candidates = []
    for line, record in _ris_records(text):
        if not record.lstrip().startswith("TY  - "):
            reason = f'The record starting on line {line} does not begin with "TY  -".'
            candidates.append(_error_row(line, reason))
            continue
        if not re.search(r"^ER  -", record, re.MULTILINE):
            candidates.append(
                _error_row(line, f'The record starting on line {line} has no end line ("ER  -").')
            )
            continue
        try:
            entries = rispy.loads(record)
        except Exception as exc:  # noqa: BLE001 - the parser's own message, shown to the person
            reason = f"The record starting on line {line} could not be read: {exc}"
            candidates.append(_error_row(line, reason))
            continue
        if len(entries) != 1:
            candidates.append(_error_row(line, f"The record starting on line {line} could not be read."))
            continue
        candidates.append({**_from_ris(entries[0]), "_line": line})
    return candidates


def _from_ris(entry):
    authors = (entry.get("authors") or []) + (entry.get("first_authors") or [])
    start, end = _clean(entry.get("start_page")), _clean(entry.get("end_page"))
    accession = _clean(entry.get("accession_number"))
    pmcid = _clean(entry.get("custom2"))
    urls = entry.get("urls") or []
    year = _clean(entry.get("year") or entry.get("publication_year") or entry.get("date"))
    return {
        "citation_key": _clean(entry.get("id") or entry.get("label")),
        "reference_type": RIS_TYPES.get(entry.get("type_of_reference", ""), Reference.Type.OTHER),
        "title": _clean(entry.get("title") or entry.get("primary_title")),
        "authors": "\n".join(filter(None, map(vancouver_name, authors))),
        "source": _clean(
            entry.get("secondary_title")
            or entry.get("journal_name")
            or entry.get("alternate_title2")
            or entry.get("alternate_title1")
            or entry.get("alternate_title3")
            or entry.get("publisher")
        ),
        "year": year[:4],
        "volume": _clean(entry.get("volume")),
        "issue": _clean(entry.get("number")),
        "pages": f"{start}-{end}" if start and end else start,
        "doi": _clean(entry.get("doi")),
        "pmid": accession if accession.isdigit() else "",
        "pmcid": pmcid if pmcid.upper().startswith("PMC") else "",
        "url": _clean(urls[0]) if urls else "",
    }


# ----------------------------------------------------------------------
# Classifying candidates
# ----------------------------------------------------------------------
@dataclass
class Row:
    """One candidate of an import, with what would happen to it."""

    NEW = "new"
    DUPLICATE = "duplicate"
    INVALID = "invalid"

    line: int
    status: str
    data: dict = field(default_factory=dict)
    reasons: list = field(default_factory=list)
    existing: Reference | None = None

    @property
    def reason(self):
        return " ".join(self.reasons)


def _generated_key(data, taken):
    first_author = (data.get("authors") or "").split("\n")[0].split(" ")[0]
    year = str(data.get("year") or "")
    name = first_author or data.get("title", "ref")[:20]
    base = slugify(f"{name}{year if year.isdigit() else ''}") or "ref"
    key, suffix = base, 0
    while key in taken:
        suffix += 1
        key = f"{base}-{suffix}"
    return key


def classify(candidates):
    """Each candidate as a Row: new, duplicate (of an entry or of an earlier row) or invalid."""
    rows = []
    seen = {"doi": {}, "pmid": {}, "citation_key": {}}
    taken_keys = set(Reference.objects.values_list("citation_key", flat=True))
    for candidate in candidates:
        line = candidate.get("_line", 0)
        if "_error" in candidate:
            rows.append(Row(line=line, status=Row.INVALID, reasons=[candidate["_error"]]))
            continue
        data = {name: candidate.get(name) or "" for name in CANDIDATE_FIELDS}
        data = {name: value if isinstance(value, str) else str(value) for name, value in data.items()}
        if not data["citation_key"]:
            data["citation_key"] = _generated_key(data, taken_keys | set(seen["citation_key"]))
        row = Row(line=line, status=Row.NEW, data=data)
        _validate(row)
        if row.status == Row.NEW:
            _find_duplicate(row, seen)
        if row.status == Row.NEW:
            for name in seen:
                if row.data.get(name):
                    seen[name][row.data[name]] = row
        rows.append(row)
    return rows


def _validate(row):
    data = row.data
    year = data.pop("year", "").strip()
    if year and not (year.isdigit() and 1500 <= int(year) <= 2100):
        row.reasons.append(f'The year "{year[:20]}" is not a year.')
    data["year"] = int(year) if year.isdigit() and 1500 <= int(year) <= 2100 else None
    if data["reference_type"] not in Reference.Type.values:
        data["reference_type"] = Reference.Type.OTHER
    reference = Reference(**data)
    try:
        # Normalises the identifiers in place, and checks lengths and the key's characters.
        reference.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name in ("doi", "pmid") and all("already has this" in str(m) for m in messages):
                continue  # a duplicate, reported as such below
            label = Reference._meta.get_field(name).verbose_name if name != "__all__" else ""
            for message in messages:
                text = str(message)
                row.reasons.append(f"{label.capitalize()}: {text}" if label and label.lower() not in
                                   text.lower() else text)  # fmt: skip
    for name in ("doi", "pmid", "pmcid", "url"):
        data[name] = getattr(reference, name)
    if not data["title"].strip():
        row.reasons.append("It has no title.")
    if row.reasons:
        row.status = Row.INVALID
        row.reasons = list(dict.fromkeys(row.reasons))


def _find_duplicate(row, seen):
    data = row.data
    for name, label in (("doi", "DOI"), ("pmid", "PMID"), ("citation_key", "citation key")):
        value = data.get(name)
        if not value:
            continue
        existing = Reference.objects.filter(**{name: value}).first()
        if existing is not None:
            row.status = Row.DUPLICATE
            row.existing = existing
            row.reasons.append(f"The library already has an entry with this {label}.")
            return
        earlier = seen[name].get(value)
        if earlier is not None:
            row.status = Row.DUPLICATE
            row.reasons.append(f"The same {label} appears earlier in this file (line {earlier.line}).")
            return


# ----------------------------------------------------------------------
# Carrying the preview to the confirmation
# ----------------------------------------------------------------------
def make_token(rows, *, source_name):
    """A signed, tamper-proof token holding the candidates that would be created."""
    payload = {
        "source": source_name,
        "candidates": [{**row.data, "_line": row.line} for row in rows if row.status == Row.NEW],
    }
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def read_token(token):
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidAction("This preview is more than an hour old. Upload the file again.") from None
    except signing.BadSignature:
        raise InvalidAction("This preview could not be verified. Upload the file again.") from None
    return payload["candidates"], payload.get("source", "")
