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


# --- the service worker and the manifest as built ----------------------------------------------


def _service_worker() -> str:
    return (settings.APP_DIST_DIR / "sw.js").read_text(encoding="utf-8")


@needs_build
def test_service_worker_caches_the_release(client):
    worker = client.get("/app/sw.js").content.decode()
    assert worker == _service_worker()
    version = re.match(r"// Member app service worker, release ([0-9a-f]{12})\n", worker)
    assert version, worker[:100]
    assert f'"{version[1]}"' in worker, "the version is the one the worker names its cache after"
    precached = set(re.findall(r'"(/static/app/[^"]+)"', worker))
    built = {
        f"/static/app/{path.relative_to(settings.APP_DIST_DIR).as_posix()}"
        for path in settings.APP_DIST_DIR.rglob("*")
        if path.is_file()
    }
    expected = {
        url for url in built if not url.endswith(("/index.html", "/sw.js", ".webmanifest", ".map"))
    }
    assert precached == expected
    assert any(url.endswith(".js") for url in precached)
    assert any(url.endswith(".css") for url in precached)
    assert "/static/app/icons/icon-192.png" in precached


@needs_build
def test_service_worker_is_one_script_without_imports():
    worker = _service_worker()
    assert not re.search(r"(^|[;}\s])(import|export)\s*[{(*\"'\w]", worker), "a module import"
    assert "importScripts" not in worker


@needs_build
def test_manifest_makes_the_app_installable(client):
    response = client.get("/app/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    assert response["Cache-Control"] == "no-cache"
    data = response.json()
    assert data["id"] == data["start_url"] == data["scope"] == "/app/"
    assert data["name"] == "智慧党建" and data["short_name"]
    assert data["display"] == "standalone" and data["theme_color"].startswith("#")
    icons = {(icon["sizes"], icon.get("purpose", "any")) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= icons
    for icon in data["icons"]:
        path = icon["src"].removeprefix("/static/app/")
        assert (settings.APP_DIST_DIR / path).is_file(), icon["src"]


@needs_build
def test_app_answers_head_requests(client):
    assert client.head("/app/").status_code == 200
    assert client.head("/app/sw.js").status_code == 200
    assert client.post("/app/").status_code == 405
