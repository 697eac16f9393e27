"""Page links that keep the page numbers of the other lists on the same page."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, parameter, number):
    query = context["request"].GET.copy()
    query[parameter] = number
    return "?" + query.urlencode()
