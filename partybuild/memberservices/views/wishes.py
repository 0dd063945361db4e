"""Portal pages of 微心愿 (/me/wishes/): the published wishes of the member's 党委 area (see
partybuild.memberservices.selectors.wishes) with a claim button, and 我认领的微心愿 with the
fulfilment form. The owner's phone number is masked here; the mailing address shows only to the
claimer."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partybuild.core.errors import add_service_errors
from partybuild.core.privacy import mask_identifier
from partybuild.memberservices.models import MicroWish, WishStatus
from partybuild.memberservices.selectors.wishes import (
    wish_claim_candidates,
    wish_list_for_member,
    wish_list_mine,
)
from partybuild.memberservices.services.wishes import wish_claim, wish_fulfil
from partybuild.selectors.members import member_for_user

PAGE_SIZE = 50


class FulfilForm(forms.Form):
    """完成情况 with the photo the branch will check."""

    photo = forms.FileField(
        label=gettext_lazy("完成照片"),
        help_text=gettext_lazy("jpg、png、gif 或 webp，不超过 10 MB"),
    )
    note = forms.CharField(
        label=gettext_lazy("完成情况"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _rows(wishes) -> list[dict]:
    return [
        {"wish": wish, "owner_phone": mask_identifier(wish.owner_phone, kind="mobile")}
        for wish in wishes
    ]


@login_required
def wish_list_view(request: HttpRequest) -> HttpResponse:
    """微心愿 the member may claim."""
    member = member_for_user(user=request.user)
    if member is None:
        return render(request, "partybuild/portal/wishes/no_member.html")
    wishes = wish_list_for_member(member=member)[:PAGE_SIZE]
    return render(request, "partybuild/portal/wishes/list.html", {"rows": _rows(wishes)})


@login_required
@require_POST
def wish_claim_view(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_user(user=request.user)
    if member is None:
        raise PermissionDenied
    wish = get_object_or_404(wish_claim_candidates(member=member), pk=pk)
    try:
        wish_claim(wish=wish, member=member)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("portal:wishes")
    messages.success(request, _("认领成功，请尽快帮助心愿主人实现心愿。"))
    return redirect("portal:wishes_mine")


@login_required
def wish_mine_view(request: HttpRequest) -> HttpResponse:
    """我认领的微心愿, each still open with its fulfilment form."""
    member = member_for_user(user=request.user)
    if member is None:
        return render(request, "partybuild/portal/wishes/no_member.html")
    form = None
    if request.method == "POST":
        wish = get_object_or_404(
            MicroWish.objects.filter(claimed_by=member), pk=request.POST.get("wish")
        )
        form = FulfilForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                wish_fulfil(
                    wish=wish,
                    member=member,
                    photo=form.cleaned_data["photo"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    # the wish left 已认领 (e.g. the branch confirmed it): its form is gone
                    messages.error(request, "；".join(error.messages))
                    return redirect("portal:wishes_mine")
                add_service_errors(form, error)
            else:
                messages.success(request, _("已登记完成情况，等待申请支部确认。"))
                return redirect("portal:wishes_mine")
        form.wish_id = wish.pk
    rows = _rows(wish_list_mine(member=member)[:PAGE_SIZE])
    for row in rows:
        row["open"] = row["wish"].status == WishStatus.CLAIMED
        bound = form if form is not None and form.wish_id == row["wish"].pk else None
        row["form"] = bound or FulfilForm()
    return render(request, "partybuild/portal/wishes/mine.html", {"rows": rows})
