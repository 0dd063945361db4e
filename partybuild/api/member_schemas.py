"""Member schemas shared by the app API's 我的 (me.py) and 党员 (members.py) routers.

ID and mobile numbers pass through partybuild.core.privacy.mask_identifier unless the caller says
``reveal=True`` (an administrator holding 「查看完整身份信息」, whose reveal is audited by the
router). Choice fields go out as the stored value plus its Chinese label.
"""

import datetime

from ninja import Schema

from partybuild.core.privacy import mask_identifier
from partybuild.models import Member


class OrganisationRef(Schema):
    """An organisation named in another record."""

    id: int
    name: str


class MemberSummaryOut(Schema):
    """A member in a list."""

    id: int
    name: str
    gender: str
    gender_label: str
    organisation: OrganisationRef
    category: str
    category_label: str
    standing: str
    standing_label: str
    phone: str
    joined_on: datetime.date | None
    is_on_roll: bool


class RewardOut(Schema):
    kind: str
    kind_label: str
    title: str
    awarded_on: datetime.date
    authority: str
    description: str


class EvaluationOut(Schema):
    year: int
    grade: str
    grade_label: str
    remarks: str


class AbroadOut(Schema):
    destination: str
    purpose: str
    departed_on: datetime.date
    returned_on: datetime.date | None
    remarks: str


class MemberDossierOut(MemberSummaryOut):
    """A member's full dossier (ID and mobile masked unless revealed)."""

    id_number: str
    ethnicity: str
    birth_date: datetime.date | None
    native_place: str
    home_address: str
    education: str
    education_label: str
    degree: str
    degree_label: str
    school_major: str
    employer: str
    job_post: str
    confirmed_on: datetime.date | None
    is_lost_contact: bool
    is_abroad: bool
    is_mobile: bool
    rewards: list[RewardOut]
    evaluations: list[EvaluationOut]
    abroad_records: list[AbroadOut]


def member_summary_data(member: Member, *, reveal: bool = False) -> dict:
    """The MemberSummaryOut fields of ``member`` (its organisation should be selected)."""
    return {
        "id": member.pk,
        "name": member.name,
        "gender": member.gender,
        "gender_label": member.get_gender_display(),
        "organisation": {"id": member.organisation_id, "name": member.organisation.name},
        "category": member.category,
        "category_label": member.get_category_display(),
        "standing": member.standing,
        "standing_label": member.get_standing_display(),
        "phone": member.phone if reveal else mask_identifier(member.phone, kind="mobile"),
        "joined_on": member.joined_on,
        "is_on_roll": member.is_on_roll,
    }


def member_dossier_data(member: Member, *, reveal: bool = False) -> dict:
    """The MemberDossierOut fields of ``member`` (prefetch its three sub-record sets)."""
    id_number = member.id_number or ""
    return {
        **member_summary_data(member, reveal=reveal),
        "id_number": id_number if reveal else mask_identifier(id_number, kind="id_number"),
        "ethnicity": member.ethnicity,
        "birth_date": member.birth_date,
        "native_place": member.native_place,
        "home_address": member.home_address,
        "education": member.education,
        "education_label": member.get_education_display(),
        "degree": member.degree,
        "degree_label": member.get_degree_display(),
        "school_major": member.school_major,
        "employer": member.employer,
        "job_post": member.job_post,
        "confirmed_on": member.confirmed_on,
        "is_lost_contact": member.is_lost_contact,
        "is_abroad": member.is_abroad,
        "is_mobile": member.is_mobile,
        "rewards": [
            {
                "kind": record.kind,
                "kind_label": record.get_kind_display(),
                "title": record.title,
                "awarded_on": record.awarded_on,
                "authority": record.authority,
                "description": record.description,
            }
            for record in member.rewards_punishments.all()
        ],
        "evaluations": [
            {
                "year": record.year,
                "grade": record.grade,
                "grade_label": record.get_grade_display(),
                "remarks": record.remarks,
            }
            for record in member.evaluations.all()
        ],
        "abroad_records": [
            {
                "destination": record.destination,
                "purpose": record.purpose,
                "departed_on": record.departed_on,
                "returned_on": record.returned_on,
                "remarks": record.remarks,
            }
            for record in member.abroad_records.all()
        ],
    }


#: prefetch_related() names for member_dossier_data.
DOSSIER_PREFETCH = ("rewards_punishments", "evaluations", "abroad_records")
