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
    match = _GROUP.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"keys": _SPLIT.split(match.group(1))}
        token.markup = match.group(0)
    state.pos = match.end()
    return True


def citations_plugin(md):
    """Adds the `citation` inline token to a MarkdownIt parser."""
    md.inline.ruler.before("link", "citation", _citation_rule)


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
