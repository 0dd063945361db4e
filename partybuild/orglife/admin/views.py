"""The meeting pages below the listing: create and edit a draft, the meeting's page with its
attendees and counts, 发布通知, 登记出勤, 会议记录 (minutes and files; corrections after closing)
and 结束会议. Meetings outside the user's subtree are 404; the services decide the rest."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton

from partybuild.admin.views import AdminPageMixin, ServiceFormView
from partybuild.models import Member
from partybuild.orglife.admin.forms import (
    AttendeeChoiceForm,
    ConfirmForm,
    MeetingForm,
    MinutesCorrectionForm,
    MinutesForm,
)
from partybuild.orglife.models import MeetingKind, MeetingStatus
from partybuild.orglife.selectors.meetings import (
    meeting_attendees,
    meeting_committee_attendees,
    meeting_counts,
    meeting_default_attendees,
    meeting_list_managed,
    meeting_scope_for_user,
)
from partybuild.orglife.services import meetings as services
from partybuild.uploads import upload_store_document, upload_store_image

URL_PREFIX = "meetings"


def url(name: str, *args) -> str:
    return reverse(f"{URL_PREFIX}:{name}", args=args)


class MeetingIndexView(generic.IndexView):
    """Meetings of the user's subtree with live counts (annotated: constant queries)."""

    def get_base_queryset(self):
        return meeting_list_managed(user=self.request.user)

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(_("新建会议"), url=url("create"), icon_name="plus"),
            HeaderButton(
                _("三会一课落实情况"), url=reverse("meeting_compliance"), icon_name="table"
            ),
            HeaderButton(_("民主评议"), url=reverse("meeting_evaluation"), icon_name="user"),
        ]


class MeetingPageMixin(AdminPageMixin):
    """A page below the 三会一课 listing."""

    header_icon = "date"
    index_label = gettext_lazy("三会一课")


class MeetingFormView(MeetingPageMixin, ServiceFormView):
    """A meeting form; ``run_service`` returns the URL to go to. A refusal for want of
    permission is shown above the form too, and so is every error above the form as a message."""

    submit_button_label = gettext_lazy("保存")

    def form_invalid(self, form):
        for error in form.non_field_errors():
            messages.error(self.request, error)
        return super().form_invalid(form)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("您无权进行此操作。"))
            return self.form_invalid(form)


