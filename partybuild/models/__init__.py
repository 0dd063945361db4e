"""Models of the registers, one module per area."""

from .choices import Gender
from .members import Member, MemberCategory, MemberStanding
from .organisations import Organisation, OrganisationType, UnitPartyStatus
from .users import User

__all__ = [
    "Gender",
    "Member",
    "MemberCategory",
    "MemberStanding",
    "Organisation",
    "OrganisationType",
    "UnitPartyStatus",
    "User",
]
