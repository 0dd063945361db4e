"""角色管理 and 权限设置 in the Wagtail admin (issue 17), under 设置.

The listing shows every role (code, name, parent, enabled, order, number of assignments); roles are
created and changed only through partybuild.services.roles (``role_create``, ``role_update``),
whose refusals (a child above its parent, a permission the actor lacks, a cycle …) are shown on
the form. The permission set is edited as the catalogue's grouped Chinese checkboxes
(partybuild.permissions_catalogue); a non-superuser is offered only the entries they hold, and
the role's permissions they are not offered are kept as they are. Who reaches these pages is the
Role model's permission policy: ``partybuild.view_role`` to list, ``add_role`` to create,
``change_role`` to edit and enable/disable (the catalogue's 系统设置 · 角色管理与权限设置); roles
are never deleted here (they are disabled instead).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from partybuild.admin.organisations import ServiceErrorsMixin
from partybuild.admin.views import ServiceFormView
from partybuild.core.errors import add_service_errors
from partybuild.models import Organisation, Role, RoleAssignment, User
from partybuild.permissions_catalogue import (
    CATALOGUE,
    catalogue_entries_held,
    catalogue_permissions,
)
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.selectors.roles import (
    assignment_list_for_account,
    role_grantable_for_user,
    role_list,
    role_permission_names,
)
from partybuild.selectors.users import user_scope_for_user
from partybuild.services.roles import (
    RoleRefused,
    role_assignment_grant,
    role_assignment_revoke,
    role_create,
    role_update,
)

#: The form field of each catalogue area's checkboxes: ``permissions_<index in CATALOGUE>``.
AREA_FIELD = "permissions_{}"
#: The 启用/停用 confirmation of a role (routed by RoleViewSet).
TOGGLE_URL_NAME = "partybuild_roles:toggle"


def _permission_objects(names: set[str]) -> list[Permission]:
    """The Permission rows of ``names`` (``app.codename``)."""
    if not names:
        return []
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def _entries_offered(user) -> set[str]:
    """The catalogue entries ``user`` may put into a role: all for a superuser, else those whose
    every permission they hold (partybuild.services.roles refuses the others anyway)."""
    return {
        entry.key
        for area in CATALOGUE
        for entry in area.entries
        if user.is_superuser or all(user.has_perm(name) for name in entry.permissions)
    }


class RolePermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions on Role, except that nobody deletes a role here: assignments
    protect it, and a role no longer wanted is disabled (是否启用)."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class RoleForm(WagtailAdminModelForm):
    """角色 with its 权限设置: one group of checkboxes per catalogue area.

    ``for_user`` is the administrator: the parent picker offers every role (the service refuses a
    parent that would not cover the permission set), the checkboxes only the entries they hold.
    ``permission_objects()`` is the permission set to save: the entries ticked, plus whatever the
    role holds that the form did not offer (kept untouched)."""

    class Meta:
        model = Role
        fields = ["code", "name", "parent", "is_enabled", "order", "note"]

    def __init__(self, *args, for_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        self.offered = _entries_offered(for_user)
        held = role_permission_names(role=self.instance) if self.instance.pk else set()
        self.held_names = held
        ticked = set(catalogue_entries_held(held))
        self.area_fields = []
        for index, area in enumerate(CATALOGUE):
            choices = [(e.key, e.label) for e in area.entries if e.key in self.offered]
            if not choices:
                continue
            name = AREA_FIELD.format(index)
            self.fields[name] = forms.MultipleChoiceField(
                label=area.label,
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[key for key, _label in choices if key in ticked],
            )
            self.area_fields.append(name)
        parents = Role.objects.order_by("order", "code")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("角色编码创建后不能修改。")
        self.fields["parent"].queryset = parents

    def ticked_entries(self) -> set[str]:
        """The catalogue entries ticked."""
        return {key for name in self.area_fields for key in self.cleaned_data.get(name, [])}

    def permission_objects(self) -> list[Permission]:
        """The permission set to save (see the class docstring)."""
        kept = self.held_names - catalogue_permissions(self.offered)
        return _permission_objects(kept | catalogue_permissions(self.ticked_entries()))

    def validate_unique(self):
        """Uniqueness of 角色编码 is the service's (``role_code_taken``)."""


