"""The one door to private files: ``/files/<key>/<name>``.

The file is served only to a user who may see an object it belongs to
(``partybuild.file_access``); everyone else, signed in or not, gets 404 so that a file's
existence is not revealed. The user comes from the portal or admin session, or from the app's
bearer token (looked up without touching the token, so fetching a photo leaves no trace of
use). Answers are ``Cache-Control: private, no-store``. How the bytes travel, once the check
has passed (deploy/README.md):

- the private storage signs URLs (S3-compatible object storage, ``querystring_auth``): a
  redirect to a URL of the private bucket signed for a few minutes
  (``PRIVATE_FILES_URL_EXPIRE_SECONDS``), which names the download and its type;
- ``PRIVATE_FILES_ACCEL_REDIRECT`` set (local disk behind nginx): an empty answer whose
  ``X-Accel-Redirect`` points nginx at its ``internal`` location for the file;
- otherwise the application streams the file itself.

``?size=thumbnail`` serves a reduced copy of an image (made once and kept in the private
storage next to the original), under the same check: renditions are as private as their image.
"""

import mimetypes
from io import BytesIO
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_safe
from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError
from wagtail.models import APIToken

from partybuild.file_access import private_file_may_open
from partybuild.models import PrivateFile, PrivateFileKind, User

THUMBNAIL_SIZE = (480, 480)


def _bearer_user(request: HttpRequest) -> User | AnonymousUser | None:
    """The account of the request's bearer token; None when the request sends none."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    token = token.strip()
    if not token or len(token) > 200:
        return AnonymousUser()
    api_token = (
        APIToken.objects.select_related("user")
        .filter(key_hash__in=APIToken.candidate_key_hashes(token), revoked_at__isnull=True)
        .first()
    )
    if api_token is None or not api_token.user.is_active:
        return AnonymousUser()
    return api_token.user


def private_file_thumbnail(*, file: PrivateFile) -> str:
    """The storage name of the image's reduced copy, made on first use."""
    storage = file.file.storage
    name = file.thumbnail_name
    if storage.exists(name):
        return name
    try:
        with file.file.open("rb") as handle, PillowImage.open(handle) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail(THUMBNAIL_SIZE)
            output = BytesIO()
            image.convert("RGB").save(output, format="JPEG", quality=85)
    except (FileNotFoundError, UnidentifiedImageError, OSError) as error:
        raise Http404 from error
    return storage.save(name, ContentFile(output.getvalue()))


def _serve(storage, name: str, *, download_name: str, as_attachment: bool) -> HttpResponse:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    disposition = "attachment" if as_attachment else "inline"
    disposition = f"{disposition}; filename*=UTF-8''{quote(download_name)}"
    if getattr(storage, "querystring_auth", False):
        # django-storages' S3Storage: the URL carries its signature and expiry
        # (querystring_expire); the bucket answers with the type and name given here.
        url = storage.url(
            name,
            parameters={
                "ResponseContentType": content_type,
                "ResponseContentDisposition": disposition,
            },
        )
        return HttpResponseRedirect(url)
    prefix = settings.PRIVATE_FILES_ACCEL_REDIRECT
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{quote(name)}"
        response["Content-Disposition"] = disposition
        return response
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        content_type=content_type,
        as_attachment=as_attachment,
        filename=download_name,
    )


@require_safe
def private_file_view(request: HttpRequest, key, name: str) -> HttpResponse:
    """Serve a private file (or its thumbnail) to a user who may see its owner; else 404."""
    user = _bearer_user(request) or request.user
    file = PrivateFile.objects.filter(key=key).first()
    if file is None or not private_file_may_open(user=user, file=file):
        raise Http404
    size = request.GET.get("size")
    if size == "thumbnail" and file.kind == PrivateFileKind.IMAGE:
        stored = private_file_thumbnail(file=file)
    elif size:
        raise Http404
    else:
        stored = file.file.name
    response = _serve(
        file.file.storage,
        stored,
        download_name=file.download_name,
        as_attachment=file.kind == PrivateFileKind.DOCUMENT,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Vary"] = "Cookie, Authorization"
    return response
