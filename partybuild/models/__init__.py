"""Models of the registers, one module per area."""

from partybuild.twofactor.models import OtpFailure

from .change_requests import SELF_SERVICE_FIELDS, ChangeRequestStatus, MemberChangeRequest
from .choices import Gender
from .dossier import (
    AbroadRecord,
    DemocraticEvaluation,
    EvaluationGrade,
    RewardKind,
    RewardPunishment,
)
from .files import PrivateFile, PrivateFileKind
from .members import Degree, Education, Member, MemberCategory, MemberStanding
from .messages import Message, MessageKind
from .organisations import Organisation, OrganisationType, UnitPartyStatus
from .records import RecordedEntry, RegisteredRecord
from .roles import SEPARATED_ROLES, Role, RoleAssignment
from .security import (
    LoginFailure,
    PasswordHistory,
    PasswordResetCode,
    RateLimitHit,
    SecurityPolicy,
    UserSession,
)
from .security_events import (
    SecurityEvent,
    SecurityEventAnchor,
    SecurityEventOutcome,
    SecurityEventRefused,
    SecurityEventType,
)
from .transfers import Transfer, TransferKind, TransferStatus
from .users import User

__all__ = [
    "SELF_SERVICE_FIELDS",
    "SEPARATED_ROLES",
    "AbroadRecord",
    "ChangeRequestStatus",
    "Degree",
    "DemocraticEvaluation",
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
    "OtpFailure",
    "PasswordHistory",
    "PasswordResetCode",
    "PrivateFile",
    "PrivateFileKind",
    "RateLimitHit",
    "RecordedEntry",
    "RegisteredRecord",
    "RewardKind",
    "RewardPunishment",
    "Role",
    "RoleAssignment",
    "SecurityEvent",
    "SecurityEventAnchor",
    "SecurityEventOutcome",
    "SecurityEventRefused",
    "SecurityEventType",
    "SecurityPolicy",
    "Transfer",
    "TransferKind",
    "TransferStatus",
    "UnitPartyStatus",
    "User",
    "UserSession",
]
