"""Portal URLs of 三会一课 (我的会议), in the ``portal`` namespace at /me/."""

from django.urls import path

from partybuild.orglife import views

urlpatterns = [
    path("meetings/", views.meeting_mine_view, name="meetings"),
    path("meetings/<int:pk>/answer/", views.meeting_answer_view, name="meeting_answer"),
]
