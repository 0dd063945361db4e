"""Password validators reading 设置 › 安全策略 (partybuild.models.SecurityPolicy), so that the
安全管理员's rules hold everywhere a password is set through Django's validators: the admin,
the portal, the app API and the commands (``AUTH_PASSWORD_VALIDATORS``)."""

import string

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: The four character classes of GB/T 22239-2019's password complexity.
CHARACTER_CLASSES = (
    ("uppercase", lambda c: c in string.ascii_uppercase),
    ("lowercase", lambda c: c in string.ascii_lowercase),
    ("digit", lambda c: c.isdigit()),
    ("other", lambda c: not (c.isascii() and c.isalnum())),
)


def _policy():
    from partybuild.models import SecurityPolicy

    return SecurityPolicy.current()


def character_classes(password: str) -> int:
    """How many of the four classes (upper, lower, digit, other) ``password`` uses."""
    return sum(any(test(c) for c in password) for _name, test in CHARACTER_CLASSES)


class PolicyLengthValidator:
    """At least the policy's 密码最小长度 characters."""

    def validate(self, password, user=None):
        minimum = _policy().password_min_length
        if len(password) < minimum:
            raise ValidationError(
                _("密码至少需要 %(minimum)d 个字符。"),
                code="password_too_short",
                params={"minimum": minimum},
            )

    def get_help_text(self):
        return _("密码至少需要 %(minimum)d 个字符。") % {"minimum": _policy().password_min_length}


class CharacterClassesValidator:
    """At least the policy's number of character classes."""

    def validate(self, password, user=None):
        required = _policy().password_min_classes
        if character_classes(password) < required:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、其他符号中的至少 %(required)d 类。"),
                code="password_too_simple",
                params={"required": required},
            )

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、其他符号中的至少 %(required)d 类。") % {
            "required": _policy().password_min_classes
        }


#: History kept per account: the policy's largest 不得重复使用 count.
PASSWORD_HISTORY_KEPT = 24


class PasswordHistoryValidator:
    """Not one of the account's last passwords (the policy's 不得重复使用最近几次的密码, the
    current one included); records each new password's hash in ``PasswordHistory`` when it is
    saved (Django calls ``password_changed`` then), which also dates its expiry."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        count = _policy().password_history_count
        hashes = list(user.password_history.values_list("password", flat=True)[:count])
        if user.password and user.password not in hashes:
            hashes = [user.password, *hashes][:count]
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                _("不能使用最近 %(count)d 次用过的密码。"),
                code="password_reused",
                params={"count": count},
            )

    def password_changed(self, password, user=None):
        from partybuild.models import PasswordHistory

        if user is None or user.pk is None or not user.password:
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        stale = user.password_history.values_list("pk", flat=True)[PASSWORD_HISTORY_KEPT:]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self):
        return _("不能使用最近 %(count)d 次用过的密码。") % {
            "count": _policy().password_history_count
        }
