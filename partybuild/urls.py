"""Portal URLs for members, mounted at /me/ by partysite/urls.py."""

from django.urls import path

from partybuild import views

app_name = "portal"

urlpatterns = [
    path("", views.me, name="me"),
]
