"""BibTeX (and BibLaTeX) entries into candidates, with one plain message per problem.

bibtexparser splits and parses the file. Two of its habits are corrected here:
its line numbers do not count a line break that follows "\\\\" (they drifted by
thousands of lines in real files), so each block's line is found again from
its text; and its errors are technical, so each is put in words.
"""

import logging
import re

import bibtexparser
from bibtexparser import model
from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.middlewares import SeparateCoAuthors

from ..models import Reference
from .common import clean, error_row, first_year, month_abbreviation, split_urls, vancouver_name
from .latex import tex_to_unicode

TYPES = {
    "article": (Reference.Type.RESEARCH, Reference.Form.ARTICLE),
    "book": (Reference.Type.OTHER, Reference.Form.BOOK),
    "booklet": (Reference.Type.OTHER, Reference.Form.BOOK),
    "inbook": (Reference.Type.OTHER, Reference.Form.CHAPTER),
    "incollection": (Reference.Type.OTHER, Reference.Form.CHAPTER),
    "inproceedings": (Reference.Type.RESEARCH, Reference.Form.CHAPTER),
    "conference": (Reference.Type.RESEARCH, Reference.Form.CHAPTER),
    "techreport": (Reference.Type.OTHER, Reference.Form.REPORT),
    "report": (Reference.Type.OTHER, Reference.Form.REPORT),
    "manual": (Reference.Type.GUIDELINE, Reference.Form.REPORT),
    "online": (Reference.Type.OTHER, Reference.Form.WEB),
    "electronic": (Reference.Type.OTHER, Reference.Form.WEB),
    "www": (Reference.Type.OTHER, Reference.Form.WEB),
}
# A value that swallowed the next field: `title = {X}` + newline + `year = ...` with no comma between.
_SWALLOWED_FIELD = re.compile(r"[}\"]\s*\n\s*([A-Za-z][\w-]*)\s*=")
# bibtexparser logs each syntax error it meets; the person sees our sentence instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


def parse_bibtex(text):
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    strings = {block.key.lower(): str(block.value) for block in library.strings}
    lines = _LineFinder(text)
    candidates = []
    for block in library.blocks:
        line = lines.line_of(block)
        if isinstance(block, model.Entry):
            candidates.append(_candidate(_concatenated(block, strings), line))
        elif isinstance(block, model.DuplicateBlockKeyBlock):
            # Read it anyway: the preview reports the key used twice, with both lines.
            candidates.append(_candidate(_concatenated(block.ignore_error_block, strings), line))
        elif isinstance(block, model.ParsingFailedBlock):
            candidates.append(error_row(line, _failure_message(block, line, lines)))
    return candidates


def _concatenated(entry, strings):
    """The entry with `"Proc. " # STOC`-style values joined, which bibtexparser leaves as written."""
    for field in entry.fields:
        if isinstance(field.value, str) and "#" in field.value:
            parts = _top_level_parts(field.value)
            if len(parts) > 1:
                field.value = "".join(_part_value(part, strings) for part in parts)
    return entry


def _top_level_parts(value):
    parts, current, depth, quoted = [], [], 0, False
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    parts.append("".join(current).strip())
    return parts


def _part_value(part, strings):
    if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
        return part[1:-1]
    if part.isdigit():
        return part
    return strings.get(part.lower(), part)


class _LineFinder:
    """The line on which each block starts, counted from the text itself."""

    def __init__(self, text):
        self.text = text
        self.cursor = 0
        self._counted_to, self._lines_before = 0, 0

    def line_of(self, block):
        raw = block.raw or ""
        position = self.text.find(raw, self.cursor) if raw else -1
        if position < 0:
            return (block.start_line or 0) + 1
        self.cursor = position + max(len(raw), 1)
        # The block's own text may begin with blank lines or a comment; its entry starts at the "@".
        at = raw.find("@")
        return self.line_at(position + max(at, 0))

    def line_at(self, index):
        # Blocks come in file order, so counting goes on from the last count.
        if index < self._counted_to:
            return self.text.count("\n", 0, index) + 1
        self._lines_before += self.text.count("\n", self._counted_to, index)
        self._counted_to = index
        return self._lines_before + 1


def _entry_name(raw, line):
    key = ""
    if raw.lstrip().startswith("@") and ("{" in raw or "(" in raw):
        key = re.split(r"[{(]", raw, maxsplit=1)[1].split(",", 1)[0].strip()[:100]
    if key and "=" not in key:
        return f"The entry {key} (line {line})"
    return f"The entry starting on line {line}"


