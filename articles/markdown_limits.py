"""Markdown refused rather than cut short when nested too deep.

- Links and images are kept linear by references.citations.citations_plugin, which every
  parser of the project uses.
- markdown-it stops rendering past `maxNesting` (20) levels of markup (a nested list costs
  two) and drops the rest without a word. Such text is refused instead, with a message naming
  the field, so nothing typed ever disappears from the page.
- Thousands of opening brackets (`![` repeated, say) make markdown-it's link-label scanning
  quadratic: seconds per preview. No article needs more than a few hundred (one per citation
  or link), so past MAX_OPENING_BRACKETS the text is refused before any parsing.
- Every `*` and `_` becomes a token of its own while emphasis is matched: `*a ` repeated up to
  100,000 characters took 1.2 s per preview, over the 1 s a preview may take. Emphasis
  and bold use two to four each, so an article needs a few hundred; past MAX_EMPHASIS_MARKS the
  text is refused before any parsing, like a bracket flood.
"""

from markdown_it import MarkdownIt

from editorial.exceptions import InvalidAction
from references.citations import citations_plugin

# Room to spare, to see how deep a text goes; the citations plugin keeps its links linear.
_probe = MarkdownIt("commonmark", {"html": False, "maxNesting": 100}).enable("table").use(citations_plugin)


def deepest_nesting(tokens):
    deepest = 0
    for token in tokens:
        deepest = max(deepest, token.level)
        if token.children:
            deepest = max(deepest, token.level + deepest_nesting(token.children))
    return deepest


MAX_OPENING_BRACKETS = 1_000


def check_brackets(text, *, label):
    """InvalidAction when `text` has more opening square brackets than a page can parse quickly."""
    count = text.count("[")
    if count > MAX_OPENING_BRACKETS:
        raise InvalidAction(
            f"The {label} has {count:,} opening square brackets; a page can show at most "
            f"{MAX_OPENING_BRACKETS:,} (each citation or link uses one). Please remove the stray ones."
        )


MAX_EMPHASIS_MARKS = 5_000


def check_emphasis(text, *, label):
    """InvalidAction when `text` has more `*` and `_` than a page can parse quickly."""
    count = text.count("*") + text.count("_")
    if count > MAX_EMPHASIS_MARKS:
        raise InvalidAction(
            f"The {label} has {count:,} asterisks and underscores; a page can show at most "
            f"{MAX_EMPHASIS_MARKS:,} (italics and bold use two to four each). Please remove the stray ones."
        )


def check_nesting(parser, text, *, label):
    """InvalidAction when `parser` would drop part of `text` for nesting too deep.

    The text is parsed once with room to spare (maxNesting 100) to see how deep it goes; past
    the renderer's own limit the rest would vanish from the page.
    """
    if not text:
        return
    limit = parser.options["maxNesting"]
    if deepest_nesting(_probe.parse(text)) > limit:
        raise InvalidAction(
            f"The {label} nests lists or quotes too deeply for a page to show it all (about 9 levels of "
            f"lists, or {limit - 1} of quotes): the deeper text would not appear. Please flatten it."
        )
