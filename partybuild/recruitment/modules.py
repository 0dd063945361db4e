"""The 发展党员 entry of the member app's 首页 (partybuild.member_modules): for an account linked to
a candidate still in the pipeline (培养中) or on probation (预备党员)."""

from partybuild.member_modules import member_module_register
from partybuild.recruitment.models import Candidate, CandidateStatus

#: The candidates whose progress the member follows in the app.
RECRUITMENT_OPEN = (CandidateStatus.ACTIVE, CandidateStatus.PROBATIONARY)


def recruitment_applies(*, user, member) -> bool:
    return Candidate.objects.filter(user=user, status__in=RECRUITMENT_OPEN).exists()


def register() -> None:
    member_module_register(key="recruitment", applies=recruitment_applies)
