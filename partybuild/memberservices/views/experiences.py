"""Portal pages of 微心得 and 积分 (/me/experiences/, /me/points/): the approved 微心得 of the
member's 党委 area, the submission form and the member's own 微心得 in every state; the
member's balance, entries and their branch's leaderboard."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuild.core.errors import add_service_errors
from partybuild.memberservices.selectors.experiences import (
    experience_list_for_member,
    experience_list_mine,
)
from partybuild.memberservices.selectors.points import (
    points_balance,
    points_entries,
    points_leaderboard_for_member,
)
from partybuild.memberservices.services.experiences import experience_submit
from partybuild.selectors.members import member_for_user

PAGE_SIZE = 50


class ExperienceForm(forms.Form):
    """发布微心得."""

    title = forms.CharField(label=gettext_lazy("主题"), max_length=200)
    content = forms.CharField(label=gettext_lazy("内容"), widget=forms.Textarea(attrs={"rows": 8}))
    image = forms.FileField(
        label=gettext_lazy("图片"),
        required=False,
        help_text=gettext_lazy("可选：jpg、png、gif 或 webp，不超过 10 MB"),
    )
    attachment = forms.FileField(
        label=gettext_lazy("附件"),
        required=False,
        help_text=gettext_lazy("可选：PDF、Word、Excel 或图片，不超过 20 MB"),
    )


@login_required
def experience_list_view(request: HttpRequest) -> HttpResponse:
    member = member_for_user(user=request.user)
    if member is None:
        return render(request, "partybuild/portal/wishes/no_member.html")
    form = ExperienceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            experience_submit(member=member, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已发布，等待所在党组织审核。"))
            return redirect("portal:experiences")
    return render(
        request,
        "partybuild/portal/experiences/list.html",
        {
            "form": form,
            "experiences": experience_list_for_member(member=member)[:PAGE_SIZE],
            "mine": experience_list_mine(member=member)[:PAGE_SIZE],
        },
    )


@login_required
def points_mine_view(request: HttpRequest) -> HttpResponse:
    member = member_for_user(user=request.user)
    if member is None:
        return render(request, "partybuild/portal/wishes/no_member.html")
    return render(
        request,
        "partybuild/portal/experiences/points.html",
        {
            "balance": points_balance(member=member),
            "entries": points_entries(member=member)[:PAGE_SIZE],
            "leaderboard": points_leaderboard_for_member(member=member, limit=20),
            "member": member,
        },
    )
