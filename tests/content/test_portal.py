"""The member portal's home page and the public content API."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_served_in_chinese(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "智慧党建" in html


def test_content_api_lists_the_home_page(client):
    response = client.get("/api/v2/pages/")
    assert response.status_code == 200
    titles = [item["title"] for item in response.json()["items"]]
    assert "智慧党建" in titles
