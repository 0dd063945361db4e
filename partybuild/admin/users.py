"""Wagtail's user admin extended with the account fields of partybuild.User.

The forms validate the ID number (docs/domain.md §2) and write it through ``User.id_number``; the
listing shows it masked. Non-superusers see and manage only accounts of their own subtree
(partybuild.selectors.users): every view of an account answers 404 outside it, the bulk actions
ignore such accounts, and the groups offered are those the administrator may grant.
"""

from django import forms
from django.shortcuts import get_list_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.usage import UsageView
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_user_views
from wagtail.users.views.bulk_actions import (
    AssignRoleBulkAction,
    DeleteBulkAction,
    SetActiveStateBulkAction,
)

from partybuild.admin.common import IdNumberErrorsMixin
from partybuild.admin.scoping import ScopedObjectMixin
from partybuild.core.privacy import mask_identifier
from partybuild.core.validators import parse_id_number, validate_id_number_agrees
from partybuild.models import User
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.selectors.users import (
    user_grantable_groups,
    user_is_in_scope,
    user_scope_for_user,
)

ACCOUNT_FIELDS = [
    "name",
    "code",
    "gender",
    "birth_date",
    "phone",
    "address",
    "administered_organisation",
]


class AccountFieldsMixin(IdNumberErrorsMixin, forms.Form):
    """The 姓名 … 联系地址 fields, the ID number, and the organisation the account administers."""

    id_number = forms.CharField(label=_("公民身份号码"), max_length=18, required=False)

    def __init__(self, *args, for_user, **kwargs):
        self.for_user = for_user
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields.pop(name, None)
        self.fields["name"].required = True
        if "username" in self.fields:
            self.fields["username"].help_text = _(
                "必填。登录账号，只能包含字母、数字和 @/./+/-/_。"
            )
        self.fields["birth_date"].widget = forms.DateInput(attrs={"type": "date"})
        if self.instance.pk:
            self.fields["id_number"].initial = self.instance.id_number
        organisation_field = self.fields["administered_organisation"]
        organisation_field.queryset = organisation_scope_for_user(user=self.for_user).order_by(
            "path"
        )
        # Groups the account has but the administrator may not grant are neither shown nor
        # removed (see clean_groups).
        self.groups_kept = []
        if "groups" in self.fields:
            grantable = user_grantable_groups(user=self.for_user)
            self.fields["groups"].queryset = grantable.order_by("name")
            if self.instance.pk and not self.for_user.is_superuser:
                self.groups_kept = list(self.instance.groups.exclude(pk__in=grantable.values("pk")))
        if not self.for_user.is_superuser:
            organisation_field.required = True
            # Only a superuser may grant superuser status.
            if "is_superuser" in self.fields:
                self.fields["is_superuser"].disabled = True

    def clean_groups(self):
        return [*self.cleaned_data.get("groups", []), *self.groups_kept]

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


class ScopedUserFilterSet(wagtail_user_views.UserFilterSet):
    """The listing's filters; the 分组 filter names only the groups the administrator may grant
    (the names of other organisations' groups are not theirs to see)."""

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is not None and not user.is_superuser:
            self.filters["group"].queryset = user_grantable_groups(user=user).order_by("name")
            self.filters.pop("is_superuser", None)


class UserIndexView(wagtail_user_views.IndexView):
    """User listing limited to the administrator's subtree, with masked phone numbers."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("administered_organisation")
        if self.request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=user_scope_for_user(user=self.request.user).values("pk"))

    @property
    def columns(self):
        columns = super().columns
        # 姓名 is Wagtail's own (linked) name column: the user's get_full_name()
        extra = [
            Column(
                "phone",
                label=_("手机号码"),
                accessor=lambda user: mask_identifier(user.phone, kind="mobile"),
            ),
            Column(
                "administered_organisation",
                label=_("管理的党组织"),
                accessor="administered_organisation",
            ),
        ]
        return [*columns[:2], *extra, *columns[2:]]


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
    """Edit an account within scope."""


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
    """A bulk action acts only on accounts the requesting user may administer; the others are
    ignored as if they did not exist (404 when none is left)."""

    def get_queryset(self, model, object_ids):
        return get_list_or_404(user_scope_for_user(user=self.request.user), pk__in=object_ids)


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


class ScopedAssignRoleBulkAction(ScopedUserBulkActionMixin, AssignRoleBulkAction):
    """Give accounts within scope a group the requesting user may grant."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["role"].queryset = user_grantable_groups(user=self.request.user).order_by(
            "name"
        )
        return form


class ScopedDeleteBulkAction(ScopedUserBulkActionMixin, DeleteBulkAction):
    """Delete accounts within scope."""


#: Registered after Wagtail's own, which they replace (partybuild/wagtail_hooks.py).
USER_BULK_ACTIONS = (
    ScopedSetActiveStateBulkAction,
    ScopedAssignRoleBulkAction,
    ScopedDeleteBulkAction,
)
