"""What changed in the library since a revision's references were pinned at approval."""

from dataclasses import dataclass

from references.selectors import snapshot_differences

from .models import Citation


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
