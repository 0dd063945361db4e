"""Member dossiers (党员档案, docs/domain.md §2)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuild.core.choices import ChoiceLabelsMixin
from partybuild.core.crypto import BlindIndexedModel
from partybuild.core.dates import ADULT_AGE, birthday, probation_end_date, probation_end_dates
from partybuild.core.names import name_keys
from partybuild.core.validators import parse_id_number

from .choices import Gender
from .identity import (
    IdNumberMixin,
    id_number_unique_constraint,
    phone_field,
    phone_index_field,
)
from .organisations import Organisation


class MemberCategory(models.TextChoices):
    """人员类别."""

    FULL = "full", _("正式党员")
    PROBATIONARY = "probationary", _("预备党员")


class MemberStanding(models.TextChoices):
    """党籍状态 (docs/domain.md §2)."""

    NORMAL = "normal", _("正常")
    RETAINED = "retained", _("保留党籍")
    RESTORED = "restored", _("恢复党籍")
    SUSPENDED = "suspended", _("停止党籍")
    EXPELLED = "expelled", _("开除党籍")


#: Standings that take a member out of a branch's count (docs/domain.md §1/§2): membership
#: suspended (停止党籍) or ended (开除党籍).
STANDINGS_NOT_COUNTED = (MemberStanding.SUSPENDED, MemberStanding.EXPELLED)


class Education(models.TextChoices):
    """学历."""

    POSTGRADUATE = "postgraduate", _("研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("中等专科")
    HIGH_SCHOOL = "high_school", _("高中")
    JUNIOR_HIGH_OR_BELOW = "junior_high_or_below", _("初中及以下")


class Degree(models.TextChoices):
    """学位."""

    DOCTOR = "doctor", _("博士")
    MASTER = "master", _("硕士")
    BACHELOR = "bachelor", _("学士")
    NONE = "none", _("无")


#: Organisation types a member may be placed in (docs/domain.md §1: a branch or group).
MEMBER_ORGANISATION_TYPES = ("branch", "group")


class Member(ChoiceLabelsMixin, IdNumberMixin, BlindIndexedModel):
    """A party member's dossier; belongs to exactly one 党支部 or 党小组."""

    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True, default="汉族")
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    native_place = models.CharField(_("籍贯"), max_length=100, blank=True)
    phone = phone_field()
    phone_index = phone_index_field()
    home_address = models.CharField(_("家庭住址"), max_length=200, blank=True)
    education = models.CharField(_("学历"), max_length=30, choices=Education.choices, blank=True)
    degree = models.CharField(_("学位"), max_length=20, choices=Degree.choices, blank=True)
    school_major = models.CharField(_("毕业院校及专业"), max_length=200, blank=True)
    employer = models.CharField(_("工作单位"), max_length=200, blank=True)
    job_post = models.CharField(
        _("工作岗位"), max_length=100, blank=True, help_text=_("可填写编码值，如「502退休人员」。")
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所在党组织"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    category = models.CharField(
        _("人员类别"), max_length=20, choices=MemberCategory.choices, default=MemberCategory.FULL
    )
    joined_on = models.DateField(_("入党日期"), null=True, blank=True)
    confirmed_on = models.DateField(_("转正日期"), null=True, blank=True)
    standing = models.CharField(
        _("党籍状态"), max_length=20, choices=MemberStanding.choices, default=MemberStanding.NORMAL
    )
    is_lost_contact = models.BooleanField(_("失联党员"), default=False)
    is_abroad = models.BooleanField(_("出国(境)党员"), default=False)
    is_mobile = models.BooleanField(_("流动党员"), default=False)
    is_on_roll = models.BooleanField(
        _("在册"), default=True, help_text=_("转出到系统外后不再在册，档案保留。")
    )
    photo = models.ForeignKey(
        "partybuild.PrivateFile",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
    )
    name_initials = models.CharField(
        _("姓名拼音首字母"), max_length=50, blank=True, editable=False, db_index=True
    )
    name_sort_key = models.CharField(
        _("姓氏笔画排序键"), max_length=200, blank=True, editable=False, db_index=True
    )
    created_at = models.DateTimeField(_("建档时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        ordering = ["organisation__path", "name_sort_key", "pk"]
        constraints = [id_number_unique_constraint("member_id_number_unique")]
        indexes = [
            # 政治生日 of a month (partybuild/care/selectors.py ``anniversary_list``), counted in
            # 我的任务: a month's members are read from this index, not from the whole table.
            models.Index(ExtractMonth("joined_on"), name="member_joined_month"),
        ]
        permissions = [("view_full_identity", _("查看完整身份信息"))]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_initials, self.name_sort_key = name_keys(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_initials", "name_sort_key"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """docs/domain.md §2/§3: identity, dates of birth, joining and full membership,
        placement."""
        super().clean()
        errors = self.id_number_errors(birth_date=self.birth_date, gender=self.gender)
        errors.update(self.validate_id_number_unique())
        for field, error in self._date_errors(today=timezone.localdate()).items():
            errors.setdefault(field, error)
        if self.organisation_id and self.organisation.org_type not in MEMBER_ORGANISATION_TYPES:
            errors["organisation"] = ValidationError(
                _("党员只能编入党支部或党小组。"), code="member_organisation_type"
            )
        if errors:
            raise ValidationError(errors)

    def _date_errors(self, *, today: datetime.date) -> dict[str, ValidationError]:
        """The dates that cannot be true (docs/domain.md §2/§3), keyed by field: a birth date,
        入党日期 or 转正日期 after ``today``; a member under 18 on the 入党日期; a 转正日期 that is
        not the end of the probation; a 正式党员 whose probation cannot have ended yet.

        The end of the probation is 入党日期 + 1 year, or + 1 year 6 months to 2 years (whole
        months) when it was extended: a dossier does not record the extension, so any of these
        ends is accepted. So is the day before each (the year counted inclusively), the way the
        records imported from the previous platform write it (6 of the seed's 8 members, e.g.
        1971-07-13 → 1972-07-12, beside 1972-08-06 → 1973-08-06).
        """
        errors: dict[str, ValidationError] = {}
        if self.birth_date and self.birth_date > today:
            errors["birth_date"] = ValidationError(
                _("出生日期不能晚于今天。"), code="birth_date_future"
            )
        born = self.birth_date or self._id_number_birth_date()
        joined = self.joined_on
        if joined and joined > today:
            errors["joined_on"] = ValidationError(
                _("入党日期不能晚于今天。"), code="joined_in_future"
            )
        elif joined and born and joined < birthday(born, ADULT_AGE):
            errors["joined_on"] = ValidationError(
                _("入党时须年满18周岁：入党日期不能早于%(date)s（18周岁生日）。"),
                code="joined_under_18",
                params={"date": birthday(born, ADULT_AGE).isoformat()},
            )
        if self.category == MemberCategory.PROBATIONARY and self.confirmed_on:
            errors["confirmed_on"] = ValidationError(
                _("预备党员不应有转正日期。"), code="probationary_confirmed"
            )
        elif self.confirmed_on and self.confirmed_on > today:
            errors["confirmed_on"] = ValidationError(
                _("转正日期不能晚于今天。"), code="confirmed_in_future"
            )
        elif joined and self.confirmed_on:
            ends = probation_end_dates(joined)
            day = datetime.timedelta(days=1)
            if self.confirmed_on not in ends and self.confirmed_on + day not in ends:
                errors["confirmed_on"] = ValidationError(
                    _(
                        "转正日期应为预备期满之日：入党日期满1年（%(end)s）；"
                        "延长预备期的，为满1年6个月至2年之日（%(earliest)s至%(latest)s）。"
                    ),
                    code="confirmed_not_probation_end",
                    params={
                        "end": ends[0].isoformat(),
                        "earliest": ends[1].isoformat(),
                        "latest": ends[-1].isoformat(),
                    },
                )
        if (
            self.category == MemberCategory.FULL
            and joined
            and "joined_on" not in errors
            and probation_end_date(joined) - datetime.timedelta(days=1) > today
        ):
            errors["category"] = ValidationError(
                _("入党未满1年，预备期尚未结束（%(end)s期满），不能登记为正式党员。"),
                code="full_before_probation_end",
                params={"end": probation_end_date(joined).isoformat()},
            )
        return errors

    def _id_number_birth_date(self) -> datetime.date | None:
        """The birth date the ID number states, if it is a valid number."""
        try:
            return parse_id_number(self.id_number).birth_date if self.id_number else None
        except ValidationError:
            return None

    @property
    def flags(self) -> list[str]:
        """The flags a member carries besides their standing (失联, 出国(境), 流动党员)."""
        labels = []
        for field in ("is_lost_contact", "is_abroad", "is_mobile"):
            if getattr(self, field):
                labels.append(str(self._meta.get_field(field).verbose_name))
        return labels
