"""A word-level comparison of two revisions, for the board's review page.

The Markdown of each wording is parsed (with the same citation syntax readers
get) into blocks of words. Every word carries what surrounds it: emphasis,
strong emphasis, code, the link it belongs to. A citation is one word of its
own, and a link ends with a marker naming its target. So a change of link
target, of emphasis or of a citation is a change like any other, not only a
change of words.

Blocks are aligned first, then words inside changed blocks.
Changes are marked with <ins>/<del> and a visually hidden "added:" /
"removed:" label, so they do not depend on colour. The HTML is built here
from escaped text only: nothing the editor typed passes through unescaped.

The alignment stays near-linear on any input (workspace.alignment): past a size or time
budget a passage is compared by sentence, or shown whole, and TextDiff.coarse says so.
The reference lists are compared in workspace.reference_diff.
"""

from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from typing import NamedTuple

from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from references.citations import citations_plugin

from .alignment import Budget, align, align_words
from .figure_diff import compare_figures
from .reference_diff import compare_references

_parser = MarkdownIt("commonmark", {"html": False}).enable("table").use(citations_plugin)

BLOCK_LABELS = {
    "p": "",
    "h": "Heading",
    "li": "List item",
    "quote": "Quote",
    "code": "Code",
    "cell": "Table cell",
}


class Word(NamedTuple):
    """One comparable unit: a word, a citation, or the end of a link. A tuple, because a
    100,000-character text has tens of thousands of them."""

    text: str
    kind: str = "word"  # word | citation | link-target
    styles: frozenset = frozenset()
    href: str = ""
    # Whether a space separates it from the word before (not compared: layout only).
    space_before: bool = True

    @property
    def key(self):
        return self[:4]

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

    @cached_property
    def word_keys(self):
        return [w[:4] for w in self.words]

    @cached_property
    def key(self):
        return (self.kind, tuple(self.word_keys))

    @property
    def plain(self):
        return " ".join(w.text for w in self.words)


def _join(words):
    """The words' HTML, spaced as they were written."""
    return "".join(
        (" " if index and word.space_before else "") + word.to_html() for index, word in enumerate(words)
    )


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


def _word_diff(old_block, new_block, budget):
    """One block's words with changes marked: (unified, old side, new side HTML, added, removed)."""
    old_words, new_words = old_block.words, new_block.words
    parts, old_parts, new_parts = [], [], []  # (space before, html)
    added_count = removed_count = 0
    opcodes = align_words(
        old_block.word_keys,
        new_block.word_keys,
        [w.text for w in old_words],
        [w.text for w in new_words],
        budget=budget,
    )
    for op, a1, a2, b1, b2 in opcodes:
        if op == "equal":
            parts.append((new_words[b1].space_before, _join(new_words[b1:b2])))
            old_parts.append((old_words[a1].space_before, _join(old_words[a1:a2])))
            new_parts.append(parts[-1])
            continue
        removed, added = old_words[a1:a2], new_words[b1:b2]
        removed_count, added_count = removed_count + len(removed), added_count + len(added)
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
    return _spaced(parts), _spaced(old_parts), _spaced(new_parts), added_count, removed_count


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
    # Too large to align word by word everywhere: some passages are compared by sentence or
    # shown whole as removed and added (the page says so).
    coarse: bool = False

    @property
    def safe_html(self):
        # Built above from escape()d words and fixed tags only; never raw editor input.
        return mark_safe(self.html)  # noqa: S308


def compare_markdown(old_text, new_text, budget=None):
    """Mark what changed between two Markdown texts, block by block and word by word, in
    near-linear time (workspace.alignment): past the budget, coarser and flagged."""
    budget = budget or Budget()
    old_blocks, new_blocks = markdown_blocks(old_text), markdown_blocks(new_text)
    opcodes = align([b.key for b in old_blocks], [b.key for b in new_blocks], budget=budget, or_replace=True)
    html, rows = [], []
    added = removed = 0
    for op, a1, a2, b1, b2 in opcodes:
        if op == "equal":
            for old, new in zip(old_blocks[a1:a2], new_blocks[b1:b2], strict=True):
                html.append(_block_html(new.kind, _join(new.words)))
                rows.append(DiffRow(_block_html(old.kind, _join(old.words)), html[-1]))
            continue
        olds, news = old_blocks[a1:a2], new_blocks[b1:b2]
        # Replaced blocks are compared word by word, pair by pair (while the budget lasts).
        paired = min(len(olds), len(news)) if op == "replace" else 0
        for old, new in zip(olds[:paired], news[:paired], strict=True):
            unified, old_side, new_side, block_added, block_removed = _word_diff(old, new, budget)
            added, removed = added + block_added, removed + block_removed
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
        html="\n".join(html),
        changed=any(op != "equal" for op, *_ in opcodes),
        added_words=added,
        removed_words=removed,
        rows=rows,
        coarse=budget.coarse,
    )


@dataclass
class RevisionComparison:
    old: object
    new: object
    patient: TextDiff
    professional: TextDiff
    references: list
    figures: list = field(default_factory=list)  # workspace.figure_diff.FigureChange

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
    budget = Budget()  # one time budget for both wordings
    return RevisionComparison(
        old=old_revision,
        new=new_revision,
        patient=compare_markdown(old_patient, new_revision.body_patient, budget),
        professional=compare_markdown(old_professional, new_revision.body_professional, budget),
        references=compare_references(old_revision, new_revision),
        figures=compare_figures(old_revision, new_revision),
    )
