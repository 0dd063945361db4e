"""The demo's 意见建议, 书记信箱 and 留言板: across several branches, one anonymous suggestion per
branch without a submitter, replies and a hidden post; a second run adds nothing."""

import pytest

from partybuild.demo.load import demo_data_load
from partybuild.memberservices.models import BoardPost, SecretaryLetter, Suggestion
from partybuild.memberservices.selectors.suggestions import member_service_settings
from partybuild.models import User

pytestmark = pytest.mark.django_db


def test_demo_member_services():
    result = demo_data_load(with_accounts=True)
    assert result.member_services > 0
    assert Suggestion.objects.values("organisation").distinct().count() >= 2
    anonymous = Suggestion.objects.filter(is_anonymous=True)
    assert anonymous.exists() and not anonymous.filter(submitter__isnull=False).exists()
    assert Suggestion.objects.exclude(reply="").exists()
    assert SecretaryLetter.objects.filter(status="replied").exists()
    assert BoardPost.objects.filter(hidden=True).exclude(hidden_reason="").exists()
    assert member_service_settings().mailbox_email
    counts = (
        Suggestion.objects.count(),
        SecretaryLetter.objects.count(),
        BoardPost.objects.count(),
    )
    assert demo_data_load(with_accounts=True).member_services == 0
    assert counts == (
        Suggestion.objects.count(),
        SecretaryLetter.objects.count(),
        BoardPost.objects.count(),
    )


def test_without_demo_accounts_no_account_is_created_for_the_letters():
    before = User.objects.count()
    demo_data_load(with_accounts=False)
    assert User.objects.count() == before == 0
    assert not SecretaryLetter.objects.exists()
