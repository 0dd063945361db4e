"""Writes of 微心愿 (seed 1.2.6.1): register, publish or reject, claim, fulfil, confirm, expire.

States: 待审核 → 已发布 → 已认领 → 已完成, or 已驳回 (from 待审核) / 已过期 (已发布 past the
deadline, unclaimed). Exactly one claim wins: the claim is a conditional UPDATE that only
succeeds while the row is still 已发布, so concurrent claimers cannot both get it. Confirming a
fulfilled wish awards the claimer WISH_COMPLETED_POINTS. ``actor=None`` acts as the system
(demo data, the ``wishes_expire`` command). A refused write changes nothing.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.core.errors import refuse
from partybuild.core.money import money
from partybuild.memberservices.models import MicroWish, PointsReason, WishStatus
from partybuild.memberservices.selectors.wishes import wish_area_root
from partybuild.memberservices.services.points import WISH_COMPLETED_POINTS, points_award
from partybuild.models import Member, MessageKind, Organisation, User
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.audit import audit_record
from partybuild.services.messages import message_send
from partybuild.uploads import upload_store_image


def _require_scope(*, actor: User | None, wish: MicroWish) -> None:
    if actor is not None and not organisation_is_in_scope(
        user=actor, organisation=wish.organisation
    ):
        raise PermissionDenied(_("只有申请支部及其上级党组织的管理员可以处理该微心愿。"))


def _lock(wish: MicroWish) -> MicroWish:
    return (
        MicroWish.objects.select_for_update(of=("self",))
        .select_related("organisation", "claimed_by")
        .get(pk=wish.pk)
    )


def _require_status(wish: MicroWish, *allowed: str, action: str) -> None:
    if wish.status not in allowed:
        raise ValidationError(
            _("该微心愿当前为「%(status)s」，不能%(action)s。"),
            code=f"wish_not_{allowed[0]}",
            params={"status": wish.get_status_display(), "action": action},
        )


@transaction.atomic
def wish_create(
    *,
    organisation: Organisation,
    actor: User | None,
    title: str,
    value: Decimal | int | str,
    deadline: datetime.date,
    owner_name: str,
    owner_phone: str = "",
    situation: str = "",
    cash_amount: Decimal | int | str | None = None,
    mailing_address: str = "",
    image: UploadedFile | None = None,
) -> MicroWish:
    """Register a wish for ``organisation`` (待审核). The deadline may not be in the past."""
    if actor is not None and not organisation_is_in_scope(user=actor, organisation=organisation):
        raise PermissionDenied(_("您无权为该党组织登记微心愿。"))
    if deadline < timezone.localdate():
        refuse("deadline", _("截止日期不能早于今天。"), "wish_deadline_in_past")
    wish = MicroWish(
        organisation=organisation,
        title=(title or "").strip(),
        value=money(value),
        deadline=deadline,
        owner_name=(owner_name or "").strip(),
        owner_phone=(owner_phone or "").strip(),
        situation=situation or "",
        cash_amount=money(cash_amount) if cash_amount not in (None, "") else None,
        mailing_address=mailing_address or "",
        created_by=actor,
    )
    if wish.value <= 0:
        refuse("value", _("价值应大于0。"), "wish_value_not_positive")
    if wish.cash_amount is not None and wish.cash_amount < 0:
        refuse("cash_amount", _("现金支付金额不能为负数。"), "wish_cash_negative")
    wish.full_clean(exclude=["image", "fulfilment_photo", "claimed_by", "confirmed_by"])
    if image is not None:
        wish.image = upload_store_image(file=image, title=wish.title, user=actor, field="image")
    wish.save()
    audit_record(instance=wish, action="partybuild.wish.create", actor=actor)
    return wish


#: What an administrator may correct on a wish before it is claimed.
EDITABLE_FIELDS = (
    "title",
    "value",
    "deadline",
    "owner_name",
    "owner_phone",
    "situation",
    "cash_amount",
    "mailing_address",
)


@transaction.atomic
def wish_update(*, wish: MicroWish, actor: User | None, **fields) -> MicroWish:
    """Correct a wish's details while it is 待审核 or 已发布 (not once someone claimed it)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"unknown wish fields: {sorted(unknown)}")
    wish = _lock(wish)
    _require_scope(actor=actor, wish=wish)
    _require_status(wish, WishStatus.PENDING, WishStatus.PUBLISHED, action=_("修改"))
    for name, value in fields.items():
        setattr(wish, name, value)
    if wish.value is None or wish.value <= 0:
        refuse("value", _("价值应大于0。"), "wish_value_not_positive")
    wish.full_clean(exclude=["image", "fulfilment_photo", "claimed_by", "confirmed_by"])
    wish.save(update_fields=list(fields))
    audit_record(instance=wish, action="partybuild.wish.update", actor=actor)
    return wish


@transaction.atomic
def wish_publish(*, wish: MicroWish, actor: User | None) -> MicroWish:
    """The branch publishes a reviewed wish (待审核 → 已发布) so members can claim it."""
    wish = _lock(wish)
    _require_scope(actor=actor, wish=wish)
    _require_status(wish, WishStatus.PENDING, action=_("发布"))
    if wish.deadline < timezone.localdate():
        refuse("deadline", _("截止日期已过，不能发布。"), "wish_deadline_passed")
    wish.status = WishStatus.PUBLISHED
    wish.published_at = timezone.now()
    wish.save(update_fields=["status", "published_at"])
    audit_record(instance=wish, action="partybuild.wish.publish", actor=actor)
    return wish


