"""Sorting candidates into new / duplicate / invalid, and carrying the preview to the confirmation.

Each problem of an entry is reported once, in a sentence; the preview carries
the new candidates to the confirmation in a signed token. Nothing here writes.
"""

from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from editorial.exceptions import InvalidAction

from ..duplicates import CrossChecker, find_same_paper
from ..models import Reference
from .common import CANDIDATE_FIELDS

TOKEN_SALT = "references.import"
TOKEN_MAX_AGE = 60 * 60


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


def classify(candidates, *, checker=None):
    """Each candidate as a Row: new, duplicate (of an entry or of an earlier row) or invalid."""
    rows = []
    seen = {"doi": {}, "pmid": {}, "pmcid": {}, "citation_key": {}}
    taken_keys = set(Reference.objects.values_list("citation_key", flat=True))
    checker = checker or CrossChecker()
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
            _find_duplicate(row, seen, checker)
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
    if data["publication_form"] not in Reference.Form.values:
        data["publication_form"] = ""
    if not data["title"].strip():
        row.reasons.append("It has no title.")
    reference = Reference(**data)
    try:
        # Normalises the identifiers in place, and checks lengths and the key's characters.
        reference.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name == "title" and not data["title"].strip():
                continue  # "It has no title." says it once
            if name in ("doi", "pmid") and all("already has this" in str(m) for m in messages):
                continue  # a duplicate, reported as such below
            label = Reference._meta.get_field(name).verbose_name if name != "__all__" else ""
            for message in messages:
                text = str(message)
                if label and label.lower() not in text.lower():
                    text = f"{label.capitalize()}: {text}"
                row.reasons.append(text)
    for name in ("doi", "pmid", "pmcid", "url", "other_urls"):
        data[name] = getattr(reference, name)
    if row.reasons:
        row.status = Row.INVALID
        row.reasons = list(dict.fromkeys(row.reasons))


def _find_duplicate(row, seen, checker):
    data = row.data
    match = find_same_paper(data, queryset=Reference.objects.all(), checker=checker)
    if match is not None:
        row.status = Row.DUPLICATE
        row.existing = match.reference
        row.reasons.append(match.sentence)
        return
    existing = Reference.objects.filter(citation_key=data["citation_key"]).first()
    if existing is not None:
        row.status, row.existing = Row.DUPLICATE, existing
        row.reasons.append("The library already has an entry with this citation key.")
        return
    for name, label in (
        ("doi", "DOI"),
        ("pmid", "PMID"),
        ("pmcid", "PMCID"),
        ("citation_key", "citation key"),
    ):
        earlier = seen[name].get(data.get(name)) if data.get(name) else None
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
