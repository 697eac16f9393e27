"""A word-level comparison of two revisions, for the board's review page.

The Markdown of each wording is parsed (with the same citation syntax readers
get) into blocks of words. Every word carries what surrounds it: emphasis,
strong emphasis, code, the link it belongs to. A citation is one word of its
own, and a link ends with a marker naming its target. So a change of link
target, of emphasis or of a citation is a change like any other, not only a
change of words.

Blocks are aligned first, then words inside changed blocks, with difflib.
Changes are marked with <ins>/<del> and a visually hidden "added:" /
"removed:" label, so they do not depend on colour. The HTML is built here
from escaped text only: nothing the editor typed passes through unescaped.

The reference lists are compared by citation key: added, removed, changed
(the bibliographic data differ, field by field) or unchanged.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html import escape

from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from references.citations import citations_plugin, extract_citation_keys
from references.models import Reference

_parser = MarkdownIt("commonmark", {"html": False}).enable("table").use(citations_plugin)

BLOCK_LABELS = {
    "p": "",
    "h": "Heading",
    "li": "List item",
    "quote": "Quote",
    "code": "Code",
    "cell": "Table cell",
}


@dataclass(frozen=True)
class Word:
    """One comparable unit: a word, a citation, or the end of a link."""

    text: str
    kind: str = "word"  # word | citation | link-target
    styles: frozenset = frozenset()
    href: str = ""
    # Whether a space separates it from the word before (not compared: layout only).
    space_before: bool = True

    @property
    def key(self):
        return (self.text, self.kind, self.styles, self.href)

    def to_html(self):
        if self.kind == "citation":
            return f'<span class="diff-citation">[@{escape(self.text)}]</span>'
        if self.kind == "link-target":
            return f'<span class="diff-link-target">(link to {escape(self.text)})</span>'
        html = escape(self.text)
        if "code" in self.styles:
            html = f"<code>{html}</code>"
        if "em" in self.styles:
            html = f"<em>{html}</em>"
        if "strong" in self.styles:
            html = f"<strong>{html}</strong>"
        if self.href:
            html = f'<span class="diff-link">{html}</span>'
        return html


@dataclass
class Block:
    kind: str
    words: list

    @property
    def key(self):
        return (self.kind, tuple(w.key for w in self.words))

    @property
    def plain(self):
        return " ".join(w.text for w in self.words)


def _join(words):
    """The words' HTML, spaced as they were written."""
    html = ""
    for index, word in enumerate(words):
        html += (" " if index and word.space_before else "") + word.to_html()
    return html


def _inline_words(children):
    words = []
    styles = set()
    href_stack = []
    pending_space = False
    for token in children:
        kind = token.type
        if kind in ("text", "code_inline"):
            extra = {"code"} if kind == "code_inline" else set()
            content = token.content
            for index, piece in enumerate(content.split()):
                words.append(
                    Word(
                        piece,
                        styles=frozenset(styles | extra),
                        href=href_stack[-1] if href_stack else "",
                        space_before=index > 0 or pending_space or content[:1].isspace(),
                    )
                )
            pending_space = content[-1:].isspace()
            continue
        if kind in ("softbreak", "hardbreak"):
            pending_space = True
            continue
        elif kind in ("em_open", "strong_open"):
            styles.add(kind.split("_")[0])
        elif kind in ("em_close", "strong_close"):
            styles.discard(kind.split("_")[0])
        elif kind == "link_open":
            href_stack.append(token.attrGet("href") or "")
        elif kind == "link_close":
            href = href_stack.pop() if href_stack else ""
            words.append(Word(href, kind="link-target"))
        elif kind == "citation":
            for index, key in enumerate(token.meta["keys"]):
                words.append(Word(key, kind="citation", space_before=index > 0 or pending_space))
            pending_space = False
        elif kind == "image":
            words.append(Word(f"[image: {token.content}]", space_before=pending_space))
            pending_space = False
    return words


def markdown_blocks(text):
    """The Markdown as a list of blocks of comparable words."""
    blocks = []
    context = []
    for token in _parser.parse(text or ""):
        if token.type in ("heading_open",):
            context.append("h")
        elif token.type in ("list_item_open",):
            context.append("li")
        elif token.type == "blockquote_open":
            context.append("quote")
        elif token.type in ("td_open", "th_open"):
            context.append("cell")
        elif token.type in ("heading_close", "list_item_close", "blockquote_close", "td_close", "th_close"):
            if context:
                context.pop()
        elif token.type == "inline":
            words = _inline_words(token.children or [])
            if words:
                blocks.append(Block(kind=context[-1] if context else "p", words=words))
        elif token.type in ("fence", "code_block"):
            words = [Word(w, styles=frozenset({"code"})) for w in token.content.split()]
            if words:
                blocks.append(Block(kind="code", words=words))
    return blocks


