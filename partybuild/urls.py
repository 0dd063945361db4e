"""Portal URLs for members, mounted at /me/ by partysite/urls.py."""

from django.urls import path

from partybuild import views, views_recruitment

app_name = "portal"

urlpatterns = [
    path("", views.me, name="me"),
    path("recruitment/", views_recruitment.recruitment_mine_view, name="recruitment"),
]
