"""Forms and labels of the 组织关系转接 admin: the organisation and member pickers, one form per
action, and how a transfer's two ends are named."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partybuild.admin.choosers import member_organisation_chooser_use
from partybuild.core.validators import parse_id_number
from partybuild.models import Gender, Member, MemberCategory, Organisation, Transfer
from partybuild.models.members import MEMBER_ORGANISATION_TYPES
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.organisations import (
    organisation_is_in_scope,
    organisation_scope_for_user,
)
from partybuild.selectors.transfers import transfer_in_progress


class OrganisationPathChoiceField(forms.ModelChoiceField):
    """Organisations shown with their ancestors (县委 › 机关党委 › 一支部), which tell apart
    branches of the same name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._names: dict[str, str] | None = None

    def label_from_instance(self, obj: Organisation) -> str:
        if self._names is None:
            self._names = dict(Organisation.objects.values_list("path", "name"))
        steplen = Organisation.steplen
        chain = [
            self._names.get(obj.path[: steplen * depth], "") for depth in range(1, obj.depth + 1)
        ]
        return f"{' › '.join(name for name in chain if name)}（{obj.get_org_type_display()}）"


def _end_label(organisation: Organisation | None, external: str) -> str:
    if organisation is not None:
        return organisation.name
    return f"{external}（系统外）" if external else "—"


def from_end(transfer: Transfer) -> str:
    return _end_label(transfer.from_organisation, transfer.external_organisation)


def to_end(transfer: Transfer) -> str:
    return _end_label(transfer.to_organisation, transfer.external_organisation)


def user_may_receive(user, transfer: Transfer) -> bool:
    return transfer.to_organisation is not None and organisation_is_in_scope(
        user=user, organisation=transfer.to_organisation
    )


def user_may_send(user, transfer: Transfer) -> bool:
    return transfer.from_organisation is not None and organisation_is_in_scope(
        user=user, organisation=transfer.from_organisation
    )


# --- forms -----------------------------------------------------------------------------------


def _target_queryset(*, exclude: Organisation | None = None):
    queryset = Organisation.objects.filter(org_type__in=MEMBER_ORGANISATION_TYPES).order_by("path")
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return f"{obj.name}（{obj.organisation.name}）"


def dues_paid_until_field(*, help_text) -> forms.DateField:
    """党费交至 (docs/domain.md §6): a month, entered as YYYY-MM."""
    return forms.DateField(
        label=_("党费交至"),
        required=False,
        input_formats=["%Y-%m"],
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "month", "placeholder": "2026-03"}, format="%Y-%m"),
        error_messages={"invalid": _("党费交至应为年月，如 2026-03。")},
    )


class TransferStartForm(forms.Form):
    """发起转接: the member (unless given by the URL), the receiving branch and the letter."""

    member = MemberChoiceField(label=_("党员"), queryset=Member.objects.none())
    to_organisation = OrganisationPathChoiceField(
        label=_("转入党组织"),
        queryset=Organisation.objects.none(),
        help_text=_("系统内的党支部或党小组。转往系统外请使用「登记转出到系统外」。"),
    )
    reason = forms.CharField(label=_("转接原因"), max_length=200, required=False)
    letter_number = forms.CharField(label=_("介绍信编号"), max_length=100, required=False)
    left_on = forms.DateField(
        label=_("转出日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    dues_paid_until = dues_paid_until_field(
        help_text=_(
            "介绍信注明的党费交至月份；留空则按党员的党费缴纳记录计算。转入方从下一个月起收缴。"
        )
    )

    def __init__(self, *args, user, member: Member | None, **kwargs):
        super().__init__(*args, **kwargs)
        if member is None:
            self.fields["member"].queryset = (
                member_scope_for_user(user=user)
                .filter(is_on_roll=True)
                .exclude(pk__in=transfer_in_progress().values("member_id"))
                .select_related("organisation")
                .order_by("organisation__path", "name_sort_key", "pk")
            )
            self.fields["to_organisation"].queryset = _target_queryset()
        else:
            del self.fields["member"]
            self.fields["to_organisation"].queryset = _target_queryset(exclude=member.organisation)


class TransferAcceptForm(forms.Form):
    arrived_on = forms.DateField(
        label=_("转入日期"),
        required=False,
        help_text=_("留空表示今天。"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class TransferReturnForm(forms.Form):
    decision_reason = forms.CharField(
        label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 4}), required=True
    )


class TransferRevokeForm(forms.Form):
    decision_reason = forms.CharField(
        label=_("撤回理由"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class TransferOutgoingForm(forms.Form):
    external_organisation = forms.CharField(label=_("转入的系统外党组织"), max_length=200)
    letter_number = forms.CharField(label=_("介绍信编号"), max_length=100)
    left_on = forms.DateField(label=_("转出日期"), widget=forms.DateInput(attrs={"type": "date"}))
    dues_paid_until = dues_paid_until_field(
        help_text=_("介绍信注明的党费交至月份；留空则按党员的党费缴纳记录计算。")
    )


class TransferIncomingForm(forms.Form):
    """从系统外转入: the letter, the receiving branch and the arriving member's basic dossier.

    A member who left the system earlier (same ID number, 不在册) is put back on roll rather than
    entered twice.
    """

    to_organisation = OrganisationPathChoiceField(
        label=_("转入党组织"), queryset=Organisation.objects.none()
    )
    external_organisation = forms.CharField(label=_("转出的系统外党组织"), max_length=200)
    letter_number = forms.CharField(label=_("介绍信编号"), max_length=100)
    arrived_on = forms.DateField(
        label=_("转入日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    dues_paid_until = dues_paid_until_field(
        help_text=_(
            "对方介绍信注明的党费交至月份，本组织从下一个月起收缴；留空则从转入的下一个月起收缴。"
        )
    )
    name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=Gender.choices)
    id_number = forms.CharField(label=_("公民身份号码"), max_length=18)
    phone = forms.CharField(label=_("手机号码"), max_length=11, required=False)
    category = forms.ChoiceField(label=_("人员类别"), choices=MemberCategory.choices)
    joined_on = forms.DateField(label=_("入党日期"), widget=forms.DateInput(attrs={"type": "date"}))
    confirmed_on = forms.DateField(
        label=_("转正日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = (
            organisation_scope_for_user(user=user)
            .filter(org_type__in=MEMBER_ORGANISATION_TYPES)
            .order_by("path")
        )
        member_organisation_chooser_use(self.fields["to_organisation"])

    def clean_id_number(self) -> str:
        return parse_id_number(self.cleaned_data["id_number"]).number

    def returning_member(self) -> Member | None:
        """The dossier of someone who left the system earlier with this ID number."""
        id_number = self.cleaned_data.get("id_number")
        if not id_number:
            return None
        return (
            Member.objects.filter(Member.id_number_lookup(id_number), is_on_roll=False)
            .select_related("organisation")
            .first()
        )

    def member_data(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "gender": data["gender"],
            "id_number": data["id_number"],
            "birth_date": parse_id_number(data["id_number"]).birth_date,
            "phone": data.get("phone") or "",
            "category": data["category"],
            "joined_on": data["joined_on"],
            "confirmed_on": data.get("confirmed_on"),
        }


# --- listing, inspect, history ----------------------------------------------------------------
