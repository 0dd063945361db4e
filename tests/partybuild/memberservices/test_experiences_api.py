"""微心得 and 积分 in the app: posting with files (and refusals), review awarding points once,
leaderboards in scope, and constant queries per page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partybuild import uploads
from partybuild.memberservices.models import MicroExperience, PointsEntry
from partybuild.memberservices.services.experiences import experience_approve, experience_submit
from tests.partybuild.memberservices.test_wishes_api import png

pytestmark = pytest.mark.django_db


def post(client, **files):
    return client.post(
        "/api/app/experiences/", {"title": "学以致用", "content": "学习的最终目的……", **files}
    )


def test_a_member_posts_with_image_and_attachment(roles, api_client):
    client = api_client(roles["member_a"])
    response = post(client, image=png(), attachment=SimpleUploadedFile("心得.docx", b"PK"))
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending" and body["status_label"] == "待审核"
    assert body["image_url"] and body["attachment_url"]
    assert client.get("/api/app/experiences/mine").json()["count"] == 1
    assert client.get("/api/app/experiences/").json()["count"] == 0


def test_a_refused_upload_saves_nothing(roles, api_client, monkeypatch):
    client = api_client(roles["member_a"])
    wrong = post(client, attachment=SimpleUploadedFile("a.html", b"<script>"))
    assert wrong.status_code == 422
    assert wrong.json()["code"] == "upload_type_not_allowed"
    assert "attachment" in wrong.json()["fields"]
    monkeypatch.setitem(uploads.MAX_SIZE, "document", 4)
    big = post(client, image=png(), attachment=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    assert big.json()["code"] == "upload_too_large"
    assert "不能超过" in big.json()["message"]
    assert MicroExperience.objects.count() == 0


def test_review_awards_points_once(roles, api_client):
    experience = experience_submit(member=roles["member_b"].member, title="端正态度", content="……")
    admin = api_client(roles["admin_parent"])
    assert [i["id"] for i in admin.get("/api/app/experiences/pending").json()["items"]] == [
        experience.pk
    ]
    path = f"/api/app/experiences/{experience.pk}/approve"
    assert admin.post(path, {"points": 12}, "application/json").status_code == 200
    again = admin.post(path, {"points": 12}, "application/json")
    assert again.status_code == 422 and again.json()["code"] == "experience_already_reviewed"
    assert PointsEntry.objects.filter(member=roles["member_b"].member).count() == 1
    mine = api_client(roles["member_b"]).get("/api/app/points/mine").json()
    assert mine["balance"] == 12
    assert mine["entries"][0]["reason"] == "微心得「端正态度」审核通过"
    assert api_client(roles["member_a"]).get("/api/app/experiences/").json()["count"] == 1


def test_reject_needs_a_reason_and_other_branches_get_404(roles, api_client):
    experience = experience_submit(member=roles["member_b"].member, title="x", content="y")
    path = f"/api/app/experiences/{experience.pk}/reject"
    assert (
        api_client(roles["admin_a"]).post(path, {"reason": "no"}, "application/json").status_code
        == 404
    )
    admin = api_client(roles["admin_parent"])
    assert admin.post(path, {"reason": ""}, "application/json").status_code == 422
    assert (
        admin.post(path, {"reason": "内容过短"}, "application/json").json()["status"] == "rejected"
    )


def test_leaderboards(roles, tree, api_client):
    for role, points in (("member_a", 10), ("member_b", 30)):
        experience = experience_submit(member=roles[role].member, title="t", content="c")
        experience_approve(experience=experience, actor=None, points=points)
    parent = api_client(roles["admin_parent"]).get("/api/app/points/leaderboard").json()
    assert [(r["rank"], r["points"]) for r in parent] == [(1, 30), (2, 10)]
    admin_a = api_client(roles["admin_a"]).get("/api/app/points/leaderboard").json()
    assert [r["points"] for r in admin_a] == [10]
    outside = api_client(roles["admin_a"]).get(
        f"/api/app/points/leaderboard?organisation_id={tree['second'].pk}"
    )
    assert outside.status_code == 404
    branch = api_client(roles["admin_parent"]).get(
        f"/api/app/points/leaderboard?organisation_id={tree['second'].pk}"
    )
    assert [r["points"] for r in branch.json()] == [30]
    member = api_client(roles["member_b"]).get("/api/app/points/leaderboard").json()
    assert [r["points"] for r in member] == [30]


@pytest.mark.parametrize("count", [2, 12])
def test_listing_queries_do_not_grow_with_the_page(
    roles, api_client, django_assert_max_num_queries, count
):
    for n in range(count):
        experience = experience_submit(
            member=roles["member_b"].member, title=f"心得{n}", content="……"
        )
        if n % 2:
            experience_approve(experience=experience, actor=None)
    with django_assert_max_num_queries(10):
        api_client(roles["member_a"]).get("/api/app/experiences/?limit=20")
    with django_assert_max_num_queries(11):
        api_client(roles["admin_parent"]).get("/api/app/experiences/pending?limit=20")
