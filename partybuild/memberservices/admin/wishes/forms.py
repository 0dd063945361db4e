"""Forms of the 微心愿 / 微心得 admin. They only collect input; the rules are in the services."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput

from partybuild.memberservices.models import MicroExperience, MicroWish
from partybuild.memberservices.services.points import EXPERIENCE_DEFAULT_POINTS
from partybuild.models import User
from partybuild.selectors.organisations import organisation_scope_for_user


def _indented(organisation) -> str:
    return "—" * (organisation.depth - 1) + " " + organisation.name


def _scope(request):
    return organisation_scope_for_user(user=request.user).order_by("path")


class WishFilterSet(WagtailFilterSet):
    """Status and organisation (its own wishes) within the user's scope."""

    organisation = django_filters.ModelChoiceFilter(label=_("申请支部"), queryset=_scope)

    class Meta:
        model = MicroWish
        fields = ["status", "organisation"]


class ExperienceFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(label=_("所在组织"), queryset=_scope)

    class Meta:
        model = MicroExperience
        fields = ["status", "organisation"]


class WishForm(forms.ModelForm):
    """登记 or 修改 a wish; the organisation and image only when registering."""

    image_upload = forms.ImageField(
        label=_("图片"), required=False, help_text=_("jpg、png、gif 或 webp，不超过 10 MB")
    )

    class Meta:
        model = MicroWish
        fields = [
            "organisation",
            "title",
            "value",
            "deadline",
            "owner_name",
            "owner_phone",
            "situation",
            "cash_amount",
            "mailing_address",
        ]
        widgets = {"deadline": AdminDateInput}

    def __init__(self, *args, for_user: User, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["organisation"].queryset = organisation_scope_for_user(
                user=for_user
            ).order_by("path")
            self.fields["organisation"].label_from_instance = _indented
        else:
            del self.fields["organisation"]
            del self.fields["image_upload"]

    def _post_clean(self):
        """Model validation is the service's job."""


class WishReviewForm(forms.Form):
    """发布 / 驳回 a pending wish, or 确认完成 a fulfilled one."""

    decision = forms.ChoiceField(label=_("处理"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("驳回理由"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = choices


class ExperienceReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[("approve", _("通过")), ("reject", _("驳回"))],
        widget=forms.RadioSelect,
    )
    points = forms.IntegerField(
        label=_("心得积分"),
        min_value=0,
        max_value=100,
        initial=EXPERIENCE_DEFAULT_POINTS,
        required=False,
    )
    reason = forms.CharField(
        label=_("驳回理由"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class LeaderboardForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=None, label=_("党组织"), required=False, empty_label=_("全部（管理范围内）")
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_scope_for_user(user=user).order_by(
            "path"
        )
        self.fields["organisation"].label_from_instance = _indented
