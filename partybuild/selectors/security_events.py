"""Reads of the security audit trail (设置 › 安全审计), for the readers of the audit log.

Reading it needs ``partybuild.view_audit_log`` (the 审计管理员's, :func:`user_reads_audit_log`).
An auditor of the whole tree reads every event; an auditor of a subtree reads the events whose
actor is an account placed in it (partybuild.selectors.users.user_scope_for_user) or whose object
is placed in it (partybuild.selectors.audit.objects_placed_in_subtree) — a failed sign-in with an
unknown account name is for auditors of the whole tree. The placement is a subquery inside the
events' own query, so a page costs the same number of queries whatever its size.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from partybuild.models import SecurityEvent, User
from partybuild.selectors.audit import (
    covers_whole_tree,
    objects_placed_in_subtree,
    user_reads_audit_log,
)
from partybuild.selectors.users import user_scope_for_user


@dataclass
class SecurityEventFilter:
    """The viewer's filters; empty values filter nothing. ``date_to`` includes that day."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    actor: str = ""
    event: str = ""
    outcome: str = ""
    ip_address: str = ""


def security_events_viewable_by_user(*, user: User | AnonymousUser) -> QuerySet[SecurityEvent]:
    """The security events ``user`` may read, newest first."""
    if not user_reads_audit_log(user):
        return SecurityEvent.objects.none()
    events = SecurityEvent.objects.order_by("-sequence")
    if covers_whole_tree(user):
        return events
    return events.filter(
        Q(actor__in=user_scope_for_user(user=user).values("pk"))
        | objects_placed_in_subtree(user=user)
    )


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def security_event_list(
    *, user: User | AnonymousUser, filters: SecurityEventFilter | None = None
) -> QuerySet[SecurityEvent]:
    """The events ``user`` may read, narrowed by ``filters`` (dates in local time; the account
    name and address match from their start)."""
    events = security_events_viewable_by_user(user=user)
    filters = filters or SecurityEventFilter()
    if filters.date_from:
        events = events.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        events = events.filter(
            created_at__lt=_day_start(filters.date_to + datetime.timedelta(days=1))
        )
    if filters.actor:
        events = events.filter(actor_username__istartswith=filters.actor.strip())
    if filters.event:
        events = events.filter(event=filters.event)
    if filters.outcome:
        events = events.filter(outcome=filters.outcome)
    if filters.ip_address:
        events = events.filter(ip_address__startswith=filters.ip_address.strip())
    return events
