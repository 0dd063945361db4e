"""Member-facing portal pages: 我的档案 (/me/) with self-service change requests.

A member sees their own dossier (ID and phone numbers masked by the one shared function), asks
for changes of the fields in SELF_SERVICE_FIELDS, and follows their requests and transfers.
Only an administrator's approval changes the dossier (partybuild.services.change_requests).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partybuild.core.errors import add_service_errors
from partybuild.core.privacy import mask_identifier
from partybuild.forms import password_change_handle
from partybuild.models import SELF_SERVICE_FIELDS, ChangeRequestStatus, Member
from partybuild.selectors.change_requests import change_rows
from partybuild.selectors.members import member_for_user
from partybuild.selectors.transfers import transfer_history_for_member
from partybuild.services.change_requests import change_request_submit

#: Fields whose current value is not put into the form, so the page never shows it in full;
#: left empty they are not changed.
UNPREFILLED_FIELDS = ("phone",)


class ChangeRequestForm(forms.Form):
    """The self-service fields, prefilled with the dossier's values (the phone number is not)."""

    def __init__(self, *args, member: Member, pending_fields: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        for name in SELF_SERVICE_FIELDS:
            field = Member._meta.get_field(name).formfield(required=False)
            if name in UNPREFILLED_FIELDS:
                field.help_text = _("为保护个人信息，当前号码不在此显示；留空表示不修改。")
            else:
                field.initial = getattr(member, name)
            if name in pending_fields:
                field.disabled = True
                field.help_text = _("已有待审核的修改申请，审核后才能再次申请。")
            self.fields[name] = field

    def changes(self) -> dict[str, str]:
        """The fields whose submitted value differs from the dossier."""
        changes = {}
        for name in SELF_SERVICE_FIELDS:
            if self.fields[name].disabled:
                continue
            value = (self.cleaned_data.get(name) or "").strip()
            if name in UNPREFILLED_FIELDS and not value:
                continue
            if value != (getattr(self.member, name) or ""):
                changes[name] = value
        return changes


def _dossier_rows(member: Member) -> list[tuple[str, str]]:
    def label(name: str) -> str:
        return str(Member._meta.get_field(name).verbose_name)

    def date(value) -> str:
        return value.strftime("%Y-%m-%d") if value else ""

    rows = [
        (label("name"), member.name),
        (label("gender"), member.get_gender_display()),
        (label("ethnicity"), member.ethnicity),
        (label("birth_date"), date(member.birth_date)),
        (label("native_place"), member.native_place),
        (label("id_number_stored"), mask_identifier(member.id_number, kind="id_number")),
        (label("phone"), mask_identifier(member.phone, kind="mobile")),
        (label("home_address"), member.home_address),
        (label("education"), member.get_education_display()),
        (label("degree"), member.get_degree_display()),
        (label("school_major"), member.school_major),
        (label("employer"), member.employer),
        (label("job_post"), member.job_post),
        (label("organisation"), member.organisation.name),
        (label("category"), member.get_category_display()),
        (label("joined_on"), date(member.joined_on)),
        (label("confirmed_on"), date(member.confirmed_on)),
        (label("standing"), member.get_standing_display()),
    ]
    if member.flags:
        rows.append((str(_("其他情况")), "、".join(member.flags)))
    if not member.is_on_roll:
        rows.append((label("is_on_roll"), str(_("组织关系已转出，不在册"))))
    return rows


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """我的档案: the logged-in member's dossier, change requests and transfers."""
    member = member_for_user(user=request.user)
    if member is None:
        return render(request, "partybuild/portal/no_member.html")

    requests = list(member.change_requests.select_related("decided_by"))
    pending_fields = {
        field
        for change_request in requests
        if change_request.status == ChangeRequestStatus.PENDING
        for field in change_request.changes
    }
    form_kwargs = {"member": member, "pending_fields": pending_fields}
    if request.method == "POST" and member.is_on_roll:
        form = ChangeRequestForm(request.POST, **form_kwargs)
        if form.is_valid():
            changes = form.changes()
            if not changes:
                form.add_error(None, _("没有需要修改的内容。"))
            else:
                try:
                    change_request_submit(member=member, actor=request.user, changes=changes)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("修改申请已提交，请等待所在党组织审核。"))
                    return redirect("portal:me")
    else:
        form = ChangeRequestForm(**form_kwargs)

    history = [
        {"request": change_request, "rows": change_rows(change_request, reveal=False)}
        for change_request in requests
    ]
    return render(
        request,
        "partybuild/portal/me.html",
        {
            "member": member,
            "dossier_rows": _dossier_rows(member),
            "form": form,
            "may_request": member.is_on_roll,
            "history": history,
            "transfers": transfer_history_for_member(user=request.user, member=member),
        },
    )


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """修改密码 in the portal: where a member with an issued password is sent until they change
    it (partybuild/middleware.py); the session stays signed in afterwards."""
    form, done = password_change_handle(request, done_url=reverse("portal:me"))
    if done:
        return redirect(done)
    return render(
        request,
        "partybuild/portal/password_change.html",
        {"form": form, "required": request.user.password_change_required},
    )
