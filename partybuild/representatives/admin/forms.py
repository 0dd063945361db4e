"""The admin forms of 党代表: choices limited to the user's subtree."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from partybuild.admin.choosers import member_chooser_use, organisation_chooser_use
from partybuild.representatives.models import Congress, Proposal, Representative
from partybuild.representatives.selectors import congress_choices
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.organisations import organisation_scope_for_user


def _tree_label(organisation) -> str:
    return "—" * (organisation.depth - 1) + " " + organisation.name


class CongressForm(WagtailAdminModelForm):
    """A congress term held by an organisation of the user's subtree."""

    class Meta:
        model = Congress
        fields = ["organisation", "level", "name", "number", "term_start", "term_end"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisation_scope_for_user(user=self.for_user).order_by("path")
        field.label_from_instance = _tree_label
        organisation_chooser_use(field)


class RepresentativeForm(WagtailAdminModelForm):
    """A representative: a member and a constituency of the user's subtree."""

    class Meta:
        model = Representative
        fields = ["congress", "member", "constituency", "elected_on", "ended_on", "end_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = congress_choices()
        self.fields["member"].queryset = (
            member_scope_for_user(user=self.for_user)
            .filter(is_on_roll=True)
            .select_related("organisation")
            .order_by("organisation__path", "name_sort_key", "pk")
        )
        self.fields["member"].label_from_instance = lambda m: f"{m.name}（{m.organisation.name}）"
        member_chooser_use(self.fields["member"], on_roll="1")
        field = self.fields["constituency"]
        field.queryset = organisation_scope_for_user(user=self.for_user).order_by("path")
        field.label_from_instance = _tree_label
        organisation_chooser_use(field)


class ProposalReplyForm(forms.Form):
    """办理情况: the handling organisation, then its reply."""

    handling_organisation = forms.CharField(label=_("承办单位"), max_length=200)
    reply = forms.CharField(
        label=_("答复"), widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=5000
    )
    replied_on = forms.DateField(label=_("答复日期"), required=False)

    @classmethod
    def for_proposal(cls, proposal: Proposal) -> dict:
        return {
            "handling_organisation": proposal.handling_organisation,
            "reply": proposal.reply,
            "replied_on": proposal.replied_on,
        }
