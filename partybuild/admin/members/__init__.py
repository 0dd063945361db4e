"""Wagtail admin for member dossiers (党员管理): listing, dossier, create/edit with sub-records,
delete, history, the reveal of full identity numbers, and a print-friendly roster.

Scope: every view reads members through :func:`partybuild.selectors.members.member_scope_for_user`
(``member_list`` for listings), so a member outside the user's subtree answers 404 wherever it
is asked for. Privacy: ID and mobile numbers are shown through
:func:`partybuild.core.privacy.mask_identifier` everywhere, edit forms included (they are never
prefilled); only the reveal view, which needs 「查看完整身份信息」, shows them in full and writes
an audit record.
"""

from partybuild.admin.members.viewset import MemberViewSet, member_viewset

__all__ = ["MemberViewSet", "member_viewset"]
