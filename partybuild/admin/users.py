"""Wagtail's user admin extended with the account fields of partybuild.User.

The forms validate the ID number (DOMAIN.md §2) and write it through ``User.id_number``; the
listing shows it masked. Non-superusers see and manage only accounts of their own subtree.
"""

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_user_views

from partybuild.models import User
from partybuild.privacy import mask_identifier
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.validators import parse_id_number, validate_id_number_agrees

ACCOUNT_FIELDS = [
    "name",
    "code",
    "gender",
    "birth_date",
    "phone",
    "address",
    "administered_organisation",
]


class AccountFieldsMixin(forms.Form):
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
        if not self.for_user.is_superuser:
            organisation_field.required = True
            # Only a superuser may grant superuser status.
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

    def _update_errors(self, errors):
        # Model validation reports ID number errors (e.g. a duplicate) on the storage column;
        # the form shows them on its id_number field.
        if hasattr(errors, "error_dict") and "id_number_stored" in errors.error_dict:
            errors.error_dict.setdefault("id_number", []).extend(
                errors.error_dict.pop("id_number_stored")
            )
        super()._update_errors(errors)


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


def _scoped_users(request_user):
    queryset = User.objects.all()
    if request_user.is_superuser:
        return queryset
    return queryset.filter(
        administered_organisation__in=organisation_scope_for_user(user=request_user)
    ) | queryset.filter(member__organisation__in=organisation_scope_for_user(user=request_user))


class UserIndexView(wagtail_user_views.IndexView):
    """User listing limited to the administrator's subtree, with masked phone numbers."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("administered_organisation")
        if self.request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=_scoped_users(self.request.user).values("pk"))

    @property
    def columns(self):
        columns = super().columns
        extra = [
            Column("name", label=_("姓名"), accessor="name"),
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


class UserScopeMixin:
    """A non-superuser may open only their own account and accounts of their subtree (else 404)."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        user = self.request.user
        if user.is_superuser or obj.pk == user.pk:
            return obj
        if obj.is_superuser or not _scoped_users(user).filter(pk=obj.pk).exists():
            raise Http404
        return obj


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


class UserViewSet(wagtail_user_views.UserViewSet):
    """Wagtail's user admin using our account forms and templates."""

    template_prefix = "partybuild/users/"
    index_view_class = UserIndexView
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView

    def get_form_class(self, for_update=False):
        return AccountEditForm if for_update else AccountCreationForm
