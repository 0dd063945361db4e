"""Production's optional parts for several machines, as its environment turns them on: a read
replica for reports, media and private files on S3-compatible storage (deploy/README.md)."""

from urllib.parse import urlsplit

import pytest

from tests.production_env import production_env, production_settings
from tests.subprocesses import run_manage

BUCKETS = {
    "AWS_STORAGE_BUCKET_NAME": "dangjian-media",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME": "dangjian-private",
    "AWS_S3_ENDPOINT_URL": "https://oss.example.cn",
    "AWS_S3_REGION_NAME": "cn-north-1",
    "AWS_ACCESS_KEY_ID": "AKIAEXAMPLEEXAMPLE00",
    "AWS_SECRET_ACCESS_KEY": "example-secret-key-example-secret-key-00",
}
#: Prints the storages, a signed URL of the private bucket and a URL of the media bucket, and
#: the Content-Security-Policy of each part of the site.
STORAGE_REPORT = (
    "from django.core.files.storage import storages; "
    "print(json.dumps({"
    "'backends': {k: v['BACKEND'] for k, v in settings.STORAGES.items()}, "
    "'private': storages['private'].url('2026/12/a.pdf'), "
    "'media': storages['default'].url('images/a.jpg'), "
    "'csp': [settings.CONTENT_SECURITY_POLICY, "
    "{**settings.CONTENT_SECURITY_POLICY, **settings.CONTENT_SECURITY_POLICY_ADMIN}, "
    "{**settings.CONTENT_SECURITY_POLICY, **settings.CONTENT_SECURITY_POLICY_APP}]}))"
)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_without_options_one_database_and_files_on_local_disk(tmp_path):
    found = production_settings(
        tmp_path,
        "print(json.dumps([list(settings.DATABASES), settings.DATABASE_ROUTERS, "
        "{k: v['BACKEND'] for k, v in settings.STORAGES.items()}]))",
    )
    databases, routers, backends = found
    assert (databases, routers) == (["default"], [])
    assert backends["default"] == "django.core.files.storage.FileSystemStorage"
    assert backends["private"] == "partybuild.models.files.PrivateStorage"


def test_a_replica_url_adds_the_replica_and_its_router(tmp_path):
    found = production_settings(
        tmp_path,
        "print(json.dumps([settings.DATABASES['replica'], settings.DATABASE_ROUTERS]))",
        DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/partysite",
    )
    replica, routers = found
    assert (replica["HOST"], replica["USER"], replica["NAME"]) == (
        "replica.internal",
        "reader",
        "partysite",
    )
    assert replica["TEST"]["MIRROR"] == "default"
    assert routers == ["partysite.db_routers.ReplicaRouter"]


@pytest.mark.parametrize("style", ["path", "virtual"])
def test_buckets_hold_media_and_private_files_and_the_pages_may_load_them(tmp_path, style):
    found = production_settings(tmp_path, STORAGE_REPORT, AWS_S3_ADDRESSING_STYLE=style, **BUCKETS)
    assert found["backends"]["default"] == "storages.backends.s3.S3Storage"
    assert found["backends"]["private"] == "storages.backends.s3.S3Storage"
    private = urlsplit(found["private"])
    assert "X-Amz-Signature=" in private.query and "X-Amz-Expires=300" in private.query
    media = urlsplit(found["media"])
    assert "X-Amz-Signature" not in media.query  # public media: plain, cacheable URLs
    for policy in found["csp"]:  # the site, the admin, the member app
        assert origin(found["private"]) in policy["img-src"]
        assert origin(found["private"]) in policy["connect-src"]
        assert origin(found["media"]) in policy["img-src"]
    assert "'self'" in found["csp"][0]["connect-src"]


def test_a_cdn_domain_serves_media(tmp_path):
    found = production_settings(
        tmp_path, STORAGE_REPORT, AWS_S3_CUSTOM_DOMAIN="media.dangjian.example.cn", **BUCKETS
    )
    assert found["media"] == "https://media.dangjian.example.cn/images/a.jpg"
    assert "https://media.dangjian.example.cn" in found["csp"][0]["img-src"]
    # The private bucket never goes through the CDN: its URLs stay signed.
    assert "X-Amz-Signature=" in found["private"]


def test_check_deploy_passes_with_every_option_on(tmp_path):
    env = production_env(
        tmp_path,
        DATABASE_REPLICA_URL=f"sqlite:///{tmp_path / 'replica.sqlite3'}",
        PRIVATE_FILES_ACCEL_REDIRECT="/private-media/",
        TRUSTED_PROXY_COUNT="1",
        **BUCKETS,
    )
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
