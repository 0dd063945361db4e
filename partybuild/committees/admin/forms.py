"""Forms of the 班子成员与换届 admin: registering a term (rows of member and post), the 请示, a
批复, and the election's votes (rows of candidate, post and votes)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuild.admin.choosers import MemberChooserField
from partybuild.committees.models import CommitteePost, TermFormation
from partybuild.committees.services import INELIGIBLE_STANDINGS, CandidateVotes, Seat
from partybuild.models import Member, MemberCategory, Organisation

#: How many rows of members a term's form offers (a committee has at most 7 members besides
#: the 党委's larger ones, docs/domain.md §1).
SEAT_ROWS = 9


def _date_field(label) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


def eligible_members(organisation: Organisation):
    """正式党员 on the roll of the organisation's subtree in good standing, by name."""
    return (
        Member.objects.filter(
            organisation__path__startswith=organisation.path,
            is_on_roll=True,
            category=MemberCategory.FULL,
        )
        .exclude(standing__in=INELIGIBLE_STANDINGS)
        .order_by("name_sort_key", "pk")
    )


class _RowsMixin:
    """Numbered rows of fields (``row_fields``), filled rows read back by :meth:`rows`."""

    row_prefix = "seat"

    def _add_rows(self, organisation: Organisation, *, with_votes: bool) -> None:
        members = eligible_members(organisation)
        # The modal lists the subtree's 正式党员 on the roll; the form refuses the ineligible.
        chooser_params = {
            "organisation": organisation.pk,
            "on_roll": "1",
            "category": MemberCategory.FULL,
        }
        for number in range(1, SEAT_ROWS + 1):
            self.fields[f"{self.row_prefix}_{number}_member"] = MemberChooserField(
                queryset=members,
                required=False,
                label=_("第%(n)s人") % {"n": number},
                url_params=chooser_params,
            )
            self.fields[f"{self.row_prefix}_{number}_post"] = forms.ChoiceField(
                choices=[("", "---------"), *CommitteePost.choices],
                required=False,
                label=_("职务"),
            )
            if with_votes:
                self.fields[f"{self.row_prefix}_{number}_votes"] = forms.IntegerField(
                    min_value=0, required=False, label=_("赞成票数")
                )

    def _rows(self, *, with_votes: bool) -> list[dict]:
        rows = []
        for number in range(1, SEAT_ROWS + 1):
            member = self.cleaned_data.get(f"{self.row_prefix}_{number}_member")
            if member is None:
                continue
            post = self.cleaned_data.get(f"{self.row_prefix}_{number}_post")
            if not post:
                self.add_error(f"{self.row_prefix}_{number}_post", _("请选择职务。"))
                continue
            row = {"member": member, "post": post}
            if with_votes:
                votes = self.cleaned_data.get(f"{self.row_prefix}_{number}_votes")
                if votes is None:
                    self.add_error(f"{self.row_prefix}_{number}_votes", _("请填写赞成票数。"))
                    continue
                row["votes"] = votes
            rows.append(row)
        return rows


class TermRegisterForm(_RowsMixin, forms.Form):
    """登记班子: the term's first day, how it was formed, the 批复文号 and its members."""

    starts_on = _date_field(_("任期开始日期"))
    formation = forms.ChoiceField(label=_("产生方式"), choices=TermFormation.choices)
    approval_number = forms.CharField(label=_("批复文号"), max_length=100, required=False)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_rows(organisation, with_votes=False)

    def clean(self):
        cleaned = super().clean()
        cleaned["seats"] = [Seat(**row) for row in self._rows(with_votes=False)]
        return cleaned


class RequestForm(forms.Form):
    """换届请示: its date, 文号 and (optionally) the document."""

    requested_on = _date_field(_("请示日期"))
    request_number = forms.CharField(label=_("请示文号"), max_length=100)
    document = forms.FileField(label=_("请示文件"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_on"].initial = timezone.localdate()


class ApprovalForm(forms.Form):
    """批复 (of the 请示 or of the result): its date and 文号."""

    approved_on = _date_field(_("批复日期"))
    approval_number = forms.CharField(label=_("批复文号"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_on"].initial = timezone.localdate()


class ElectionForm(_RowsMixin, forms.Form):
    """选举: the meeting's date, the voters present and each candidate's votes."""

    row_prefix = "candidate"
    held_on = _date_field(_("选举大会日期"))
    voters_present = forms.IntegerField(
        label=_("实到会有选举权的党员数"),
        min_value=1,
        help_text=_("候选人赞成票超过实到会有选举权人数的一半，始得当选。"),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_rows(organisation, with_votes=True)

    def clean(self):
        cleaned = super().clean()
        cleaned["candidates"] = [CandidateVotes(**row) for row in self._rows(with_votes=True)]
        return cleaned
