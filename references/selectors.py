"""Reads of the reference library: where an entry is cited, and what changed since approval."""

from dataclasses import dataclass

from django.db.models import F, Q

from articles.models import Citation, RetractionAlert, Revision

from .models import Reference

# Fields compared between a pinned snapshot and the library entry now.
COMPARED_FIELDS = (
    "reference_type", "title", "authors", "source", "year", "volume", "issue", "pages", "doi", "pmid",
    "pmcid", "url", "evidence_level",
)  # fmt: skip


@dataclass
class ChangedCitation:
    """A citation whose library entry no longer matches what was pinned at approval."""

    citation: Citation
    changed_fields: list

    @property
    def reference(self):
        return self.citation.reference

    @property
    def message(self):
        labels = ", ".join(self.changed_fields)
        return (
            f"This reference changed since approval ({labels}). Readers still see it as it was "
            "approved; start a new draft to take the change through review."
        )


def snapshot_differences(pinned, current):
    """The names of the bibliographic fields that differ between two snapshots."""
    return [name for name in COMPARED_FIELDS if (pinned or {}).get(name) != current.get(name)]


def citations_changed_since_approval(revision):
    """The citations of an approved revision whose library entry has been edited since."""
    changed = []
    for citation in revision.citations.select_related("reference").order_by("reference__citation_key"):
        if citation.pinned_snapshot is None:
            continue
        fields = snapshot_differences(citation.pinned_snapshot, citation.reference.snapshot())
        if fields:
            changed.append(ChangedCitation(citation=citation, changed_fields=fields))
    return changed


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
        Citation.objects.filter(reference=reference, revision__article__live_revision=F("revision"))
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
    in_progress = list(
        Revision.objects.filter(citations__reference=reference, state__in=Revision.IN_PROGRESS_STATES)
        .select_related("article", "author")
        .order_by("article__question")
    )
    return WhereCited(live=live, in_progress=in_progress)


def reference_list_changed_since_live_pin():
    """Entries that a live article pinned in a form that differs from the entry now."""
    result = []
    citations = Citation.objects.filter(
        revision__article__live_revision=F("revision"), pinned_snapshot__isnull=False
    ).select_related("reference")
    for citation in citations:
        if snapshot_differences(citation.pinned_snapshot, citation.reference.snapshot()):
            result.append(citation.reference)
    return list(dict.fromkeys(result))


def cited_dois_to_check():
    """DOIs cited by a live revision or by a revision still in the workflow, for surveillance."""
    return list(
        Reference.objects.filter(is_retracted=False)
        .exclude(doi="")
        .filter(
            Q(citations__revision__article__live_revision=F("citations__revision"))
            | Q(citations__revision__state__in=Revision.IN_PROGRESS_STATES)
        )
        .distinct()
        .order_by("pk")
    )


def retraction_alert_list_open():
    return RetractionAlert.objects.filter(status=RetractionAlert.Status.OPEN).select_related(
        "reference", "article", "revision"
    )
