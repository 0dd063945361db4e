"""管理员管理: Wagtail's user admin extended with the account fields of partybuild.User.

The specification's required fields (账号, 姓名, 编码, 公民身份号码, 手机号码, 性别, 所属党组织) are
required by the forms, which validate the ID number (docs/domain.md §2) and write it through
``User.id_number``; the 所属党组织 picker offers the administrator's subtree only. The listing shows
phone and ID numbers masked (partybuild.core.privacy), searches by 姓名, 账号 and 编码 and by an
exact 手机号码, filters by organisation (its subtree) and role, and each row can be 启用/停用,
have its password reset and its 两步验证 reset (when on). Non-superusers see and manage only
accounts of their own subtree (partybuild.selectors.users): every view of an account answers 404
outside it, a bulk action naming any account outside it is refused whole (404). What an account
may do is its roles (角色分配, partybuild/admin/roles.py, also the bulk 分配角色 here); Django
groups are shown to superusers only.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.widgets.button import Button
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_user_views
from wagtail.users.views.bulk_actions import (
    DeleteBulkAction,
    SetActiveStateBulkAction,
)
from wagtail.users.views.bulk_actions.user_bulk_action import UserBulkAction

from partybuild.admin.choosers import OrganisationChooserField
from partybuild.admin.common import IdNumberErrorsMixin
from partybuild.admin.roles import (
    AssignmentForm,
    account_roles_url,
    refusal_messages,
    user_may_grant_assignments,
    user_may_view_assignments,
)
from partybuild.admin.scoping import ScopedObjectMixin
from partybuild.core.privacy import mask_identifier
from partybuild.core.validators import (
    normalise_phone,
    parse_id_number,
    validate_id_number_agrees,
    validate_mobile,
)
from partybuild.models import Organisation, Role, User
from partybuild.models.identity import phone_lookup
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.selectors.users import (
    user_is_in_scope,
    user_scope_for_user,
)
from partybuild.services.roles import RoleRefused, role_assignment_grant

ACCOUNT_FIELDS = [
    "name",
    "code",
    "gender",
    "birth_date",
    "phone",
    "address",
    "organisation",
    "administered_organisation",
]

#: The specification's required account fields besides 账号 (docs/architecture.md, 管理员管理).
REQUIRED_ACCOUNT_FIELDS = ("name", "code", "id_number", "phone", "gender", "organisation")

#: Where 两步验证 serves an administrator's reset of an account (partybuild/twofactor/views.py).
TWOFACTOR_RESET_URL_NAME = "partybuild_account_twofactor_reset"

#: Where the member-logins area serves its password reset (one-time password, forced change).
PASSWORD_RESET_URL_NAME = "partybuild_account_password_reset"  # noqa: S105 (a URL name)


def account_password_reset_url(account: User) -> str | None:
    """The URL resetting ``account``'s password, or None while no such view is installed."""
    try:
        return reverse(PASSWORD_RESET_URL_NAME, args=[account.pk])
    except NoReverseMatch:
        return None


def account_search(*, queryset: QuerySet[User], query: str) -> QuerySet[User]:
    """Accounts of ``queryset`` whose 姓名, 账号 or 编码 contain ``query``, or whose 手机号码 is
    exactly ``query`` (a phone number is found whole, never by a fragment)."""
    query = query.strip()
    if not query:
        return queryset
    matches = Q(name__icontains=query) | Q(username__icontains=query) | Q(code__icontains=query)
    phone = normalise_phone(query)
    try:
        validate_mobile(phone)
    except ValidationError:
        pass
    else:
        matches |= phone_lookup(phone)  # encrypted: through the blind index
    return queryset.filter(matches)


