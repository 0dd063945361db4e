"""留言板: posting within the hourly limit, hiding with a reason and restoring, scoping."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection
from django.utils import timezone

from partybuild.memberservices.models import BoardPost
from partybuild.memberservices.selectors.board import (
    board_post_list_managed,
    board_post_list_visible,
)
from partybuild.memberservices.services.board import (
    board_post_create,
    board_post_hide,
    board_post_restore,
)
from tests.api.conftest import make_member_account
from tests.partybuild.memberservices.test_suggestions import set_service_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_a(tree):
    return make_member_account(
        "member_a", tree["first"], phone="13800138001", birth=datetime.date(1980, 5, 17)
    )


def _codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


def test_rate_limit_at_the_boundary(member_a):
    set_service_settings(board_posts_per_hour=3)
    start = timezone.now() - datetime.timedelta(minutes=50)
    for minute in range(2):
        BoardPost.objects.create(
            organisation=member_a.member.organisation,
            author=member_a,
            content=f"早先的留言{minute}",
            created_at=start + datetime.timedelta(minutes=minute),
        )
    board_post_create(user=member_a, content="第三条留言")  # the Nth post is allowed
    with pytest.raises(ValidationError) as error:
        board_post_create(user=member_a, content="第四条留言")
    assert _codes(error.value) == {"board_rate_limited"}
    message = error.value.error_dict["content"][0].message
    first_free = timezone.localtime(start + datetime.timedelta(hours=1))
    assert f"请于 {first_free:%Y-%m-%d %H:%M} 后再发" in message
    assert BoardPost.objects.count() == 3

    BoardPost.objects.filter(content__startswith="早先").update(
        created_at=timezone.now() - datetime.timedelta(hours=1, minutes=1)
    )
    board_post_create(user=member_a, content="一小时后再发")
    assert BoardPost.objects.count() == 4


def test_content_length_limit(member_a):
    with pytest.raises(ValidationError) as error:
        board_post_create(user=member_a, content="字" * 501)
    assert _codes(error.value) == {"content_too_long"}
    board_post_create(user=member_a, content="字" * 500)


def test_hide_requires_reason_and_restore(member_a, make_admin, tree):
    admin = make_admin("admin_a", tree["first"])
    post = board_post_create(user=member_a, content="广告内容")
    with pytest.raises(ValidationError) as error:
        board_post_hide(post=post, reason=" ", actor=admin)
    assert _codes(error.value) == {"reason_required"}
    board_post_hide(post=post, reason="与党建无关的广告", actor=admin)
    post.refresh_from_db()
    assert post.hidden and post.hidden_reason == "与党建无关的广告" and post.hidden_by == admin
    assert list(board_post_list_visible(organisation=tree["first"])) == []
    with pytest.raises(ValidationError) as error:
        board_post_hide(post=post, reason="again", actor=admin)
    assert _codes(error.value) == {"board_post_already_hidden"}
    board_post_restore(post=post, actor=admin)
    post.refresh_from_db()
    assert not post.hidden and post.hidden_reason == ""
    assert list(board_post_list_visible(organisation=tree["first"])) == [post]
    with pytest.raises(ValidationError) as error:
        board_post_restore(post=post, actor=admin)
    assert _codes(error.value) == {"board_post_not_hidden"}


def test_hide_outside_scope_refused(member_a, make_admin, tree):
    admin_b = make_admin("admin_b", tree["second"])
    post = board_post_create(user=member_a, content="内容")
    with pytest.raises(PermissionDenied):
        board_post_hide(post=post, reason="理由", actor=admin_b)
    with pytest.raises(PermissionDenied):
        board_post_hide(post=post, reason="理由", actor=member_a)
    post.refresh_from_db()
    assert not post.hidden
    assert list(board_post_list_managed(user=admin_b)) == []
    assert list(board_post_list_visible(organisation=tree["second"])) == []


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises writers with a database lock; the race needs PostgreSQL row locks",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_posts_respect_the_limit(tree):
    """Eight posts at once by one member: exactly the default five are accepted."""
    member = make_member_account(
        "racer", tree["first"], phone="13800138009", birth=datetime.date(1980, 5, 17)
    )
    barrier = threading.Barrier(8)
    outcomes: list[str] = []
    lock = threading.Lock()

    def post(n: int) -> None:
        try:
            barrier.wait()
            board_post_create(user=member, content=f"同时发的第{n}条")
            result = "posted"
        except ValidationError as error:
            result = next(iter(_codes(error)))
        finally:
            close_old_connections()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["board_rate_limited"] * 3 + ["posted"] * 5
    assert BoardPost.objects.filter(author=member).count() == 5
