"""Reading an uploaded bibliography: limits, decoding, telling the formats apart, shared field rules.

A parser turns text into candidate dicts with the Reference's field names, plus
"_line" (where the entry starts in the file) or, for an entry that cannot be
read, "_error" with one sentence per problem. Nothing here writes to the database.
"""

import re

from editorial.exceptions import InvalidAction

from .latex import squeeze, tex_to_unicode

MAX_UPLOAD_BYTES = 1024 * 1024
MAX_ENTRIES = 500
ALLOWED_EXTENSIONS = {".bib": "bibtex", ".ris": "ris", ".nbib": "medline", ".txt": None}

CANDIDATE_FIELDS = (
    "citation_key", "reference_type", "publication_form", "title", "authors", "editors", "source",
    "journal_abbreviation", "container_title", "edition", "place", "publisher", "year", "month", "volume",
    "issue", "pages", "doi", "pmid", "pmcid", "url", "other_urls",
)  # fmt: skip

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_URL = re.compile(r"https?://[^\s;,<>\"{}]+", re.IGNORECASE)
_VANCOUVER_NAME = re.compile(r"^\S.*\s[A-Z]{1,4}$")


def read_upload(upload):
    """Parse an uploaded file into candidate dicts. Raises InvalidAction with the reason."""
    name = upload.name or ""
    extension = name[name.rfind(".") :].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise InvalidAction(
            "Upload a BibTeX (.bib), RIS (.ris) or PubMed (.nbib) file; plain .txt exports are accepted too."
        )
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
        raise InvalidAction("The file contains binary data; it is not a BibTeX, RIS or PubMed file.")
    return text


def sniff_format(text):
    if re.search(r"^TY  - ", text, re.MULTILINE):
        return "ris"
    if re.search(r"^PMID- ?\d", text, re.MULTILINE):
        return "medline"
    if re.search(r"^\s*@\w+\s*[{(]", text, re.MULTILINE):
        return "bibtex"
    return None


def parse_any(text, *, file_format=None):
    """Candidates from the text of a file in any supported format, without the size limits."""
    from . import bibtex, medline, ris

    parsers = {"bibtex": bibtex.parse_bibtex, "ris": ris.parse_ris, "medline": medline.parse_medline}
    file_format = file_format or sniff_format(text)
    if file_format not in parsers:
        raise InvalidAction(
            "This file is neither BibTeX, RIS nor PubMed (MEDLINE): no reference could be found in it."
        )
    return parsers[file_format](text)


def parse_text(text, *, file_format=None):
    """Candidates (and rows that could not be read) from an uploaded file's text, within the limits."""
    candidates = parse_any(text, file_format=file_format)
    if not candidates:
        raise InvalidAction("The file contains no references.")
    if len(candidates) > MAX_ENTRIES:
        raise InvalidAction(f"The file holds {len(candidates)} references; at most {MAX_ENTRIES} at once.")
    return candidates


# ----------------------------------------------------------------------
# Field rules shared by the formats
# ----------------------------------------------------------------------
def clean(value):
    return squeeze(value)


def first_year(value):
    """The first four-digit number in a date field ("2014//", "{\\noopsort{1973b}}1977", "1987--")."""
    text = str(value or "")
    match = _YEAR.search(tex_to_unicode(text) if "\\" in text else squeeze(text))
    if match:
        return match.group(1)
    # A macro defined in the file's own preamble (e.g. \switchargs{--90}{1968}) is not known
    # here: take the first run of four digits outside the sort keys.
    without_sort_keys = re.sub(r"\\(?:noopsort|SortNoop|sortkey)\s*\{[^}]*\}", "", text)
    digits = [run for run in re.findall(r"\d+", without_sort_keys) if len(run) == 4]
    return digits[0] if digits else squeeze(text)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_abbreviation(value):
    """ "january", "jan", "1" → "Jan", as NLM writes months; anything else → ""."""
    text = clean(value)
    if text.isdigit() and 1 <= int(text) <= 12:
        return MONTHS[int(text) - 1]
    return next((month for month in MONTHS if text[:3].lower() == month.lower()), "")


def split_urls(values):
    """Every web address in the values, in order, each once (a field may hold several)."""
    urls = []
    for value in values if isinstance(values, list | tuple) else [values]:
        text = str(value or "")
        found = _URL.findall(text)
        if not found and text.strip():
            found = [part.strip() for part in re.split(r"\s*;\s*|\s+", text) if part.strip()]
        for url in found:
            url = url.rstrip(".")
            if url not in urls:
                urls.append(url)
    return urls


def vancouver_name(name):
    """ "Thomas, Dorcas T." / "Dorcas T. Thomas" → "Thomas DT"; an organisation stays whole."""
    name = clean(name)
    if name.startswith("{") and name.endswith("}"):
        return tex_to_unicode(name[1:-1])
    name = tex_to_unicode(name)
    if not name or _VANCOUVER_NAME.match(name) and "," not in name:
        return name
    if "," in name:
        family, _, given = name.partition(",")
        given = given.split(",")[-1]  # "Gilstrap, Jr., Larry C." keeps the given names
    else:
        *given_parts, family = name.split()
        given = " ".join(given_parts)
    initials = "".join(p[0].upper() for p in re.split(r"[\s.\-]+", given) if p and p[0].isalpha())
    return f"{family.strip()} {initials}".strip()


def error_row(line, message):
    return {"_error": message, "_line": line}
