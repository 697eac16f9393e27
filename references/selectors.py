"""Reads of the reference library: where an entry is cited, and what changed since approval.

Citations belong to articles (a higher layer); they are read here only through the reverse
relation `Reference.citations`, never by importing articles."""

from dataclasses import dataclass

from django.db.models import F, Q

from .models import Reference

# articles.Revision.IN_PROGRESS_STATES, which this layer may not import.
REVISION_IN_PROGRESS_STATES = ("draft", "submitted", "under_review")

# Fields compared between a pinned snapshot and the library entry now.
COMPARED_FIELDS = (
    "reference_type", "title", "authors", "source", "year", "volume", "issue", "pages", "doi", "pmid",
    "pmcid", "url", "evidence_level",
)  # fmt: skip


def snapshot_differences(pinned, current):
    """The names of the bibliographic fields that differ between two snapshots."""
    return [name for name in COMPARED_FIELDS if (pinned or {}).get(name) != current.get(name)]


@dataclass
class WhereCited:
    """Where one library entry is cited: live articles and revisions still in the workflow."""

    live: list
    in_progress: list

    @property
    def is_cited(self):
        return bool(self.live or self.in_progress)


def reference_where_cited(*, reference):
    """Live articles (with whether their pinned copy differs from the entry now) and open revisions."""
    current = reference.snapshot()
    live = []
    for citation in (
        reference.citations.filter(revision__article__live_revision=F("revision"))
        .select_related("revision__article")
        .order_by("revision__article__question")
    ):
        live.append(
            {
                "article": citation.revision.article,
                "revision": citation.revision,
                "changed_fields": snapshot_differences(citation.pinned_snapshot, current)
                if citation.pinned_snapshot
                else [],
            }
        )
    in_progress = [
        citation.revision
        for citation in reference.citations.filter(revision__state__in=REVISION_IN_PROGRESS_STATES)
        .select_related("revision__article", "revision__author")
        .order_by("revision__article__question")
    ]
    return WhereCited(live=live, in_progress=in_progress)


def reference_list_changed_since_live_pin():
    """Entries that a live article pinned in a form that differs from the entry now."""
    result = []
    references = Reference.objects.filter(
        citations__revision__article__live_revision=F("citations__revision"),
        citations__pinned_snapshot__isnull=False,
    ).values_list("pk", "citations__pinned_snapshot")
    by_pk = Reference.objects.in_bulk([pk for pk, _ in references])
    for pk, pinned in references:
        if snapshot_differences(pinned, by_pk[pk].snapshot()):
            result.append(by_pk[pk])
    return list(dict.fromkeys(result))


def cited_dois_to_check():
    """DOIs cited by a live revision or by a revision still in the workflow, for surveillance."""
    return list(
        Reference.objects.filter(is_retracted=False)
        .exclude(doi="")
        .filter(
            Q(citations__revision__article__live_revision=F("citations__revision"))
            | Q(citations__revision__state__in=REVISION_IN_PROGRESS_STATES)
        )
        .distinct()
        .order_by("pk")
    )
