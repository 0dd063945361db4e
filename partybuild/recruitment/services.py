"""Writes of 发展党员 (docs/domain.md §3): registering a candidate and recording steps.

Refusing rules (a refused step writes nothing), each with its stable code:
- no step is dated after today (``step_date_in_future``); steps go in order
  (``step_out_of_order``), each dated on or after the step before (``step_date_before_previous``);
- the applicant is 18 or older on the application date (``applicant_under_18``) and on the
  入党日期, the 支部大会's date (``member_under_18``, checked again at admission);
- 确定发展对象 at least one year after 确定入党积极分子 (``activist_less_than_a_year``);
- one or two 培养联系人 and exactly two 入党介绍人 (``people_count``), different people
  (``people_duplicate``), each a 正式党员 on the roll (``people_not_full_member``) in normal
  standing (``people_not_in_good_standing``);
- 集中培训 of at least 3 days or 24 学时 (``training_too_short``); 政审 no older than a year at the
  支部大会 (``vetting_expired``);
- 上级党委审批 (17) no later than six months after the 支部大会 (``approval_too_late``; after
  three months it is accepted and shown as late);
- 转正申请 (22) no earlier than a month before the probation ends
  (``conversion_application_too_early``), the 支部大会 (23) and 上级党委审批 (24) on or after
  its end (``conversion_before_probation_end``).
Step 17 (上级审批) admits: the member dossier is created as 预备党员 with 入党日期 = the 支部大会's
date. Step 24 converts: 正式党员 with 转正日期 = the end of probation (1 year, plus any extension).
Once admitted, the candidate is handled by the member's current organisation
(``Candidate.responsible_organisation``): a 预备党员 transferred during probation is educated and
converted by the receiving branch.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.core.dates import (
    ADULT_AGE,
    PROBATION_EXTENSION_MAX_MONTHS,
    PROBATION_EXTENSION_MIN_MONTHS,
    add_months,
    birthday,
)
from partybuild.core.errors import refuse
from partybuild.models import Member, MemberCategory, MessageKind, Organisation, User
from partybuild.models.members import MEMBER_ORGANISATION_TYPES
from partybuild.recruitment import steps as rules
from partybuild.recruitment.models import (
    Candidate,
    CandidateStatus,
    CandidateStep,
    CandidateSubmission,
    StepReview,
    SubmissionKind,
)
from partybuild.recruitment.selectors import (
    conversion_application_earliest,
    probation_end,
    sponsor_refusal,
)
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.selectors.roles import administrators_of
from partybuild.services.audit import audit_record
from partybuild.services.messages import message_send
from partybuild.uploads import upload_store_document

CANDIDATE_FIELDS = ("name", "gender", "ethnicity", "birth_date", "phone", "education", "employer")


def _check_scope(*, actor: User | None, organisation: Organisation) -> None:
    if actor is not None and not organisation_is_in_scope(user=actor, organisation=organisation):
        raise PermissionDenied(_("您无权办理该党组织的发展党员工作。"))


@transaction.atomic
def candidate_create(
    *, organisation: Organisation, actor: User | None, id_number: str = "", **fields: Any
) -> Candidate:
    """Register an applicant, validated like a member (ID number agreeing with birth date and
    sex, mobile format)."""
    _check_scope(actor=actor, organisation=organisation)
    unknown = set(fields) - set(CANDIDATE_FIELDS) - {"user"}
    if unknown:
        raise ValueError(f"unknown candidate fields: {sorted(unknown)}")
    if organisation.org_type not in MEMBER_ORGANISATION_TYPES:
        raise ValidationError(
            {"organisation": ValidationError(_("请选择党支部或党小组。"), code="organisation_type")}
        )
    candidate = Candidate(organisation=organisation, **fields)
    candidate.id_number = id_number or ""
    candidate.full_clean(exclude=["id_number_stored"])
    errors = candidate.id_number_errors(birth_date=candidate.birth_date, gender=candidate.gender)
    errors.update(candidate.validate_id_number_unique())
    if errors:
        raise ValidationError(
            {("id_number" if k == "id_number_stored" else k): v for k, v in errors.items()}
        )
    candidate.save()
    return candidate


@transaction.atomic
def candidate_update(
    *, candidate: Candidate, actor: User | None, id_number: str = "", **fields: Any
) -> Candidate:
    """Correct a candidate's identity or contact fields, validated as on registration; an empty
    ``id_number`` keeps the stored one. Once admitted, corrections belong to the member dossier.
    The audit entry names the fields changed, not their values (they are personal data)."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _check_scope(actor=actor, organisation=candidate.responsible_organisation)
    unknown = set(fields) - set(CANDIDATE_FIELDS) - {"user"}
    if unknown:
        raise ValueError(f"unknown candidate fields: {sorted(unknown)}")
    if candidate.status != CandidateStatus.ACTIVE:
        raise ValidationError(
            _("该对象已被接收为党员，请在党员档案中修改。"), code="candidate_admitted"
        )
    changed = [name for name, value in fields.items() if getattr(candidate, name) != value]
    for name, value in fields.items():
        setattr(candidate, name, value)
    if id_number and id_number != candidate.id_number:
        candidate.id_number = id_number
        changed.append("id_number")
    candidate.full_clean(exclude=["id_number_stored"])
    errors = candidate.id_number_errors(birth_date=candidate.birth_date, gender=candidate.gender)
    errors.update(candidate.validate_id_number_unique())
    if errors:
        raise ValidationError(
            {("id_number" if k == "id_number_stored" else k): v for k, v in errors.items()}
        )
    candidate.save()
    if changed:
        audit_record(
            instance=candidate,
            action="partybuild.recruitment.update",
            actor=actor,
            data={"fields": sorted(changed)},
        )
    return candidate