class MeetingMixin:
    """The meeting named in the URL, 404 outside the user's subtree."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.meeting = get_object_or_404(
            meeting_scope_for_user(user=request.user).select_related(
                "organisation", "host", "recorder"
            ),
            pk=kwargs["pk"],
        )

    def get_page_subtitle(self):
        return self.meeting.topic


def _meeting_fields(data: dict) -> dict:
    return {key: data[key] for key in services.MEETING_FIELDS}


class MeetingCreateView(MeetingFormView):
    page_title = gettext_lazy("新建会议")

    def get_form(self, form_class=None):
        return MeetingForm(**self.get_form_kwargs(), user=self.request.user)

    def run_service(self, form):
        data = form.cleaned_data
        meeting = services.meeting_create(
            organisation=data["organisation"], actor=self.request.user, **_meeting_fields(data)
        )
        messages.success(self.request, _("已保存会议草稿。"))
        return url("detail", meeting.pk)


class MeetingEditView(MeetingMixin, MeetingFormView):
    page_title = gettext_lazy("修改会议")

    def get_initial(self):
        initial = {key: getattr(self.meeting, key) for key in services.MEETING_FIELDS}
        initial["organisation"] = self.meeting.organisation
        return initial

    def get_form(self, form_class=None):
        return MeetingForm(**self.get_form_kwargs(), user=self.request.user)

    def run_service(self, form):
        data = form.cleaned_data
        if data["organisation"] != self.meeting.organisation:
            raise ValidationError(
                {"organisation": ValidationError(_("不能更换召开会议的党组织。"), code="fixed")}
            )
        services.meeting_update(
            meeting=self.meeting, actor=self.request.user, **_meeting_fields(data)
        )
        messages.success(self.request, _("已保存。"))
        return url("detail", self.meeting.pk)


class MeetingDetailView(MeetingMixin, MeetingPageMixin, TemplateView):
    """One meeting: facts, live counts, attendees, minutes, files and corrections."""

    template_name = "partybuild/meetings/detail.html"

    def get_page_title(self):
        return str(self.meeting)

    @cached_property
    def header_buttons(self):
        pk, status = self.meeting.pk, self.meeting.status
        buttons = []
        if status == MeetingStatus.DRAFT:
            buttons.append(HeaderButton(_("修改"), url=url("edit", pk), icon_name="edit"))
            buttons.append(HeaderButton(_("发布通知"), url=url("publish", pk), icon_name="mail"))
        if status == MeetingStatus.PUBLISHED:
            buttons.append(
                HeaderButton(_("登记出勤"), url=url("attendance", pk), icon_name="check")
            )
            buttons.append(
                HeaderButton(_("会议记录"), url=url("minutes", pk), icon_name="doc-full")
            )
            buttons.append(HeaderButton(_("结束会议"), url=url("close", pk), icon_name="lock"))
        if status == MeetingStatus.CLOSED:
            buttons.append(
                HeaderButton(_("更正会议记录"), url=url("correct", pk), icon_name="edit")
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meeting"] = self.meeting
        context["counts"] = meeting_counts(meeting=self.meeting)
        context["attendees"] = meeting_attendees(meeting=self.meeting)
        context["attachments"] = self.meeting.attachments.select_related("document", "image")
        context["revisions"] = self.meeting.minutes_revisions.select_related("author")
        return context


class MeetingPublishView(MeetingMixin, MeetingFormView):
    """发布通知: choose the expected attendees (all on-roll members preselected; for a
    支部委员会 meeting the current committee members, partybuild.committees)."""

    page_title = gettext_lazy("发布会议通知")
    submit_button_label = gettext_lazy("发布")

    def _members(self):
        return meeting_default_attendees(organisation=self.meeting.organisation).select_related(
            "organisation"
        )

    def get_initial(self):
        if self.meeting.kind == MeetingKind.COMMITTEE:
            return {
                "members": list(meeting_committee_attendees(organisation=self.meeting.organisation))
            }
        return {"members": list(self._members())}

    def get_form(self, form_class=None):
        return AttendeeChoiceForm(
            **self.get_form_kwargs(),
            members=self._members(),
            label=_("应参会人员"),
            required=True,
        )

    def run_service(self, form):
        services.meeting_publish(
            meeting=self.meeting,
            actor=self.request.user,
            attendee_ids=[member.pk for member in form.cleaned_data["members"]],
        )
        messages.success(self.request, _("已发布会议通知。"))
        return url("detail", self.meeting.pk)


class MeetingAttendanceView(MeetingMixin, MeetingFormView):
    """登记出勤: a checkbox per expected attendee; ticked attended."""

    page_title = gettext_lazy("登记出勤")

    def _members(self):
        return Member.objects.filter(meeting_attendance__meeting=self.meeting).select_related(
            "organisation"
        )

    def get_initial(self):
        return {"members": list(self._members().filter(meeting_attendance__attended=True))}

    def get_form(self, form_class=None):
        return AttendeeChoiceForm(
            **self.get_form_kwargs(),
            members=self._members(),
            label=_("出席人员"),
        )

    def run_service(self, form):
        count = services.meeting_attendance_record(
            meeting=self.meeting,
            attended_member_ids=[member.pk for member in form.cleaned_data["members"]],
            actor=self.request.user,
        )
        messages.success(self.request, _("已登记出勤：%(n)s人。") % {"n": count})
        return url("detail", self.meeting.pk)


class MeetingMinutesView(MeetingMixin, MeetingFormView):
    """会议记录 before closing, and one attachment or photo at a time."""

    page_title = gettext_lazy("会议记录")

    def get_form(self, form_class=None):
        return MinutesForm(**self.get_form_kwargs())

    def get_initial(self):
        return {"minutes": self.meeting.minutes}

    def run_service(self, form):
        data, user = form.cleaned_data, self.request.user
        services.meeting_minutes_save(meeting=self.meeting, minutes=data["minutes"], actor=user)
        title = data["caption"] or self.meeting.topic
        if data["document"]:
            document = upload_store_document(file=data["document"], title=title, user=user)
            services.meeting_attachment_add(
                meeting=self.meeting, actor=user, document=document, caption=data["caption"]
            )
        if data["image"]:
            image = upload_store_image(file=data["image"], title=title, user=user)
            services.meeting_attachment_add(
                meeting=self.meeting, actor=user, image=image, caption=data["caption"]
            )
        messages.success(self.request, _("已保存会议记录。"))
        return url("detail", self.meeting.pk)


class MeetingCorrectView(MeetingMixin, MeetingFormView):
    """更正会议记录 of a closed meeting, with the reason."""

    page_title = gettext_lazy("更正会议记录")
    submit_button_label = gettext_lazy("提交更正")

    def get_form(self, form_class=None):
        return MinutesCorrectionForm(**self.get_form_kwargs())

    def get_initial(self):
        return {"minutes": self.meeting.minutes}

    def run_service(self, form):
        services.meeting_minutes_correct(
            meeting=self.meeting,
            minutes=form.cleaned_data["minutes"],
            reason=form.cleaned_data["reason"],
            actor=self.request.user,
        )
        messages.success(self.request, _("已更正会议记录，原记录已保留。"))
        return url("detail", self.meeting.pk)


class MeetingCloseView(MeetingMixin, MeetingFormView):
    """结束会议: locks the minutes (needs minutes and attendance)."""

    page_title = gettext_lazy("结束会议")
    submit_button_label = gettext_lazy("结束会议并锁定会议记录")

    def get_form(self, form_class=None):
        return ConfirmForm(**self.get_form_kwargs())

    def run_service(self, form):
        services.meeting_close(meeting=self.meeting, actor=self.request.user)
        messages.success(self.request, _("会议已结束，会议记录已锁定。"))
        return url("detail", self.meeting.pk)
