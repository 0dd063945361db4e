"""Reads of the audit log (admin › 报告 › 站点历史), scoped to the organisation subtree of a user.

The audit log is the 审计管理员's (三员分立, docs/domain.md): reading it needs
``partybuild.view_audit_log`` (:func:`user_reads_audit_log`); other administrators read the
history of one object at a time from that object's page. An auditor whose scope covers the whole
tree reads every entry, those about objects without a place in it (roles, pages, settings)
included.

The entries (Wagtail's ``ModelLogEntry``, written by partybuild.services.audit and by Wagtail's
own views) name the object they are about, not an organisation: an entry is placed in the tree
by the organisation of its object, as the object's own register places it
(:data:`AUDIT_ORGANISATION_LOOKUPS`; a transfer by either end). An administrator sees the
entries about objects of their subtree; an entry whose object has no place in the tree (its
model is not listed, or it was deleted) is for superusers only. Page entries keep Wagtail's own
page-permission filtering.

The placement is a subquery per model inside the entries' own query, so the number of queries
does not depend on the number of entries.
"""

from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import PageLogEntry

from partybuild.models import Organisation, User
from partybuild.selectors.roles import user_administers, user_scope_paths
from partybuild.selectors.users import user_scope_for_user

#: For each model the registers log, the paths from it to an Organisation ("" for an
#: organisation itself); an object is in a subtree when one of them leads into it.
AUDIT_ORGANISATION_LOOKUPS: dict[str, tuple[str, ...]] = {
    "partybuild.Organisation": ("",),
    "partybuild.Member": ("organisation",),
    "partybuild.MemberChangeRequest": ("member__organisation",),
    "partybuild.Transfer": ("from_organisation", "to_organisation"),
    "dues.DuesPayment": ("member__organisation",),
    "dues.DuesAssessment": ("organisation",),
    "recruitment.Candidate": ("organisation", "member__organisation"),
    "recruitment.CandidateSubmission": (
        "candidate__organisation",
        "candidate__member__organisation",
    ),
    "orglife.Meeting": ("organisation",),
    "supervision.InspectionTask": ("issuer",),
    "supervision.InspectionAssignment": ("organisation", "task__issuer"),
    "supervision.MeetingInspection": ("meeting__organisation",),
    "memberservices.MicroWish": ("organisation",),
    "memberservices.MicroExperience": ("organisation",),
    "memberservices.Suggestion": ("organisation",),
    "memberservices.SecretaryLetter": ("addressee",),
    "memberservices.BoardPost": ("organisation",),
}


def _path_lookup(lookup: str) -> str:
    return f"{lookup}__path__startswith" if lookup else "path__startswith"


def _text_pks(queryset: QuerySet) -> QuerySet:
    """The primary keys of ``queryset`` as text, to compare with ``object_id``."""
    return queryset.order_by().values_list(Cast("pk", output_field=CharField()), flat=True)


def objects_placed_in_subtree(*, user: User) -> Q:
    """Rows with ``content_type`` and ``object_id`` (a model log's entries, security events)
    about objects in the subtree ``user`` administers."""
    paths = user_scope_paths(user=user)
    if not paths:
        return Q(pk__in=[])
    models = [apps.get_model(label) for label in AUDIT_ORGANISATION_LOOKUPS]
    content_types = ContentType.objects.get_for_models(*models, User, for_concrete_models=False)
    placed = Q(
        content_type=content_types[User],
        object_id__in=_text_pks(user_scope_for_user(user=user)),
    )
    for model, lookups in zip(models, AUDIT_ORGANISATION_LOOKUPS.values(), strict=True):
        in_subtree = reduce(
            or_, (Q(**{_path_lookup(lookup): path}) for lookup in lookups for path in paths)
        )
        placed |= Q(
            content_type=content_types[model],
            object_id__in=_text_pks(model._default_manager.filter(in_subtree)),
        )
    return placed


#: The permission of the audit log (权限设置 › 审计日志 › 查看与导出).
AUDIT_LOG_PERMISSION = "partybuild.view_audit_log"


def user_reads_audit_log(user: User | AnonymousUser) -> bool:
    """Whether ``user`` may open 站点历史 and export it: an active superuser, or an account
    holding the audit log permission through a role in force."""
    return user_administers(user, AUDIT_LOG_PERMISSION)


def covers_whole_tree(user: User) -> bool:
    """Whether ``user``'s scope holds every root of the tree (cached on the account object for
    the request, as its scope is)."""
    cached = user.__dict__.get("_partybuild_scope_whole_tree")
    if cached is None:
        paths = user_scope_paths(user=user)
        roots = set(Organisation.get_root_nodes().values_list("path", flat=True))
        cached = paths is None or (bool(paths) and roots <= set(paths))
        user.__dict__["_partybuild_scope_whole_tree"] = cached
    return cached


def log_entries_viewable_by_user(*, user: User | AnonymousUser, log_model) -> QuerySet:
    """The entries of ``log_model`` the user may see in the site history and its export."""
    if not user_reads_audit_log(user):
        return log_model.objects.none()
    if covers_whole_tree(user):
        return log_model.objects.all()
    if issubclass(log_model, PageLogEntry):
        return log_model.objects.viewable_by_user(user)
    if not any(field.name == "object_id" for field in log_model._meta.get_fields()):
        return log_model.objects.none()
    return log_model.objects.filter(objects_placed_in_subtree(user=user))


def _viewable_querysets(*, user: User | AnonymousUser) -> list[QuerySet]:
    return [
        log_entries_viewable_by_user(user=user, log_model=log_model)
        for log_model in log_action_registry.get_log_entry_models()
    ]


def log_entry_users_for_filter(*, user: User | AnonymousUser) -> QuerySet[User]:
    """The people who wrote entries the user may see (the 用户 filter's choices)."""
    user_ids = set()
    for queryset in _viewable_querysets(user=user):
        user_ids.update(queryset.get_user_ids())
    return User.objects.filter(pk__in=user_ids).order_by(User.USERNAME_FIELD)


def log_entry_content_types_for_filter(*, user: User | AnonymousUser) -> QuerySet[ContentType]:
    """The types of object of entries the user may see (the 类型 filter's choices)."""
    content_type_ids = set()
    for queryset in _viewable_querysets(user=user):
        content_type_ids.update(queryset.get_content_type_ids())
    return ContentType.objects.filter(pk__in=content_type_ids).order_by("model")


def log_entry_actions_for_filter(*, user: User | AnonymousUser) -> list[tuple[str, str]]:
    """The actions of entries the user may see (the 操作 filter's choices)."""
    actions = set()
    for queryset in _viewable_querysets(user=user):
        actions.update(queryset.get_actions())
    return [choice for choice in log_action_registry.get_choices() if choice[0] in actions]