class AccountFieldsMixin(IdNumberErrorsMixin, forms.Form):
    """The 姓名 … 联系地址 fields, the ID number, 所属党组织 and the organisation the account
    administers; both organisation pickers offer the administrator's subtree only."""

    id_number = forms.CharField(label=_("公民身份号码"), max_length=18, required=False)

    def __init__(self, *args, for_user, **kwargs):
        self.for_user = for_user
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields.pop(name, None)
        for name in REQUIRED_ACCOUNT_FIELDS:
            self.fields[name].required = True
        if "username" in self.fields:
            self.fields["username"].help_text = _(
                "必填。登录账号，只能包含字母、数字和 @/./+/-/_。"
            )
        self.fields["birth_date"].widget = forms.DateInput(attrs={"type": "date"})
        if self.instance.pk:
            self.fields["id_number"].initial = self.instance.id_number
        scope = organisation_scope_for_user(user=self.for_user).order_by("path")
        self.fields["organisation"].queryset = scope
        self.fields["administered_organisation"].queryset = scope
        # What an account may do comes from its roles (角色分配, partybuild.admin.roles); the
        # groups underneath are for superusers only (docs/architecture.md, "Who sees what").
        if not self.for_user.is_superuser:
            self.fields.pop("groups", None)
        # The superuser flag is for break-glass use from the command line only (manage.py
        # breakglass, partybuild/services/superusers.py): nobody grants it here.
        if "is_superuser" in self.fields:
            self.fields["is_superuser"].disabled = True

    def clean_id_number(self) -> str:
        value = self.cleaned_data.get("id_number", "")
        if not value:
            return ""
        return parse_id_number(value).number

    def clean(self):
        cleaned = super().clean()
        id_number = cleaned.get("id_number")
        if id_number:
            errors = validate_id_number_agrees(
                id_number=id_number,
                birth_date=cleaned.get("birth_date"),
                gender=cleaned.get("gender") or None,
            )
            for field, error in errors.items():
                self.add_error(field, error)
        # Model validation (uniqueness through the blind index) runs after this, on the instance.
        self.instance.id_number = cleaned.get("id_number", "")
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        user.id_number = self.cleaned_data.get("id_number", "")
        if commit:
            user.save()
            self.save_m2m()
        return user


class AccountCreationForm(AccountFieldsMixin, UserCreationForm):
    """New account form."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = (UserCreationForm.Meta.fields - {"first_name", "last_name"}) | set(ACCOUNT_FIELDS)


class AccountEditForm(AccountFieldsMixin, UserEditForm):
    """Existing account form."""

    class Meta(UserEditForm.Meta):
        model = User
        fields = (UserEditForm.Meta.fields - {"first_name", "last_name"}) | set(ACCOUNT_FIELDS)


class OrganisationSubtreeFilter(django_filters.ModelChoiceFilter):
    """所属党组织: accounts placed in the chosen organisation or any organisation below it, picked
    through the organisation chooser."""

    field_class = OrganisationChooserField

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(organisation__path__startswith=value.path)


class RoleFilter(django_filters.ModelChoiceFilter):
    """角色: accounts holding the chosen role on some organisation."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(role_assignments__role=value).distinct()


class ScopedUserFilterSet(wagtail_user_views.UserFilterSet):
    """The listing's filters: 所属党组织 (a subtree of the administrator's) and 角色; Wagtail's 分组
    and superuser filters for superusers only (the groups underneath roles are not what an
    administrator works with)."""

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = getattr(request, "user", None)
        organisations = (
            organisation_scope_for_user(user=user)
            if user is not None
            else Organisation.objects.none()
        )
        self.filters["organisation"] = OrganisationSubtreeFilter(
            field_name="organisation",
            label=_("所属党组织"),
            queryset=organisations.order_by("path"),
        )
        self.filters.move_to_end("organisation", last=False)
        self.filters["role"] = RoleFilter(
            label=_("角色"),
            queryset=Role.objects.order_by("order", "code"),
        )
        if user is not None and not user.is_superuser:
            self.filters.pop("group", None)
            self.filters.pop("is_superuser", None)


def set_active_url(account: User, *, next_url: str) -> str:
    """The 启用/停用 confirmation of one account: the scoped bulk action with its id alone."""
    url = reverse("wagtail_bulk_action", args=("partybuild", "user", "set_active_state"))
    return url + "?" + urlencode({"id": account.pk, "next": next_url})


