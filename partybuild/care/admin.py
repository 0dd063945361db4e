"""党内关怀 in the admin: 困难党员 (listing with the yearly review flag, registering, a record's
page with its visits, review and closing), 帮扶慰问 (listing, recording), 光荣在党50年 (the list
of a year) and 政治生日 (the list of a month), each listing exportable as xlsx. Records outside
the user's subtree are 404; the services refuse the rest."""

import datetime

from django import forms
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem

from partybuild.admin.choosers import MemberChooserField, OrganisationChooserField
from partybuild.admin.common import PermissionMenuItem, ScopedOrganisationFieldMixin
from partybuild.admin.permissions import require_administrator
from partybuild.admin.register_pages import register_list_response, register_service_form_response
from partybuild.care import services
from partybuild.care.excel import care_visit_xlsx, hardship_xlsx, member_list_xlsx
from partybuild.care.models import CareVisitKind, HardshipKind, HardshipLevel
from partybuild.care.selectors import (
    MEDAL_YEARS,
    anniversary_list,
    care_visit_list,
    hardship_is_review_due,
    hardship_list,
    medal_list,
)
from partybuild.models import Member, Organisation
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.selectors.roles import user_administers

VIEW = "care.view_hardshipmember"
CHANGE = "care.change_hardshipmember"
ADD = "care.add_hardshipmember"
VISIT_VIEW = "care.view_carevisit"
VISIT_ADD = "care.add_carevisit"

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def _tabs(current: str) -> list[tuple[str, str, bool]]:
    return [
        (_("困难党员"), reverse("care_hardships"), current == "hardships"),
        (_("帮扶慰问"), reverse("care_visits"), current == "visits"),
        (_("光荣在党50年"), reverse("care_medals"), current == "medals"),
        (_("政治生日"), reverse("care_anniversaries"), current == "anniversaries"),
    ]


def _member_field(user) -> forms.ModelChoiceField:
    field = MemberChooserField(
        label=gettext_lazy("党员"), queryset=Member.objects.none(), url_params={"on_roll": "1"}
    )
    field.queryset = (
        member_scope_for_user(user=user)
        .filter(is_on_roll=True)
        .select_related("organisation")
        .order_by("organisation__path", "name_sort_key", "pk")
    )
    return field


class HardshipFilterForm(ScopedOrganisationFieldMixin, forms.Form):
    """困难党员 list filters: organisation (a scoped chooser), kind, level and state."""

    organisation = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("党组织"), required=False
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("困难类型"),
        required=False,
        choices=[("", "全部"), *HardshipKind.choices],
    )
    level = forms.ChoiceField(
        label=gettext_lazy("困难程度"),
        required=False,
        choices=[("", "全部"), *HardshipLevel.choices],
    )
    state = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[("", "在册"), ("due", "待年度复核"), ("closed", "已解除"), ("all", "全部")],
    )


class HardshipForm(forms.Form):
    """登记困难党员."""

    kind = forms.ChoiceField(label=gettext_lazy("困难类型"), choices=HardshipKind.choices)
    level = forms.ChoiceField(label=gettext_lazy("困难程度"), choices=HardshipLevel.choices)
    description = forms.CharField(
        label=gettext_lazy("困难情况"), widget=forms.Textarea(attrs={"rows": 3})
    )
    registered_on = forms.DateField(label=gettext_lazy("登记日期"), widget=DATE_INPUT)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"member": _member_field(user), **self.fields}


class ReviewForm(forms.Form):
    """年度复核 of a 困难党员 record: its date, the level found and a note."""

    reviewed_on = forms.DateField(label=gettext_lazy("复核日期"), widget=DATE_INPUT)
    level = forms.ChoiceField(label=gettext_lazy("困难程度"), choices=HardshipLevel.choices)
    note = forms.CharField(label=gettext_lazy("复核意见"), max_length=200, required=False)


class CloseForm(forms.Form):
    """解除 a 困难党员 record: its date and reason."""

    closed_on = forms.DateField(label=gettext_lazy("解除日期"), widget=DATE_INPUT)
    reason = forms.CharField(label=gettext_lazy("解除原因"), max_length=200)


class VisitFilterForm(ScopedOrganisationFieldMixin, forms.Form):
    """帮扶慰问 list filters: organisation (a scoped chooser), kind of care and year."""

    organisation = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("党组织"), required=False
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("关怀方式"),
        required=False,
        choices=[("", "全部"), *CareVisitKind.choices],
    )
    year = forms.IntegerField(
        label=gettext_lazy("年度"), required=False, min_value=1921, max_value=9999
    )


