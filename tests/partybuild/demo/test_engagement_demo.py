"""The demo 党代表 and 评论: a county congress with three representatives elected by the demo
党委, each with an activity, one proposal answered; comments on the demo 党建动态 and 重要新闻,
some approved (one replied to), one pending; loading twice creates nothing more."""

import pytest

from content.comments.demo import comments_demo_load
from content.comments.models import Comment, CommentStatus
from partybuild.demo.load import demo_data_load
from partybuild.representatives.models import (
    ContactActivity,
    Proposal,
    ProposalStatus,
    Representative,
)

pytestmark = [pytest.mark.django_db, pytest.mark.early]


def test_demo_representatives(demo):
    assert demo.result.representatives == 3
    reps = Representative.objects.select_related("member", "constituency", "congress")
    assert {rep.constituency.code for rep in reps} == {"CL04"}
    assert all(rep.member.organisation.path.startswith(rep.constituency.path) for rep in reps)
    assert ContactActivity.objects.count() == 3
    assert set(Proposal.objects.values_list("status", flat=True)) == {
        ProposalStatus.ANSWERED,
        ProposalStatus.SUBMITTED,
    }
    assert demo_data_load(with_accounts=False).representatives == 0


def test_demo_comments(demo):
    statuses = list(Comment.objects.values_list("status", flat=True))
    assert statuses.count(CommentStatus.APPROVED) == 3
    assert statuses.count(CommentStatus.PENDING) == 1
    assert Comment.objects.exclude(reply="").count() == 1
    assert comments_demo_load() == 0
