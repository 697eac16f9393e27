"""What a revision shows of its figures, and what stops a revision placing them.

An approved revision shows only the copies pinned at its approval (PinnedFigure); any other
revision shows the article's figures as they are now. The image bytes are served by
reader.figures at an address named by their SHA-256.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property

from django.urls import reverse

from audit.history import save_with_history

from .figure_syntax import figure_placements
from .models import Figure, PinnedFigure, Revision


@dataclass(frozen=True)
class FigureView:
    """One figure as a page shows it."""

    key: str
    sha256: str
    image_format: str
    width: int
    height: int
    alt: str
    caption: str = ""
    credit: str = ""
    # An absolute address, for HTML read away from this site (the partner API).
    address: str = ""

    @property
    def url(self):
        return self.address or figure_url(self.sha256, self.image_format)

    def comparable(self):
        """What a change of the figure means to a reviewer: other bytes, or other words."""
        return (self.sha256, self.alt, self.caption, self.credit)


def figure_url(sha256, image_format):
    return reverse("figure-image", kwargs={"sha256": sha256, "ext": image_format})


# What a pinned figure copies from the figure at approval, and what a page shows of either.
FIGURE_FIELDS = ("sha256", "image_format", "width", "height", "alt", "caption", "credit")


def _copied(row):
    return {name: getattr(row, name) for name in FIGURE_FIELDS}


def _view(row):
    return FigureView(key=row.key, **_copied(row))


def article_figures(article_id):
    """key → FigureView of every figure of the article, as it is now (drafts and previews)."""
    if article_id is None:
        return {}
    return {figure.key: _view(figure) for figure in Figure.objects.filter(article_id=article_id)}


class _Lazy(Mapping):
    """A mapping read from the database the first time it is used: most texts place no figure,
    and then rendering them costs no query."""

    def __init__(self, load):
        self._load = load

    @cached_property
    def _data(self):
        return self._load()

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)


def revision_figures(revision, *, use_pinned=True, build_url=None):
    """key → FigureView of what `revision` shows: the pinned copies once it is approved (none
    is ever filled in from the article's figures as they are now), else the article's figures.
    `build_url(path)`, when given, makes each figure's address absolute."""
    if use_pinned and revision.pk and revision.state == Revision.State.APPROVED:
        pk = revision.pk

        def load():
            return {pin.key: _view(pin) for pin in PinnedFigure.objects.filter(revision_id=pk)}
    else:
        article_id = revision.article_id

        def load():
            return article_figures(article_id)

    if build_url is None:
        return _Lazy(load)
    return _Lazy(lambda: {key: replace(view, address=build_url(view.url)) for key, view in load().items()})


def placed_keys(revision):
    """Figure keys placed in either wording, patient wording first, each once."""
    patient = figure_placements(revision.body_patient)[0]
    professional = figure_placements(revision.body_professional)[0]
    return list(dict.fromkeys(patient + professional))


def placed_figures(revision, *, use_pinned=True):
    """key → FigureView of the figures the revision's wordings place (and that exist)."""
    available = revision_figures(revision, use_pinned=use_pinned)
    return {key: available[key] for key in placed_keys(revision) if key in available}


def figure_problems(revision):
    """Sentences describing each figure placement that cannot be shown."""
    problems = []
    known = article_figures(revision.article_id)
    for label, text in (
        ("patient wording", revision.body_patient),
        ("healthcare professional wording", revision.body_professional),
    ):
        placed, misplaced, images = figure_placements(text)
        for key in placed:
            if key not in known:
                problems.append(
                    f"The {label} places the figure ![@{key}], but this article has no figure with "
                    "that key. Upload it in the figures section, or correct the key."
                )
        for key in misplaced:
            problems.append(
                f"In the {label}, the figure ![@{key}] must stand on a line of its own to be shown."
            )
        if images:
            problems.append(
                f"The {label} links an image by its address ({images[0]}), which readers are never "
                "shown. Upload the image as a figure and place it with ![@key]."
            )
    return problems


def figures_locked_by(figure):
    """Why `figure` cannot change now ("" if it can): approved, or placed in a revision the board
    has been sent (its text, and so what it shows, is frozen once submitted)."""
    if figure.is_pinned():
        return "This figure is part of an approved revision, so it can never change."
    in_review = Revision.objects.filter(
        article_id=figure.article_id,
        state__in=[Revision.State.SUBMITTED, Revision.State.UNDER_REVIEW],
    )
    for revision in in_review:
        if figure.key in placed_keys(revision):
            return (
                f"Revision {revision.number} places this figure and is with the board, so the figure "
                "cannot change until the board has decided. Upload a new figure with another key instead."
            )
    return ""


def pin_figures(revision, *, actor):
    """Copy each figure the revision places, as it is now, for the approval (call while the
    revision is still under review in the database, before it is fingerprinted)."""
    figures = Figure.objects.filter(article_id=revision.article_id)
    by_key = {figure.key: figure for figure in figures}
    for key in placed_keys(revision):
        figure = by_key[key]  # approval_problems() has made sure every placed key exists
        pin = PinnedFigure(revision=revision, figure=figure, key=key, **_copied(figure))
        save_with_history(pin, actor=actor, reason="Pinned at approval")


# ----------------------------------------------------------------------
# Who may fetch a figure's bytes (reader.figures serves them)
# ----------------------------------------------------------------------
def figure_is_public(sha256, image_format):
    """True when a live revision shows these bytes: anyone may have them, for good."""
    return PinnedFigure.objects.filter(
        sha256=sha256, image_format=image_format, revision__live_for__isnull=False
    ).exists()


def figure_is_visible_to(user, sha256, image_format):
    """True when `user` may see a revision showing these bytes: one pinning them that they may
    see, or any unapproved revision of an article they belong to (a draft's preview)."""
    from roles.policy import visible_revisions

    visible = visible_revisions(user, Revision.objects.all())
    if PinnedFigure.objects.filter(sha256=sha256, image_format=image_format, revision__in=visible).exists():
        return True
    working_on = visible.exclude(state=Revision.State.APPROVED).values("article_id")
    return Figure.objects.filter(sha256=sha256, image_format=image_format, article_id__in=working_on).exists()
