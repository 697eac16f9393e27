"""The draft editor's reference picker: the whole library, a page at a time.

The editor's page shows the first page; typing in the picker's filter asks this endpoint, which
searches every entry (citation key, title, source) and answers one page as JSON. Two queries
(a count and a page) whatever the library's size; it used to list the first 300 entries only.
"""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from references.models import Reference

from .views import editor_only

PER_PAGE = 50
MAX_WORDS = 8


def reference_page(*, query="", page=1):
    references = Reference.objects.order_by("citation_key", "pk")
    for word in query.split()[:MAX_WORDS]:
        references = references.filter(
            Q(citation_key__icontains=word) | Q(title__icontains=word) | Q(source__icontains=word)
        )
    return Paginator(references, PER_PAGE).get_page(page)


@require_safe
@editor_only
def reference_search(request):
    page = reference_page(query=request.GET.get("q", "")[:200], page=request.GET.get("page"))
    return JsonResponse(
        {
            "results": [
                {
                    "key": ref.citation_key,
                    "title": ref.title,
                    "meta": ref.get_reference_type_display()
                    + (f" · {ref.source}" if ref.source else "")
                    + (f", {ref.year}" if ref.year else "")
                    + (" · retracted" if ref.is_retracted else ""),
                }
                for ref in page.object_list
            ],
            "page": page.number,
            "has_next": page.has_next(),
            "total": page.paginator.count,
        }
    )
