"""App API: 党费 — my own statement; for administrators the collection report of their subtree
and recording a payment (the same services and rules as the admin)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from partybuild.api.access import require_administrator
from partybuild.api.errors import error_responses
from partybuild.api.types import IdField
from partybuild.models import PaymentMethod
from partybuild.selectors.dues import dues_period_parse, dues_report
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.services.dues import dues_payment_record

router = Router(tags=["党费"])


class AssessmentOut(Schema):
    month: str
    organisation: str
    category_label: str
    amount_due: Decimal
    paid_amount: Decimal
    outstanding: Decimal


class PaymentOut(Schema):
    id: int
    amount: Decimal
    voluntary_extra: Decimal
    paid_on: datetime.date
    method_label: str
    receipt_number: str
    is_correction: bool


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
                "category_label": a.get_category_display(),
                "amount_due": a.amount_due,
                "paid_amount": a.paid_amount,
                "outstanding": a.amount_due - a.paid_amount,
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
            }
            for p in statement["payments"]
        ],
    }


class Sums(Schema):
    assessed: Decimal
    paid: Decimal
    outstanding: Decimal
    rate: Decimal


class ReportRow(Schema):
    organisation_id: int
    organisation: str
    depth: int
    members: int
    own: Sums
    subtotal: Sums


class ReportOut(Schema):
    organisation_id: int
    organisation: str
    period: str
    rows: list[ReportRow]
    total: Sums


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
def dues_report_read(request, query: Query[ReportQuery]):
    require_administrator(request.user)
    period = dues_period_parse(query.period)
    scope = organisation_scope_for_user(user=request.user).order_by("path")
    root = get_object_or_404(scope, pk=query.organisation) if query.organisation else scope.first()
    report = dues_report(user=request.user, root=root, period=period)
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
    }


@router.post(
    "payments",
    response={201: PaymentOut, **error_responses(403, 404)},
    summary="登记党费缴纳（管理员）",
)
def dues_payment_create(request, payload: PaymentIn):
    require_administrator(request.user)
    member = get_object_or_404(member_scope_for_user(user=request.user), pk=payload.member_id)
    months = None
    if payload.months is not None:
        try:
            months = [datetime.datetime.strptime(m, "%Y-%m").date() for m in payload.months]
        except ValueError as error:
            raise ValidationError(
                {"months": ValidationError("月份格式应为 2026-11。", code="month_format")}
            ) from error
    payment = dues_payment_record(
        member=member,
        amount=payload.amount,
        paid_on=payload.paid_on,
        method=payload.method,
        receipt_number=payload.receipt_number,
        months=months,
        extra_is_voluntary=payload.extra_is_voluntary,
        reason=payload.reason,
        actor=request.user,
    )
    return Status(
        201,
        {
            "id": payment.pk,
            "amount": payment.amount,
            "voluntary_extra": payment.voluntary_extra,
            "paid_on": payment.paid_on,
            "method_label": payment.get_method_display(),
            "receipt_number": payment.receipt_number,
            "is_correction": False,
        },
    )
