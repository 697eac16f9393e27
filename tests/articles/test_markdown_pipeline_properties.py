"""Property-based tests: whatever an editor types, the Markdown and citation pipeline
returns safe HTML and agrees with itself — never an exception."""

import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.rendering import render_markdown
from references.citations import extract_citation_keys

MARKDOWN_BITS = st.sampled_from(
    [
        "[@", "]", "@", ";", "[", "(", ")", "*", "_", "`", "#", "\n", "\n\n", "- ", "1. ", "> ",
        "|", "---", "<", ">", "&", '"', "'", "javascript:", "data:", "<script>", "</script>",
        "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "<svg onload=alert(1)>",
        "![i](data:text/html,x)", "&#106;avascript:", "key1", "key-2", " ", "\\", "\x00", "é", "🙂",
    ]
)  # fmt: skip
MARKDOWNISH = st.lists(st.one_of(MARKDOWN_BITS, st.text(max_size=8)), max_size=40).map("".join)
KEYS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_:.\-]{0,12}", fullmatch=True)


class ActiveContentFinder(HTMLParser):
    """Collects every element, attribute or URL in parsed HTML that could run script."""

    UNSAFE_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "img", "form", "base"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in self.UNSAFE_TAGS:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                self.found.append(f"{tag}[{name}]")
            if name in {"href", "src"} and not re.match(r"^(https?:|mailto:|#)", (value or "").strip(), re.I):
                self.found.append(f"{tag}[{name}={value}]")


def active_content(html):
    finder = ActiveContentFinder()
    finder.feed(html)
    return finder.found


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(MARKDOWNISH)
def test_rendering_any_text_gives_safe_html(text):
    rendered = render_markdown(text)
    assert active_content(rendered.html) == [], rendered.html


@settings(max_examples=200, deadline=None)
@given(MARKDOWNISH, st.sets(KEYS, max_size=5))
def test_numbered_citations_are_exactly_the_known_extracted_keys(text, known):
    rendered = render_markdown(text, known_keys=known)
    extracted = extract_citation_keys(text)
    assert rendered.cited_keys == [key for key in extracted if key in known]
    assert set(rendered.missing_keys) == {key for key in extracted if key not in known}


@settings(max_examples=200, deadline=None)
@given(st.lists(KEYS, min_size=1, max_size=6), st.text(max_size=30))
def test_citations_are_numbered_in_order_of_first_citation(keys, filler):
    filler = filler.replace("[", "").replace("]", "").replace("`", "").replace("\\", "")
    text = " ".join(f"Claim {filler} [@{key}]." for key in keys)
    rendered = render_markdown(text, known_keys=set(keys))
    expected = list(dict.fromkeys(keys))
    assert rendered.cited_keys == expected
    for number, _ in enumerate(expected, start=1):
        assert f'href="#ref-{number}"' in rendered.html
