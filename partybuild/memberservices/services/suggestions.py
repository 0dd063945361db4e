"""Writes of 意见建议: submit (optionally anonymously), reply, close.

States: 待处理 → 已答复 → 已关闭 (待处理 may be closed directly). Anonymous submission is allowed
only while MemberServiceSettings.suggestions_anonymous_allowed is on; an anonymous suggestion
keeps no link to the account — no submitter, no audit entry (Wagtail's log would fill in the
request's user), no message — only the submitter's organisation, so that the right
administrators see it. Nor can a join on time name the author: its ``created_at`` keeps only the
day (00:00 Asia/Shanghai, :func:`suggestion_anonymous_time`), and the requests that submit it
write nothing else about the account (the app API leaves the token's ``last_used_at`` alone;
the portal view writes no session row). A refused write changes nothing.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.core.errors import refuse, required_text
from partybuild.memberservices.models import Suggestion, SuggestionStatus
from partybuild.memberservices.selectors.suggestions import member_service_settings
from partybuild.models import MessageKind, User
from partybuild.selectors.members import member_for_user
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.audit import audit_record
from partybuild.services.messages import message_send

TITLE_MAX_LENGTH = 100
CONTENT_MAX_LENGTH = 5000


def suggestion_anonymous_time(*, moment: datetime.datetime) -> datetime.datetime:
    """What an anonymous suggestion keeps of its time: the start of its day in the site's time
    zone (Asia/Shanghai)."""
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def _require_scope(*, actor: User, suggestion: Suggestion) -> None:
    if not organisation_is_in_scope(user=actor, organisation=suggestion.organisation):
        raise PermissionDenied(_("只有提交人所在党组织及其上级党组织的管理员可以处理该意见建议。"))


def _lock(suggestion: Suggestion) -> Suggestion:
    return (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=suggestion.pk)
    )


@transaction.atomic
def suggestion_submit(*, user: User, title: str, content: str, anonymous: bool) -> Suggestion:
    """A member submits a suggestion; with ``anonymous`` the account is not stored anywhere and
    the time only to the day."""
    member = member_for_user(user=user, on_roll=True)
    if member is None:
        raise PermissionDenied(_("只有在册党员可以提交意见建议。"))
    title = required_text(title, field="title", max_length=TITLE_MAX_LENGTH, label=_("标题"))
    content = required_text(
        content, field="content", max_length=CONTENT_MAX_LENGTH, label=_("内容")
    )
    if anonymous and not member_service_settings().suggestions_anonymous_allowed:
        refuse("anonymous", _("当前不允许匿名提交意见建议。"), "anonymous_not_allowed")
    suggestion = Suggestion.objects.create(
        title=title,
        content=content,
        organisation=member.organisation,
        submitter=None if anonymous else user,
        is_anonymous=bool(anonymous),
        created_at=(
            suggestion_anonymous_time(moment=timezone.now()) if anonymous else timezone.now()
        ),
    )
    if not anonymous:
        audit_record(instance=suggestion, action="partybuild.suggestion.submit", actor=user)
    return suggestion


@transaction.atomic
def suggestion_reply(*, suggestion: Suggestion, reply: str, actor: User) -> Suggestion:
    """An administrator in scope answers (or amends the answer of) an open suggestion; the
    submitter, if known, gets a message."""
    _require_scope(actor=actor, suggestion=suggestion)
    suggestion = _lock(suggestion)
    if suggestion.status == SuggestionStatus.CLOSED:
        refuse("reply", _("该意见建议已关闭，不能再答复。"), "suggestion_closed")
    reply = required_text(reply, field="reply", max_length=CONTENT_MAX_LENGTH, label=_("答复"))
    suggestion.reply = reply
    suggestion.replied_by = actor
    suggestion.replied_at = timezone.now()
    suggestion.status = SuggestionStatus.REPLIED
    suggestion.save(update_fields=["reply", "replied_by", "replied_at", "status"])
    audit_record(instance=suggestion, action="partybuild.suggestion.reply", actor=actor)
    if suggestion.submitter_id is not None:
        message_send(
            recipients=[suggestion.submitter_id],
            kind=MessageKind.SYSTEM,
            title=_("您的意见建议「%(title)s」已答复") % {"title": suggestion.title},
            body=reply,
            object_type="suggestion",
            object_id=suggestion.pk,
        )
    return suggestion


@transaction.atomic
def suggestion_close(*, suggestion: Suggestion, actor: User) -> Suggestion:
    """An administrator in scope closes a suggestion (replied or not)."""
    _require_scope(actor=actor, suggestion=suggestion)
    suggestion = _lock(suggestion)
    if suggestion.status == SuggestionStatus.CLOSED:
        refuse("status", _("该意见建议已关闭。"), "suggestion_already_closed")
    suggestion.status = SuggestionStatus.CLOSED
    suggestion.closed_at = timezone.now()
    suggestion.save(update_fields=["status", "closed_at"])
    audit_record(instance=suggestion, action="partybuild.suggestion.close", actor=actor)
    return suggestion
