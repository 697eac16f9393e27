"""Public pages of the board side: the Medical Advisory Board, each member's profile, and the
editorial policy. Readers see only public profile fields and live articles."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from reviews.approvals import article_list_reviewed_by
from reviews.models import BoardMember, EditorialPolicy

from .http import public_page
from .pages import markdown_html

POLICY_HISTORY_SHOWN = 20


@require_safe
@public_page
def board_list(request):
    members = BoardMember.objects.active().only(
        "slug", "display_name", "credentials", "specialty", "bio", "user_id", "is_active"
    )
    return render(request, "reader/board_list.html", {"members": members})


@require_safe
@public_page
def board_member_detail(request, slug):
    # Former members keep their page: it is linked from the articles they approved.
    member = get_object_or_404(BoardMember.objects.select_related("user"), slug=slug)
    context = {
        "member": member,
        "is_current": member.is_active and member.user.is_active,
        "reviewed_articles": article_list_reviewed_by(member=member),
    }
    return render(request, "reader/board_member_detail.html", context)


@require_safe
@public_page
def editorial_policy(request):
    policy = EditorialPolicy.current()
    context = {"policy": policy, "body_html": "", "versions": []}
    if policy is not None:
        context["body_html"] = markdown_html(policy.body)
        context["versions"] = policy.history.only("history_date").order_by("-history_date")[
            :POLICY_HISTORY_SHOWN
        ]
    return render(request, "reader/policy.html", context)
