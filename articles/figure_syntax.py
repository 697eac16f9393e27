"""Figures in article Markdown: ![@key] on a line of its own places the figure `key`.

It reads like Markdown's image syntax, and its key is written like a citation's ([@key]).
A figure is a block (HTML's <figure> cannot sit inside a paragraph), so ![@key] inside a
line of text is not placed: it is flagged, as is a Markdown image ![alt](address), which
would load an image from anywhere and is never shown.
"""

import re

from markdown_it import MarkdownIt

from references.citations import citations_plugin

_KEY = r"[A-Za-z0-9][A-Za-z0-9_\-]*"
_PLACEMENT = re.compile(rf"!\[@({_KEY})\]")
_LINE = re.compile(rf"!\[@({_KEY})\][ \t]*$")


def _figure_block(state, start_line, end_line, silent):
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False  # indented code
    begin = state.bMarks[start_line] + state.tShift[start_line]
    line = state.src[begin : state.eMarks[start_line]]
    match = _LINE.match(line)
    if match is None:
        return False
    if silent:
        return True
    token = state.push("figure", "figure", 0)
    token.meta = {"key": match.group(1)}
    token.map = [start_line, start_line + 1]
    token.markup = match.group(0)
    state.line = start_line + 1
    return True


def _figure_inline(state, silent):
    if not state.src.startswith("![@", state.pos):
        return False
    match = _PLACEMENT.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("figure_inline", "", 0)
        token.meta = {"key": match.group(1)}
        token.markup = match.group(0)
    state.pos = match.end()
    return True


def figures_plugin(md):
    """Adds the `figure` block token and the misplaced `figure_inline` token to a parser."""
    md.block.ruler.before(
        "paragraph", "figure", _figure_block, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.inline.ruler.before("image", "figure_inline", _figure_inline)


_parser = MarkdownIt("commonmark", {"html": False}).enable("table").use(citations_plugin).use(figures_plugin)


def _walk(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def figure_placements(text):
    """(placed keys in order of first placement, misplaced keys, Markdown images) of `text`."""
    placed, misplaced, images = [], [], []
    for token in _walk(_parser.parse(text or "")):
        if token.type == "figure":
            placed.append(token.meta["key"])
        elif token.type == "figure_inline":
            misplaced.append(token.meta["key"])
        elif token.type == "image":
            images.append(token.attrGet("src") or "")
    return list(dict.fromkeys(placed)), list(dict.fromkeys(misplaced)), images


def extract_figure_keys(text):
    """Keys of the figures `text` places, in order of first placement, each once."""
    return figure_placements(text)[0]
