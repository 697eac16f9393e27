"""Checks that what readers are served from each approved revision is what the board approved.

Each check yields Problem(subject, message): the subject names the article and revision, the
message says what is wrong in a sentence. reviews.integrity adds the checks of the approval
record and the event log's own; `manage.py verify_integrity` prints them all.
"""

import hashlib
from typing import NamedTuple

from django.core.files.storage import storages

from . import fingerprint
from .models import Revision


class Problem(NamedTuple):
    subject: str
    message: str

    def __str__(self):
        return f"{self.subject}: {self.message}"


def revision_subject(revision):
    return f"article {revision.article.slug} revision {revision.number}"


def approved_revisions():
    return (
        Revision.objects.filter(state=Revision.State.APPROVED)
        .select_related("article", "disclaimer_patient", "disclaimer_professional")
        .prefetch_related("citations__reference")
        .order_by("article__slug", "number")
    )


def revision_fingerprint_problems(revision):
    """What differs between an approved revision as served now and its fingerprint."""
    subject = revision_subject(revision)
    if not revision.content_sha256:
        yield Problem(subject, "is approved but has no fingerprint.")
        return
    if revision.fingerprint_version not in fingerprint.VERSIONS:
        yield Problem(subject, f"has a fingerprint of unknown version {revision.fingerprint_version}.")
        return
    for key in fingerprint.missing_pinned_copies(revision):
        yield Problem(subject, f"the pinned copy of reference [@{key}] is missing.")
    if not fingerprint.matches(revision):
        yield Problem(
            subject,
            f"what readers are served no longer matches the fingerprint taken at approval "
            f"(version {revision.fingerprint_version}).",
        )


def live_title_problems(revision):
    """Readers see the article's question as the page title: it must be the approved one."""
    article = revision.article
    if article.live_revision_id == revision.pk and article.question != revision.question:
        yield Problem(
            revision_subject(revision),
            "the page title readers see differs from the question the board approved.",
        )


def figure_bytes_problems(revision):
    """Each pinned figure's stored image must still hash to the SHA-256 the fingerprint covers
    (the fingerprint holds the hash; readers are served the stored bytes)."""
    storage = storages["default"]
    for pin in revision.pinned_figures.all():
        try:
            with storage.open(pin.storage_name, "rb") as stored:
                digest = hashlib.file_digest(stored, "sha256").hexdigest()
        except OSError:
            yield Problem(revision_subject(revision), f"the image of figure {pin.key} is missing.")
            continue
        if digest != pin.sha256:
            yield Problem(
                revision_subject(revision),
                f"the stored image of figure {pin.key} is not the one approved (its bytes changed).",
            )


def revision_content_problems(revision):
    yield from revision_fingerprint_problems(revision)
    yield from figure_bytes_problems(revision)
    yield from live_title_problems(revision)
