"""Reads of the superuser accounts (issue 17, 三员分立): the superuser flag is for break-glass use
from the command line only (partybuild/services/superusers.py)."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from partybuild.models import User


def superusers_active(*, now: datetime.datetime | None = None) -> QuerySet[User]:
    """Enabled accounts holding the superuser flag whose break-glass grant has not lapsed."""
    now = now or timezone.now()
    return User.objects.filter(
        Q(superuser_until__isnull=True) | Q(superuser_until__gt=now),
        is_superuser=True,
        is_active=True,
    ).order_by("username")


def superusers_lapsed(*, now: datetime.datetime | None = None) -> QuerySet[User]:
    """Accounts still holding the superuser flag after their grant's end (to be revoked)."""
    return User.objects.filter(is_superuser=True, superuser_until__lte=now or timezone.now())
