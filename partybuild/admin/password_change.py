"""修改密码 in the admin: where an account with an issued password is sent until it changes it
(partybuild/middleware.py); any signed-in account may use it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from partybuild.forms import password_change_handle


@login_required(login_url="wagtailadmin_login")
def admin_password_change(request):
    """The change form; on success the session stays signed in and the admin opens."""
    form, done = password_change_handle(request, done_url=reverse("wagtailadmin_home"))
    if done:
        return redirect(done)
    return TemplateResponse(
        request,
        "partybuild/member_logins/password_change_admin.html",
        {"form": form, "required": request.user.password_change_required},
    )


def password_change_urlpatterns() -> list:
    """The admin URL of 修改密码 (registered by partybuild/wagtail_hooks.py)."""
    return [path("password/change/", admin_password_change, name="partybuild_password_change")]
