"""Models of the registers, one module per area."""

from .board import BoardPost
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
from .experiences import ExperienceStatus, MicroExperience
from .files import PrivateFile, PrivateFileKind
from .letters import LetterRecipient, LetterStatus, SecretaryLetter
from .meetings import (
    AttendeeResponse,
    Meeting,
    MeetingAttachment,
    MeetingAttendee,
    MeetingKind,
    MeetingStatus,
    MinutesRevision,
)
from .members import Degree, Education, Member, MemberCategory, MemberStanding
from .messages import Message, MessageKind
from .organisations import Organisation, OrganisationType, UnitPartyStatus
from .points import PointsEntry, PointsReason
from .recruitment import (
    Candidate,
    CandidateStatus,
    CandidateStep,
    CandidateSubmission,
    StepReview,
    SubmissionKind,
)
from .security import LoginFailure
from .service_settings import MemberServiceSettings
from .suggestions import Suggestion, SuggestionStatus
from .supervision import (
    AssignmentStatus,
    InspectionAssignment,
    InspectionAttachment,
    InspectionTask,
    InspectionTaskStatus,
    InspectionVerdict,
    MeetingInspection,
)
from .transfers import Transfer, TransferKind, TransferStatus
from .users import User
from .wishes import MicroWish, WishStatus

__all__ = [
    "SELF_SERVICE_FIELDS",
    "AbroadRecord",
    "AssignmentStatus",
    "AttendeeResponse",
    "BoardPost",
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
    "ExperienceStatus",
    "Gender",
    "InspectionAssignment",
    "InspectionAttachment",
    "InspectionTask",
    "InspectionTaskStatus",
    "InspectionVerdict",
    "LetterRecipient",
    "LetterStatus",
    "LoginFailure",
    "Meeting",
    "MeetingAttachment",
    "MeetingAttendee",
    "MeetingInspection",
    "MeetingKind",
    "MeetingStatus",
    "Member",
    "MemberCategory",
    "MemberChangeRequest",
    "MemberServiceSettings",
    "MemberStanding",
    "Message",
    "MessageKind",
    "MicroExperience",
    "MicroWish",
    "MinutesRevision",
    "Organisation",
    "OrganisationType",
    "PaymentMethod",
    "PointsEntry",
    "PointsReason",
    "PrivateFile",
    "PrivateFileKind",
    "RewardKind",
    "RewardPunishment",
    "SecretaryLetter",
    "StepReview",
    "SubmissionKind",
    "Suggestion",
    "SuggestionStatus",
    "Transfer",
    "TransferKind",
    "TransferStatus",
    "UnitPartyStatus",
    "User",
    "WishStatus",
]
