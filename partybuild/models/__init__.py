"""Models of the registers, one module per area."""

from .change_requests import SELF_SERVICE_FIELDS, ChangeRequestStatus, MemberChangeRequest
from .choices import Gender
from .dossier import (
    AbroadRecord,
    DemocraticEvaluation,
    EvaluationGrade,
    RewardKind,
    RewardPunishment,
)
from .dues import (
    DuesAllocation,
    DuesAssessment,
    DuesCategory,
    DuesPayment,
    DuesProfile,
    DuesRate,
    PaymentMethod,
)
from .members import Degree, Education, Member, MemberCategory, MemberStanding
from .messages import Message, MessageKind
from .organisations import Organisation, OrganisationType, UnitPartyStatus
from .recruitment import (
    Candidate,
    CandidateStatus,
    CandidateStep,
    CandidateSubmission,
    StepReview,
    SubmissionKind,
)
from .security import LoginFailure
from .transfers import Transfer, TransferKind, TransferStatus
from .users import User

__all__ = [
    "SELF_SERVICE_FIELDS",
    "AbroadRecord",
    "Candidate",
    "CandidateStatus",
    "CandidateStep",
    "CandidateSubmission",
    "ChangeRequestStatus",
    "Degree",
    "DemocraticEvaluation",
    "DuesAllocation",
    "DuesAssessment",
    "DuesCategory",
    "DuesPayment",
    "DuesProfile",
    "DuesRate",
    "Education",
    "EvaluationGrade",
    "Gender",
    "LoginFailure",
    "Member",
    "MemberCategory",
    "MemberChangeRequest",
    "MemberStanding",
    "Message",
    "MessageKind",
    "Organisation",
    "OrganisationType",
    "PaymentMethod",
    "RewardKind",
    "RewardPunishment",
    "StepReview",
    "SubmissionKind",
    "Transfer",
    "TransferKind",
    "TransferStatus",
    "UnitPartyStatus",
    "User",
]
