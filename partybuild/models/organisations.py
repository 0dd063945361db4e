"""The organisation tree (docs/domain.md §1): 党委 → 党总支 → 党支部 → 党小组."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from partybuild.core.choices import ChoiceLabelsMixin
from partybuild.core.dates import add_years
from partybuild.core.validators import validate_contact_phone


class OrganisationType(models.TextChoices):
    """组织类别 (docs/domain.md §1)."""

    COMMITTEE = "committee", _("党委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")
    GROUP = "group", _("党小组")


# docs/domain.md §1: which type may sit directly under which; ``None`` is the top of the tree.
ALLOWED_PARENT_TYPES: dict[str, tuple[str | None, ...]] = {
    OrganisationType.COMMITTEE: (None, OrganisationType.COMMITTEE),
    OrganisationType.GENERAL_BRANCH: (OrganisationType.COMMITTEE,),
    OrganisationType.BRANCH: (OrganisationType.COMMITTEE, OrganisationType.GENERAL_BRANCH),
    OrganisationType.GROUP: (OrganisationType.BRANCH,),
}

# docs/domain.md §1: term of office in years; a term may be advanced or delayed by at most 1 year.
TERM_YEARS: dict[str, int | None] = {
    OrganisationType.COMMITTEE: 5,
    OrganisationType.GENERAL_BRANCH: 3,
    OrganisationType.BRANCH: 3,
    OrganisationType.GROUP: None,
}
# docs/domain.md §1: the 党委, 党总支 and 党支部 of villages and urban communities serve 5 years.
VILLAGE_OR_COMMUNITY_TERM_YEARS = 5
TERM_TOLERANCE_YEARS = 1


def organisation_term_years(*, org_type: str, is_village_or_community: bool) -> int | None:
    """The years of a term of office of an organisation of ``org_type`` (None: it has no term),
    5 for every type that has one in a village or urban community (docs/domain.md §1)."""
    years = TERM_YEARS.get(org_type)
    if years is not None and is_village_or_community:
        return VILLAGE_OR_COMMUNITY_TERM_YEARS
    return years


# docs/domain.md §1: the size of a 党支部, counted in members on the roll and in good standing.
BRANCH_MIN_FULL_MEMBERS = 3  # fewer 正式党员: warned (a branch needs 3 to be formed)
BRANCH_COMMITTEE_MIN_FULL_MEMBERS = 7  # from 7 正式党员 a branch has a 支部委员会
BRANCH_MAX_MEMBERS = 50  # more members: warned (a branch should not exceed 50)


def branch_has_committee(*, full_members: int) -> bool:
    """Whether a 党支部 with ``full_members`` 正式党员 has a 支部委员会 (docs/domain.md §1): from
    7; a smaller branch has a secretary (and maybe a deputy) and holds no 支委会."""
    return full_members >= BRANCH_COMMITTEE_MIN_FULL_MEMBERS


def branch_size_warnings(*, full_members: int, members: int) -> list[str]:
    """The warnings (shown, never refusals) about a 党支部 of ``full_members`` 正式党员 among
    ``members`` members (docs/domain.md §1): fewer than 3 正式党员, more than 50 members."""
    warnings = []
    if full_members < BRANCH_MIN_FULL_MEMBERS:
        warnings.append(
            str(
                _("正式党员不足%(min)s人（现有%(count)s人），不符合成立党支部的条件。")
                % {"min": BRANCH_MIN_FULL_MEMBERS, "count": full_members}
            )
        )
    if members > BRANCH_MAX_MEMBERS:
        warnings.append(
            str(
                _("党员超过%(max)s人（现有%(count)s人），党支部党员人数一般不超过%(max)s人。")
                % {"max": BRANCH_MAX_MEMBERS, "count": members}
            )
        )
    return warnings


class UnitPartyStatus(models.TextChoices):
    """单位建立党组织情况 (the seed's table; docs/domain.md §1)."""

    SAME_AS_PARENT = "same_as_parent", _("与上级党组织相同")
    STANDALONE = "standalone", _("单独建立")
    JOINT = "joint", _("联合建立")


class Organisation(ChoiceLabelsMixin, MP_Node):
    """A party organisation; a subtree is one indexed prefix query on ``path``.

    Nesting is checked by :func:`partybuild.services.organisations.organisation_create` and
    ``organisation_move``; field rules by :meth:`clean`.
    """

    name = models.CharField(_("党组织名称"), max_length=100)
    org_type = models.CharField(_("组织类别"), max_length=20, choices=OrganisationType.choices)
    code = models.CharField(
        _("组织编码"),
        max_length=50,
        unique=True,
        error_messages={"unique": _("该组织编码已被使用。")},
    )
    leader_name = models.CharField(_("组织负责人"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("联系方式"), max_length=30, blank=True, validators=[validate_contact_phone]
    )
    unit_party_status = models.CharField(
        _("单位建立党组织情况"),
        max_length=20,
        choices=UnitPartyStatus.choices,
        default=UnitPartyStatus.SAME_AS_PARENT,
    )
    sort_order = models.PositiveIntegerField(
        _("排序"), default=0, help_text=_("同级组织按此数字从小到大排列。")
    )
    is_village_or_community = models.BooleanField(
        _("村（社区）党组织"),
        default=False,
        help_text=_("村、社区的党委、党总支和党支部每届任期5年。"),
    )
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    term_start = models.DateField(_("本届任期开始日期"), null=True, blank=True)
    term_end = models.DateField(_("本届任期届满日期"), null=True, blank=True)
    remarks = models.TextField(_("备注"), blank=True)

    node_order_by = ["sort_order", "code"]

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def type_label(self) -> str:
        return self.get_org_type_display()

    @property
    def term_years(self) -> int | None:
        """The years of this organisation's term of office (None: a 党小组 has no term)."""
        return organisation_term_years(
            org_type=self.org_type, is_village_or_community=self.is_village_or_community
        )

    def clean(self) -> None:
        """Field-level rules that do not depend on the node's position in the tree."""
        super().clean()
        errors: dict[str, list[ValidationError]] = {}
        today = timezone.localdate()
        if self.founded_on and self.founded_on > today:
            errors.setdefault("founded_on", []).append(
                ValidationError(_("成立日期不能晚于今天。"), code="founded_in_future")
            )
        errors.update(self._term_errors())
        if errors:
            raise ValidationError(errors)

    def _term_errors(self) -> dict[str, list[ValidationError]]:
        errors: dict[str, list[ValidationError]] = {}
        years = self.term_years
        if years is None:
            if self.term_start or self.term_end:
                errors["term_start"] = [
                    ValidationError(
                        _("党小组不设任期，请不要填写任期日期。"), code="term_not_applicable"
                    )
                ]
            return errors
        if bool(self.term_start) != bool(self.term_end):
            field = "term_end" if self.term_start else "term_start"
            errors[field] = [
                ValidationError(_("任期开始日期和届满日期应同时填写。"), code="term_incomplete")
            ]
            return errors
        if not self.term_start:
            return errors
        if self.founded_on and self.term_start < self.founded_on:
            errors["term_start"] = [
                ValidationError(_("任期开始日期不能早于成立日期。"), code="term_before_founding")
            ]
        # docs/domain.md §1: the term may be advanced or delayed by at most one year.
        earliest = add_years(self.term_start, years - TERM_TOLERANCE_YEARS)
        latest = add_years(self.term_start, years + TERM_TOLERANCE_YEARS)
        if not (earliest - datetime.timedelta(days=1) <= self.term_end <= latest):
            errors["term_end"] = [
                ValidationError(
                    _(
                        "%(type)s每届任期%(years)s年，提前或延期换届不得超过1年："
                        "届满日期应在%(earliest)s至%(latest)s之间。"
                    ),
                    code="term_length",
                    params={
                        "type": _("村（社区）%(type)s") % {"type": self.get_org_type_display()}
                        if self.is_village_or_community
                        else self.get_org_type_display(),
                        "years": years,
                        "earliest": (earliest - datetime.timedelta(days=1)).isoformat(),
                        "latest": latest.isoformat(),
                    },
                )
            ]
        return errors