def _failure_message(block, line, lines):
    raw = block.raw or ""
    name = _entry_name(raw, line)
    if isinstance(block, model.DuplicateFieldKeyBlock):
        fields = ", ".join(f'"{key}"' for key in sorted(block.duplicate_keys))
        plural = "fields" if len(block.duplicate_keys) > 1 else "field"
        return f"{name} has the {plural} {fields} twice. Keep one of each and import the file again."
    error = block.error
    reason = getattr(error, "abort_reason", "") or str(error)
    if isinstance(error, BlockAbortedException) and "entry key" in reason:
        return f"{name} has no citation key: write one after the opening brace, followed by a comma."
    if isinstance(error, BlockAbortedException) and "Unexpected block start" in reason:
        next_line = lines.line_at(error.end_index) if error.end_index else None
        where = f" before the next entry starts on line {next_line}" if next_line else ""
        return f"{name} is not closed{where}: a brace or a quote in it is left open."
    if isinstance(error, BlockAbortedException) and error.end_index is None:
        return f"{name} is not closed before the end of the file: a brace or a quote in it is left open."
    return f"{name} could not be read: check that every brace and quote in it is closed."


def _candidate(entry, line):
    fields = {f.key.lower(): f.value for f in entry.fields}
    problems = [
        f'a comma seems to be missing after the field "{key}" (it runs on into "{match.group(1)}")'
        for key, value in fields.items()
        if isinstance(value, str) and (match := _SWALLOWED_FIELD.search(value))
    ]
    if problems:
        return error_row(line, f"{_entry_name(entry.raw or '@x{' + entry.key, line)}: {'; '.join(problems)}.")
    reference_type, form = TYPES.get(entry.entry_type.lower(), (Reference.Type.OTHER, ""))
    authors = _names(fields.get("author"))
    editors = _names(fields.get("editor"))
    pmid = fields.get("pmid", "")
    if not pmid and str(fields.get("eprinttype", "")).lower() == "pubmed":
        pmid = fields.get("eprint", "")
    journal = fields.get("journal") or fields.get("journaltitle") or ""
    body = next((fields[k] for k in ("institution", "organization", "school") if fields.get(k)), "")
    publisher = fields.get("publisher", "")
    urls = split_urls(tex_to_unicode(fields.get("url", "")) if fields.get("url") else [])
    title = tex_to_unicode(fields.get("title", ""))
    container = fields.get("booktitle", "")
    if form == Reference.Form.CHAPTER and entry.entry_type.lower() == "inbook" and not container:
        chapter = tex_to_unicode(fields.get("chapter", ""))
        if re.search(r"[^\W\d_]{3}", chapter):
            # @inbook with a named chapter: the title is the book's, the chapter is the "chapter" field.
            container, title = fields.get("title", ""), chapter
        else:
            form = Reference.Form.BOOK  # a numbered chapter: cited as the book, with its pages
    if form == Reference.Form.ARTICLE or (not form and journal):
        form = Reference.Form.ARTICLE
    return {
        "citation_key": entry.key,
        "reference_type": reference_type,
        "publication_form": form,
        "title": title,
        "authors": authors,
        "editors": editors,
        "source": tex_to_unicode(journal or body or ("" if form == Reference.Form.CHAPTER else publisher)),
        "journal_abbreviation": tex_to_unicode(
            fields.get("shortjournal") or fields.get("journal-abbrev", "")
        ),
        "container_title": tex_to_unicode(container),
        "edition": tex_to_unicode(fields.get("edition", "")),
        "place": tex_to_unicode(fields.get("address") or fields.get("location", "")),
        "publisher": tex_to_unicode(publisher),
        "year": first_year(fields.get("year") or fields.get("date", "")),
        "month": month_abbreviation(tex_to_unicode(fields.get("month", ""))),
        "volume": clean(tex_to_unicode(fields.get("volume", ""))),
        "issue": clean(tex_to_unicode(fields.get("number") or fields.get("issue", ""))),
        "pages": clean(fields.get("pages")).replace("--", "-"),
        "doi": clean(fields.get("doi")),
        "pmid": clean(pmid),
        "pmcid": clean(fields.get("pmcid")),
        "url": urls[0] if urls else "",
        "other_urls": "\n".join(urls[1:]),
        "_line": line,
    }


def _names(value):
    # Without authors, SeparateCoAuthors leaves a missing field missing; an editor-only book
    # lists its editors as its authors (with ", editors" added by the formatter).
    names = value or []
    if isinstance(names, str):
        names = [names]
    return "\n".join(filter(None, map(vancouver_name, names)))
