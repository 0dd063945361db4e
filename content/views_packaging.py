"""Portal view: download all attachments and images of a published 党建动态 as one zip."""

from urllib.parse import quote

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from content.models import DynamicPage
from content.packaging import dynamic_page_zip_build

_UNSAFE_FILENAME_CHARS = str.maketrans({char: "_" for char in '\\/:*?"<>|\r\n\t'})


def attachment_disposition(filename: str, fallback: str) -> str:
    """``Content-Disposition: attachment`` with an ASCII fallback and an RFC 5987 UTF-8 name."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@require_safe
def dynamic_page_zip(request, page_id: int):
    """Stream a zip of the live version of a live, public DynamicPage; 404 otherwise."""
    page = get_object_or_404(DynamicPage.objects.live().public(), pk=page_id)
    archive = dynamic_page_zip_build(page)
    if archive is None:
        raise Http404("没有可下载的附件")
    title = page.title.translate(_UNSAFE_FILENAME_CHARS).strip(" .") or "附件"
    response = FileResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = attachment_disposition(
        f"{title}.zip", fallback=f"dynamic-{page.pk}.zip"
    )
    return response
