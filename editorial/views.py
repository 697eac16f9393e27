from django.shortcuts import get_object_or_404, render

from .models import BoardMember, EditorialPolicy


def board_list(request):
    members = BoardMember.objects.active()
    return render(request, "editorial/board_list.html", {"members": members})


def board_member_detail(request, slug):
    member = get_object_or_404(BoardMember.objects.active(), slug=slug)
    return render(request, "editorial/board_member_detail.html", {"member": member})


def editorial_policy(request):
    return render(request, "editorial/policy.html", {"policy": EditorialPolicy.current()})
