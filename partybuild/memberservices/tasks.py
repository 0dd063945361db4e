"""便民服务's kinds of 我的任务 (partybuild/tasks.py): letters to 书记信箱 and 意见建议 waiting for
the reply of the administrators of their organisations, and letters waiting for the reply of the
organisation's current 书记 (partybuild.committees) when they are not its administrator."""

from partybuild.committees.selectors import committee_secretary_organisations
from partybuild.memberservices.models import LetterStatus, SecretaryLetter, SuggestionStatus
from partybuild.memberservices.selectors.letters import letter_list_managed
from partybuild.memberservices.selectors.suggestions import suggestion_list_managed
from partybuild.selectors.roles import scope_q
from partybuild.tasks import TaskKind, task_kind_register


def _letters_to_secretary(user):
    """Unanswered letters addressed to organisations whose 书记 ``user`` is, except those of the
    organisations they administer (the administrators' kind lists those). One COUNT query."""
    return (
        SecretaryLetter.objects.filter(
            addressee_id__in=committee_secretary_organisations(user=user),
            status=LetterStatus.SENT,
        )
        .exclude(scope_q(user=user, lookup="addressee"))
        .order_by("-created_at", "-pk"),
        lambda letter: (letter.subject, "letter", letter.pk, letter.created_at),
    )


def register() -> None:
    """Called from the app's ``ready``."""
    task_kind_register(
        TaskKind(
            "letter_to_reply",
            "待答复的书记信箱来信",
            42,
            stored=lambda user: (
                letter_list_managed(user=user, status=LetterStatus.SENT),
                lambda letter: (letter.subject, "letter", letter.pk, letter.created_at),
            ),
            permission="memberservices.change_secretaryletter",
            admin_url="secretary_letters:index",
        )
    )
    task_kind_register(
        TaskKind(
            "letter_to_secretary",
            "待我答复的书记信箱来信",
            43,
            stored=_letters_to_secretary,
        )
    )
    task_kind_register(
        TaskKind(
            "suggestion_to_reply",
            "待处理的意见建议",
            44,
            stored=lambda user: (
                suggestion_list_managed(user=user, status=SuggestionStatus.OPEN),
                lambda suggestion: (
                    suggestion.title,
                    "suggestion",
                    suggestion.pk,
                    suggestion.created_at,
                ),
            ),
            permission="memberservices.change_suggestion",
            admin_url="suggestions:index",
        )
    )
