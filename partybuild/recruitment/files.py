"""Who may open the private files of 发展党员: step scans and online submissions' attachments
(partybuild/file_access.py)."""

from partybuild.file_access import FileOwner, file_owner_register
from partybuild.models import User
from partybuild.recruitment.models import CandidateStep, CandidateSubmission
from partybuild.selectors.organisations import organisation_is_in_scope


def _candidate_may_open(user: User, candidate) -> bool:
    if candidate.user_id == user.pk:
        return True
    if candidate.member_id is not None and candidate.member.user_id == user.pk:
        return True
    return organisation_is_in_scope(user=user, organisation=candidate.responsible_organisation)


def register() -> None:
    """Called from the app's ``ready``."""
    file_owner_register(
        FileOwner(
            CandidateStep,
            "document",
            lambda user, step: _candidate_may_open(user, step.candidate),
            ("candidate__organisation", "candidate__member__organisation"),
        ),
        FileOwner(
            CandidateSubmission,
            "attachment",
            lambda user, submission: _candidate_may_open(user, submission.candidate),
            ("candidate__organisation", "candidate__member__organisation"),
        ),
    )
