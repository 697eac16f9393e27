"""The figures two revisions show, compared by key, for the board's review page: added,
removed, changed (other image bytes, or other alt text, caption or credit), unchanged, or
missing (placed, but the article has no such figure)."""

from dataclasses import dataclass, field

from articles.figures import placed_figures, placed_keys

WORDS = (("alt", "alt text"), ("caption", "caption"), ("credit", "credit"))
LABELS = {
    "added": "Added",
    "removed": "Removed",
    "changed": "Changed",
    "unchanged": "Unchanged",
    "missing": "Not uploaded",
}


@dataclass
class FigureChange:
    key: str
    status: str
    old: object = None  # articles.figures.FigureView, or None
    new: object = None
    changes: list = field(default_factory=list)  # sentences, e.g. "alt text: “a” → “b”"

    @property
    def status_label(self):
        return LABELS[self.status]


def _changes(old, new):
    changes = []
    if old.sha256 != new.sha256:
        changes.append(
            f"image: another image ({old.width} × {old.height} → {new.width} × {new.height} pixels)"
        )
    for name, label in WORDS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(f"{label}: “{before or '(empty)'}” → “{after or '(empty)'}”")
    return changes


def compare_figures(old_revision, new_revision):
    """Every figure either revision places, in the order the new one places them, then the removed."""
    old = placed_figures(old_revision) if old_revision else {}
    new = placed_figures(new_revision)
    rows, placed = [], placed_keys(new_revision)
    for key in placed:
        if key not in new:
            rows.append(FigureChange(key, "missing"))
        elif key not in old:
            rows.append(FigureChange(key, "added", new=new[key]))
        else:
            changes = _changes(old[key], new[key])
            rows.append(FigureChange(key, "changed" if changes else "unchanged", old[key], new[key], changes))
    rows.extend(FigureChange(key, "removed", old=figure) for key, figure in old.items() if key not in placed)
    return rows
