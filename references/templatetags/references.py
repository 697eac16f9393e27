from django import template

from references.formatting import format_vancouver

register = template.Library()


@register.filter
def vancouver(snapshot):
    """{{ citation.pinned_snapshot|vancouver }}: the reference in Vancouver style, plain text (escaped)."""
    if not snapshot:
        return ""
    if hasattr(snapshot, "snapshot"):
        snapshot = snapshot.snapshot()
    return format_vancouver(snapshot)
