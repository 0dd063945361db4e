"""Choice sets shared by several registers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    """性别; the values match what partybuild.core.validators derives from an ID number."""

    MALE = "male", _("男")
    FEMALE = "female", _("女")
