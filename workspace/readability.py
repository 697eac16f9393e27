"""The reading grade of a wording, for the editor's guidance (patient text: grade 8 or below)."""

import re
from html import unescape

import textstat
from django.utils.html import strip_tags

from articles.rendering import render_markdown

_CITATIONS = re.compile(r'<sup class="citations">.*?</sup>', re.S)
# Below this many words a grade says little.
MIN_WORDS = 10


def plain_text(markdown):
    """The words a reader reads: Markdown rendered, citation markers and markup removed."""
    html = render_markdown(markdown or "").html
    html = _CITATIONS.sub("", html)
    html = re.sub(r"</(p|li|h\d|td|th|blockquote)>", ".\n", html)
    text = unescape(strip_tags(html))
    return re.sub(r"\.(\s*\.)+", ".", text).strip()


def reading_grade(markdown):
    """Flesch-Kincaid grade level of the text, or None when it is too short to tell."""
    text = plain_text(markdown)
    if textstat.lexicon_count(text) < MIN_WORDS:
        return None
    return round(textstat.flesch_kincaid_grade(text), 1)
