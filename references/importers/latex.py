"""TeX in bibliography fields to Unicode, keeping every character that carries meaning.

pylatexenc does the conversion; its default rules drop some macros that
clinical titles depend on ({\\textless}5 years became "5 years") and every macro
it does not know (so "{\\TeX}" emptied a title). The rules below add those
macros, keep an unknown macro's name rather than dropping it, and discard
only what BibTeX itself discards (\\noopsort, used to sort, never printed).
"""

import functools
import logging
import re

from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec
from pylatexenc.latex2text import get_default_latex_context_db as text_context_db
from pylatexenc.macrospec import MacroSpec

SOFT_HYPHEN = "\u00ad"
NBSP = "\u00a0"
# Macros whose argument is read by the parser as the macro's, so it can be discarded whole.
_PARSE_MACROS = [MacroSpec("noopsort", "{"), MacroSpec("SortNoop", "{"), MacroSpec("sortkey", "{")]
_TEXT_MACROS = [
    MacroTextSpec("textless", "<"),
    MacroTextSpec("textgreater", ">"),
    MacroTextSpec("textlessequal", "≤"),
    MacroTextSpec("textgreaterequal", "≥"),
    MacroTextSpec("emdash", "—"),
    MacroTextSpec("endash", "–"),
    MacroTextSpec("textemdash", "—"),
    MacroTextSpec("textendash", "–"),
    MacroTextSpec("textpm", "±"),
    MacroTextSpec("textmu", "µ"),
    MacroTextSpec("textdegree", "°"),
    MacroTextSpec("nobreakspace", NBSP),
    MacroTextSpec("TeX", "TeX"),
    MacroTextSpec("LaTeX", "LaTeX"),
    MacroTextSpec("BibTeX", "BibTeX"),
    MacroTextSpec("AMS", "AMS"),
    MacroTextSpec("noopsort", discard=True),
    MacroTextSpec("SortNoop", discard=True),
    MacroTextSpec("sortkey", discard=True),
    # A line break or spacing command between words is a space, never nothing.
    MacroTextSpec("\\", " "),
    MacroTextSpec("newline", " "),
    MacroTextSpec("unskip", ""),
]


def _macro_name(node):
    # An unknown macro keeps its name ("\Mycin" → "Mycin"): a word survives, nothing is emptied.
    return node.macroname


def _build():
    walker_db = latexwalker.get_default_latex_context_db()
    walker_db.add_context_category("bibliography-parse", macros=_PARSE_MACROS, prepend=True)
    text_db = text_context_db()
    text_db.add_context_category("bibliography-text", macros=_TEXT_MACROS, prepend=True)
    text_db.set_unknown_macro_spec(MacroTextSpec("", simplify_repl=_macro_name))
    return walker_db, LatexNodes2Text(latex_context=text_db, math_mode="text", strict_latex_spaces=False)


_WALKER_DB, _TO_TEXT = _build()
# Tolerant parsing logs every stray brace it forgives; the import reports problems itself.
logging.getLogger("pylatexenc").setLevel(logging.WARNING)
# Spaces, tabs and line breaks collapse to one space; a non-breaking space is kept.
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_TEX_MARKERS = re.compile(r"[\\{}$~]|--")


def squeeze(value):
    """The text on one line, runs of ordinary spaces collapsed, soft hyphens removed."""
    return _SPACES.sub(" ", str(value or "").replace(SOFT_HYPHEN, "")).strip()


@functools.lru_cache(maxsize=4096)  # journal names and publishers repeat through a file
def _converted(text):
    return tex_to_unicode_uncached(text)


def tex_to_unicode(value):
    """A BibTeX field's text as a person reads it: "{\\textless}5~years" → "<5\u00a0years"."""
    return _converted(str(value or ""))


def tex_to_unicode_uncached(value):
    text = squeeze(value)
    if not _TEX_MARKERS.search(text):
        return text
    try:
        walker = latexwalker.LatexWalker(text, latex_context=_WALKER_DB, tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
        converted = squeeze(_TO_TEXT.nodelist_to_text(nodes))
    except Exception:  # noqa: BLE001 - malformed TeX: the text as typed, without braces
        converted = ""
    if not converted and re.search(r"\w", text):
        # Never lose a field to the conversion: keep its words without the TeX syntax.
        converted = squeeze(re.sub(r"[{}$]|\\(?=[A-Za-z])", "", text).replace("~", NBSP))
    return converted