def _check_people(
    people: list[Member], *, count: tuple[int, int], label: str, article: str
) -> None:
    """培养联系人 or 入党介绍人: ``count`` (low, high) different people, each a 正式党员 on the roll
    in normal standing (docs/domain.md §3; ``sponsor_refusal`` says who may)."""
    seen: set[int] = set()
    for person in people:
        if person.pk in seen:
            refuse(
                "people",
                _("%(label)s须为不同的党员，「%(name)s」重复（《发展党员工作细则》%(article)s）。"),
                "people_duplicate",
                label=label,
                name=person.name,
                article=article,
            )
        seen.add(person.pk)
    low, high = count
    if not low <= len(people) <= high:
        wanted = f"{low}" if low == high else f"{low}至{high}"
        refuse(
            "people",
            _("%(label)s应为%(n)s名正式党员（《发展党员工作细则》%(article)s）。"),
            "people_count",
            label=label,
            n=wanted,
            article=article,
        )
    for person in people:
        refusal = sponsor_refusal(person)
        if refusal == "people_not_full_member":
            refuse(
                "people",
                _(
                    "「%(name)s」不是在册的正式党员，不能担任%(label)s（《发展党员工作细则》%(article)s）。"
                ),
                refusal,
                name=person.name,
                label=label,
                article=article,
            )
        if refusal == "people_not_in_good_standing":
            refuse(
                "people",
                _(
                    "「%(name)s」的党籍状态为「%(standing)s」，不能担任%(label)s：%(label)s须为"
                    "党籍状态正常的正式党员（《发展党员工作细则》%(article)s）。"
                ),
                refusal,
                name=person.name,
                standing=person.get_standing_display(),
                label=label,
                article=article,
            )


def _check_adult_on_joining(*, candidate: Candidate, joined_on: datetime.date) -> None:
    """The member is 18 or older on the 入党日期, the 支部大会's date (docs/domain.md §2)."""
    if birthday(candidate.birth_date, ADULT_AGE) > joined_on:
        refuse(
            "done_on",
            _(
                "入党时须年满18周岁：入党日期（支部大会讨论通过之日，%(date)s）"
                "时「%(name)s」未满18周岁（《中国共产党章程》第一条）。"
            ),
            "member_under_18",
            date=joined_on,
            name=candidate.name,
        )


