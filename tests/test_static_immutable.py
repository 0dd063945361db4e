"""Static files named after a hash of their content are cached by browsers for good
(WHITENOISE_IMMUTABLE_FILE_TEST); the member app's entry points are revalidated on every visit."""

import pytest

pytestmark = pytest.mark.django_db

IMMUTABLE = "max-age=315360000, public, immutable"


@pytest.fixture
def static_root(settings, tmp_path):
    """A collected static tree as production serves it (whitenoise reads STATIC_ROOT)."""
    files = [
        "app/assets/index-AbC123xy.js",
        "app/assets/index-Dz4n-Oh3.css",
        "app/index.html",
        "app/sw.js",
        "css/site.0123456789ab.css",
        "css/site.css",
    ]
    for name in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("/* built */", encoding="utf-8")
    settings.STATIC_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    "url",
    [
        "/static/app/assets/index-AbC123xy.js",
        "/static/app/assets/index-Dz4n-Oh3.css",
        "/static/css/site.0123456789ab.css",
    ],
)
def test_hashed_files_are_immutable(client, static_root, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == IMMUTABLE


@pytest.mark.parametrize(
    "url", ["/static/app/index.html", "/static/app/sw.js", "/static/css/site.css"]
)
def test_files_without_a_hash_are_not_immutable(client, static_root, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]


def test_app_shell_and_service_worker_stay_no_cache(client, settings, tmp_path):
    settings.APP_DIST_DIR = tmp_path
    (tmp_path / "index.html").write_text('<div id="app"></div>', encoding="utf-8")
    (tmp_path / "sw.js").write_text("// worker", encoding="utf-8")
    for url in ["/app/", "/app/sw.js"]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-cache"
