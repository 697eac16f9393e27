"""The `datetime` attribute of an HTML `<time>`: valid markup on every page, staff or public."""

from datetime import UTC

from django import template

register = template.Library()


@register.filter
def machine_time(value):
    """Whole seconds in UTC: Python's six fractional digits are not a valid HTML datetime."""
    if not value:
        return ""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
