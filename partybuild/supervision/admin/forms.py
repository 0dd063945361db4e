"""Forms of the 党建督查 admin: a new task with its targets, a response, and a review."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuild.models import Organisation, OrganisationType
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.supervision.services import ISSUER_TYPES


def _indented(organisation: Organisation) -> str:
    return f"{'—' * (organisation.depth - 1)} {organisation.name}".strip()


class InspectionTaskForm(forms.Form):
    """督查任务: the issuer (a 党委 or 党总支 in scope), subject, requirements, deadline, and the
    党支部 it goes to (all branches below the issuer when none are ticked)."""

    issuer = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("下发党组织"))
    subject = forms.CharField(label=_("督查主题"), max_length=200)
    requirements = forms.CharField(label=_("督查要求"), widget=forms.Textarea(attrs={"rows": 5}))
    deadline = forms.DateField(
        label=_("反馈截止日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    targets = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        label=_("被督查党支部"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不勾选则下发到下发党组织下的全部党支部。"),
    )
    issue_now = forms.BooleanField(
        label=_("立即下发"),
        required=False,
        initial=True,
        help_text=_("不勾选则保存为草稿，稍后再下发。"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = organisation_scope_for_user(user=user).order_by("path")
        self.fields["issuer"].queryset = scope.filter(org_type__in=ISSUER_TYPES)
        self.fields["issuer"].label_from_instance = _indented
        self.fields["targets"].queryset = scope.filter(org_type=OrganisationType.BRANCH)
        self.fields["targets"].label_from_instance = _indented
        self.fields["deadline"].initial = timezone.localdate()


class InspectionIssueForm(forms.Form):
    """下发 a draft: the 党支部 it goes to."""

    targets = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        label=_("被督查党支部"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = choices.order_by("path")
        self.fields["targets"].label_from_instance = _indented


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class InspectionResponseForm(forms.Form):
    response = forms.CharField(label=_("反馈内容"), widget=forms.Textarea(attrs={"rows": 6}))
    files = MultipleFileField(
        label=_("附件"), required=False, help_text=_("PDF、Word、Excel 或图片，可选多个。")
    )


class InspectionReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