class UserIndexView(wagtail_user_views.IndexView):
    """User listing limited to the administrator's subtree: masked phone and ID numbers, search
    by 姓名/账号/编码 and exact 手机号码, and the 启用/停用 and 重置密码 row actions."""

    #: Searched by :func:`account_search`, not by Wagtail's default fields.
    search_fields = ["name", "username", "code"]

    def get_base_queryset(self):
        queryset = (
            super().get_base_queryset().select_related("organisation", "administered_organisation")
        )
        if self.request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=user_scope_for_user(user=self.request.user).values("pk"))

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return account_search(queryset=queryset, query=self.search_query)

    @property
    def columns(self):
        columns = super().columns
        # 姓名 is Wagtail's own (linked) name column: the user's get_full_name()
        extra = [
            Column("code", label=_("编码"), accessor="code"),
            Column(
                "phone",
                label=_("手机号码"),
                accessor=lambda user: mask_identifier(user.phone, kind="mobile"),
            ),
            Column(
                "id_number",
                label=_("公民身份号码"),
                accessor=lambda user: mask_identifier(user.id_number, kind="id_number"),
            ),
            Column("organisation", label=_("所属党组织"), accessor="organisation"),
            Column(
                "administered_organisation",
                label=_("管理的党组织"),
                accessor="administered_organisation",
            ),
        ]
        return [*columns[:3], *extra, *columns[3:]]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        may_change = self.request.user.has_perm("partybuild.change_user")
        if may_change and instance.pk != self.request.user.pk:
            buttons.append(
                MenuItem(
                    _("停用") if instance.is_active else _("启用"),
                    url=set_active_url(instance, next_url=self.request.get_full_path()),
                    icon_name="lock" if instance.is_active else "lock-open",
                    priority=40,
                )
            )
        if may_change and (reset_url := account_password_reset_url(instance)):
            buttons.append(MenuItem(_("重置密码"), url=reset_url, icon_name="key", priority=50))
        if may_change and instance.two_factor_enabled and instance.pk != self.request.user.pk:
            buttons.append(
                MenuItem(
                    _("重置两步验证"),
                    url=reverse(TWOFACTOR_RESET_URL_NAME, args=[instance.pk]),
                    icon_name="lock",
                    priority=55,
                )
            )
        if user_may_view_assignments(self.request.user) and instance.pk != self.request.user.pk:
            buttons.append(
                MenuItem(
                    _("角色分配"), url=account_roles_url(instance), icon_name="group", priority=60
                )
            )
        return buttons


class UserScopeMixin(ScopedObjectMixin):
    """A non-superuser may open only their own account and accounts of their subtree (else 404)."""

    def object_in_scope(self, obj) -> bool:
        return user_is_in_scope(user=self.request.user, account=obj)


class ForUserFormMixin:
    """Pass the requesting user to the account form, which scopes its choices by it."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class UserCreateView(ForUserFormMixin, wagtail_user_views.CreateView):
    """Create an account."""


class UserEditView(ForUserFormMixin, UserScopeMixin, wagtail_user_views.EditView):
    """Edit an account within scope; its actions include 重置密码 and 重置两步验证."""

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if reset_url := account_password_reset_url(self.object):
            buttons.append(Button(_("重置密码"), url=reset_url, icon_name="key", priority=30))
        if (
            self.object.two_factor_enabled
            and self.object.pk != self.request.user.pk
            and self.request.user.has_perm("partybuild.change_user")
        ):
            buttons.append(
                Button(
                    _("重置两步验证"),
                    url=reverse(TWOFACTOR_RESET_URL_NAME, args=[self.object.pk]),
                    icon_name="lock",
                    priority=35,
                )
            )
        if user_may_view_assignments(self.request.user):
            buttons.append(
                Button(
                    _("角色分配"),
                    url=account_roles_url(self.object),
                    icon_name="group",
                    priority=40,
                )
            )
        return buttons


class UserDeleteView(UserScopeMixin, wagtail_user_views.DeleteView):
    """Delete an account within scope."""


class UserHistoryView(UserScopeMixin, wagtail_user_views.HistoryView):
    """The history of an account within scope."""


class UserUsageView(UserScopeMixin, UsageView):
    """Where an account within scope is used."""


class UserViewSet(wagtail_user_views.UserViewSet):
    """Wagtail's user admin using our account forms and templates."""

    template_prefix = "partybuild/users/"
    index_view_class = UserIndexView
    filterset_class = ScopedUserFilterSet
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView
    history_view_class = UserHistoryView
    usage_view_class = UserUsageView
    # Copying an account would show its details in a new form; accounts are added afresh.
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return AccountEditForm if for_update else AccountCreationForm


