"""App API: 党费 — my own statement; for administrators the collection report of their subtree
and recording a payment (the same services and rules as the admin).

Recording a payment is safe to retry: send an ``Idempotency-Key`` header (unique per account;
see partybuild.models.DuesPayment) and the same request again answers the first payment with
200 and ``Idempotent-Replayed: true`` instead of recording it twice.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Header, Query, Router, Schema, Status
from pydantic import Field

from partybuild.api.access import require_administrator
from partybuild.core.replica import reading_from_replica
from partybuild.dues.models import PaymentMethod
from partybuild.dues.selectors import (
    dues_period_parse,
    dues_report,
    dues_statement,
    dues_voluntary_passed_up,
)
from partybuild.dues.services import dues_payment_submit
from partybuild.selectors.members import member_for_user, member_scope_for_user
from partybuild.selectors.organisations import organisation_scope_for_user
from partysite.api.errors import ApiError, error_responses
from partysite.api.types import IdField

router = Router(tags=["党费"])


class AssessmentOut(Schema):
    month: str
    organisation: str
    category: str = Field(description="缴费类别")
    category_label: str
    base_income: Decimal | None = Field(
        None, description="核定时的月工资收入（税后）基数；按定额缴纳的类别为空"
    )
    rate: Decimal | None = Field(
        None, description="核定时的缴纳比例（如 0.0050 即 0.5%）；按定额缴纳的类别为空"
    )
    computed_amount: Decimal = Field(description="按基数和比例（或定额、减免）核定的应缴")
    voluntary_extra: Decimal = Field(description="自愿多交")
    amount_due: Decimal = Field(description="应收合计（应缴 + 自愿多交）")
    paid_amount: Decimal
    outstanding: Decimal
    waived_amount: Decimal = Field(description="减免金额（按标准应缴减去实际应缴）")
    waiver_label: str = Field(description="减免说明，如「免交（组字〔2026〕3号）」；无减免为空")


class PaymentOut(Schema):
    id: int
    amount: Decimal
    voluntary_extra: Decimal
    paid_on: datetime.date
    method_label: str
    receipt_number: str
    is_correction: bool
    passes_up_in_full: bool = Field(False, description="一次性自愿多交 1000 元及以上：全额上缴中央")


class StatementOut(Schema):
    owed: Decimal
    months_owed: int
    assessments: list[AssessmentOut]
    payments: list[PaymentOut]


def statement_data(statement: dict) -> dict:
    return {
        "owed": statement["owed"],
        "months_owed": statement["months_owed"],
        "assessments": [
            {
                "month": f"{a.month:%Y-%m}",
                "organisation": a.organisation.name,
                "category": a.category,
                "category_label": a.get_category_display(),
                "base_income": a.base_income,
                "rate": a.rate,
                "computed_amount": a.computed_amount,
                "voluntary_extra": a.voluntary_extra,
                "amount_due": a.amount_due,
                "paid_amount": a.paid_amount,
                "outstanding": a.amount_due - a.paid_amount,
                "waived_amount": a.waived_amount,
                "waiver_label": a.waiver.label() if a.waiver else "",
            }
            for a in statement["assessments"]
        ],
        "payments": [
            {
                "id": p.pk,
                "amount": p.amount,
                "voluntary_extra": p.voluntary_extra,
                "paid_on": p.paid_on,
                "method_label": p.get_method_display(),
                "receipt_number": p.receipt_number,
                "is_correction": p.reverses_id is not None,
                "passes_up_in_full": p.passes_up_in_full,
            }
            for p in statement["payments"]
        ],
    }


class Sums(Schema):
    assessed: Decimal
    paid: Decimal
    outstanding: Decimal
    waived: Decimal = Field(description="减免金额")
    rate: Decimal


class ReportRow(Schema):
    organisation_id: int
    organisation: str
    depth: int
    members: int
    own: Sums
    subtotal: Sums


class PassedUpOut(Schema):
    """一次性自愿多交 1000 元及以上的一笔缴费：全额上缴中央 (docs/domain.md §4)."""

    payment_id: int
    paid_on: datetime.date
    member: str
    organisation: str
    amount: Decimal
    voluntary_extra: Decimal


class ReportOut(Schema):
    organisation_id: int
    organisation: str
    period: str
    rows: list[ReportRow]
    total: Sums
    passed_up: list[PassedUpOut] = Field(description="自愿多交全额上缴中央的缴费")


class ReportQuery(Schema):
    organisation: IdField | None = Field(None, description="党组织（默认为本人管理的组织）")
    period: str = Field(..., max_length=10, description="2026-11、2026-Q4 或 2026")


class PaymentIn(Schema):
    member_id: IdField
    amount: Decimal = Field(..., gt=0, max_digits=12, decimal_places=2)
    paid_on: datetime.date
    method: PaymentMethod
    receipt_number: str = Field("", max_length=50)
    months: list[str] | None = Field(None, max_length=24, description='如 ["2026-10"]')
    extra_is_voluntary: bool = False
    reason: str = Field("", max_length=200)


@router.get(
    "report",
    response={200: ReportOut, **error_responses(403, 404)},
    summary="党费收缴统计（管理员）",
)
@reading_from_replica()
def dues_report_read(request, query: Query[ReportQuery]):
    require_administrator(request.user, "dues.view_duesassessment")
    period = dues_period_parse(query.period)
    scope = organisation_scope_for_user(user=request.user).order_by("path")
    root = get_object_or_404(scope, pk=query.organisation) if query.organisation else scope.first()
    report = dues_report(user=request.user, root=root, period=period)
    passed_up = dues_voluntary_passed_up(user=request.user, root=root, period=period)
    return {
        "organisation_id": root.pk,
        "organisation": root.name,
        "period": period.label,
        "rows": [
            {
                "organisation_id": row["organisation"].pk,
                "organisation": row["organisation"].name,
                "depth": row["depth"],
                "members": row["members"],
                "own": row["own"],
                "subtotal": row["subtotal"],
            }
            for row in report["rows"]
        ],
        "total": report["total"],
        "passed_up": [
            {
                "payment_id": payment.pk,
                "paid_on": payment.paid_on,
                "member": payment.member.name,
                "organisation": payment.organisation.name,
                "amount": payment.amount,
                "voluntary_extra": payment.voluntary_extra,
            }
            for payment in passed_up
        ],
    }


#: Service error codes answered with 409 Conflict rather than 422.
CONFLICT_CODES = ("idempotency_key_reused", "receipt_number_taken")

#: Response header marking the answer to a repeated request.
REPLAYED_HEADER = "Idempotent-Replayed"


def _conflict(error: ValidationError) -> ApiError | None:
    """A 409 for a service error saying the key or the receipt number is taken."""
    for field, errors in getattr(error, "error_dict", {}).items():
        for item in errors:
            if item.code in CONFLICT_CODES:
                name = "Idempotency-Key" if field == "idempotency_key" else field
                message = item.messages[0]
                return ApiError(409, item.code, message, fields={name: [message]})
    return None


@router.post(
    "payments",
    response={201: PaymentOut, 200: PaymentOut, **error_responses(403, 404, 409)},
    summary="登记党费缴纳（管理员）",
    description=(
        "登记一笔党费缴纳并分配到最早的欠缴月份（或 `months` 指定的月份），成功返回 201。\n\n"
        "**防止重复登记**：请求头 `Idempotency-Key`（1–100 个可见 ASCII 字符，建议每笔缴费生成一个"
        " UUID，按登记账号唯一）。网络重试时以相同的键和相同的内容再次提交，不会重复登记，"
        "而是返回 200、与首次 201 相同的响应体，并带响应头 `Idempotent-Replayed: true`；"
        "相同的键配不同的内容返回 409 `idempotency_key_reused`。"
        "收据编号 `receipt_number` 在本组织内唯一，已被使用时返回 409 `receipt_number_taken`。"
        "两种 409 的 message 均指明首次登记的缴费记录。"
    ),
)
def dues_payment_create(
    request,
    payload: PaymentIn,
    response: HttpResponse,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        pattern=r"^[\x21-\x7e]{1,100}$",
        description="幂等键：同一账号以相同的键重复提交同一笔缴费只登记一次",
    ),
):
    require_administrator(request.user, "dues.add_duespayment")
    member = get_object_or_404(member_scope_for_user(user=request.user), pk=payload.member_id)
    months = None
    if payload.months is not None:
        try:
            months = [datetime.datetime.strptime(m, "%Y-%m").date() for m in payload.months]
        except ValueError as error:
            raise ValidationError(
                {"months": ValidationError("月份格式应为 2026-11。", code="month_format")}
            ) from error
    try:
        submission = dues_payment_submit(
            member=member,
            amount=payload.amount,
            paid_on=payload.paid_on,
            method=payload.method,
            receipt_number=payload.receipt_number,
            months=months,
            extra_is_voluntary=payload.extra_is_voluntary,
            reason=payload.reason,
            actor=request.user,
            idempotency_key=idempotency_key or "",
        )
    except ValidationError as error:
        conflict = _conflict(error)
        if conflict is None:
            raise
        raise conflict from error
    payment = submission.payment
    if submission.replayed:
        response[REPLAYED_HEADER] = "true"
    return Status(
        200 if submission.replayed else 201,
        {
            "id": payment.pk,
            "amount": payment.amount,
            "voluntary_extra": payment.voluntary_extra,
            "paid_on": payment.paid_on,
            "method_label": payment.get_method_display(),
            "receipt_number": payment.receipt_number,
            "is_correction": False,
            "passes_up_in_full": payment.passes_up_in_full,
        },
    )


#: 我的党费 (/api/app/me/dues), mounted at /me/ beside the kernel's 我的 router (partysite/apis.py).
me_router = Router(tags=["我的"])


@me_router.get(
    "dues",
    response={200: StatementOut, **error_responses()},
    summary="我的党费",
    description=(
        "每月核定（基数、比例、应缴、减免）和缴费记录，及目前欠缴。党费向所在党支部缴纳"
        "（现金、银行转账或支部组织的线上收缴），由支部登记后在此显示；本接口不办理支付。"
    ),
)
def me_dues(request):
    member = member_for_user(user=request.user)
    if member is None:
        return {"owed": Decimal("0.00"), "months_owed": 0, "assessments": [], "payments": []}
    return statement_data(dues_statement(member=member))
