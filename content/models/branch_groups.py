"""The link between an organisation and the page folders and groups made for it."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationContentGroups(models.Model):
    """The 编辑 and 书记 groups of one organisation, kept so a rename can follow them."""

    organisation = models.OneToOneField(
        "partybuild.Organisation",
        verbose_name=_("党组织"),
        on_delete=models.CASCADE,
        related_name="content_groups",
    )
    editors = models.OneToOneField(
        Group, verbose_name=_("编辑组"), on_delete=models.PROTECT, related_name="+"
    )
    secretaries = models.OneToOneField(
        Group, verbose_name=_("书记组"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("党组织内容权限组")
        verbose_name_plural = _("党组织内容权限组")

    def __str__(self) -> str:
        return str(self.organisation)
