"""Registers the admin of 党代表 with Wagtail."""

from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_representative_viewsets():
    """党代表, 党代表大会, 联系党员群众 and 提案建议 (admin/representatives …)."""
    from partybuild.representatives.admin import RepresentativesViewSetGroup

    return RepresentativesViewSetGroup()