def _check_step_order(*, step: int, done_on: datetime.date, done: dict[int, CandidateStep]) -> None:
    """The steps are recorded one after another, each dated no earlier than the one before and no
    later than today (Asia/Shanghai)."""
    today = timezone.localdate()
    if done_on > today:
        refuse(
            "done_on",
            _("发展步骤的日期不能晚于今天（%(today)s）：尚未发生的步骤不能登记。"),
            "step_date_in_future",
            today=today,
        )
    expected = max(done, default=0) + 1
    if step != expected:
        refuse(
            "step",
            _("请先完成第%(expected)d步「%(name)s」。"),
            "step_out_of_order",
            expected=expected,
            name=rules.STEP_BY_NUMBER.get(expected, rules.STEPS[-1]).name,
        )
    previous = done.get(step - 1)
    if previous is not None and done_on < previous.done_on:
        refuse(
            "done_on",
            _("日期不能早于上一步「%(name)s」的日期（%(date)s）。"),
            "step_date_before_previous",
            name=rules.STEP_BY_NUMBER[step - 1].name,
            date=previous.done_on,
        )


def _check_step_rule(
    *,
    candidate: Candidate,
    step: int,
    done_on: datetime.date,
    done: dict[int, CandidateStep],
    people: list[Member],
    training_days: int | None,
    training_hours: int | None,
) -> None:
    """The rule of step ``step`` itself (docs/domain.md §3): the applicant's age, a year as
    activist, the contacts and introducers, the training's length, the vetting's validity, the
    age on joining, the time allowed for the approval, and conversion not before its time."""
    if step == rules.APPLICATION:
        if birthday(candidate.birth_date, ADULT_AGE) > done_on:
            refuse(
                "done_on",
                _("递交入党申请书时须年满18周岁（《发展党员工作细则》第五条）。"),
                "applicant_under_18",
            )
    elif step == rules.CANDIDATE:
        activist = done[rules.ACTIVIST].done_on
        if done_on < add_months(activist, rules.ACTIVIST_MONTHS_BEFORE_CANDIDATE):
            refuse(
                "done_on",
                _(
                    "确定为入党积极分子（%(date)s）满一年后才能确定为发展对象"
                    "（《发展党员工作细则》第十三条）。"
                ),
                "activist_less_than_a_year",
                date=activist,
            )
    elif step == rules.CONTACTS:
        _check_people(people, count=rules.CONTACTS_COUNT, label=_("培养联系人"), article="第十条")
    elif step == rules.INTRODUCERS:
        _check_people(
            people, count=rules.INTRODUCERS_COUNT, label=_("入党介绍人"), article="第十四条"
        )
    elif step == rules.TRAINING:
        if not (
            (training_days or 0) >= rules.TRAINING_MIN_DAYS
            or (training_hours or 0) >= rules.TRAINING_MIN_HOURS
        ):
            refuse(
                "training_days",
                _("集中培训不少于3天或24学时（《发展党员工作细则》第十七条）。"),
                "training_too_short",
            )
    elif step == rules.BRANCH_MEETING:
        vetting = done[rules.VETTING].done_on
        if done_on > add_months(vetting, rules.VETTING_VALID_MONTHS):
            refuse(
                "done_on",
                _("政治审查（%(date)s）已超过一年有效期，请重新进行政治审查。"),
                "vetting_expired",
                date=vetting,
            )
        _check_adult_on_joining(candidate=candidate, joined_on=done_on)
    elif step == rules.APPROVAL:
        meeting = done[rules.BRANCH_MEETING].done_on
        _check_adult_on_joining(candidate=candidate, joined_on=meeting)
        limit = add_months(meeting, rules.APPROVAL_LIMIT_MONTHS)
        if done_on > limit:
            refuse(
                "done_on",
                _(
                    "上级党委审批不得晚于支部大会讨论（%(date)s）后六个月，即%(limit)s"
                    "（《发展党员工作细则》第二十五条）。"
                ),
                "approval_too_late",
                date=meeting,
                limit=limit,
            )
    elif step == rules.CONVERSION_APPLICATION:
        earliest = conversion_application_earliest(candidate=candidate)
        if done_on < earliest:
            refuse(
                "done_on",
                _(
                    "转正申请不得早于预备期满（%(end)s）前一个月，即%(earliest)s"
                    "（《发展党员工作细则》第三十二条、第三十三条）。"
                ),
                "conversion_application_too_early",
                end=probation_end(candidate=candidate),
                earliest=earliest,
            )
    elif step in (rules.CONVERSION_MEETING, rules.CONVERSION_APPROVAL):
        end = probation_end(candidate=candidate)
        if done_on < end:
            refuse(
                "done_on",
                _(
                    "「%(name)s」不得早于预备期满之日（%(end)s）：预备党员不能提前转正"
                    "（《发展党员工作细则》第三十二条）。"
                ),
                "conversion_before_probation_end",
                name=rules.STEP_BY_NUMBER[step].name,
                end=end,
            )