class RoleServiceErrorsMixin(ServiceErrorsMixin):
    """A service's ValidationError on the form's fields, and its PermissionDenied refusals
    (``RoleRefused``: e.g. a permission the administrator does not hold) above the form."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except RoleRefused as refusal:
            form.add_error(None, refusal.message)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def _role_fields(self) -> dict:
        data = self.form.cleaned_data
        return {
            "name": data["name"],
            "parent": data.get("parent"),
            "permissions": self.form.permission_objects(),
            "is_enabled": data.get("is_enabled", False),
            "order": data.get("order") or 0,
            "note": data.get("note", ""),
        }


class RoleIndexView(generic.IndexView):
    """The roles with their number of assignments, each row offering 启用/停用."""

    def get_base_queryset(self):
        return role_list(user=self.request.user).annotate(assignment_count=Count("assignments"))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.append(
                MenuItem(
                    _("停用") if instance.is_enabled else _("启用"),
                    url=reverse(TOGGLE_URL_NAME, args=[instance.pk]),
                    icon_name="lock" if instance.is_enabled else "lock-open",
                    priority=40,
                )
            )
        return buttons


class RoleCreateView(RoleServiceErrorsMixin, generic.CreateView):
    """New role through ``role_create``."""

    def save_instance(self):
        return role_create(
            actor=self.request.user, code=self.form.cleaned_data["code"], **self._role_fields()
        )


class RoleEditView(RoleServiceErrorsMixin, generic.EditView):
    """Change a role through ``role_update``."""

    def save_instance(self):
        return role_update(actor=self.request.user, role=self.object, **self._role_fields())


class RoleToggleView(ServiceFormView):
    """启用/停用 a role (a confirmation, then ``role_update`` with the flag reversed); a disabled
    role and the roles below it grant nothing (partybuild.selectors.roles)."""

    permission_required = "change"
    model = Role
    form_class = forms.Form

    @cached_property
    def role(self) -> Role:
        return get_object_or_404(Role, pk=self.kwargs["pk"])

    def get_page_title(self):
        verb = _("停用") if self.role.is_enabled else _("启用")
        return f"{verb}角色「{self.role.name}」"

    @property
    def submit_button_label(self):
        return _("停用") if self.role.is_enabled else _("启用")

    def run_service(self, form):
        role = self.role
        role_update(
            actor=self.request.user,
            role=role,
            name=role.name,
            parent=role.parent,
            permissions=list(role.permissions.all()),
            is_enabled=not role.is_enabled,
            order=role.order,
            note=role.note,
        )
        messages.success(
            self.request,
            (_("已启用角色「%(name)s」。") if role.is_enabled else _("已停用角色「%(name)s」。"))
            % {"name": role.name},
        )
        return self.index_url_name

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except RoleRefused as refusal:
            form.add_error(None, refusal.message)
            return self.form_invalid(form)


class RoleViewSet(ModelViewSet):
    """角色管理 under 设置."""

    model = Role
    icon = "group"
    menu_label = gettext_lazy("角色管理")
    add_to_settings_menu = True
    menu_order = 610
    list_display = [
        "code",
        "name",
        Column("parent", label=gettext_lazy("上级角色"), accessor="parent"),
        BooleanColumn("is_enabled", label=gettext_lazy("是否启用")),
        "order",
        Column("assignment_count", label=gettext_lazy("分配数"), accessor="assignment_count"),
    ]
    search_fields = ["code", "name"]
    search_backend_name = None
    ordering = ["order", "code"]
    sort_order_field = None
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = RoleIndexView
    add_view_class = RoleCreateView
    edit_view_class = RoleEditView
    form_fields = ["code", "name", "parent", "is_enabled", "order", "note"]

    def get_form_class(self, for_update=False):
        return RoleForm

    @property
    def toggle_view(self):
        return RoleToggleView.as_view(
            permission_policy=self.permission_policy, index_url_name=self.get_url_name("index")
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("toggle/<int:pk>/", self.toggle_view, name="toggle"),
        ]


register_permission_policy(Role, RolePermissionPolicy(Role))
role_viewset = RoleViewSet("partybuild_roles", url_prefix="roles")


class AssignmentForm(forms.Form):
    """分配角色: a role ``for_user`` may grant (``role_grantable_for_user``) on an organisation of
    the subtrees where they may grant roles; whether that role may be granted on that organisation
    is the service's to refuse (``role_assignment_grant``), shown on the form."""

    role = forms.ModelChoiceField(label=gettext_lazy("角色"), queryset=Role.objects.none())
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("管理范围"),
        queryset=Organisation.objects.none(),
        help_text=gettext_lazy("角色在该党组织及其下级党组织范围内有效。"),
    )

    def __init__(self, *args, for_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = role_grantable_for_user(user=for_user).order_by(
            "order", "code"
        )
        # The union of role_grant_organisations over the grantable roles is the user's scope.
        self.fields["organisation"].queryset = organisation_scope_for_user(user=for_user).order_by(
            "path"
        )


def _may(user, permission: str) -> bool:
    return user.is_superuser or user.has_perm(f"partybuild.{permission}")


def account_roles_url(account: User) -> str:
    """The 角色分配 page of ``account``."""
    return reverse("partybuild_account_roles", args=[account.pk])


def user_may_view_assignments(user) -> bool:
    """Whether ``user`` reaches the 角色分配 pages (the catalogue's 系统设置 · 角色分配)."""
    return _may(user, "view_roleassignment")


def user_may_grant_assignments(user) -> bool:
    """Whether ``user`` may grant roles (the catalogue's 系统设置 · 角色分配)."""
    return _may(user, "add_roleassignment")


class AccountRolesView(View):
    """角色分配 of one account of the user's scope (404 outside it): its assignments, each with
    撤销, and the form granting another, both through partybuild.services.roles."""

    template_name = "partybuild/roles/account_roles.html"

    def dispatch(self, request, *args, **kwargs):
        if not user_may_view_assignments(request.user):
            raise PermissionDenied
        self.account = get_object_or_404(user_scope_for_user(user=request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def render(self, form) -> TemplateResponse:
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "account": self.account,
                "assignments": assignment_list_for_account(account=self.account),
                "form": form,
                "may_revoke": _may(self.request.user, "delete_roleassignment"),
            },
        )

    def new_form(self, data=None) -> AssignmentForm | None:
        if not user_may_grant_assignments(self.request.user):
            return None
        return AssignmentForm(data, for_user=self.request.user)

    def get(self, request, pk):
        return self.render(self.new_form())

    def post(self, request, pk):
        form = self.new_form(request.POST)
        if form is None:
            raise PermissionDenied
        if not form.is_valid():
            return self.render(form)
        try:
            assignment = role_assignment_grant(
                actor=request.user,
                user=self.account,
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render(form)
        except RoleRefused as refusal:
            form.add_error(None, refusal.message)
            return self.render(form)
        messages.success(
            request,
            _("已在「%(organisation)s」分配角色「%(role)s」。")
            % {"organisation": assignment.organisation, "role": assignment.role},
        )
        return redirect(account_roles_url(self.account))


class AccountRoleRevokeView(View):
    """撤销 one assignment of an account of the user's scope (POST only; 404 outside scope)."""

    def post(self, request, pk, assignment_pk):
        if not _may(request.user, "delete_roleassignment"):
            raise PermissionDenied
        account = get_object_or_404(user_scope_for_user(user=request.user), pk=pk)
        assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user=account)
        try:
            role_assignment_revoke(actor=request.user, assignment=assignment)
        except (ValidationError, RoleRefused) as refusal:
            messages.error(request, " ".join(refusal_messages(refusal)))
        else:
            messages.success(
                request,
                _("已撤销「%(organisation)s」的角色「%(role)s」。")
                % {"organisation": assignment.organisation, "role": assignment.role},
            )
        return redirect(account_roles_url(account))


def refusal_messages(refusal) -> list[str]:
    """The messages of a roles service's refusal (a ValidationError or a ``RoleRefused``)."""
    if isinstance(refusal, RoleRefused):
        return [refusal.message]
    return [str(message) for message in refusal.messages]


def role_assignment_urlpatterns() -> list:
    """The 角色分配 URLs (registered by partybuild/wagtail_hooks.py)."""
    return [
        path(
            "accounts/<int:pk>/roles/", AccountRolesView.as_view(), name="partybuild_account_roles"
        ),
        path(
            "accounts/<int:pk>/roles/<int:assignment_pk>/revoke/",
            AccountRoleRevokeView.as_view(),
            name="partybuild_account_role_revoke",
        ),
    ]
