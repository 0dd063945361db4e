"""Forms of the 学习教育 admin: the organisation (and an exam's bank) limited to what the
administrator may use."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from partybuild.admin.choosers import organisation_chooser_use
from partybuild.learning.selectors import question_bank_choices_for_user
from partybuild.selectors.organisations import organisation_scope_for_user


def _indented(organisation) -> str:
    return "—" * (organisation.depth - 1) + " " + organisation.name


class ScopedOrganisationForm(WagtailAdminModelForm):
    """A course, bank or exam form whose 党组织 is one of the administrator's subtree."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "organisation" in self.fields:
            field = self.fields["organisation"]
            field.queryset = organisation_scope_for_user(user=self.for_user).order_by("path")
            field.label_from_instance = _indented
            organisation_chooser_use(field)


class ExamForm(ScopedOrganisationForm):
    """An exam: its bank from the administrator's subtree or above it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["bank"].queryset = question_bank_choices_for_user(
                user=self.for_user
            ).select_related("organisation")


class ReportForm(forms.Form):
    """The organisation whose 学习情况 (report, leaderboard) is shown."""

    organisation = forms.ModelChoiceField(queryset=None, label=_("党组织"))
    order = forms.ChoiceField(
        label=_("排序"),
        choices=[("points", _("学习积分")), ("completion", _("完成课程数"))],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_scope_for_user(user=user).order_by(
            "path"
        )
        self.fields["organisation"].label_from_instance = _indented
        organisation_chooser_use(self.fields["organisation"])
