"""Guest specialists' pages: the chief editor's invitations, and the guest's one page.

The guest's page is authorised by the signed token in its address only, never by a session:
it logs nobody in, so the same browser opens no other workspace or admin page. Each use of
the link is recorded by the service (reviews.guests.guest_link_open).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from editorial.exceptions import ActionConflict, ActionNotAllowed, InvalidAction
from reviews import guest_selectors, guests, selectors
from reviews.models import GuestInvitation
from roles import guests as guest_rules
from roles import policy
from roles.policy import Action

from . import diff, forms
from .views import _conflict, _revision, chief_only


# ----------------------------------------------------------------------
# Chief editor: invite, see the invitations, revoke
# ----------------------------------------------------------------------
@chief_only
def revision_guests(request, pk):
    revision = _revision(request, pk)
    invite = policy.decide(request.user, Action.INVITE_GUEST, revision)
    form = forms.GuestInviteForm(request.POST or None, initial={"days": guests.default_link_days()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                guests.guest_invite(revision=revision, actor=request.user, **form.cleaned_data)
            except ActionConflict as exc:
                return _conflict(request, exc, reverse("workspace-guests", args=[revision.pk]))
            except InvalidAction as exc:
                for name, errors in exc.field_errors.items():
                    form.add_error(name if name in form.fields else None, errors)
                if not exc.field_errors:
                    form.add_error(None, str(exc))
            else:
                messages.success(request, f"{form.cleaned_data['name']} is invited; the link is on its way.")
                return redirect("workspace-guests", pk=revision.pk)
        status = 400
    return render(
        request,
        "workspace/guests.html",
        {
            "revision": revision,
            "article": revision.article,
            "form": form,
            "can_invite": invite.allowed,
            "invite_refusal": invite.reason,
            "invitations": guest_selectors.revision_guest_invitations(revision=revision),
        },
        status=status,
    )


@chief_only
@require_POST
def guest_revoke(request, pk):
    invitation = get_object_or_404(GuestInvitation.objects.select_related("revision"), pk=pk)
    _revision(request, invitation.revision_id)
    back = reverse("workspace-guests", args=[invitation.revision_id])
    try:
        guests.guest_revoke(invitation=invitation, actor=request.user)
    except ActionConflict as exc:
        return _conflict(request, exc, back)
    messages.success(request, f"{invitation.name}'s link is revoked: it no longer opens anything.")
    return redirect(back)


# ----------------------------------------------------------------------
# The guest
# ----------------------------------------------------------------------
def _guest_response(response):
    # The token is the guest's credential: never sent on as a Referer, never indexed.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refused(request, message, status):
    response = render(request, "workspace/guest_refused.html", {"message": message}, status=status)
    return _guest_response(response)


@require_http_methods(["GET", "POST"])
def guest_review(request, token):
    try:
        invitation = guests.guest_link_open(token=token)
    except guests.GuestLinkRefused as exc:
        return _refused(request, str(exc), exc.status)
    form = forms.GuestRecommendationForm(request.POST or None)
    status, error = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                guests.guest_recommend(invitation=invitation, **form.cleaned_data)
            except ActionNotAllowed as exc:  # the link died between opening and sending
                return _refused(request, str(exc), 410)
            except ActionConflict as exc:
                status, error = 409, str(exc)
            except InvalidAction as exc:
                for name, errors in exc.field_errors.items():
                    form.add_error(name if name in form.fields else None, errors)
                if not exc.field_errors:
                    form.add_error(None, str(exc))
            else:
                return _guest_response(redirect(request.path))
    return _guest_response(_guest_page(request, invitation, form=form, error=error, status=status))


def _guest_page(request, invitation, *, form, error, status):
    revision = invitation.revision
    base = selectors.revision_comparison_base(revision=revision)
    made = getattr(invitation, "recommendation", None)
    may_recommend = guest_rules.guest_recommend(invitation, already_recommended=made is not None)
    return render(
        request,
        "workspace/guest_review.html",
        {
            "invitation": invitation,
            "revision": revision,
            "article": revision.article,
            "base": base,
            "comparison": diff.compare_revisions(base, revision),
            "recommendation": made,
            "can_recommend": may_recommend.allowed,
            "closed_reason": "" if made else may_recommend.reason,
            "form": form,
            "error": error,
        },
        status=status,
    )