class VisitForm(forms.Form):
    """登记帮扶或慰问."""

    kind = forms.ChoiceField(label=gettext_lazy("关怀方式"), choices=CareVisitKind.choices)
    visited_on = forms.DateField(label=gettext_lazy("日期"), widget=DATE_INPUT)
    organisation = OrganisationChooserField(
        label=gettext_lazy("开展党组织"), queryset=Organisation.objects.none()
    )
    visitor = forms.CharField(label=gettext_lazy("帮扶或慰问人"), max_length=100)
    content = forms.CharField(
        label=gettext_lazy("帮扶或慰问内容"), widget=forms.Textarea(attrs={"rows": 3})
    )
    amount = forms.CharField(
        label=gettext_lazy("金额（元）"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("慰问金或帮扶资金，精确到分；无则留空"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"member": _member_field(user), **self.fields}
        self.fields["organisation"].queryset = organisation_scope_for_user(user=user).order_by(
            "path"
        )
        self.fields["organisation"].label_from_instance = lambda o: (
            "—" * (o.depth - 1) + " " + o.name
        )


class MemberListFilterForm(ScopedOrganisationFieldMixin, forms.Form):
    """Filter of the computed member lists (光荣在党50年, 政治生日): the organisation."""

    organisation = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("党组织"), required=False
    )


def _organisation_id(form) -> int | None:
    if form.is_valid() and form.cleaned_data.get("organisation"):
        return form.cleaned_data["organisation"].pk
    return None


def _hardship_filters(form) -> dict:
    """``hardship_list``'s filters from the listing's form (the records in force by default)."""
    filters: dict = {"active": True}
    if form.is_valid():
        data = form.cleaned_data
        filters["organisation_id"] = data["organisation"].pk if data["organisation"] else None
        filters["kind"] = data["kind"] or None
        filters["level"] = data["level"] or None
        state = data["state"]
        if state == "due":
            filters["review_due"] = True
        elif state == "closed":
            filters["active"] = False
        elif state == "all":
            filters["active"] = None
    return filters


def _hardship_state(record) -> str:
    """A record's 状态 column: 已解除 with its date, 待年度复核 or 在册."""
    if record.closed_on:
        return _("%(date)s 已解除") % {"date": f"{record.closed_on:%Y-%m-%d}"}
    return _("待年度复核") if record.review_due else _("在册")


def hardship_list_view(request):
    """困难党员 of the user's subtree; ``?format=xlsx`` downloads the selection."""
    require_administrator(request.user, VIEW)
    form = HardshipFilterForm(request.GET or None, user=request.user)
    records = hardship_list(user=request.user, **_hardship_filters(form))
    actions = (
        [(_("登记困难党员"), reverse("care_hardship_add"))]
        if user_administers(request.user, ADD)
        else []
    )

    def row(record):
        return [
            (record.member.name, reverse("care_hardship", args=[record.pk])),
            record.member.organisation.name,
            record.get_kind_display(),
            record.get_level_display(),
            f"{record.registered_on:%Y-%m-%d}",
            f"{record.reviewed_on:%Y-%m-%d}",
            _hardship_state(record),
        ]

    return register_list_response(
        request,
        items=records,
        headings=[
            _("姓名"),
            _("所在党组织"),
            _("困难类型"),
            _("困难程度"),
            _("登记日期"),
            _("最近复核日期"),
            _("状态"),
        ],
        row=row,
        export=lambda items: hardship_xlsx(records=items.iterator()),
        filename=f"困难党员-{timezone.localdate():%Y%m%d}.xlsx",
        header_title=_("党内关怀"),
        tabs=_tabs("hardships"),
        filter_fields=[form["organisation"], form["kind"], form["level"], form["state"]],
        actions=actions,
        intro=_("困难党员每年至少复核一次：上次复核满12个月未再复核的，标为「待年度复核」并提醒。"),
        empty_message=_("没有困难党员记录。"),
    )


def hardship_add_view(request):
    """登记困难党员."""
    require_administrator(request.user, ADD)
    form = HardshipForm(
        request.POST or None, user=request.user, initial={"registered_on": timezone.localdate()}
    )

    return register_service_form_response(
        request,
        form=form,
        service=lambda data: services.hardship_register(actor=request.user, **data),
        done_message=lambda record: (
            _("已登记困难党员「%(name)s」。") % {"name": record.member.name}
        ),
        done_url=lambda record: reverse("care_hardship", args=[record.pk]),
        header_title=_("登记困难党员"),
        submit_label=_("登记"),
        tabs=_tabs("hardships"),
    )


def _record(request, record_id: int):
    return get_object_or_404(hardship_list(user=request.user, active=None), pk=record_id)


def hardship_detail_view(request, record_id: int):
    """One 困难党员 record: its facts, the review flag, the member's visits, and the review and
    close forms while in force."""
    require_administrator(request.user, VIEW)
    record = _record(request, record_id)
    may_change = user_administers(request.user, CHANGE) and record.closed_on is None
    today = timezone.localdate()
    visits = care_visit_list(user=request.user).filter(member=record.member)[:50]
    return TemplateResponse(
        request,
        "partybuild/care/hardship_detail.html",
        {
            "header_title": record.member.name,
            "tabs": _tabs("hardships"),
            "record": record,
            "review_due": hardship_is_review_due(record=record, today=today),
            "visits": visits,
            "review_form": ReviewForm(initial={"reviewed_on": today, "level": record.level})
            if may_change
            else None,
            "close_form": CloseForm(initial={"closed_on": today}) if may_change else None,
        },
    )


def _hardship_change_response(
    request,
    record_id: int,
    *,
    form_class,
    service,
    done_message: str,
    title: str,
    submit_label: str,
):
    """A form page that runs ``service`` on the record (404 outside the subtree), then goes
    back to the record's page; ``title`` names the member with ``%(name)s``."""
    require_administrator(request.user, CHANGE)
    record = _record(request, record_id)
    return register_service_form_response(
        request,
        form=form_class(request.POST or None),
        service=lambda data: service(record=record, actor=request.user, **data),
        done_message=done_message,
        done_url=reverse("care_hardship", args=[record.pk]),
        header_title=title % {"name": record.member.name},
        submit_label=submit_label,
        tabs=_tabs("hardships"),
    )


def hardship_review_view(request, record_id: int):
    """年度复核 of a record."""
    return _hardship_change_response(
        request,
        record_id,
        form_class=ReviewForm,
        service=services.hardship_review,
        done_message=_("已复核。"),
        title=_("年度复核：%(name)s"),
        submit_label=_("复核"),
    )


def hardship_close_view(request, record_id: int):
    """解除 a record."""
    return _hardship_change_response(
        request,
        record_id,
        form_class=CloseForm,
        service=services.hardship_close,
        done_message=_("已解除困难党员登记。"),
        title=_("解除困难党员登记：%(name)s"),
        submit_label=_("解除"),
    )


def visit_list_view(request):
    """帮扶 and 慰问 of the user's subtree; ``?format=xlsx`` downloads the selection."""
    require_administrator(request.user, VISIT_VIEW)
    form = VisitFilterForm(request.GET or None, user=request.user)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters["organisation_id"] = data["organisation"].pk if data["organisation"] else None
        filters["kind"] = data["kind"] or None
        filters["year"] = data["year"]
    visits = care_visit_list(user=request.user, **filters)
    actions = (
        [(_("登记帮扶慰问"), reverse("care_visit_add"))]
        if user_administers(request.user, VISIT_ADD)
        else []
    )
    return register_list_response(
        request,
        items=visits,
        headings=[
            _("姓名"),
            _("所在党组织"),
            _("关怀方式"),
            _("日期"),
            _("开展党组织"),
            _("帮扶或慰问人"),
            _("内容"),
            _("金额（元）"),
        ],
        row=lambda v: [
            v.member.name,
            v.member.organisation.name,
            v.get_kind_display(),
            f"{v.visited_on:%Y-%m-%d}",
            v.organisation.name,
            v.visitor,
            v.content,
            f"{v.amount:.2f}",
        ],
        export=lambda items: care_visit_xlsx(visits=items.iterator()),
        filename=f"帮扶慰问-{timezone.localdate():%Y%m%d}.xlsx",
        header_title=_("党内关怀"),
        tabs=_tabs("visits"),
        filter_fields=[form["organisation"], form["kind"], form["year"]],
        actions=actions,
        empty_message=_("没有帮扶慰问记录。"),
    )


def visit_add_view(request):
    """登记帮扶或慰问 (for ``?member=<id>`` when given)."""
    require_administrator(request.user, VISIT_ADD)
    initial = {"visited_on": timezone.localdate()}
    if (member_id := request.GET.get("member", "")).isdigit():
        member = get_object_or_404(member_scope_for_user(user=request.user), pk=member_id)
        initial.update(member=member, organisation=member.organisation)
    form = VisitForm(request.POST or None, user=request.user, initial=initial)

    return register_service_form_response(
        request,
        form=form,
        service=lambda data: services.care_visit_record(actor=request.user, **data),
        done_message=lambda visit: (
            _("已登记对「%(name)s」的%(kind)s。")
            % {"name": visit.member.name, "kind": visit.get_kind_display()}
        ),
        done_url=reverse("care_visits"),
        header_title=_("登记帮扶慰问"),
        submit_label=_("登记"),
        tabs=_tabs("visits"),
    )


def _member_row(member: Member, years: int) -> list:
    return [
        member.name,
        member.get_gender_display(),
        member.organisation.name,
        f"{member.joined_on:%Y-%m-%d}" if member.joined_on else "—",
        f"{member.confirmed_on:%Y-%m-%d}" if member.confirmed_on else "—",
        str(years),
    ]


def _year(request) -> int:
    value = request.GET.get("year", "")
    if value.isdigit() and 1971 <= int(value) <= 9999:
        return int(value)
    return timezone.localdate().year


def medal_list_view(request):
    """光荣在党50年纪念章 of ``?year=`` (this year by default) for the user's subtree."""
    require_administrator(request.user, VIEW)
    year = _year(request)
    form = MemberListFilterForm(request.GET or None, user=request.user)
    members = medal_list(user=request.user, year=year, organisation_id=_organisation_id(form))
    title = _("%(year)s年光荣在党50年纪念章名单") % {"year": year}
    return register_list_response(
        request,
        items=members,
        headings=[
            _("姓名"),
            _("性别"),
            _("所在党组织"),
            _("入党日期"),
            _("转正日期"),
            _("党龄（年）"),
        ],
        row=lambda m: _member_row(m, MEDAL_YEARS),
        export=lambda items: member_list_xlsx(
            title=_("光荣在党50年"), members=items.iterator(), years=lambda m: MEDAL_YEARS
        ),
        filename=f"{title}.xlsx",
        header_title=_("党内关怀"),
        tabs=_tabs("medals"),
        filter_fields=[form["organisation"]],
        actions=[(_("%(year)s年") % {"year": y}, f"?year={y}") for y in (year - 1, year + 1)],
        intro=_(
            "%(title)s：党龄（自转正之日起计算）在%(prev)s年7月2日至%(year)s年7月1日期间"
            "满50周年的在册正式党员。"
        )
        % {"title": title, "prev": year - 1, "year": year},
        empty_message=_("该年度没有党龄满50周年的党员。"),
        header_icon="pick",
    )


def _month(request) -> datetime.date:
    value = request.GET.get("month", "")
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


def anniversary_list_view(request):
    """政治生日 of ``?month=YYYY-MM`` (this month by default) for the user's subtree."""
    require_administrator(request.user, VIEW)
    month = _month(request)
    form = MemberListFilterForm(request.GET or None, user=request.user)
    members = anniversary_list(
        user=request.user, month=month, organisation_id=_organisation_id(form)
    )
    title = _("%(year)s年%(month)s月政治生日") % {"year": month.year, "month": month.month}
    return register_list_response(
        request,
        items=members,
        headings=[
            _("姓名"),
            _("性别"),
            _("所在党组织"),
            _("入党日期"),
            _("转正日期"),
            _("入党周年"),
        ],
        row=lambda m: _member_row(m, month.year - m.joined_on.year),
        export=lambda items: member_list_xlsx(
            title=_("政治生日"),
            members=items.iterator(),
            years=lambda m: month.year - m.joined_on.year,
        ),
        filename=f"{title}.xlsx",
        header_title=_("党内关怀"),
        tabs=_tabs("anniversaries"),
        filter_fields=[form["organisation"]],
        intro=_("%(title)s：入党日期在本月的党员，请党支部书记为其过政治生日。") % {"title": title},
        empty_message=_("本月没有过政治生日的党员。"),
    )


def care_urlpatterns() -> list:
    return [
        path("care/hardships/", hardship_list_view, name="care_hardships"),
        path("care/hardships/add/", hardship_add_view, name="care_hardship_add"),
        path("care/hardships/<int:record_id>/", hardship_detail_view, name="care_hardship"),
        path(
            "care/hardships/<int:record_id>/review/",
            hardship_review_view,
            name="care_hardship_review",
        ),
        path(
            "care/hardships/<int:record_id>/close/",
            hardship_close_view,
            name="care_hardship_close",
        ),
        path("care/visits/", visit_list_view, name="care_visits"),
        path("care/visits/add/", visit_add_view, name="care_visit_add"),
        path("care/medals/", medal_list_view, name="care_medals"),
        path("care/anniversaries/", anniversary_list_view, name="care_anniversaries"),
    ]


def care_menu_item() -> MenuItem:
    """党内关怀 in the menu of administrators holding its permission."""
    return PermissionMenuItem(
        _("党内关怀"), reverse("care_hardships"), permission=VIEW, icon_name="pick", order=264
    )
