"""党员登录账号 in the admin: make logins for the selected members (a bulk action of 党员管理) or
for a whole subtree, and reset an account's password (``partybuild_account_password_reset``).

The account name rule and the all-or-nothing batch are partybuild/services/member_logins.py's;
the one-time passwords are shown once, on the page that answers the POST: one printable slip per
member and the xlsx list as a download embedded in that page (never stored, never served again).
"""

import base64

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_list_or_404, get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.views.bulk_action import BulkAction

from partybuild.admin.permissions import require_administrator
from partybuild.excel.member_logins import member_logins_workbook
from partybuild.models import Member, Organisation
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.selectors.users import user_scope_for_user
from partybuild.services.member_logins import (
    member_logins_create,
    member_logins_create_for_organisation,
)
from partybuild.services.passwords import IssuedPassword, login_url, user_password_reset

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Shown on the action pages; the rule itself is partybuild/services/member_logins.py's.
ACCOUNT_NAME_RULE = _(
    "账号为「dy」加六位党员档案编号（如 dy000123）；党员也可以用本人的手机号码登录。"
    "已有账号、不在册、账号与现有账号重复的，整批不创建，并逐一列出原因。"
    "每个账号获得一次性初始密码，首次登录须修改。"
)


class DeliveryForm(forms.Form):
    """How the one-time passwords reach their owners."""

    by_sms = forms.BooleanField(
        label=_("通过短信发送密码"),
        required=False,
        help_text=_("有手机号码的党员通过短信收到密码；其余的仍打印密码条。"),
    )


class SubtreeLoginsForm(DeliveryForm):
    """The organisation whose members on the roll without a login get one."""

    organisation = forms.ModelChoiceField(label=_("党组织"), queryset=Organisation.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_scope_for_user(user=user).order_by(
            "path"
        )


def issued_passwords_response(request, *, issued: list[IssuedPassword], title) -> TemplateResponse:
    """The page that shows the one-time passwords once: the slips and the xlsx list."""
    workbook = member_logins_workbook(issued)
    stamp = timezone.localtime().strftime("%Y%m%d%H%M")
    return TemplateResponse(
        request,
        "partybuild/member_logins/slips.html",
        {
            "title": title,
            "issued": issued,
            "login_url": login_url(),
            "xlsx_href": f"data:{XLSX_CONTENT_TYPE};base64," + base64.b64encode(workbook).decode(),
            "xlsx_name": f"党员登录账号-{stamp}.xlsx",
        },
        headers={"Cache-Control": "no-store"},
    )


def _refusals(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


class MemberLoginsBulkAction(BulkAction):
    """创建登录账号 for the selected members of the user's subtree (others are ignored)."""

    display_name = _("创建登录账号")
    action_type = "create_logins"
    aria_label = _("为选中的党员创建登录账号")
    template_name = "partybuild/member_logins/confirm_bulk.html"
    models = [Member]
    form_class = DeliveryForm
    action_priority = 10

    def get_queryset(self, model, object_ids):
        return get_list_or_404(
            member_scope_for_user(user=self.request.user).select_related("organisation"),
            pk__in=object_ids,
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "rule": ACCOUNT_NAME_RULE}

    def form_valid(self, form):
        require_administrator(self.request.user, "partybuild.change_member")
        members, _without_access = self.get_actionable_objects()
        try:
            issued = member_logins_create(
                members=members, actor=self.request.user, by_sms=form.cleaned_data["by_sms"]
            )
        except ValidationError as error:
            context = self.get_context_data(form=form)
            context["refusals"] = _refusals(error)
            return self.render_to_response(context)
        return issued_passwords_response(self.request, issued=issued, title=_("党员登录账号"))


class MemberLoginsSubtreeView(View):
    """创建登录账号 for every member on the roll without a login in one organisation's subtree."""

    template_name = "partybuild/member_logins/subtree.html"

    def dispatch(self, request, *args, **kwargs):
        require_administrator(request.user, "partybuild.change_member")
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, refusals=()):
        return TemplateResponse(
            self.request,
            self.template_name,
            {"form": form, "refusals": list(refusals), "rule": ACCOUNT_NAME_RULE},
        )

    def get(self, request):
        initial = {}
        root = request.user.administered_organisation
        if root is not None:
            initial["organisation"] = root.pk
        return self.render(SubtreeLoginsForm(user=request.user, initial=initial))

    def post(self, request):
        form = SubtreeLoginsForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render(form)
        try:
            issued = member_logins_create_for_organisation(
                organisation=form.cleaned_data["organisation"],
                actor=request.user,
                by_sms=form.cleaned_data["by_sms"],
            )
        except ValidationError as error:
            return self.render(form, _refusals(error))
        return issued_passwords_response(request, issued=issued, title=_("党员登录账号"))


class AccountPasswordResetView(View):
    """重置密码 of an account in the user's scope (404 outside it): a new one-time password,
    shown once on a slip or sent by text message; the owner must change it at next sign-in."""

    template_name = "partybuild/member_logins/reset.html"

    def dispatch(self, request, *args, **kwargs):
        self.account = get_object_or_404(
            user_scope_for_user(user=request.user).exclude(pk=request.user.pk), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return TemplateResponse(
            request, self.template_name, {"account": self.account, "form": DeliveryForm()}
        )

    def post(self, request, pk):
        form = DeliveryForm(request.POST)
        form.is_valid()
        issued = user_password_reset(
            account=self.account, actor=request.user, by_sms=form.cleaned_data.get("by_sms", False)
        )
        return issued_passwords_response(request, issued=[issued], title=_("重置密码"))


def member_logins_urlpatterns() -> list:
    """The admin URLs of this module (registered by partybuild/wagtail_hooks.py)."""
    return [
        path(
            "member-logins/create/",
            MemberLoginsSubtreeView.as_view(),
            name="partybuild_member_logins_subtree",
        ),
        path(
            "accounts/<int:pk>/reset-password/",
            AccountPasswordResetView.as_view(),
            name="partybuild_account_password_reset",
        ),
    ]


def member_logins_subtree_url() -> str:
    return reverse("partybuild_member_logins_subtree")
