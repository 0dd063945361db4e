"""The organisation filter's fast select (partybuild/admin/common.py, LargeSelect) renders what
Django's Select renders: escaped labels and values, the chosen option selected."""

import pytest
from django import forms

from partybuild.admin.common import LargeSelect, ScopedOrganisationFieldMixin

pytestmark = pytest.mark.django_db


class _Form(ScopedOrganisationFieldMixin, forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, required=False)


def test_it_renders_the_same_options_as_django_select():
    choices = [("", "---------"), ("1", "一支部"), ("2", '<b>"二"</b> & 三')]
    fast = LargeSelect(choices=choices).render("org", "2", attrs={"id": "id_org"})
    stock = forms.Select(choices=choices).render("org", "2", attrs={"id": "id_org"})

    def normalised(html: str) -> str:
        return "".join(html.split()).replace('selected=""', "selected").replace("&#x27;", "'")

    assert normalised(fast) == normalised(stock)
    assert '<option value="2" selected>&lt;b&gt;&quot;二&quot;&lt;/b&gt; &amp; 三</option>' in fast


def test_the_scoped_filter_lists_the_users_tree_and_keeps_the_choice(tree, make_admin):
    user = make_admin("filter_admin", tree["general"])
    form = _Form({"organisation": tree["first"].pk}, user=user)
    assert form.is_valid()
    html = str(form["organisation"])
    assert f'<option value="{tree["first"].pk}" selected>' in html
    assert "二支部" in html and "三支部" not in html
