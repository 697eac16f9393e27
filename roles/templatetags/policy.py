"""Templates ask the permission policy too: `{% load policy %}`, then `{% if user|may:"review" %}`."""

from django import template

from roles import policy

register = template.Library()


@register.filter
def may(user, action):
    """May `user` do `action` (one that needs no object, e.g. "review", "create_article")?"""
    return policy.allows(user, action)


@register.filter
def may_write(user):
    """Editors and chief editors: the people the workspace's article pages are for."""
    return policy.is_editor(user) or policy.is_chief_editor(user)
