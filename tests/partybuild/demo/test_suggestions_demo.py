"""The demo's 意见建议, 书记信箱 and 留言板 without demo accounts: no account is made for them
(with the accounts: tests/test_demo_accounts.py)."""

import pytest

from partybuild.memberservices.models import SecretaryLetter
from partybuild.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.early]


def test_without_demo_accounts_no_account_is_created_for_the_letters(demo):
    assert User.objects.count() == 0
    assert not SecretaryLetter.objects.exists()
