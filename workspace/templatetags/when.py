"""Times on staff pages: the absolute time in a valid HTML `<time>`, and how long ago."""

from datetime import timedelta

from django import template
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince

from editorial.templatetags.html_time import machine_time

register = template.Library()


@register.filter
def ago(value, now=None):
    """ "just now" under a minute (never "0 minutes ago"), else e.g. "3 hours, 5 minutes ago"."""
    if not value:
        return ""
    now = now or timezone.now()
    if value > now:
        return f"in {timesince(now, value, depth=1)}"
    if now - value < timedelta(minutes=1):
        return "just now"
    return f"{timesince(value, now, depth=1)} ago"


@register.simple_tag
def when(value, relative=True):
    """<time> with the absolute date and time, followed by the relative time."""
    if not value:
        return "—"
    absolute = format_date(timezone.localtime(value), "j M Y, H:i")
    if not relative:
        return format_html('<time datetime="{}">{}</time>', machine_time(value), absolute)
    return format_html(
        '<time datetime="{}">{}</time> <span class="meta">({})</span>',
        machine_time(value),
        absolute,
        ago(value),
    )