@transaction.atomic
def candidate_step_record(
    *,
    candidate: Candidate,
    step: int,
    done_on: datetime.date,
    actor: User | None,
    people: Iterable[Member] = (),
    training_days: int | None = None,
    training_hours: int | None = None,
    notes: str = "",
    document: UploadedFile | None = None,
) -> CandidateStep:
    """Record step ``step`` for the candidate, enforcing the rules above; ``document`` (a scan
    of the step's paper, say) is stored as a private file."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _check_scope(actor=actor, organisation=candidate.responsible_organisation)
    if step not in rules.STEP_BY_NUMBER:
        refuse("step", _("步骤应为 1 至 25。"), "step_unknown")
    if candidate.status in (CandidateStatus.CANCELLED, CandidateStatus.WITHDRAWN):
        raise ValidationError(_("该对象的发展工作已终止。"), code="candidate_closed")
    done = {s.step: s for s in candidate.steps.all()}
    _check_step_order(step=step, done_on=done_on, done=done)
    people = list(people)
    _check_step_rule(
        candidate=candidate,
        step=step,
        done_on=done_on,
        done=done,
        people=people,
        training_days=training_days,
        training_hours=training_hours,
    )
    stored_document = None
    if document is not None:
        stored_document = upload_store_document(
            file=document,
            title=f"{candidate.name} · {rules.STEP_BY_NUMBER[step].name}",
            user=actor,
            field="document",
        )
    record = CandidateStep.objects.create(
        candidate=candidate,
        step=step,
        done_on=done_on,
        organisation=candidate.responsible_organisation,
        training_days=training_days,
        training_hours=training_hours,
        notes=(notes or "").strip(),
        document=stored_document,
        recorded_by=actor,
    )
    record.people.set(people)
    if step == rules.APPROVAL:
        _admit(candidate=candidate, joined_on=done[rules.BRANCH_MEETING].done_on)
    elif step == rules.CONVERSION_APPROVAL:
        _convert(candidate=candidate)
    audit_record(
        instance=candidate,
        action="partybuild.recruitment.step",
        actor=actor,
        data={"step": step, "done_on": done_on.isoformat()},
    )
    return record


def _admit(*, candidate: Candidate, joined_on: datetime.date) -> None:
    """Create the member dossier as 预备党员 in the candidate's branch, 入党日期 ``joined_on``."""
    member = Member(
        name=candidate.name,
        gender=candidate.gender,
        ethnicity=candidate.ethnicity,
        birth_date=candidate.birth_date,
        phone=candidate.phone,
        education=candidate.education,
        employer=candidate.employer,
        organisation=candidate.organisation,
        category=MemberCategory.PROBATIONARY,
        joined_on=joined_on,
        user=candidate.user,
    )
    member.id_number = candidate.id_number
    member.full_clean()
    member.save()
    candidate.member = member
    candidate.status = CandidateStatus.PROBATIONARY
    candidate.save(update_fields=["member", "status"])


