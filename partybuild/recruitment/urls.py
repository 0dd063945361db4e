"""Portal URLs of 发展党员 (我的入党进程), in the ``portal`` namespace at /me/."""

from django.urls import path

from partybuild.recruitment import views

urlpatterns = [
    path("recruitment/", views.recruitment_mine_view, name="recruitment"),
]
