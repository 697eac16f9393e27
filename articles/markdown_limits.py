"""Markdown that renders in linear time, and is refused rather than cut when nested too deep.

- markdown-it tries every `[` and `![` as the start of a link or image and scans on for its
  `]`: "![" repeated 50,000 times took 8 s to preview. A link or image cannot start after
  the text's last `]`, so those rules give up at once there (the output is unchanged).
- markdown-it stops rendering past `maxNesting` (20) levels of markup (a nested list costs
  two) and drops the rest without a word. Such text is refused instead, with a message naming
  the field, so nothing typed ever disappears from the page.
"""

from markdown_it import MarkdownIt

from editorial.exceptions import InvalidAction


def _after_last_closing_bracket(rule):
    def guarded(state, silent):
        last = getattr(state, "_last_closing_bracket", None)
        if last is None:
            last = state._last_closing_bracket = state.src.rfind("]")
        if state.pos > last:
            return False
        return rule(state, silent)

    return guarded


def linear_brackets_plugin(md):
    for rule in md.inline.ruler.__rules__:
        if rule.name in ("link", "image"):
            md.inline.ruler.at(rule.name, _after_last_closing_bracket(rule.fn))


def deepest_nesting(tokens):
    deepest = 0
    for token in tokens:
        deepest = max(deepest, token.level)
        if token.children:
            deepest = max(deepest, token.level + deepest_nesting(token.children))
    return deepest


def check_nesting(parser, text, *, label):
    """InvalidAction when `parser` would drop part of `text` for nesting too deep.

    The text is parsed once with room to spare (maxNesting 100) to see how deep it goes; past
    the renderer's own limit the rest would vanish from the page.
    """
    if not text:
        return
    limit = parser.options["maxNesting"]
    probe = MarkdownIt("commonmark", {"html": False, "maxNesting": limit + 80}).enable("table")
    if deepest_nesting(probe.parse(text)) > limit:
        raise InvalidAction(
            f"The {label} nests lists or quotes too deeply for a page to show it all (about 9 levels of "
            f"lists, or {limit - 1} of quotes): the deeper text would not appear. Please flatten it."
        )
