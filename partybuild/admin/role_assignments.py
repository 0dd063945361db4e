"""角色分配 (设置 › 角色分配): the accounts of the user's scope with the roles they hold, each
opening that account's 角色分配 page (partybuild/admin/roles.py).

It is the 安全管理员's way in: 三员分立 gives them roles and their assignment but not the accounts
register (管理员管理, the 系统管理员's), so they find an account here by 姓名, 账号, 编码 or exact
手机号码 and by role, and see no contact or identity data. Queries per page do not depend on the
number of rows (the assignments are prefetched).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from partybuild.admin.roles import account_roles_url, user_may_view_assignments
from partybuild.admin.users import account_search
from partybuild.models import Role, RoleAssignment
from partybuild.selectors.users import user_scope_for_user

#: Accounts per page.
PER_PAGE = 50


class AssignmentListFilter(forms.Form):
    """The list's search box and role filter."""

    q = forms.CharField(label=_("搜索"), required=False, help_text=_("姓名、账号、编码或手机号码"))
    role = forms.ModelChoiceField(
        label=_("角色"), queryset=Role.objects.order_by("order", "code"), required=False
    )


def assignment_list_view(request):
    """The accounts of the user's scope and their roles, searched, filtered and paginated."""
    if not user_may_view_assignments(request.user):
        raise PermissionDenied
    filters = AssignmentListFilter(request.GET)
    accounts = user_scope_for_user(user=request.user).exclude(pk=request.user.pk)
    if filters.is_valid():
        accounts = account_search(queryset=accounts, query=filters.cleaned_data["q"])
        if role := filters.cleaned_data["role"]:
            accounts = accounts.filter(role_assignments__role=role).distinct()
    accounts = (
        accounts.select_related("organisation")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.select_related("role", "organisation").order_by(
                    "role__order", "role__code", "organisation__path"
                ),
            )
        )
        .order_by("username")
    )
    page = Paginator(accounts, PER_PAGE).get_page(request.GET.get("p"))
    rows = [(account, account_roles_url(account)) for account in page.object_list]
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "partybuild/roles/assignment_list.html",
        {"filters": filters, "page": page, "rows": rows, "query": query.urlencode()},
    )


class AssignmentListMenuItem(MenuItem):
    """设置 › 角色分配, for the holders of the 角色分配 permission."""

    def is_shown(self, request):
        return user_may_view_assignments(request.user)


def assignment_list_menu_item() -> AssignmentListMenuItem:
    return AssignmentListMenuItem(
        _("角色分配"),
        reverse("partybuild_role_assignments"),
        name="role-assignments",
        icon_name="group",
        order=611,
    )


def assignment_list_urlpatterns() -> list:
    return [path("role-assignments/", assignment_list_view, name="partybuild_role_assignments")]
