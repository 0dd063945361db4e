"""Retire the cached figures of the admin home when the rows they count change: a save or delete
of a member, an organisation, a dues assessment, payment or allocation, a meeting or attendance,
a candidate or a step bumps the version of its topic (partybuild/core/versioned_cache.py).

Connected in StatisticsConfig.ready: this app sits above the registers, so it may name their
models, and the registers need not know that their rows are counted here."""

from django.db.models.signals import post_delete, post_save

from partybuild.core.versioned_cache import (
    DUES,
    MEETINGS,
    MEMBERS,
    ORGANISATIONS,
    RECRUITMENT,
    cache_version_bump,
)
from partybuild.dues.models import DuesAllocation, DuesAssessment, DuesPayment
from partybuild.models import Member, Organisation
from partybuild.orglife.models import Meeting, MeetingAttendee
from partybuild.recruitment.models import Candidate, CandidateStep

#: Each model whose rows the dashboard's figures count, and the topic a write to it retires.
TOPIC_OF_MODEL = {
    Member: MEMBERS,
    Organisation: ORGANISATIONS,
    DuesAssessment: DUES,
    DuesPayment: DUES,
    DuesAllocation: DUES,
    Meeting: MEETINGS,
    MeetingAttendee: MEETINGS,
    Candidate: RECRUITMENT,
    CandidateStep: RECRUITMENT,
}


def _bump_receiver(topic: str):
    def receiver(sender, **kwargs):
        cache_version_bump(topic)

    return receiver


def statistics_cache_invalidation_connect() -> None:
    """Connect a save and a delete receiver to each model of :data:`TOPIC_OF_MODEL`."""
    for model, topic in TOPIC_OF_MODEL.items():
        receiver = _bump_receiver(topic)
        uid = f"statistics_cache_{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}_save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}_delete")
