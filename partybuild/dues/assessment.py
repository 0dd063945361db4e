"""The monthly assessment of party dues (docs/domain.md §4) and the terms of one assessment.

A run reads the members in keyset batches of plain values (never all of them, never as model
instances), the rate table once, and per batch only what that batch needs: the accepted
transfers of the members that have some, the profiles and 减免 of those still to be assessed.
Who already has the month's assessment comes with the members' own query, so a run with
nothing left to do reads little more than the member table. Each batch is written in its own
transaction; a run that stops part-way leaves whole batches behind, and running it again
assesses the rest (the unique member+month constraint turns a concurrent twin's rows away).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from partybuild.core.dates import add_months, month_start
from partybuild.core.money import money
from partybuild.core.versioned_cache import DUES, cache_version_bump
from partybuild.dues.models import DuesAssessment, DuesProfile, DuesRate, DuesWaiver
from partybuild.dues.selectors import (
    dues_amount,
    dues_amount_by_lines,
    dues_rate_table,
    dues_transfer_deciding,
    dues_waiver_for,
)
from partybuild.models import (
    Member,
    MessageKind,
    Organisation,
    Transfer,
    TransferKind,
    TransferStatus,
    User,
)
from partybuild.selectors.roles import path_in_scope
from partybuild.services.messages import message_send


@dataclass
class AssessResult:
    """What one run of the monthly assessment did."""

    created: int = 0
    existing: int = 0
    missing_profile: int = 0
    not_assessed: int = 0


def _terms(
    *,
    category: str,
    base_income: Decimal | None,
    voluntary_extra: Decimal | None,
    rate: Decimal | None,
    standard: Decimal,
    waiver: DuesWaiver | None,
) -> dict:
    """An assessment's fields: the table's ``standard`` amount, or what a 减免 in force leaves
    of it (docs/domain.md §4), plus the voluntary extra."""
    charged = money(waiver.charge(standard)) if waiver is not None else standard
    extra = money(voluntary_extra or 0)
    return {
        "category": category,
        "base_income": base_income,
        "rate": rate,
        "computed_amount": charged,
        "waiver": waiver,
        "waived_amount": standard - charged,
        "voluntary_extra": extra,
        "amount_due": money(charged + extra),
    }


def assessment_terms(*, member: Member, profile: DuesProfile, month: datetime.date) -> dict:
    """The fields of ``member``'s assessment of ``month`` under ``profile``. Uses a prefetched
    ``dues_waivers`` when present."""
    rate, standard = dues_amount(
        category=profile.category,
        month=month,
        base_income=profile.base_income,
        fixed_amount=profile.fixed_amount,
    )
    return _terms(
        category=profile.category,
        base_income=profile.base_income,
        voluntary_extra=profile.voluntary_extra,
        rate=rate,
        standard=standard,
        waiver=dues_waiver_for(member=member, month=month),
    )


def _candidates(*, root: Organisation | None):
    """Members the run looks at: on the roll, or transferred out (their sender may still charge
    the month); under ``root``, only those whose organisation, or the sender of one of their
    accepted transfers, lies in its subtree — the only organisations that can charge them."""
    members = Member.objects.filter(
        Q(is_on_roll=True)
        | Exists(Transfer.objects.filter(member=OuterRef("pk"), kind=TransferKind.OUTGOING))
    )
    if root is not None:
        members = members.filter(
            Q(organisation__path__startswith=root.path)
            | Exists(
                Transfer.objects.filter(
                    member=OuterRef("pk"),
                    status=TransferStatus.ACCEPTED,
                    from_organisation__path__startswith=root.path,
                )
            )
        )
    return members


def _batches(members, *, month: datetime.date, batch_size: int):
    """The members' values in batches of ``batch_size`` by primary key, each with whether the
    month is assessed already and whether they have an accepted transfer.

    Whether the month is assessed is asked per batch (one index lookup of the batch's ids), not
    as an ``Exists`` in the members' query: PostgreSQL answered that one with a hashed subplan
    that read all the month's assessments for every batch — 100,000 rows 50 times at 100,000
    members, nearly all of a repeat run's time (bench/RESULTS.md)."""
    rows = (
        members.annotate(
            transferred=Exists(
                Transfer.objects.filter(member=OuterRef("pk"), status=TransferStatus.ACCEPTED)
            ),
        )
        .order_by("pk")
        .values(
            "pk",
            "organisation_id",
            "organisation__path",
            "is_on_roll",
            "joined_on",
            "user_id",
            "transferred",
        )
    )
    last = 0
    while batch := list(rows.filter(pk__gt=last)[:batch_size]):
        last = batch[-1]["pk"]
        assessed = set(
            DuesAssessment.objects.filter(month=month, member_id__in=[row["pk"] for row in batch])
            .order_by()  # the model's ordering joins the member and organisation tables
            .values_list("member_id", flat=True)
        )
        for row in batch:
            row["assessed"] = row["pk"] in assessed
        yield batch


def _transfers_of(member_ids: list[int]) -> dict[int, list[Transfer]]:
    transfers: dict[int, list[Transfer]] = {}
    if member_ids:
        accepted = Transfer.objects.filter(
            member_id__in=member_ids, status=TransferStatus.ACCEPTED
        ).select_related("from_organisation")
        for transfer in accepted:
            transfers.setdefault(transfer.member_id, []).append(transfer)
    return transfers


def _charging_organisation(row: dict, transfers: list[Transfer], month) -> tuple[int, str] | None:
    """(id, path) of the organisation that charges the member of ``row`` for ``month``, as
    partybuild.dues.selectors.dues_organisation_in_month decides it."""
    transfer = dues_transfer_deciding(transfers=transfers, month=month) if transfers else None
    if transfer is None:
        if not row["is_on_roll"]:
            return None
        return row["organisation_id"], row["organisation__path"]
    if transfer.kind == TransferKind.INCOMING or transfer.from_organisation is None:
        return None
    return transfer.from_organisation_id, transfer.from_organisation.path


def _profiles_of(member_ids: list[int], month: datetime.date) -> dict[int, dict]:
    """Each member's profile in force in ``month`` (the newest not after it), as values."""
    profiles: dict[int, dict] = {}
    if member_ids:
        rows = DuesProfile.objects.filter(
            member_id__in=member_ids, effective_from__lte=month
        ).values(
            "member_id",
            "category",
            "base_income",
            "fixed_amount",
            "voluntary_extra",
            "effective_from",
        )
        for row in rows:
            current = profiles.get(row["member_id"])
            if current is None or row["effective_from"] > current["effective_from"]:
                profiles[row["member_id"]] = row
    return profiles


def _waivers_of(member_ids: list[int], month: datetime.date) -> dict[int, DuesWaiver]:
    """Each member's 减免 in force in ``month``, the first in the register's order as
    partybuild.dues.selectors.dues_waiver_for takes it."""
    waivers: dict[int, DuesWaiver] = {}
    if member_ids:
        in_force = DuesWaiver.objects.filter(
            member_id__in=member_ids,
            revoked_at__isnull=True,
            start_month__lte=month,
            end_month__gte=month,
        )
        for waiver in in_force:
            waivers.setdefault(waiver.member_id, waiver)
    return waivers


def _assess_batch(
    batch: list[dict],
    *,
    month: datetime.date,
    root: Organisation | None,
    actor: User | None,
    rates: dict[str, list[DuesRate]],
    result: AssessResult,
) -> None:
    """Count and assess one batch of members in one transaction."""
    following_month = add_months(month, 1)  # joined on or after it: not yet a member in month
    transfers = _transfers_of([row["pk"] for row in batch if row["transferred"]])
    to_assess = []
    for row in batch:
        charging = _charging_organisation(row, transfers.get(row["pk"], []), month)
        if charging is None:
            continue
        organisation_id, path = charging
        if root is not None and not path.startswith(root.path):
            continue
        if actor is not None and root is None and not path_in_scope(user=actor, path=path):
            continue
        if row["joined_on"] is not None and row["joined_on"] >= following_month:
            result.not_assessed += 1
            continue
        if row["assessed"]:
            result.existing += 1
            continue
        to_assess.append((row, organisation_id))
    ids = [row["pk"] for row, _organisation in to_assess]
    profiles = _profiles_of(ids, month)
    waivers = _waivers_of(ids, month)
    new = []
    recipients = []
    for row, organisation_id in to_assess:
        profile = profiles.get(row["pk"])
        if profile is None:
            result.missing_profile += 1
            continue
        rate, standard = dues_amount_by_lines(
            category=profile["category"],
            lines=rates.get(profile["category"], []),
            base_income=profile["base_income"],
            fixed_amount=profile["fixed_amount"],
        )
        terms = _terms(
            category=profile["category"],
            base_income=profile["base_income"],
            voluntary_extra=profile["voluntary_extra"],
            rate=rate,
            standard=standard,
            waiver=waivers.get(row["pk"]),
        )
        new.append(
            DuesAssessment(
                member_id=row["pk"], month=month, organisation_id=organisation_id, **terms
            )
        )
        if row["user_id"]:
            recipients.append(row["user_id"])
    if not new:
        return
    with transaction.atomic():
        DuesAssessment.objects.bulk_create(new, ignore_conflicts=True)
        cache_version_bump(DUES)  # bulk_create sends no post_save: retire the cached reports
        if recipients:
            message_send(
                recipients=recipients,
                kind=MessageKind.DUES,
                title=_("%(month)s 党费已核定") % {"month": f"{month:%Y年%m月}"},
                body=_("请在“我的党费”中查看应缴金额。"),
                object_type="dues_month",
            )
    result.created += len(new)


def dues_assess_month(
    *,
    month: datetime.date,
    root: Organisation | None = None,
    actor: User | None = None,
    batch_size: int = 2000,
    progress: Callable[[int, int], None] | None = None,
) -> AssessResult:
    """Create the missing assessments of ``month`` for members of ``root``'s subtree (all when
    None; within ``actor``'s scope when given). Idempotent: existing assessments, paid or not,
    are left as they are. Reads and writes ``batch_size`` members at a time, each batch in its
    own transaction, and calls ``progress(done, total)`` after each (members looked at, of the
    run's total), so the number of queries grows with the batches, not the members."""
    start = month_start(month)
    if actor is not None and root is not None and not path_in_scope(user=actor, path=root.path):
        raise PermissionDenied(_("您无权为该党组织核定党费。"))
    members = _candidates(root=root)
    total = members.count() if progress is not None else 0
    rates = dues_rate_table(month=start)
    result = AssessResult()
    done = 0
    for batch in _batches(members, month=start, batch_size=batch_size):
        _assess_batch(batch, month=start, root=root, actor=actor, rates=rates, result=result)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    return result
