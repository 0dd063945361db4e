"""The dossier form, its edit handler and the sub-record formsets."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.widgets import AdminDateInput

from partybuild.admin.choosers import member_organisation_chooser_use
from partybuild.admin.common import IdNumberErrorsMixin
from partybuild.admin.members.helpers import MEMBER_MODEL_FORM_FIELDS
from partybuild.core.privacy import mask_identifier
from partybuild.core.validators import parse_id_number
from partybuild.models import (
    AbroadRecord,
    DemocraticEvaluation,
    Member,
    RewardPunishment,
    RoleAssignment,
    User,
)
from partybuild.models.members import MEMBER_ORGANISATION_TYPES
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.selectors.users import user_scope_for_user
from partybuild.uploads import upload_validate


class MemberForm(IdNumberErrorsMixin, WagtailAdminModelForm):
    """The dossier form. The ID number is written through ``Member.id_number`` (encrypted).

    ID and mobile numbers are never prefilled, so the form shows no more than the masked
    listing does: left empty they stay as they are; 「清除手机号码」 removes the mobile number.
    """

    id_number = forms.CharField(
        label=_("公民身份号码"),
        required=False,  # required for a new dossier (see __init__); empty keeps the stored one
        error_messages={"required": _("请填写公民身份号码。")},
        widget=forms.TextInput(attrs={"maxlength": 18, "autocomplete": "off"}),
    )
    clear_phone = forms.BooleanField(label=_("清除手机号码"), required=False)
    # The photo is a private file (partybuild/models/files.py), uploaded here rather than picked
    # from Wagtail's image library, which is public.
    photo_upload = forms.FileField(
        label=_("照片"),
        required=False,
        help_text=_("jpg、png、gif 或 webp，不超过 10 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    clear_photo = forms.BooleanField(label=_("删除照片"), required=False)

    class Meta(WagtailAdminModelForm.Meta):  # keeps Wagtail's widgets (the date picker)
        model = Member
        fields = MEMBER_MODEL_FORM_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self._stored_phone = instance.phone
        organisation_field = self.fields["organisation"]
        organisation_field.queryset = organisation_scope_for_user(user=self.for_user).filter(
            org_type__in=MEMBER_ORGANISATION_TYPES
        )
        member_organisation_chooser_use(organisation_field)
        organisation_field.help_text = _("党员编入党支部或党小组。")
        self.fields["user"].queryset = self._account_choices()
        self.fields["user"].help_text = _("党员登录门户网站和 App 使用的账号，可不填。")
        self.fields["phone"].widget.attrs["autocomplete"] = "off"
        if instance.pk and instance.id_number:
            self.fields["id_number"].help_text = _("当前：%(masked)s。留空表示不修改。") % {
                "masked": mask_identifier(instance.id_number, kind="id_number")
            }
        else:
            self.fields["id_number"].required = True
            self.fields["id_number"].help_text = _("18位，最后一位可为X。")
        if instance.pk and instance.phone:
            self.initial["phone"] = ""
            self.fields["phone"].help_text = _("当前：%(masked)s。留空表示不修改。") % {
                "masked": mask_identifier(instance.phone, kind="mobile")
            }
        else:
            del self.fields["clear_phone"]
        if instance.pk and instance.photo_id:
            self.fields["photo_upload"].help_text = _("已有照片；选择新文件将替换它。")
        else:
            del self.fields["clear_photo"]

    def _account_choices(self) -> QuerySet[User]:
        accounts = User.objects.filter(member__isnull=True)
        if self.instance.user_id:
            accounts = accounts | User.objects.filter(pk=self.instance.user_id)
        if not self.for_user.is_superuser:
            accounts = accounts.filter(is_superuser=False).filter(
                Q(pk__in=user_scope_for_user(user=self.for_user).values("pk"))
                | (
                    Q(administered_organisation__isnull=True)
                    & ~Q(pk__in=RoleAssignment.objects.values("user_id"))
                )
                | Q(pk=self.instance.user_id or 0)
            )
        return accounts.order_by("username")

    def clean_id_number(self) -> str:
        value = (self.cleaned_data.get("id_number") or "").strip()
        if not value:
            if self.instance.pk and self.instance.id_number:
                return self.instance.id_number
            raise ValidationError(_("请填写公民身份号码。"), code="required")
        return parse_id_number(value).number

    def clean_photo_upload(self):
        file = self.cleaned_data.get("photo_upload")
        if file:
            upload_validate(file=file, kind="image", field="photo_upload")
        return file

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not cleaned.get("phone"):
            cleaned["phone"] = "" if cleaned.get("clear_phone") else self._stored_phone
        # Member.clean (run next, on the instance) checks the number's agreement with birth
        # date and sex and its uniqueness through the blind index.
        self.instance.id_number = cleaned.get("id_number", "")
        return cleaned

    def save(self, commit=True):
        """The dossier with the form's values, unsaved: the views save it through
        ``member_create`` / ``member_update`` (with the photo) and then call ``save_m2m``."""
        if commit:
            raise ValueError("MemberForm saves through partybuild.services.members")
        member = super().save(commit=False)
        member.id_number = self.cleaned_data.get("id_number", "")
        return member


def _field_row(*names: str) -> FieldRowPanel:
    return FieldRowPanel([FieldPanel(name) for name in names])


MEMBER_EDIT_HANDLER = ObjectList(
    [
        MultiFieldPanel(
            [
                _field_row("name", "gender", "ethnicity"),
                _field_row("birth_date", "native_place"),
                _field_row("id_number", "phone"),
                FieldPanel("clear_phone"),
                FieldPanel("home_address"),
                _field_row("photo_upload", "clear_photo"),
                FieldPanel("user"),
            ],
            heading=_("基本信息"),
        ),
        MultiFieldPanel(
            [
                _field_row("education", "degree"),
                FieldPanel("school_major"),
                _field_row("employer", "job_post"),
            ],
            heading=_("学历与工作"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                _field_row("category", "standing"),
                _field_row("joined_on", "confirmed_on"),
                _field_row("is_lost_contact", "is_abroad", "is_mobile", "is_on_roll"),
            ],
            heading=_("党籍信息"),
        ),
    ],
    base_form_class=MemberForm,
)


class SubRecordFormSet(BaseInlineFormSet):
    """A dossier sub-record formset; ``heading`` names its section."""

    heading = ""


def _sub_record_formset(model, fields, *, heading, widgets):
    formset_class = inlineformset_factory(
        Member,
        model,
        formset=SubRecordFormSet,
        fields=fields,
        extra=1,
        can_delete=True,
        widgets=widgets,
    )
    formset_class.heading = heading
    return formset_class


REWARD_FORMSET = _sub_record_formset(
    RewardPunishment,
    ["kind", "title", "awarded_on", "authority", "description"],
    heading=_("奖惩情况"),
    widgets={"awarded_on": AdminDateInput, "description": forms.Textarea(attrs={"rows": 1})},
)
EVALUATION_FORMSET = _sub_record_formset(
    DemocraticEvaluation,
    ["year", "grade", "remarks"],
    heading=_("民主评议"),
    widgets={"remarks": forms.Textarea(attrs={"rows": 1})},
)
ABROAD_FORMSET = _sub_record_formset(
    AbroadRecord,
    ["destination", "purpose", "departed_on", "returned_on", "remarks"],
    heading=_("出国(境)记录"),
    widgets={
        "departed_on": AdminDateInput,
        "returned_on": AdminDateInput,
        "remarks": forms.Textarea(attrs={"rows": 1}),
    },
)
#: (prefix, formset class) of the sub-records edited with the dossier.
SUB_RECORD_FORMSETS = (
    ("rewards", REWARD_FORMSET),
    ("evaluations", EVALUATION_FORMSET),
    ("abroad", ABROAD_FORMSET),
)
