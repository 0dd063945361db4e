"""Portal URLs for members, mounted at /me/ by partysite/urls.py."""

from django.urls import path

from partybuild import (
    views,
    views_experiences,
    views_meetings,
    views_recruitment,
    views_services,
    views_wishes,
)

app_name = "portal"

urlpatterns = [
    path("", views.me, name="me"),
    path("recruitment/", views_recruitment.recruitment_mine_view, name="recruitment"),
    path("meetings/", views_meetings.meeting_mine_view, name="meetings"),
    path("meetings/<int:pk>/answer/", views_meetings.meeting_answer_view, name="meeting_answer"),
    path("suggestions/", views_services.suggestions_view, name="suggestions"),
    path("letters/", views_services.letters_view, name="letters"),
    path("board/", views_services.board_view, name="board"),
    path("wishes/", views_wishes.wish_list_view, name="wishes"),
    path("wishes/mine/", views_wishes.wish_mine_view, name="wishes_mine"),
    path("wishes/<int:pk>/claim/", views_wishes.wish_claim_view, name="wish_claim"),
    path("experiences/", views_experiences.experience_list_view, name="experiences"),
    path("points/", views_experiences.points_mine_view, name="points"),
]
