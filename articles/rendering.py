"""Markdown to safe HTML for readers: markdown-it-py renders, nh3 sanitises.

Citations become numbered links to the reference list, numbered in order of
first citation. Figures placed as ![@key] become <figure> blocks with the image's
alt text, size and caption (articles.figure_syntax). Nothing an editor types is
trusted: raw HTML is escaped by the parser and the result is cleaned again by the
sanitiser.
"""

from dataclasses import dataclass, field
from html import escape

import nh3
from markdown_it import MarkdownIt

from references.citations import citations_plugin

from .figure_syntax import figures_plugin
from .markdown_limits import check_brackets, check_emphasis, check_nesting

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "sup", "span", "table", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class", "aria-label"},
    "sup": {"class"},
    "span": {"class"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "figure": {"class"},
    # Only the figure renderer below writes <img>, with our own figure address as its source.
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
}
URL_SCHEMES = {"http", "https", "mailto"}


@dataclass
class RenderedBody:
    html: str
    # Citation keys in the order they were numbered: number = index + 1.
    cited_keys: list = field(default_factory=list)
    missing_keys: list = field(default_factory=list)
    # Figure keys placed that match no figure (only possible in a draft), and the placed ones.
    missing_figures: list = field(default_factory=list)
    figure_keys: list = field(default_factory=list)


def _render_citation(self, tokens, idx, options, env):
    numbers = env.setdefault("numbers", {})
    known = env.get("known_keys")
    links = []
    for key in tokens[idx].meta["keys"]:
        if known is not None and key not in known:
            env.setdefault("missing", []).append(key)
            links.append(f'<span class="citation-missing">missing reference: {escape(key)}</span>')
            continue
        number = numbers.setdefault(key, len(numbers) + 1)
        anchor = f"{env.get('id_prefix', '')}ref-{number}"
        links.append(f'<a class="citation" href="#{anchor}" aria-label="Reference {number}">{number}</a>')
    return f'<sup class="citations">{", ".join(links)}</sup>'


def _render_figure(self, tokens, idx, options, env):
    key = tokens[idx].meta["key"]
    figure = env["figures"].get(key)
    if figure is None:
        env.setdefault("missing_figures", []).append(key)
        return f'<p><span class="figure-missing">missing figure: {escape(key)}</span></p>\n'
    env.setdefault("placed_figures", []).append(key)
    caption = " ".join(
        part
        for part in (
            escape(figure.caption),
            f'<span class="figure-credit">{escape(figure.credit)}</span>' if figure.credit else "",
        )
        if part
    )
    return (
        f'<figure class="article-figure"><img src="{escape(figure.url)}" alt="{escape(figure.alt)}" '
        f'width="{int(figure.width)}" height="{int(figure.height)}" loading="lazy" decoding="async">'
        + (f"<figcaption>{caption}</figcaption>" if caption else "")
        + "</figure>\n"
    )


def _render_misplaced_figure(self, tokens, idx, options, env):
    key = escape(tokens[idx].meta["key"])
    return f'<span class="figure-missing">figure {key} must stand on a line of its own</span>'


def _render_markdown_image(self, tokens, idx, options, env):
    # Only uploaded figures are shown: an image address could point anywhere.
    return ""


def _page_level(tag, env):
    # The text's top heading level becomes h2 (under the page's h1), keeping the steps
    # between levels, so "## Dosing" in a text without "#" does not skip h2.
    return min(int(tag[1]) - env.get("top_heading", 1) + 2, 6)


def _build_parser():
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["table", "replacements", "smartquotes"]).use(citations_plugin).use(figures_plugin)
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("figure", _render_figure)
    md.add_render_rule("figure_inline", _render_misplaced_figure)
    md.add_render_rule("image", _render_markdown_image)
    # Article headings start at h2: the page title is the only h1.
    original_heading_open = md.renderer.rules.get("heading_open")

    def heading_open(self, tokens, idx, options, env):
        token = tokens[idx]
        token.tag = f"h{_page_level(token.tag, env)}"
        if original_heading_open:
            return original_heading_open(self, tokens, idx, options, env)
        return self.renderToken(tokens, idx, options, env)

    def heading_close(self, tokens, idx, options, env):
        token = tokens[idx]
        token.tag = f"h{_page_level(token.tag, env)}"
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    return md


_markdown = _build_parser()


def sanitize_html(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def check_markdown(text, *, label):
    """Refuse (InvalidAction) Markdown the renderer would not show in full, or not in time."""
    check_brackets(text or "", label=label)
    check_emphasis(text or "", label=label)
    check_nesting(_markdown, text, label=label)


def render_markdown(text, *, known_keys=None, id_prefix="", figures=None):
    """Render article Markdown. With `known_keys`, citations of other keys are flagged.

    `id_prefix` keeps reference anchors unique when one page shows both wordings.
    `figures` maps figure keys to what is shown for each (articles.figures.FigureView);
    a placed key not in it is flagged.
    """
    env = {
        "known_keys": set(known_keys) if known_keys is not None else None,
        "id_prefix": id_prefix,
        "figures": figures if figures is not None else {},  # may be lazy: not tested for truth
    }
    tokens = _markdown.parse(text or "", env)
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    env["top_heading"] = min(levels, default=1)
    html = _markdown.renderer.render(tokens, _markdown.options, env)
    numbers = env.get("numbers", {})
    return RenderedBody(
        html=sanitize_html(html),
        cited_keys=sorted(numbers, key=numbers.get),
        missing_keys=list(dict.fromkeys(env.get("missing", []))),
        missing_figures=list(dict.fromkeys(env.get("missing_figures", []))),
        figure_keys=list(dict.fromkeys(env.get("placed_figures", []))),
    )
