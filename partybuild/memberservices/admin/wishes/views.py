"""Views of the 微心愿 / 微心得 admin: scoped listings, registering and correcting a wish,
reviewing wishes (发布 / 驳回 / 确认完成) and 微心得 (通过 / 驳回), and the 积分 leaderboard.
Objects outside the user's subtree are 404; writes go through the services."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views import generic

from partybuild.admin.permissions import require_administrator
from partybuild.admin.views import ServiceFormView
from partybuild.memberservices.admin.wishes.forms import (
    ExperienceReviewForm,
    LeaderboardForm,
    WishForm,
    WishReviewForm,
)
from partybuild.memberservices.models import (
    ExperienceStatus,
    MicroExperience,
    MicroWish,
    WishStatus,
)
from partybuild.memberservices.selectors.experiences import experience_list_admin
from partybuild.memberservices.selectors.points import points_leaderboard
from partybuild.memberservices.selectors.wishes import wish_list_admin
from partybuild.memberservices.services import experiences as experience_services
from partybuild.memberservices.services import wishes as wish_services


class WishIndexView(generic.IndexView):
    """Wishes of the user's subtree (overdue ones expired first)."""

    def get_base_queryset(self):
        return wish_list_admin(user=self.request.user)


class ExperienceIndexView(generic.IndexView):
    """微心得 of the user's subtree; the leaderboard is one click away."""

    leaderboard_url_name = None

    def get_base_queryset(self):
        return experience_list_admin(user=self.request.user)

    @property
    def header_buttons(self):
        from wagtail.admin.widgets.button import HeaderButton

        return [
            HeaderButton(_("积分排行"), url=reverse(self.leaderboard_url_name), icon_name="table")
        ]


class BenefitsFormView(ServiceFormView):
    """Base of the single-form pages: ``run_service`` returns the message shown above the
    listing, which opens next."""

    model = MicroWish
    header_icon = "tag"
    error_field_map = {"image": "image_upload"}

    def service_done(self, result):
        messages.success(self.request, result)
        return redirect(self.index_url_name)


class WishCreateView(BenefitsFormView):
    """登记微心愿 (待审核)."""

    permission_required = "add"
    page_title = gettext_lazy("登记微心愿")
    submit_button_label = gettext_lazy("登记")

    def get_form(self, form_class=None):
        return WishForm(**self.get_form_kwargs(), for_user=self.request.user, creating=True)

    def run_service(self, form):
        data = form.cleaned_data
        wish = wish_services.wish_create(
            actor=self.request.user,
            image=data.pop("image_upload") or None,
            **data,
        )
        return _("已登记微心愿「%(title)s」，待审核发布。") % {"title": wish.title}


class WishEditView(BenefitsFormView):
    """修改 a wish of the user's subtree; the full phone number is shown here only."""

    permission_required = "change"
    page_title = gettext_lazy("修改微心愿")
    submit_button_label = gettext_lazy("保存")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.wish = get_object_or_404(wish_list_admin(user=request.user), pk=kwargs["pk"])

    def get_form(self, form_class=None):
        return WishForm(
            **self.get_form_kwargs(), instance=self.wish, for_user=self.request.user, creating=False
        )

    def run_service(self, form):
        wish = wish_services.wish_update(
            wish=self.wish, actor=self.request.user, **form.cleaned_data
        )
        return _("已保存微心愿「%(title)s」。") % {"title": wish.title}


class WishReviewView(BenefitsFormView):
    """处理 a wish: 发布 or 驳回 while pending, 确认完成 once the claimer recorded it."""

    permission_required = "change"
    template_name = "partybuild/wishes/review.html"
    page_title = gettext_lazy("处理微心愿")
    edit_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.wish = get_object_or_404(wish_list_admin(user=request.user), pk=kwargs["pk"])

    def _choices(self):
        if self.wish.status == WishStatus.PENDING:
            return [("publish", _("审核通过并发布")), ("reject", _("驳回"))]
        if self.wish.status == WishStatus.CLAIMED and self.wish.fulfilled_at:
            return [("confirm", _("确认已完成"))]
        return []

    def get_form(self, form_class=None):
        return WishReviewForm(**self.get_form_kwargs(), choices=self._choices())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["wish"] = self.wish
        context["actionable"] = bool(self._choices())
        if self.wish.status in (WishStatus.PENDING, WishStatus.PUBLISHED):
            context["edit_url"] = reverse(self.edit_url_name, args=[self.wish.pk])
        return context

    def run_service(self, form):
        decision = form.cleaned_data["decision"]
        actor = self.request.user
        if decision == "publish":
            wish_services.wish_publish(wish=self.wish, actor=actor)
            return _("已发布「%(title)s」。") % {"title": self.wish.title}
        if decision == "reject":
            wish_services.wish_reject(
                wish=self.wish, actor=actor, reason=form.cleaned_data["reason"]
            )
            return _("已驳回「%(title)s」。") % {"title": self.wish.title}
        wish_services.wish_confirm(wish=self.wish, actor=actor)
        return _("已确认「%(title)s」完成。") % {"title": self.wish.title}


class ExperienceReviewView(BenefitsFormView):
    """审核 a 微心得: 通过 (awarding points) or 驳回 with a reason."""

    model = MicroExperience
    permission_required = "change"
    template_name = "partybuild/experiences/review.html"
    page_title = gettext_lazy("审核微心得")
    form_class = ExperienceReviewForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.experience = get_object_or_404(
            experience_list_admin(user=request.user), pk=kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["experience"] = self.experience
        context["actionable"] = self.experience.status == ExperienceStatus.PENDING
        return context

    def run_service(self, form):
        data = form.cleaned_data
        if data["decision"] == "approve":
            experience = experience_services.experience_approve(
                experience=self.experience, actor=self.request.user, points=data["points"]
            )
            return _("已通过「%(title)s」，发放积分 %(points)d 分。") % {
                "title": experience.title,
                "points": experience.points,
            }
        experience_services.experience_reject(
            experience=self.experience, actor=self.request.user, reason=data["reason"]
        )
        return _("已驳回「%(title)s」。") % {"title": self.experience.title}


def points_leaderboard_view(request):
    """积分排行: the members of the user's scope (or one organisation's subtree) by points."""
    user = request.user
    require_administrator(user, "memberservices.view_microwish")
    form = LeaderboardForm(request.GET or None, user=user)
    organisation = None
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
    rows = points_leaderboard(user=user, organisation=organisation, limit=100)
    return TemplateResponse(
        request,
        "partybuild/experiences/leaderboard.html",
        {"form": form, "rows": rows, "header_title": _("积分排行"), "title": _("积分排行")},
    )
