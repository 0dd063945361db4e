"""/app/: the member app's single page, its service worker and manifest, served by Django from
the build (app/dist); without a build, a Chinese page that says how to make one."""

import os
import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

BUILT = (settings.APP_DIST_DIR / "index.html").is_file()
needs_build = pytest.mark.skipif(
    not BUILT and not os.environ.get("CI"), reason="the member app is not built (make app)"
)


@needs_build
@pytest.mark.parametrize("path", ["/app/", "/app/messages", "/app/me/meetings/12"])
def test_every_app_address_is_the_app(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b'<div id="app"></div>' in response.content
    assert response["Cache-Control"] == "no-cache"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "img-src 'self' data: blob:" in policy and "worker-src 'self'" in policy


@needs_build
def test_service_worker_and_manifest(client):
    worker = client.get("/app/sw.js")
    assert worker.status_code == 200
    assert worker["Content-Type"].startswith("text/javascript")
    assert worker["Service-Worker-Allowed"] == "/app/"
    assert worker["Cache-Control"] == "no-cache"
    manifest = client.get("/app/manifest.webmanifest")
    assert manifest.status_code == 200
    data = manifest.json()
    assert data["start_url"] == "/app/" and data["display"] == "standalone"
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}


@needs_build
def test_built_files_fetch_nothing_from_outside(client):
    index = (settings.APP_DIST_DIR / "index.html").read_text(encoding="utf-8")
    assert "/static/app/assets/" in index
    assert "http://" not in index and "https://" not in index
    for stylesheet in (settings.APP_DIST_DIR / "assets").glob("*.css"):
        text = stylesheet.read_text(encoding="utf-8")
        assert not re.search(r"url\((?:https?:)?//", text), stylesheet.name


def test_without_a_build_app_says_how_to_build(client, settings, tmp_path):
    settings.APP_DIST_DIR = tmp_path
    response = client.get("/app/messages")
    assert response.status_code == 503
    assert "make app" in response.content.decode()
    assert client.get("/app/sw.js").status_code == 404