def _convert(*, candidate: Candidate) -> None:
    """Make the member 正式党员; the 转正日期 is the end of probation (extension included), not the
    approval's date (docs/domain.md §3: 党龄 counts from it)."""
    member = candidate.member
    member.category = MemberCategory.FULL
    member.confirmed_on = probation_end(candidate=candidate)
    member.save(update_fields=["category", "confirmed_on", "updated_at"])
    candidate.status = CandidateStatus.FULL
    candidate.save(update_fields=["status"])


@transaction.atomic
def candidate_probation_extend(
    *, candidate: Candidate, months: int, actor: User | None, reason: str
) -> Candidate:
    """Extend probation once, by 6 to 12 months."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _check_scope(actor=actor, organisation=candidate.responsible_organisation)
    if candidate.status != CandidateStatus.PROBATIONARY:
        raise ValidationError(_("只有预备党员可以延长预备期。"), code="not_probationary")
    if candidate.probation_extension_months:
        raise ValidationError(_("预备期只能延长一次。"), code="extended_already")
    if not PROBATION_EXTENSION_MIN_MONTHS <= months <= PROBATION_EXTENSION_MAX_MONTHS:
        refuse("months", _("延长预备期不少于6个月、不超过1年。"), "extension_length")
    if not (reason or "").strip():
        refuse("reason", _("请填写延长预备期的原因。"), "reason_required")
    candidate.probation_extension_months = months
    candidate.status_reason = reason.strip()
    candidate.save(update_fields=["probation_extension_months", "status_reason"])
    audit_record(
        instance=candidate,
        action="partybuild.recruitment.extend",
        actor=actor,
        data={"months": months, "reason": reason.strip()},
    )
    return candidate


@transaction.atomic
def candidate_probation_cancel(
    *, candidate: Candidate, actor: User | None, reason: str
) -> Candidate:
    """取消预备党员资格: the member leaves the roll; the reason is kept."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _check_scope(actor=actor, organisation=candidate.responsible_organisation)
    if candidate.status != CandidateStatus.PROBATIONARY:
        raise ValidationError(_("只有预备党员可以取消预备党员资格。"), code="not_probationary")
    if not (reason or "").strip():
        refuse("reason", _("请填写取消预备党员资格的原因。"), "reason_required")
    candidate.status = CandidateStatus.CANCELLED
    candidate.status_reason = reason.strip()
    candidate.save(update_fields=["status", "status_reason"])
    Member.objects.filter(pk=candidate.member_id).update(is_on_roll=False)
    audit_record(
        instance=candidate,
        action="partybuild.recruitment.cancel",
        actor=actor,
        data={"reason": reason.strip()},
    )
    return candidate


@transaction.atomic
def candidate_submission_create(
    *,
    candidate: Candidate,
    actor: User,
    kind: str,
    title: str,
    content: str,
    attachment: UploadedFile | None = None,
) -> CandidateSubmission:
    """The candidate hands in an application letter or a 思想汇报 online, with an optional
    attachment (a scan of the signed letter, say)."""
    if actor is None or candidate.user_id != actor.pk:
        raise PermissionDenied(_("只能提交本人的入党申请书或思想汇报。"))
    if candidate.status in (CandidateStatus.CANCELLED, CandidateStatus.WITHDRAWN):
        raise ValidationError(_("您的发展工作已终止。"), code="candidate_closed")
    errors = {}
    if kind not in SubmissionKind.values:
        errors["kind"] = ValidationError(_("类别无效。"), code="kind")
    if not (title or "").strip():
        errors["title"] = ValidationError(_("请填写标题。"), code="required")
    if not (content or "").strip():
        errors["content"] = ValidationError(_("请填写正文。"), code="required")
    if errors:
        raise ValidationError(errors)
    stored = None
    if attachment is not None:
        stored = upload_store_document(file=attachment, title=title.strip(), user=actor)
    submission = CandidateSubmission.objects.create(
        candidate=candidate,
        kind=kind,
        title=title.strip(),
        content=content.strip(),
        attachment=stored,
    )
    _notify_administrators(candidate=candidate, submission=submission)
    return submission


