"""A revision's wording as safe HTML with its numbered reference list.

`render_revision()` is shared by the reader site and the editors' live preview, so a preview
is exactly what readers will get. For an approved revision it uses only what the board
approved (the pinned reference snapshots); for a draft it reads the reference library as it
is now and flags citations that point nowhere.
"""

from dataclasses import dataclass, field

from django.utils.safestring import mark_safe

from references.citations import extract_citation_keys
from references.models import Reference

from .figures import revision_figures
from .models import Audience, Revision
from .rendering import render_markdown


@dataclass(frozen=True)
class ReferenceEntry:
    """One numbered entry of an article's reference list."""

    number: int
    # The bibliographic data: Reference.snapshot() as pinned at approval (or as it is now, for drafts).
    snapshot: dict
    # Only known for drafts, where the live library is read.
    is_retracted: bool = False
    # Set when a page shows both wordings, so each list has its own ids.
    id_prefix: str = ""

    @property
    def anchor(self):
        return f"{self.id_prefix}ref-{self.number}"

    @property
    def doi_url(self):
        doi = self.snapshot.get("doi")
        return f"https://doi.org/{doi}" if doi else ""

    @property
    def pubmed_url(self):
        pmid = self.snapshot.get("pmid")
        return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else ""

    @property
    def pmc_url(self):
        pmcid = self.snapshot.get("pmcid")
        return f"https://pmc.ncbi.nlm.nih.gov/articles/{pmcid}/" if pmcid else ""

    @property
    def source_url(self):
        # Only web links: a stored URL is shown as a link, so no other scheme may pass.
        url = self.snapshot.get("url") or ""
        return url if url.startswith(("https://", "http://")) else ""

    @property
    def authors_display(self):
        authors = self.snapshot.get("authors") or []
        if len(authors) > 3:
            return ", ".join(authors[:3]) + ", et al."
        return ", ".join(authors)


@dataclass(frozen=True)
class RenderedRevision:
    """One audience's wording of a revision, ready for the page."""

    audience: str
    # Output of the Markdown renderer after nh3 sanitising; never raw editor input.
    html: str
    references: list = field(default_factory=list)
    # Citation keys with no reference entry (only possible in a draft).
    missing_keys: list = field(default_factory=list)
    id_prefix: str = ""
    # Figure keys placed that match no figure (in a draft: not uploaded; approved: not pinned).
    missing_figures: list = field(default_factory=list)

    @property
    def body_html(self):
        # Safe to emit unescaped: it is the sanitiser's output (articles.rendering), which
        # allows no script, no event handlers and only http(s)/mailto links.
        return mark_safe(self.html)  # noqa: S308


def _normalise_audience(audience):
    return Audience.PROFESSIONAL.value if audience == Audience.PROFESSIONAL else Audience.PATIENT.value


def _pinned_snapshots(revision):
    """citation_key → snapshot, as the board approved them (the live data if not pinned yet).

    An approved revision is shown only with its pinned copies: if one is missing, its
    citations are left unresolved (flagged, listed in `missing_keys`), never filled in from
    the library as it is now, which the board did not approve."""
    snapshots = {}
    approved = revision.state == Revision.State.APPROVED
    for citation in revision.citations.select_related("reference"):
        snap = citation.pinned_snapshot
        if not snap:
            if approved:
                continue
            snap = citation.reference.snapshot()
        snapshots[snap["citation_key"]] = (snap, False)
    return snapshots


def _library_snapshots(text):
    """citation_key → snapshot from the reference library as it is now, for a draft's preview."""
    keys = extract_citation_keys(text)
    references = Reference.objects.filter(citation_key__in=keys)
    return {ref.citation_key: (ref.snapshot(), ref.is_retracted) for ref in references}


def render_revision(revision, audience, *, use_pinned=True, id_prefix="", figures=None):
    """Render `revision` in `audience`'s wording with its reference list, numbered in order of
    first citation in that wording.

    use_pinned=True (readers, approved revisions): references are the snapshots pinned at approval.
    use_pinned=False (drafts, previews): references come from the library as it is now; citations
    that match no entry are flagged in the HTML and listed in `missing_keys`.
    id_prefix: prefixes every id (and the links to it), for pages that show both wordings.
    figures: key → articles.figures.FigureView; by default the pinned figures of an approved
    revision (use_pinned) or the article's figures as they are now.
    """
    audience = _normalise_audience(audience)
    text = revision.body_for(audience)
    found = _pinned_snapshots(revision) if use_pinned else _library_snapshots(text)
    if figures is None:
        figures = revision_figures(revision, use_pinned=use_pinned)
    rendered = render_markdown(text, known_keys=found.keys(), id_prefix=id_prefix, figures=figures)
    references = [
        ReferenceEntry(number=number, snapshot=found[key][0], is_retracted=found[key][1], id_prefix=id_prefix)
        for number, key in enumerate(rendered.cited_keys, start=1)
    ]
    return RenderedRevision(
        audience=audience,
        html=rendered.html,
        references=references,
        missing_keys=rendered.missing_keys,
        id_prefix=id_prefix,
        missing_figures=rendered.missing_figures,
    )
