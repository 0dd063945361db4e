"""后台任务 in the admin: its URLs and its menu item."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from partybuild.jobs.views import job_urlpatterns


@hooks.register("register_admin_urls")
def register_job_urls():
    return [path("jobs/", include((job_urlpatterns(), "jobs"), namespace="jobs"))]


@hooks.register("register_admin_menu_item")
def register_job_menu_item():
    return MenuItem(_("后台任务"), reverse("jobs:index"), icon_name="time", order=295)
