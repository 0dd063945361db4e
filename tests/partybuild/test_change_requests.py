"""Self-service dossier changes: submit, approve, reject; the admin views; the portal /me/."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from partybuild.core.validators import id_number_check_character
from partybuild.models import ChangeRequestStatus, Member, MemberChangeRequest, User
from partybuild.services.change_requests import (
    change_request_approve,
    change_request_reject,
    change_request_submit,
)
from tests.conftest import assign_role
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_pages")]

ID_NUMBER = "110105198203040015"  # check character computed below; keeps the test readable
PHONE = "13912345678"
INDEX = reverse("change_requests:index")
ME = reverse("portal:me")


def valid_id_number() -> str:
    first17 = ID_NUMBER[:17]
    return first17 + id_number_check_character(first17)


@pytest.fixture
def decider(make_admin, org_admin_group):
    for codename in ("change_memberchangerequest", "view_memberchangerequest", "view_member"):
        org_admin_group.permissions.add(Permission.objects.get(codename=codename))
    return make_admin


@pytest.fixture
def member_account(db):
    return User.objects.create_user(username="dangyuan", password="pw-123456", name="周党员")


@pytest.fixture
def member(tree, member_account):
    member = Member(
        name="周党员",
        gender="male",
        birth_date=datetime.date(1982, 3, 4),
        organisation=tree["first"],
        phone=PHONE,
        employer="县水利局",
        education="bachelor",
        joined_on=datetime.date(2006, 7, 1),
        user=member_account,
    )
    member.id_number = valid_id_number()
    member.full_clean()
    member.save()
    return member


@pytest.fixture
def secretary(decider, tree):
    return decider("secretary", tree["first"])


@pytest.fixture
def stranger(decider, tree):
    return decider("stranger", tree["third"])


def submit(member, **changes):
    return change_request_submit(member=member, actor=member.user, changes=changes)


def field_codes(error: ValidationError) -> dict[str, set[str]]:
    return {field: {e.code for e in errors} for field, errors in error.error_dict.items()}


# --- services ---------------------------------------------------------------------------------


def test_submit_records_only_the_changed_values_and_leaves_the_dossier(member):
    request = submit(member, phone="13800001111", employer="县水利局", home_address="城关镇1号")
    assert request.status == ChangeRequestStatus.PENDING
    assert request.changes == {"phone": "13800001111", "home_address": "城关镇1号"}
    assert request.requested_by == member.user
    stored = Member.objects.get(pk=member.pk)
    assert stored.phone == PHONE and stored.home_address == ""


def test_only_the_member_themselves_may_submit(member, secretary, superuser, django_user_model):
    other = django_user_model.objects.create_user(username="other", password="x")
    for actor in (other, secretary, superuser):
        with pytest.raises(PermissionDenied):
            change_request_submit(member=member, actor=actor, changes={"phone": "13800001111"})
    member.user = None
    with pytest.raises(PermissionDenied):
        change_request_submit(member=member, actor=other, changes={"phone": "13800001111"})
    assert not MemberChangeRequest.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("category", "probationary", "人员类别"),
        ("joined_on", "2010-01-01", "入党日期"),
        ("organisation", "1", "所在党组织"),
        ("name", "周改名", "姓名"),
    ],
)
def test_fields_outside_self_service_are_refused(member, field, value, label):
    with pytest.raises(ValidationError) as caught:
        submit(member, **{field: value, "employer": "新单位"})
    assert field_codes(caught.value) == {field: {"field_not_self_service"}}
    assert label in str(caught.value)
    assert not MemberChangeRequest.objects.exists()


def test_an_invalid_phone_is_refused_naming_the_field(member):
    with pytest.raises(ValidationError) as caught:
        submit(member, phone="12345")
    assert field_codes(caught.value) == {"phone": {"mobile_format"}}
    assert "手机号码" in caught.value.message_dict["phone"][0]
    assert not MemberChangeRequest.objects.exists()


def test_other_values_are_validated_like_the_dossier(member):
    with pytest.raises(ValidationError) as caught:
        submit(member, education="博士后", ethnicity="汉" * 30)
    messages = caught.value.message_dict
    assert set(messages) == {"education", "ethnicity"}
    assert messages["education"][0].startswith("学历：")
    assert messages["ethnicity"][0].startswith("民族：")


def test_nothing_to_change_is_refused(member):
    with pytest.raises(ValidationError) as caught:
        submit(member, phone=PHONE, employer=" 县水利局 ")
    assert caught.value.code == "no_changes"


def test_the_same_field_cannot_be_pending_twice(member):
    submit(member, phone="13800001111")
    with pytest.raises(ValidationError) as caught:
        submit(member, phone="13800002222", employer="新单位")
    assert field_codes(caught.value) == {"phone": {"change_pending_exists"}}
    assert "手机号码" in str(caught.value)
    # Another field may be asked for meanwhile.
    assert submit(member, employer="新单位").changes == {"employer": "新单位"}


def test_approval_applies_the_changes_and_keeps_the_history(member, secretary):
    first = submit(member, phone="13800001111", education="postgraduate")
    approved = change_request_approve(request=first, actor=secretary)
    assert approved.status == ChangeRequestStatus.APPROVED
    assert approved.decided_by == secretary and approved.decided_at is not None
    assert approved.previous == {"phone": PHONE, "education": "bachelor"}
    stored = Member.objects.get(pk=member.pk)
    assert stored.phone == "13800001111" and stored.education == "postgraduate"

    second = submit(member, phone="13800002222")
    change_request_reject(request=second, actor=secretary, reason="号码与本人不符")
    assert Member.objects.get(pk=member.pk).phone == "13800001111"
    assert list(member.change_requests.values_list("status", flat=True)) == [
        ChangeRequestStatus.REJECTED,
        ChangeRequestStatus.APPROVED,
    ]


def test_rejection_needs_a_reason_and_changes_nothing(member, secretary):
    request = submit(member, employer="新单位")
    with pytest.raises(ValidationError) as caught:
        change_request_reject(request=request, actor=secretary, reason=" ")
    assert field_codes(caught.value) == {"decision_reason": {"reason_required"}}
    rejected = change_request_reject(request=request, actor=secretary, reason="请附单位证明")
    assert rejected.status == ChangeRequestStatus.REJECTED
    assert rejected.decision_reason == "请附单位证明"
    assert Member.objects.get(pk=member.pk).employer == "县水利局"


def test_a_decided_request_cannot_be_decided_again(member, secretary):
    request = submit(member, employer="新单位")
    change_request_reject(request=request, actor=secretary, reason="不符")
    with pytest.raises(ValidationError) as caught:
        change_request_approve(request=request, actor=secretary)
    assert caught.value.code == "change_request_not_pending"
    assert Member.objects.get(pk=member.pk).employer == "县水利局"


def test_only_an_administrator_of_the_members_organisation_decides(member, stranger, decider, tree):
    request = submit(member, employer="新单位")
    with pytest.raises(PermissionDenied):
        change_request_approve(request=request, actor=stranger)
    with pytest.raises(PermissionDenied):
        change_request_reject(request=request, actor=stranger, reason="x")
    # An administrator higher up the tree may decide.
    change_request_approve(request=request, actor=decider("organ", tree["organ"]))
    assert Member.objects.get(pk=member.pk).employer == "新单位"


def test_nobody_approves_their_own_request(member, tree):
    account = member.user
    assign_role(account, "org_admin", tree["first"])
    request = submit(member, employer="新单位")
    with pytest.raises(PermissionDenied):
        change_request_approve(request=request, actor=account)


# --- admin ------------------------------------------------------------------------------------


def url(name, obj):
    return reverse(f"change_requests:{name}", args=[obj.pk])


def test_the_secretary_sees_old_and_new_values_and_approves(client, member, secretary):
    request = submit(member, phone="13800001111", employer="县财政局")
    client.force_login(secretary)
    html = client.get(INDEX).content.decode()
    assert "周党员" in html and "待审核" in html and "手机号码、工作单位" in html

    html = client.get(url("approve", request)).content.decode()
    assert "县水利局" in html and "县财政局" in html
    assert "139****5678" in html and "138****1111" in html  # masked without the permission
    assert PHONE not in html and "13800001111" not in html

    response = client.post(url("approve", request))
    assert response.status_code == 302
    stored = Member.objects.get(pk=member.pk)
    assert stored.phone == "13800001111" and stored.employer == "县财政局"
    assert ModelLogEntry.objects.filter(action="partybuild.change_request.approve").count() == 2

    html = client.get(url("inspect", request)).content.decode()
    assert "已通过" in html and "修改前" in html and "县水利局" in html


def test_full_values_need_the_permission_and_leave_an_audit_record(client, member, secretary):
    request = submit(member, phone="13800001111")
    secretary.user_permissions.add(Permission.objects.get(codename="view_full_identity"))
    client.force_login(secretary)
    html = client.get(url("inspect", request)).content.decode()
    assert PHONE in html and "13800001111" in html
    assert ModelLogEntry.objects.filter(
        action="partybuild.identity_reveal", object_id=str(member.pk)
    ).exists()


def test_rejection_through_the_admin_asks_for_the_reason(client, member, secretary):
    request = submit(member, employer="县财政局")
    client.force_login(secretary)
    response = client.post(url("reject", request), {"decision_reason": ""})
    assert response.status_code == 200
    assert MemberChangeRequest.objects.get(pk=request.pk).status == ChangeRequestStatus.PENDING
    response = client.post(url("reject", request), {"decision_reason": "请提供证明"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ChangeRequestStatus.REJECTED
    assert Member.objects.get(pk=member.pk).employer == "县水利局"
    # Decided: the approve page no longer acts.
    client.post(url("approve", request))
    assert Member.objects.get(pk=member.pk).employer == "县水利局"


def test_another_branchs_administrator_gets_404(client, member, stranger):
    request = submit(member, employer="县财政局")
    client.force_login(stranger)
    assert "周党员" not in client.get(INDEX).content.decode()
    for name in ("inspect", "history", "approve", "reject"):
        assert client.get(url(name, request)).status_code == 404, name
    assert client.post(url("approve", request)).status_code == 404
    assert client.post(url("reject", request), {"decision_reason": "x"}).status_code == 404
    assert MemberChangeRequest.objects.get(pk=request.pk).status == ChangeRequestStatus.PENDING


def test_listing_filters_by_status(client, member, secretary):
    request = submit(member, employer="县财政局")
    change_request_reject(request=request, actor=secretary, reason="不符")
    submit(member, home_address="城关镇2号")
    client.force_login(secretary)
    html = client.get(INDEX, {"status": "pending"}).content.decode()
    assert "家庭住址" in html and "工作单位" not in html
    html = client.get(INDEX, {"status": "rejected"}).content.decode()
    assert "工作单位" in html and "家庭住址" not in html


# --- portal -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(ME)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={ME}"


def test_an_account_without_a_dossier_is_told_so(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="visitor", password="x"))
    response = client.get(ME)
    assert response.status_code == 200
    assert "尚未关联党员档案" in response.content.decode()


def test_the_portal_shows_the_own_dossier_masked(client, member, django_assert_max_num_queries):
    client.force_login(member.user)
    with django_assert_max_num_queries(12):
        response = client.get(ME)
    html = response.content.decode()
    assert response.status_code == 200
    assert "周党员" in html and "一支部" in html and "县水利局" in html
    id_number = valid_id_number()
    assert id_number not in html and PHONE not in html
    assert f"110***********{id_number[-4:]}" in html
    assert "139****5678" in html
    assert "19820304" not in html


def test_a_member_asks_for_a_change_on_the_portal(client, member, secretary):
    client.force_login(member.user)
    form = {
        "ethnicity": "汉族",
        "native_place": "",
        "phone": "",
        "home_address": "城关镇3号",
        "education": "bachelor",
        "degree": "",
        "school_major": "",
        "employer": "县水利局",
        "job_post": "",
    }
    response = client.post(ME, form)
    assert response.status_code == 302
    request = MemberChangeRequest.objects.get()
    assert request.changes == {"home_address": "城关镇3号"}  # the empty phone means "keep"
    assert Member.objects.get(pk=member.pk).home_address == ""

    html = client.get(ME).content.decode()
    assert "待审核" in html and "城关镇3号" in html
    assert "已有待审核的修改申请" in html

    change_request_reject(request=request, actor=secretary, reason="地址需与户籍一致")
    html = client.get(ME).content.decode()
    assert "已驳回" in html and "地址需与户籍一致" in html


def test_an_invalid_phone_on_the_portal_is_explained(client, member):
    client.force_login(member.user)
    response = client.post(ME, {"phone": "2345", "ethnicity": "汉族", "education": "bachelor"})
    assert response.status_code == 200
    assert "手机号码应为以1开头的11位数字" in response.content.decode()
    assert not MemberChangeRequest.objects.exists()
