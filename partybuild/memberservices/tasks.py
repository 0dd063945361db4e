"""便民服务's kinds of 我的任务 (partybuild/tasks.py): letters to 书记信箱 and 意见建议 waiting for
the reply of the administrators of their organisations."""

from partybuild.memberservices.models import LetterStatus, SuggestionStatus
from partybuild.memberservices.selectors.letters import letter_list_managed
from partybuild.memberservices.selectors.suggestions import suggestion_list_managed
from partybuild.tasks import TaskKind, task_kind_register


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
