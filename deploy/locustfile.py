"""Load test of 智慧党建: members using the app, and anonymous readers of the portal.

Run by ``bench/load.py`` (a local gunicorn on the demo data, bounded in time), or by hand against
a test installation you run yourself::

    locust -f deploy/locustfile.py --headless -u 20 -r 5 -t 30s --host http://127.0.0.1:8000

Members sign in once (``POST /api/app/auth/token``) as ``LOAD_MEMBER_USERNAME`` /
``LOAD_MEMBER_PASSWORD`` (the demo's 党员 ``dangyuan`` by default) and then open the app's home,
their messages and the notices addressed to them, and read one. Readers open the portal's home,
the content API's page list and pages from it, and a search.
"""

import os
import random

from locust import HttpUser, between, task

MEMBER_USERNAME = os.environ.get("LOAD_MEMBER_USERNAME", "dangyuan")
MEMBER_PASSWORD = os.environ.get("LOAD_MEMBER_PASSWORD", "dangjian123")
SEARCH_WORDS = ["党建", "支部", "学习", "通知", "制度"]


def _items(data) -> list:
    """The rows of a list answer, whether paginated (``items``) or a plain list."""
    if isinstance(data, dict):
        return data.get("items") or data.get("results") or []
    return data if isinstance(data, list) else []


class Member(HttpUser):
    """A member with the app open: home, 我的消息, 通知公告."""

    weight = 3
    wait_time = between(1, 3)

    def on_start(self) -> None:
        response = self.client.post(
            "/api/app/auth/token",
            json={"username": MEMBER_USERNAME, "password": MEMBER_PASSWORD},
            name="/api/app/auth/token",
        )
        token = response.json().get("token", "") if response.ok else ""
        self.client.headers["Authorization"] = f"Bearer {token}"
        self.notice_ids: list[int] = []

    @task(4)
    def home(self) -> None:
        self.client.get("/api/app/home/", name="/api/app/home/")

    @task(2)
    def messages(self) -> None:
        self.client.get("/api/app/messages/", name="/api/app/messages/")
        self.client.get("/api/app/messages/unread-count", name="/api/app/messages/unread-count")

    @task(2)
    def notices(self) -> None:
        with self.client.get(
            "/api/app/notices/", name="/api/app/notices/", catch_response=True
        ) as response:
            if response.ok:
                self.notice_ids = [row["id"] for row in _items(response.json()) if "id" in row]

    @task(1)
    def read_a_notice(self) -> None:
        if self.notice_ids:
            notice = random.choice(self.notice_ids)  # noqa: S311 (not for security)
            self.client.get(f"/api/app/notices/{notice}", name="/api/app/notices/[id]")


class Reader(HttpUser):
    """Someone reading the portal without signing in."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.page_urls: list[str] = []

    @task(3)
    def portal_home(self) -> None:
        self.client.get("/", name="/")

    @task(2)
    def page_list(self) -> None:
        with self.client.get(
            "/api/v2/pages/?limit=20&fields=_,html_url", name="/api/v2/pages/", catch_response=True
        ) as response:
            if response.ok:
                self.page_urls = [
                    url
                    for row in _items(response.json())
                    if (url := (row.get("meta") or {}).get("html_url"))
                ]

    @task(3)
    def a_page(self) -> None:
        if self.page_urls:
            url = random.choice(self.page_urls)  # noqa: S311 (not for security)
            self.client.get(url, name="[page]")

    @task(1)
    def search(self) -> None:
        word = random.choice(SEARCH_WORDS)  # noqa: S311 (not for security)
        self.client.get("/search/", params={"q": word}, name="/search/")
