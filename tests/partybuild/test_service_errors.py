"""A service's refusal always reaches the person on the form they filled in (core.errors).

Before the shared helper, three portal views read ``error.error_dict`` unconditionally, so a
refusal that names no field (e.g. 「该微心愿当前为「已完成」，不能登记完成情况。」) crashed the page
with a server error instead of showing the reason.
"""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from partybuild.core.errors import add_service_errors, field_error, refuse, required_text
from partybuild.memberservices.models import MicroWish, WishStatus
from partybuild.memberservices.services.wishes import wish_claim, wish_confirm, wish_publish
from tests.partybuild.memberservices.test_wishes import claimer, new_wish, png
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)


class NoteForm(forms.Form):
    """A form with one field, as the portal's forms have a few."""

    note = forms.CharField(required=False)


def _bound_form() -> NoteForm:
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    return form


def test_a_refusal_without_a_field_is_shown_above_the_form():
    form = _bound_form()
    add_service_errors(form, ValidationError("该对象的发展工作已终止。", code="candidate_closed"))
    assert form.non_field_errors() == ["该对象的发展工作已终止。"]
    assert form.errors.as_data()["__all__"][0].code == "candidate_closed"


def test_a_refusal_on_a_field_the_form_lacks_is_shown_above_the_form():
    form = _bound_form()
    add_service_errors(form, field_error("photo", "请上传照片。", "photo_required"))
    assert form.non_field_errors() == ["请上传照片。"]


def test_a_refusal_on_a_form_field_is_shown_on_that_field_also_when_renamed():
    form = _bound_form()
    add_service_errors(
        form, field_error("comment", "请填写退回理由。", "comment_required"), {"comment": "note"}
    )
    assert form.errors["note"] == ["请填写退回理由。"]


def test_required_text_names_the_field_the_reason_and_a_stable_code():
    assert required_text("  答复  ", field="reply", label="答复", max_length=5) == "答复"
    with pytest.raises(ValidationError) as empty:
        required_text(" ", field="reply", label="答复")
    assert empty.value.message_dict == {"reply": ["请填写答复。"]}
    assert empty.value.error_dict["reply"][0].code == "reply_required"
    with pytest.raises(ValidationError) as long:
        required_text("一二三四五六", field="reply", label="答复", max_length=5)
    assert long.value.message_dict == {"reply": ["答复不能超过 5 个字。"]}
    assert long.value.error_dict["reply"][0].code == "reply_too_long"


def test_refuse_fills_the_message_with_its_parameters():
    with pytest.raises(ValidationError) as refused:
        refuse("months", "延长%(n)s个月不符合规定。", "extension_length", n=3)
    assert refused.value.message_dict == {"months": ["延长3个月不符合规定。"]}


@pytest.mark.usefixtures("portal_pages")
@pytest.mark.django_db
def test_fulfilling_a_wish_the_branch_has_confirmed_shows_why_instead_of_failing(client, tree):
    """The claimer re-submits the fulfilment form from a page opened before the branch confirmed."""
    member = claimer(tree, "twice", phone="13800000091")
    wish = wish_publish(wish=new_wish(tree["first"]), actor=None)
    wish_claim(wish=wish, member=member)
    client.force_login(member.user)
    url = reverse("portal:wishes_mine")
    first = client.post(url, {"wish": wish.pk, "photo": png(), "note": "已送达"})
    assert first.status_code == 302
    wish_confirm(wish=wish, actor=None)

    again = client.post(url, {"wish": wish.pk, "photo": png(), "note": "再次登记"}, follow=True)

    assert again.status_code == 200
    assert "不能登记完成情况" in again.content.decode()
    wish.refresh_from_db()
    assert wish.status == WishStatus.COMPLETED
    assert MicroWish.objects.get().fulfilment_note == "已送达"