@transaction.atomic
def candidate_submission_attach(
    *, submission: CandidateSubmission, actor: User, attachment: UploadedFile
) -> CandidateSubmission:
    """Attach (or replace) the file of one's own submission while it awaits review."""
    if actor is None or submission.candidate.user_id != actor.pk:
        raise PermissionDenied(_("只能提交本人的入党申请书或思想汇报。"))
    if submission.review != StepReview.PENDING:
        raise ValidationError(_("已审阅的材料不能再修改。"), code="submission_reviewed")
    submission.attachment = upload_store_document(
        file=attachment, title=submission.title, user=actor
    )
    submission.save(update_fields=["attachment"])
    return submission


def _notify_administrators(*, candidate: Candidate, submission: CandidateSubmission) -> None:
    path = candidate.responsible_organisation.path
    ancestors = [
        path[:end] for end in range(Organisation.steplen, len(path) + 1, Organisation.steplen)
    ]
    administrators = administrators_of(
        organisations=Organisation.objects.filter(path__in=ancestors)
    ).values_list("pk", flat=True)
    message_send(
        recipients=list(administrators),
        kind=MessageKind.RECRUITMENT,
        title=_("「%(name)s」提交了%(kind)s")
        % {
            "name": candidate.name,
            "kind": submission.get_kind_display(),
        },
        object_type="candidate_submission",
        object_id=submission.pk,
    )


@transaction.atomic
def candidate_move(
    *, candidate: Candidate, to_organisation: Organisation, actor: User | None, reason: str = ""
) -> Candidate:
    """The candidate continues in another branch (they changed job or home, say). The steps
    already done keep the branch that did them; the new branch carries on from the next step.
    The actor must administer both ends."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _check_scope(actor=actor, organisation=candidate.organisation)
    _check_scope(actor=actor, organisation=to_organisation)
    if candidate.status != CandidateStatus.ACTIVE:
        raise ValidationError(
            _("只能转移培养中的对象；预备党员请办理组织关系转接。"), code="candidate_not_active"
        )
    if to_organisation.org_type not in MEMBER_ORGANISATION_TYPES:
        refuse("to_organisation", _("请选择党支部或党小组。"), "organisation_type")
    if to_organisation.pk == candidate.organisation_id:
        refuse("to_organisation", _("对象已在该党组织。"), "same_organisation")
    from_name = candidate.organisation.name
    candidate.organisation = to_organisation
    candidate.save(update_fields=["organisation"])
    audit_record(
        instance=candidate,
        action="partybuild.recruitment.move",
        actor=actor,
        data={"from": from_name, "to": to_organisation.name, "reason": (reason or "").strip()},
    )
    return candidate


@transaction.atomic
def candidate_submission_review(
    *, submission: CandidateSubmission, actor: User | None, accept: bool, comment: str = ""
) -> CandidateSubmission:
    """The branch accepts or returns a submission (a return needs a comment)."""
    _check_scope(actor=actor, organisation=submission.candidate.responsible_organisation)
    if not accept and not (comment or "").strip():
        refuse("review_comment", _("退回时请填写审阅意见。"), "comment_required")
    submission.review = StepReview.APPROVED if accept else StepReview.RETURNED
    submission.review_comment = (comment or "").strip()
    submission.reviewed_by = actor
    submission.reviewed_at = timezone.now()
    submission.save(update_fields=["review", "review_comment", "reviewed_by", "reviewed_at"])
    if submission.candidate.user_id:
        message_send(
            recipients=[submission.candidate.user_id],
            kind=MessageKind.RECRUITMENT,
            title=_("您的%(kind)s已审阅") % {"kind": submission.get_kind_display()},
            body=submission.review_comment,
            object_type="candidate_submission",
            object_id=submission.pk,
        )
    return submission