def _marked(tag, words, *, label):
    return f'<{tag}><span class="visually-hidden">{label}: </span>{_join(words)}</{tag}>'


def _spaced(parts):
    return "".join((" " if index and space else "") + html for index, (space, html) in enumerate(parts))


def _word_diff(old_words, new_words):
    """One block's words with changes marked: (unified, old side, new side) HTML."""
    parts, old_parts, new_parts = [], [], []  # (space before, html)
    matcher = SequenceMatcher(a=[w.key for w in old_words], b=[w.key for w in new_words], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append((new_words[b1].space_before, _join(new_words[b1:b2])))
            old_parts.append((old_words[a1].space_before, _join(old_words[a1:a2])))
            new_parts.append(parts[-1])
            continue
        removed, added = old_words[a1:a2], new_words[b1:b2]
        only_formatting = removed and added and [w.text for w in removed] == [w.text for w in added]
        if removed:
            label = "formatting removed" if only_formatting else "removed"
            parts.append((removed[0].space_before, _marked("del", removed, label=label)))
            old_parts.append(parts[-1])
        if added:
            label = "formatting added" if only_formatting else "added"
            # A space between a removal and its replacement keeps them apart on screen.
            parts.append((added[0].space_before or bool(removed), _marked("ins", added, label=label)))
            new_parts.append((added[0].space_before, parts[-1][1]))
    return _spaced(parts), _spaced(old_parts), _spaced(new_parts)


def _block_html(kind, inner, *, change=""):
    label = BLOCK_LABELS.get(kind, "")
    label_html = f'<span class="diff-block-kind">{label}</span> ' if label else ""
    css = f"diff-block diff-block-{kind}" + (f" diff-block-{change}" if change else "")
    return f'<p class="{css}">{label_html}{inner}</p>'


def _whole_block(block, tag, label):
    return _marked(tag, block.words, label=label)


@dataclass
class DiffRow:
    """One aligned pair of blocks for the side-by-side view ("" where a side has none)."""

    old_html: str
    new_html: str
    change: str = ""  # "" | changed | added | removed

    # Both are built here from escape()d words and fixed tags only; never raw editor input.
    @property
    def old(self):
        return mark_safe(self.old_html)  # noqa: S308

    @property
    def new(self):
        return mark_safe(self.new_html)  # noqa: S308


@dataclass
class TextDiff:
    html: str
    changed: bool
    added_words: int = 0
    removed_words: int = 0
    rows: list = field(default_factory=list)

    @property
    def safe_html(self):
        # Built above from escape()d words and fixed tags only; never raw editor input.
        return mark_safe(self.html)  # noqa: S308


def compare_markdown(old_text, new_text):
    """Mark what changed between two Markdown texts, block by block and word by word."""
    old_blocks, new_blocks = markdown_blocks(old_text), markdown_blocks(new_text)
    matcher = SequenceMatcher(a=[b.key for b in old_blocks], b=[b.key for b in new_blocks], autojunk=False)
    html = []
    rows = []
    changed = False
    added = removed = 0
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for old, new in zip(old_blocks[a1:a2], new_blocks[b1:b2], strict=True):
                html.append(_block_html(new.kind, _join(new.words)))
                rows.append(DiffRow(_block_html(old.kind, _join(old.words)), html[-1]))
            continue
        changed = True
        olds, news = old_blocks[a1:a2], new_blocks[b1:b2]
        paired = min(len(olds), len(news)) if op == "replace" else 0
        for old, new in zip(olds[:paired], news[:paired], strict=True):
            old_keys, new_keys = [w.key for w in old.words], [w.key for w in new.words]
            words = SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
            removed += sum(a2_ - a1_ for op_, a1_, a2_, _, _ in words.get_opcodes() if op_ != "equal")
            added += sum(b2_ - b1_ for op_, _, _, b1_, b2_ in words.get_opcodes() if op_ != "equal")
            unified, old_side, new_side = _word_diff(old.words, new.words)
            html.append(_block_html(new.kind, unified, change="changed"))
            rows.append(
                DiffRow(
                    _block_html(old.kind, old_side, change="changed"),
                    _block_html(new.kind, new_side, change="changed"),
                    "changed",
                )
            )
        for old in olds[paired:]:
            removed += len(old.words)
            html.append(_block_html(old.kind, _whole_block(old, "del", "removed"), change="removed"))
            rows.append(DiffRow(html[-1], "", "removed"))
        for new in news[paired:]:
            added += len(new.words)
            html.append(_block_html(new.kind, _whole_block(new, "ins", "added"), change="added"))
            rows.append(DiffRow("", html[-1], "added"))
    return TextDiff(
        html="\n".join(html), changed=changed, added_words=added, removed_words=removed, rows=rows
    )


# ----------------------------------------------------------------------
# Reference lists
# ----------------------------------------------------------------------
COMPARED_FIELDS = {
    "reference_type": "type",
    "title": "title",
    "authors": "authors",
    "source": "source or journal",
    "year": "year",
    "volume": "volume",
    "issue": "issue",
    "pages": "pages",
    "doi": "DOI",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "url": "URL",
}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class ReferenceChange:
    key: str
    status: str  # added | removed | changed | unchanged | missing
    snapshot: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)
    is_retracted: bool = False

    @property
    def status_label(self):
        return {
            "added": "Added",
            "removed": "Removed",
            "changed": "Changed",
            "unchanged": "Unchanged",
            "missing": "Not in the library",
        }[self.status]


