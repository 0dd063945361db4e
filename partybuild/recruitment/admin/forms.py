"""Forms of the 发展党员 admin: registering an applicant, recording the next step, extending or
cancelling probation, moving a candidate to another branch, reviewing a submission. The rules
themselves are in partybuild.recruitment.services; these forms only collect the input."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput

from partybuild.admin.choosers import member_organisation_chooser_use
from partybuild.core.dates import PROBATION_EXTENSION_MAX_MONTHS, PROBATION_EXTENSION_MIN_MONTHS
from partybuild.core.privacy import mask_identifier
from partybuild.models import Member, User
from partybuild.models.members import MEMBER_ORGANISATION_TYPES
from partybuild.recruitment import steps as rules
from partybuild.recruitment.models import Candidate, CandidateSubmission
from partybuild.recruitment.selectors import (
    conversion_application_earliest,
    probation_end,
    sponsor_choices,
)
from partybuild.recruitment.services import CANDIDATE_FIELDS
from partybuild.selectors.organisations import organisation_scope_for_user


def _branch_choices(user: User):
    return (
        organisation_scope_for_user(user=user)
        .filter(org_type__in=MEMBER_ORGANISATION_TYPES)
        .order_by("path")
    )


class CandidateFilterSet(WagtailFilterSet):
    """Filters of the candidate listing: status and branch (within the user's scope); the branch
    is the responsible one (the member's current organisation once admitted)."""

    organisation = django_filters.ModelChoiceFilter(
        label=_("所在党支部"),
        queryset=lambda request: _branch_choices(request.user),
        method="filter_organisation",
    )

    class Meta:
        model = Candidate
        fields = ["status", "organisation"]

    def filter_organisation(self, queryset, name, value):
        """Candidates for whom the chosen branch is responsible."""
        return queryset.in_organisation(value.pk) if value else queryset


class CandidateForm(forms.ModelForm):
    """登记申请人: identity fields validated like a member's by the service."""

    id_number = forms.CharField(
        label=_("公民身份号码"),
        max_length=18,
        help_text=_("18位，最后一位可为X。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = Candidate
        fields = [*CANDIDATE_FIELDS, "organisation", "user"]
        widgets = {"birth_date": AdminDateInput}

    def __init__(self, *args, for_user: User, **kwargs):
        super().__init__(*args, **kwargs)
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = _branch_choices(for_user)
            member_organisation_chooser_use(self.fields["organisation"])
        accounts = User.objects.filter(
            candidate__isnull=True, member__isnull=True, is_superuser=False
        )
        if self.instance.user_id:
            accounts = accounts | User.objects.filter(pk=self.instance.user_id)
        self.fields["user"].queryset = accounts.order_by("username")
        self.fields["user"].help_text = _("申请人在门户网站和 App 在线提交材料使用的账号，可不填。")

    def _post_clean(self):
        """Validation is the service's (candidate_create), which also checks the ID number."""


class CandidateEditForm(CandidateForm):
    """修改信息 of a candidate not yet admitted. ID and mobile numbers are not prefilled (the page
    shows no more than the masked values); left empty they stay as they are."""

    class Meta(CandidateForm.Meta):
        fields = [*CANDIDATE_FIELDS, "user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        candidate = self.instance
        self.fields["id_number"].required = False
        self.fields["id_number"].help_text = _("当前：%(masked)s。留空表示不修改。") % {
            "masked": mask_identifier(candidate.id_number, kind="id_number")
        }
        self.initial["phone"] = ""
        if candidate.phone:
            self.fields["phone"].help_text = _("当前：%(masked)s。留空表示不修改。") % {
                "masked": mask_identifier(candidate.phone, kind="mobile")
            }


class PeopleField(forms.ModelMultipleChoiceField):
    """培养联系人 or 入党介绍人: full members on the roll in normal standing within the user's
    scope (``sponsor_choices``)."""

    def label_from_instance(self, member: Member) -> str:
        return f"{member.name}（{member.organisation.name}）"


class StepForm(forms.Form):
    """The next step of one candidate; the fields shown depend on the step."""

    done_on = forms.DateField(label=_("日期"), widget=AdminDateInput, initial=timezone.localdate)
    people = PeopleField(
        label=_("培养联系人或入党介绍人"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    training_days = forms.IntegerField(label=_("培训天数"), min_value=0, required=False)
    training_hours = forms.IntegerField(label=_("培训学时"), min_value=0, required=False)
    notes = forms.CharField(
        label=_("情况记录"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    document = forms.FileField(
        label=_("材料"), required=False, help_text=_("PDF、Word、Excel 或图片，不超过 20 MB。")
    )

    def __init__(self, *args, step: int, candidate: Candidate, for_user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        if step in (rules.CONTACTS, rules.INTRODUCERS):
            self.fields["people"].queryset = sponsor_choices(user=for_user)
            self.fields["people"].required = True
            self.fields["people"].label = (
                _("培养联系人（1至2名党籍状态正常的正式党员）")
                if step == rules.CONTACTS
                else _("入党介绍人（2名不同的、党籍状态正常的正式党员）")
            )
        else:
            del self.fields["people"]
        if step != rules.TRAINING:
            del self.fields["training_days"]
            del self.fields["training_hours"]
        else:
            self.fields["training_days"].help_text = _("集中培训不少于3天或24学时。")
        self.fields["done_on"].help_text = self._date_help(step=step, candidate=candidate)

    @staticmethod
    def _date_help(*, step: int, candidate: Candidate) -> str:
        """The dates the rules allow for the conversion steps (22–24), shown under the date."""
        if candidate.member_id is None:
            return ""
        if step == rules.CONVERSION_APPLICATION:
            return _("预备期满：%(end)s；转正申请不得早于%(earliest)s。") % {
                "end": probation_end(candidate=candidate),
                "earliest": conversion_application_earliest(candidate=candidate),
            }
        if step in (rules.CONVERSION_MEETING, rules.CONVERSION_APPROVAL):
            end = probation_end(candidate=candidate)
            return _("不得早于预备期满之日（%(end)s）。") % {"end": end}
        return ""


class ExtendForm(forms.Form):
    """延长预备期 (once, 6–12 months)."""

    months = forms.IntegerField(
        label=_("延长月数"),
        min_value=PROBATION_EXTENSION_MIN_MONTHS,
        max_value=PROBATION_EXTENSION_MAX_MONTHS,
        help_text=_("不少于6个月、不超过12个月，只能延长一次。"),
    )
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(forms.Form):
    """取消预备党员资格 with its reason."""

    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 2}))


class MoveForm(forms.Form):
    """转移到其他党支部: the steps done stay with the branch that did them."""

    to_organisation = forms.ModelChoiceField(label=_("转入党支部"), queryset=None)
    reason = forms.CharField(label=_("原因"), required=False, max_length=200)

    def __init__(self, *args, for_user: User, candidate: Candidate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = _branch_choices(for_user).exclude(
            pk=candidate.organisation_id
        )
        member_organisation_chooser_use(self.fields["to_organisation"])


class ReviewForm(forms.Form):
    """审阅 an application letter or 思想汇报: accept, or return with a comment."""

    decision = forms.ChoiceField(
        label=_("审阅结果"),
        choices=[("accept", _("通过")), ("return", _("退回"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("审阅意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SubmissionFilterSet(WagtailFilterSet):
    """Filters of the submissions listing."""

    class Meta:
        model = CandidateSubmission
        fields = ["review", "kind"]