@transaction.atomic
def wish_reject(*, wish: MicroWish, actor: User | None, reason: str) -> MicroWish:
    """The branch refuses a wish under review (待审核 → 已驳回); the reason is required."""
    wish = _lock(wish)
    _require_scope(actor=actor, wish=wish)
    _require_status(wish, WishStatus.PENDING, action=_("驳回"))
    reason = (reason or "").strip()
    if not reason:
        refuse("reason", _("请填写驳回理由。"), "reason_required")
    wish.status = WishStatus.REJECTED
    wish.reject_reason = reason
    wish.save(update_fields=["status", "reject_reason"])
    audit_record(instance=wish, action="partybuild.wish.reject", actor=actor)
    return wish


@transaction.atomic
def wish_claim(*, wish: MicroWish, member: Member) -> MicroWish:
    """``member`` claims a published wish of their area before its deadline.

    Exactly one claim wins: the UPDATE only matches while the row is still 已发布, so of many
    concurrent claimers one updates one row and the others update none and are refused with
    ``wish_already_claimed``.
    """
    if member.user_id is None or not member.is_on_roll:
        raise PermissionDenied(_("只有在册党员可以认领微心愿。"))
    area = wish_area_root(organisation=member.organisation)
    wish = MicroWish.objects.select_related("organisation").get(pk=wish.pk)
    if not wish.organisation.path.startswith(area.path):
        raise PermissionDenied(_("只能认领本党委范围内的微心愿。"))
    today = timezone.localdate()
    now = timezone.now()
    updated = MicroWish.objects.filter(
        pk=wish.pk, status=WishStatus.PUBLISHED, deadline__gte=today
    ).update(status=WishStatus.CLAIMED, claimed_by=member, claimed_at=now)
    if updated != 1:
        wish.refresh_from_db()
        if wish.status in (WishStatus.CLAIMED, WishStatus.COMPLETED):
            raise ValidationError(_("该微心愿已被其他党员认领。"), code="wish_already_claimed")
        if wish.status == WishStatus.PUBLISHED:
            raise ValidationError(_("该微心愿已过截止日期。"), code="wish_deadline_passed")
        _require_status(wish, WishStatus.PUBLISHED, action=_("认领"))
    wish.refresh_from_db()
    audit_record(instance=wish, action="partybuild.wish.claim", actor=member.user)
    return wish


@transaction.atomic
def wish_fulfil(
    *, wish: MicroWish, member: Member, photo: UploadedFile | None, note: str = ""
) -> MicroWish:
    """The claimer records the fulfilment with a photo (and a note); the branch then confirms.
    A second record replaces the first until the branch has confirmed."""
    wish = _lock(wish)
    if wish.claimed_by_id != member.pk:
        raise PermissionDenied(_("只有认领人可以登记完成情况。"))
    _require_status(wish, WishStatus.CLAIMED, action=_("登记完成情况"))
    if photo is None:
        refuse("photo", _("请上传完成照片。"), "wish_photo_required")
    wish.fulfilment_photo = upload_store_image(
        file=photo, title=f"{wish.title}-完成照片", user=member.user, field="photo"
    )
    wish.fulfilment_note = (note or "").strip()
    wish.fulfilled_at = timezone.now()
    wish.save(update_fields=["fulfilment_photo", "fulfilment_note", "fulfilled_at"])
    audit_record(instance=wish, action="partybuild.wish.fulfil", actor=member.user)
    return wish


@transaction.atomic
def wish_confirm(*, wish: MicroWish, actor: User | None) -> MicroWish:
    """The wish's branch confirms a fulfilled wish (已认领 → 已完成); the claimer earns points."""
    wish = _lock(wish)
    _require_scope(actor=actor, wish=wish)
    _require_status(wish, WishStatus.CLAIMED, action=_("确认完成"))
    if wish.fulfilled_at is None:
        raise ValidationError(_("认领人尚未登记完成情况，不能确认。"), code="wish_not_fulfilled")
    wish.status = WishStatus.COMPLETED
    wish.confirmed_by = actor
    wish.confirmed_at = timezone.now()
    wish.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    points_award(
        member=wish.claimed_by,
        points=WISH_COMPLETED_POINTS,
        reason_kind=PointsReason.WISH,
        reason=_("完成微心愿「%(title)s」") % {"title": wish.title},
        source_type="wish",
        source_id=wish.pk,
    )
    if wish.claimed_by.user_id:
        message_send(
            recipients=[wish.claimed_by.user_id],
            kind=MessageKind.SYSTEM,
            title=_("您认领的微心愿「%(title)s」已确认完成") % {"title": wish.title},
            body=_("获得积分 %(points)d 分，感谢您的爱心！") % {"points": WISH_COMPLETED_POINTS},
            object_type="wish",
            object_id=wish.pk,
        )
    audit_record(instance=wish, action="partybuild.wish.confirm", actor=actor)
    return wish


@transaction.atomic
def wish_expire_overdue(*, today: datetime.date | None = None) -> int:
    """已发布 wishes whose deadline has passed become 已过期; returns how many changed."""
    today = today or timezone.localdate()
    return MicroWish.objects.filter(status=WishStatus.PUBLISHED, deadline__lt=today).update(
        status=WishStatus.EXPIRED
    )
