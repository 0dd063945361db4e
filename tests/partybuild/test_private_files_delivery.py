"""How a private file travels once the permission check has passed (deploy/README.md): nginx
sends it from local disk (X-Accel-Redirect), or the browser fetches it from the private bucket
with a URL signed for a few minutes. Whoever may not open the file learns nothing either way:
no header, no URL, the same 404 as before."""

from urllib.parse import parse_qs, urlsplit

import pytest
from storages.backends.s3 import S3Storage

from partybuild.models import PrivateFile, User
from tests.api.conftest import client_for
from tests.partybuild.test_private_files import applicant, logged_in, submission  # noqa: F401

pytestmark = pytest.mark.django_db

#: What a private bucket on S3-compatible storage looks like to the application; boto3 signs
#: URLs without asking the network, so a made-up endpoint and keys are enough.
FAKE_BUCKET = {
    "bucket_name": "dangjian-private",
    "endpoint_url": "https://oss.example.cn",
    "region_name": "cn-north-1",
    "access_key": "AKIAEXAMPLEEXAMPLE00",
    "secret_key": "example-secret-key-example-secret-key-00",
    "signature_version": "s3v4",
    "querystring_auth": True,
    "querystring_expire": 300,
    "custom_domain": None,
    "default_acl": "private",
}


@pytest.fixture
def private_bucket(monkeypatch):
    """The private files' storage is the fake bucket (the rows stay as they are)."""
    storage = S3Storage(**FAKE_BUCKET)
    monkeypatch.setattr(PrivateFile._meta.get_field("file"), "storage", storage)
    return storage


@pytest.fixture
def outsider(tree, make_admin):
    """An administrator of a sibling branch: outside the application's subtree."""
    return make_admin("sibling", tree["second"])


def test_behind_nginx_the_web_server_sends_the_file(client, submission, applicant, settings):  # noqa: F811
    settings.PRIVATE_FILES_ACCEL_REDIRECT = "/private-media/"
    response = logged_in(client, applicant).get(submission.attachment.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/private-media/{submission.attachment.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")


def test_behind_nginx_an_outsider_gets_no_redirect(client, submission, outsider, settings):  # noqa: F811
    settings.PRIVATE_FILES_ACCEL_REDIRECT = "/private-media/"
    for response in (
        client.get(submission.attachment.url),
        logged_in(client, outsider).get(submission.attachment.url),
    ):
        assert response.status_code == 404
        assert "X-Accel-Redirect" not in response
        assert b"private letter" not in response.content


def test_from_a_private_bucket_the_browser_gets_a_short_lived_signed_url(
    client,
    submission,  # noqa: F811
    applicant,  # noqa: F811
    private_bucket,
):
    response = logged_in(client, applicant).get(submission.attachment.url)
    assert response.status_code == 302
    assert response.content == b""
    assert response["Cache-Control"] == "private, no-store"
    location = urlsplit(response["Location"])
    assert (location.scheme, location.netloc) == ("https", "oss.example.cn")
    assert location.path == f"/dangjian-private/{submission.attachment.file.name}"
    query = parse_qs(location.query)
    assert query["X-Amz-Expires"] == ["300"]
    assert query["X-Amz-Signature"][0]
    assert query["response-content-type"] == ["application/pdf"]
    # The download keeps its title (入党申请书.pdf), percent-encoded, as the direct answer does.
    assert query["response-content-disposition"][0].startswith("attachment; filename*=UTF-8''")
    assert "%E5%85%A5%E5%85%9A" in query["response-content-disposition"][0]


def test_the_app_gets_the_signed_url_with_its_token(submission, applicant, private_bucket):  # noqa: F811
    response = client_for(applicant).get(submission.attachment.url)
    assert response.status_code == 302
    assert "X-Amz-Signature=" in response["Location"]


def test_from_a_private_bucket_nobody_else_gets_a_url(
    client,
    submission,  # noqa: F811
    outsider,
    private_bucket,
):
    nobody = User.objects.create_user(username="nobody", password="Any-pass-2026")
    answers = [
        client.get(submission.attachment.url),
        logged_in(client, outsider).get(submission.attachment.url),
        client_for(outsider).get(submission.attachment.url),
        client_for(nobody).get(submission.attachment.url),
    ]
    for response in answers:
        assert response.status_code == 404
        assert "Location" not in response
        assert b"X-Amz" not in response.content