def _display(value):
    if isinstance(value, list):
        return "; ".join(value)
    return "" if value is None else str(value)


def revision_reference_snapshots(revision):
    """citation_key → (snapshot, is_retracted) as the revision cites them.

    An approved revision's references are what the board approved (pinned);
    anything else is read from the library as it is now.
    """
    keys = list(
        dict.fromkeys(
            extract_citation_keys(revision.body_patient) + extract_citation_keys(revision.body_professional)
        )
    )
    snapshots = {}
    if revision.pk and revision.state == revision.State.APPROVED:
        for citation in revision.citations.select_related("reference"):
            snap = citation.pinned_snapshot or citation.reference.snapshot()
            snapshots[snap["citation_key"]] = (snap, False)
    missing = [k for k in keys if k not in snapshots]
    for ref in Reference.objects.filter(citation_key__in=missing):
        snapshots[ref.citation_key] = (ref.snapshot(), ref.is_retracted)
    return keys, snapshots


def compare_references(old_revision, new_revision):
    """The reference list of the new revision against the old one, in order of first citation."""
    old_keys, old_snaps = revision_reference_snapshots(old_revision) if old_revision else ([], {})
    new_keys, new_snaps = revision_reference_snapshots(new_revision)
    rows = []
    for key in new_keys:
        if key not in new_snaps:
            rows.append(ReferenceChange(key=key, status="missing"))
            continue
        snap, retracted = new_snaps[key]
        if key not in old_keys or key not in old_snaps:
            rows.append(ReferenceChange(key=key, status="added", snapshot=snap, is_retracted=retracted))
            continue
        old_snap = old_snaps[key][0]
        changes = [
            FieldChange(label, _display(old_snap.get(name)), _display(snap.get(name)))
            for name, label in COMPARED_FIELDS.items()
            if _display(old_snap.get(name)) != _display(snap.get(name))
        ]
        rows.append(
            ReferenceChange(
                key=key,
                status="changed" if changes else "unchanged",
                snapshot=snap,
                changes=changes,
                is_retracted=retracted,
            )
        )
    for key in old_keys:
        if key not in new_keys:
            snap = old_snaps.get(key, ({"citation_key": key, "title": ""}, False))[0]
            rows.append(ReferenceChange(key=key, status="removed", snapshot=snap))
    return rows


@dataclass
class RevisionComparison:
    old: object
    new: object
    patient: TextDiff
    professional: TextDiff
    references: list

    @property
    def reference_changes(self):
        return [r for r in self.references if r.status != "unchanged"]

    @property
    def question_changed(self):
        """The title readers see was reworded (it is reviewed with the text)."""
        return self.old is not None and self.old.question != self.new.question


def compare_revisions(old_revision, new_revision):
    """Both wordings and the reference list of `new_revision` against `old_revision` (or nothing)."""
    old_patient = old_revision.body_patient if old_revision else ""
    old_professional = old_revision.body_professional if old_revision else ""
    return RevisionComparison(
        old=old_revision,
        new=new_revision,
        patient=compare_markdown(old_patient, new_revision.body_patient),
        professional=compare_markdown(old_professional, new_revision.body_professional),
        references=compare_references(old_revision, new_revision),
    )
