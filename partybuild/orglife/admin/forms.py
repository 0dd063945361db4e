"""Forms of the 三会一课 admin pages; each one's data goes to a service in
partybuild.orglife.services.meetings or partybuild.orglife.services.evaluations."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.rich_text import get_rich_text_editor_widget
from wagtail.admin.widgets import AdminDateTimeInput

from partybuild.admin.transfers.forms import OrganisationPathChoiceField
from partybuild.models import EvaluationGrade, Member, OrganisationType
from partybuild.orglife.models import Meeting, MeetingKind
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.uploads import upload_validate


class MeetingForm(forms.Form):
    """新建/修改会议 (a draft)."""

    organisation = OrganisationPathChoiceField(
        label=_("党组织"), queryset=None, help_text=_("召开会议的党支部或党小组。")
    )
    kind = forms.ChoiceField(label=_("会议类型"), choices=MeetingKind.choices)
    topic = forms.CharField(label=_("会议主题"), max_length=200)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=AdminDateTimeInput)
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=AdminDateTimeInput)
    place = forms.CharField(label=_("地点"), max_length=200)
    host = forms.ModelChoiceField(label=_("主持人"), queryset=None, required=False)
    recorder = forms.ModelChoiceField(label=_("记录人"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_scope_for_user(user=user).filter(
            org_type__in=(OrganisationType.BRANCH, OrganisationType.GROUP)
        )
        members = member_scope_for_user(user=user).filter(is_on_roll=True)
        self.fields["host"].queryset = members
        self.fields["recorder"].queryset = members


class AttendeeChoiceForm(forms.Form):
    """A checkbox per member: who is expected (publish) or who attended (attendance)."""

    members = forms.ModelMultipleChoiceField(
        label=_("党员"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, label=None, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["members"].required = required
        self.fields["members"].label_from_instance = lambda m: f"{m.name}（{m.organisation}）"
        if label:
            self.fields["members"].label = label


class MinutesForm(forms.Form):
    """会议记录 and one attachment or photo at a time."""

    minutes = forms.CharField(
        label=_("会议记录"), required=False, widget=get_rich_text_editor_widget()
    )
    document = forms.FileField(label=_("附件"), required=False)
    image = forms.FileField(label=_("照片"), required=False)
    caption = forms.CharField(label=_("附件说明"), max_length=200, required=False)

    def clean_document(self):
        file = self.cleaned_data.get("document")
        if file:
            upload_validate(file=file, kind="document", field="document")
        return file

    def clean_image(self):
        file = self.cleaned_data.get("image")
        if file:
            upload_validate(file=file, kind="image", field="image")
        return file


class MinutesCorrectionForm(forms.Form):
    """更正会议记录 of a closed meeting."""

    minutes = forms.CharField(label=_("更正后的会议记录"), widget=get_rich_text_editor_widget())
    reason = forms.CharField(label=_("更正原因"), max_length=500)


class ConfirmForm(forms.Form):
    """A button to confirm an action (结束会议)."""


class EvaluationRoundForm(forms.Form):
    """民主评议: a grade select for each member of the branch."""

    year = forms.IntegerField(label=_("年度"), min_value=2000)
    meeting = forms.ModelChoiceField(
        label=_("评议会议"), queryset=Meeting.objects.none(), required=False
    )

    def __init__(self, *args, members: list[Member], meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["meeting"].queryset = meetings
        self.members = members
        choices = [("", _("（不评议）")), *EvaluationGrade.choices]
        for member in members:
            self.fields[f"grade_{member.pk}"] = forms.ChoiceField(
                label=member.name, choices=choices, required=False
            )

    def grades(self) -> dict[int, str]:
        return {
            member.pk: self.cleaned_data[f"grade_{member.pk}"]
            for member in self.members
            if self.cleaned_data.get(f"grade_{member.pk}")
        }


class ComplianceFilterForm(forms.Form):
    """年度 / 季度 / 月份 of the compliance page."""

    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        choices=[("", _("全年")), *[(q, _("第%(q)s季度") % {"q": q}) for q in range(1, 5)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    month = forms.TypedChoiceField(
        label=_("月份"),
        choices=[("", "—"), *[(m, _("%(m)s月") % {"m": m}) for m in range(1, 13)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
