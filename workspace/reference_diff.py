"""The reference lists of two revisions compared by citation key, for the board's review page:
added, removed, changed (the bibliographic data differ, field by field) or unchanged."""

from dataclasses import dataclass, field

from references.citations import extract_citation_keys
from references.models import Reference

COMPARED_FIELDS = {
    "reference_type": "type",
    "title": "title",
    "authors": "authors",
    "source": "source or journal",
    "year": "year",
    "volume": "volume",
    "issue": "issue",
    "pages": "pages",
    "doi": "DOI",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "url": "URL",
}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class ReferenceChange:
    key: str
    status: str  # added | removed | changed | unchanged | missing
    snapshot: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)
    is_retracted: bool = False

    @property
    def status_label(self):
        return {
            "added": "Added",
            "removed": "Removed",
            "changed": "Changed",
            "unchanged": "Unchanged",
            "missing": "Not in the library",
        }[self.status]


def _display(value):
    if isinstance(value, list):
        return "; ".join(value)
    return "" if value is None else str(value)


def revision_reference_snapshots(revision):
    """citation_key → (snapshot, is_retracted) as the revision cites them.

    An approved revision's references are what the board approved (pinned);
    anything else is read from the library as it is now.
    """
    keys = list(
        dict.fromkeys(
            extract_citation_keys(revision.body_patient) + extract_citation_keys(revision.body_professional)
        )
    )
    snapshots = {}
    if revision.pk and revision.state == revision.State.APPROVED:
        for citation in revision.citations.select_related("reference"):
            snap = citation.pinned_snapshot or citation.reference.snapshot()
            snapshots[snap["citation_key"]] = (snap, False)
    missing = [k for k in keys if k not in snapshots]
    for ref in Reference.objects.filter(citation_key__in=missing):
        snapshots[ref.citation_key] = (ref.snapshot(), ref.is_retracted)
    return keys, snapshots


def compare_references(old_revision, new_revision):
    """The reference list of the new revision against the old one, in order of first citation."""
    old_keys, old_snaps = revision_reference_snapshots(old_revision) if old_revision else ([], {})
    new_keys, new_snaps = revision_reference_snapshots(new_revision)
    rows = []
    for key in new_keys:
        if key not in new_snaps:
            rows.append(ReferenceChange(key=key, status="missing"))
            continue
        snap, retracted = new_snaps[key]
        if key not in old_keys or key not in old_snaps:
            rows.append(ReferenceChange(key=key, status="added", snapshot=snap, is_retracted=retracted))
            continue
        old_snap = old_snaps[key][0]
        changes = [
            FieldChange(label, _display(old_snap.get(name)), _display(snap.get(name)))
            for name, label in COMPARED_FIELDS.items()
            if _display(old_snap.get(name)) != _display(snap.get(name))
        ]
        rows.append(
            ReferenceChange(
                key=key,
                status="changed" if changes else "unchanged",
                snapshot=snap,
                changes=changes,
                is_retracted=retracted,
            )
        )
    for key in old_keys:
        if key not in new_keys:
            snap = old_snaps.get(key, ({"citation_key": key, "title": ""}, False))[0]
            rows.append(ReferenceChange(key=key, status="removed", snapshot=snap))
    return rows
