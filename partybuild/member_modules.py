"""Which member modules apply to an account beyond those every member has: the entries of the
app's 首页 that only some members see (发展党员 for applicants, 书记信箱 where it is set up).

Each register answers for its own module (:func:`member_module_register`, from its
``AppConfig.ready``), so content's 首页 reads them through :func:`member_modules_for_user` without
importing the registers (docs/architecture.md, "Registries").
"""

from collections.abc import Callable

#: key → ``applies(user=…, member=…)``; ``member`` is the account's dossier or None.
_MODULES: dict[str, Callable[..., bool]] = {}


def member_module_register(*, key: str, applies: Callable[..., bool]) -> None:
    """Register the predicate that says whether module ``key`` applies to an account."""
    _MODULES[key] = applies


def member_modules_for_user(*, user, member) -> dict[str, bool]:
    """``{key: applies}`` of every registered module for ``user`` (and its dossier ``member``)."""
    return {key: bool(applies(user=user, member=member)) for key, applies in _MODULES.items()}
