"""Portal pages of 意见建议, 书记信箱 and 留言板 (/me/suggestions/, /me/letters/, /me/board/)."""

import datetime

import pytest
from django.core import mail
from django.test import Client

from partybuild.memberservices.models import BoardPost, SecretaryLetter, Suggestion
from partybuild.memberservices.services.board import board_post_create
from partybuild.memberservices.services.suggestions import suggestion_reply
from tests.api.conftest import make_member_account
from tests.partybuild.memberservices.test_suggestions import set_service_settings
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_pages")]


@pytest.fixture
def member_a(tree):
    return make_member_account(
        "member_a", tree["first"], phone="13800138001", birth=datetime.date(1980, 5, 17)
    )


@pytest.fixture
def client_a(member_a):
    client = Client()
    client.force_login(member_a)
    return client


def test_anonymous_checkbox_only_when_allowed(client_a):
    assert 'name="anonymous"' not in client_a.get("/me/suggestions/").content.decode()
    set_service_settings(suggestions_anonymous_allowed=True)
    assert 'name="anonymous"' in client_a.get("/me/suggestions/").content.decode()


def test_submit_and_read_reply(client_a, member_a, make_admin, tree):
    response = client_a.post("/me/suggestions/", {"title": "增设书架", "content": "活动室缺书架"})
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.submitter == member_a
    suggestion_reply(
        suggestion=suggestion, reply="本月添置。", actor=make_admin("admin_a", tree["first"])
    )
    page = client_a.get("/me/suggestions/").content.decode()
    assert "增设书架" in page and "本月添置。" in page


def test_anonymous_submission_not_listed_as_mine(client_a):
    set_service_settings(suggestions_anonymous_allowed=True)
    client_a.post("/me/suggestions/", {"title": "匿名建议", "content": "内容", "anonymous": "on"})
    suggestion = Suggestion.objects.get()
    assert suggestion.is_anonymous and suggestion.submitter_id is None
    assert "匿名建议" not in client_a.get("/me/suggestions/").content.decode()


def test_letter_form_shows_refusal_and_sends(client_a):
    data = {"recipient_kind": "mailbox", "subject": "主题", "body": "正文"}
    response = client_a.post("/me/letters/", data)
    assert response.status_code == 200
    assert "尚未设置书记信箱的接收邮箱" in response.content.decode()
    assert not SecretaryLetter.objects.exists()
    set_service_settings(mailbox_email="box@example.com")
    assert client_a.post("/me/letters/", data).status_code == 302
    assert mail.outbox[0].to == ["box@example.com"]
    assert "主题" in client_a.get("/me/letters/").content.decode()


def test_board_shows_own_branch_and_rate_limit(client_a, tree):
    other = make_member_account(
        "member_b", tree["second"], phone="13800138002", birth=datetime.date(1985, 3, 9)
    )
    board_post_create(user=other, content="二支部的留言")
    set_service_settings(board_posts_per_hour=1)
    assert client_a.post("/me/board/", {"content": "第一条"}).status_code == 302
    response = client_a.post("/me/board/", {"content": "第二条"})
    page = response.content.decode()
    assert response.status_code == 200 and "后再发" in page
    assert "第一条" in page and "二支部的留言" not in page
    assert BoardPost.objects.filter(author__username="member_a").count() == 1


def test_non_member_sees_explanation(make_admin, tree):
    client = Client()
    client.force_login(make_admin("admin_a", tree["first"]))
    response = client.get("/me/board/")
    assert "仅供在册党员使用" in response.content.decode()