class ScopedUserBulkActionMixin:
    """A bulk action acts only on accounts the requesting user may administer: one that names any
    other account is refused whole (404, as if the account did not exist), so that nothing is
    done to a selection the administrator did not fully see. "Select all" selects the listing's
    accounts, searched as the listing does."""

    def get_queryset(self, model, object_ids):
        object_ids = {str(pk) for pk in object_ids}
        accounts = list(user_scope_for_user(user=self.request.user).filter(pk__in=object_ids))
        if not accounts or len(accounts) != len(object_ids):
            raise Http404
        return accounts

    def get_all_objects_in_listing_query(self, parent_id):
        accounts = user_scope_for_user(user=self.request.user)
        if query := self.request.GET.get("q"):
            accounts = account_search(queryset=accounts, query=query)
        return accounts.values_list("pk", flat=True)


class ScopedSetActiveStateBulkAction(ScopedUserBulkActionMixin, SetActiveStateBulkAction):
    """启用/停用 accounts within scope, saving each one so that disabling revokes its app tokens
    (partybuild.signals.user_credentials_after_save) rather than updating the rows behind the
    signals' back."""

    @classmethod
    def execute_action(cls, objects, mark_as_active=False, model=None, user=None, **kwargs):
        count = 0
        for account in objects:
            if user is not None and account.pk == user.pk:
                continue
            if account.is_active != mark_as_active:
                account.is_active = mark_as_active
                account.save(update_fields=["is_active"])
            count += 1
        return count, 0


class ScopedAssignRoleBulkAction(ScopedUserBulkActionMixin, UserBulkAction):
    """分配角色: give the selected accounts of the user's scope a role on an organisation's subtree,
    each through ``role_assignment_grant`` (delegation, 三员分立), all or nothing: when the service
    refuses one account, nobody is given the role and the form lists why, account by account."""

    display_name = _("分配角色")
    action_type = "assign_role"
    aria_label = _("为选中的账号分配角色")
    template_name = "partybuild/users/confirm_bulk_assign_role.html"
    action_priority = 30
    form_class = AssignmentForm

    def check_perm(self, obj):
        return user_may_grant_assignments(self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}

    def get_execution_context(self):
        return {**self.cleaned_form.cleaned_data, "actor": self.request.user}

    @classmethod
    def execute_action(cls, objects, role=None, organisation=None, actor=None, **kwargs):
        refusals = []
        for account in objects:
            try:
                role_assignment_grant(
                    actor=actor, user=account, role=role, organisation=organisation
                )
            except (ValidationError, RoleRefused) as refusal:
                refusals.extend(
                    f"{account.get_full_name() or account.username}：{message}"
                    for message in refusal_messages(refusal)
                )
        if refusals:
            raise ValidationError(refusals, code="role_assignment_bulk_refused")
        return len(objects), 0

    def form_valid(self, form):
        try:
            return super().form_valid(form)  # one transaction: a refusal undoes every grant
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return _("已为 %(count)d 个账号在「%(organisation)s」分配角色「%(role)s」。") % {
            "count": num_parent_objects,
            "organisation": self.cleaned_form.cleaned_data["organisation"],
            "role": self.cleaned_form.cleaned_data["role"],
        }


class ScopedDeleteBulkAction(ScopedUserBulkActionMixin, DeleteBulkAction):
    """Delete accounts within scope."""


#: Registered after Wagtail's own, which they replace (partybuild/wagtail_hooks.py).
USER_BULK_ACTIONS = (
    ScopedSetActiveStateBulkAction,
    ScopedAssignRoleBulkAction,
    ScopedDeleteBulkAction,
)
