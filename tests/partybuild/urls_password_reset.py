"""The project's URLs plus a stand-in for the member-logins area's password reset view, so the
account admin's 重置密码 button can be tested before (and after) that view exists."""

from django.http import HttpResponse
from django.urls import path

from partysite.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path(
        "admin/accounts/<int:pk>/password-reset/",
        lambda request, pk: HttpResponse(),
        name="partybuild_account_password_reset",
    ),
    *project_urlpatterns,
]
