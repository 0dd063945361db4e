"""Models of 便民服务, one module per register."""

from .board import BOARD_POST_MAX_LENGTH, BoardPost
from .experiences import ExperienceStatus, MicroExperience
from .letters import LetterRecipient, LetterStatus, SecretaryLetter
from .points import PointsEntry, PointsReason
from .settings import MemberServiceSettings
from .suggestions import Suggestion, SuggestionStatus
from .wishes import MicroWish, WishStatus

__all__ = [
    "BOARD_POST_MAX_LENGTH",
    "BoardPost",
    "ExperienceStatus",
    "LetterRecipient",
    "LetterStatus",
    "MemberServiceSettings",
    "MicroExperience",
    "MicroWish",
    "PointsEntry",
    "PointsReason",
    "SecretaryLetter",
    "Suggestion",
    "SuggestionStatus",
    "WishStatus",
]
