"""Inline citations in article Markdown: [@key] or several at once, [@key1; @key2].

The syntax is parsed by a markdown-it inline rule, so a citation written inside
a code span or escaped with a backslash is not a citation.
"""

import re

from markdown_it import MarkdownIt

_KEY = r"[A-Za-z0-9][A-Za-z0-9_:.\-]*"
_GROUP = re.compile(rf"\[@({_KEY}(?:\s*;\s*@{_KEY})*)\]")
_SPLIT = re.compile(r"\s*;\s*@")


def _citation_rule(state, silent):
    if state.src[state.pos] != "[" or not state.src.startswith("[@", state.pos):
        return False
    if state.pos > 0 and state.src[state.pos - 1] == "!":
        return False  # ![@key] places a figure (articles.figure_syntax), it cites nothing
    match = _GROUP.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"keys": _SPLIT.split(match.group(1))}
        token.markup = match.group(0)
    state.pos = match.end()
    return True


def _after_last_closing_bracket(rule):
    """markdown-it tries every `[` and `![` as a link or image and scans on for its `]`: "!["
    repeated 50,000 times took seconds. None can start after the text's last `]`, so the rule
    gives up at once there; the output is unchanged."""

    def guarded(state, silent):
        last = getattr(state, "_last_closing_bracket", None)
        if last is None:
            last = state._last_closing_bracket = state.src.rfind("]")
        if state.pos > last:
            return False
        return rule(state, silent)

    return guarded


def citations_plugin(md):
    """Adds the `citation` inline token to a MarkdownIt parser (and keeps links linear)."""
    md.inline.ruler.before("link", "citation", _citation_rule)
    for rule in md.inline.ruler.__rules__:
        if rule.name in ("link", "image"):
            md.inline.ruler.at(rule.name, _after_last_closing_bracket(rule.fn))


_parser = MarkdownIt("commonmark", {"html": False}).enable("table").use(citations_plugin)


def extract_citation_keys(text):
    """Every cited key, in order of first citation, each once."""
    if not text:
        return []
    keys = []
    for block in _parser.parse(text):
        for token in block.children or ():
            if token.type == "citation":
                keys.extend(token.meta["keys"])
    return list(dict.fromkeys(keys))
