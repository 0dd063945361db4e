"""Wagtail admin views of the content platform."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.defaults import permission_denied
from wagtail.admin import messages

from content.models import DynamicPage
from content.packaging import (
    MB,
    ZIP_MAX_MEMBER_SIZE,
    ZIP_MAX_MEMBERS,
    ZIP_MAX_TOTAL_SIZE,
    dynamic_page_import_zip,
)


class ZipUploadForm(forms.Form):
    file = forms.FileField(
        label="压缩包（ZIP）",
        help_text=(
            f"图片（JPG、PNG、GIF、WebP）加入“图片”，其他文件加入“附件”。最多 {ZIP_MAX_MEMBERS} "
            f"个文件，解压后共不超过 {ZIP_MAX_TOTAL_SIZE // MB} MB，单个文件不超过 "
            f"{ZIP_MAX_MEMBER_SIZE // MB} MB。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )


def dynamic_page_import_zip_view(request, page_id: int):
    """打包上传: import a zip of images and documents into a 党建动态 as a new draft.

    Admin URLs are wrapped by Wagtail in ``require_admin_access`` (login and
    ``wagtailadmin.access_admin``); the user must also be able to edit the page.
    """
    page = get_object_or_404(DynamicPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        # Answer 403 itself: a raised PermissionDenied would become Wagtail's redirect to the
        # dashboard.
        return permission_denied(request, PermissionDenied("你没有编辑此页面的权限。"))
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    if request.method == "POST":
        form = ZipUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = dynamic_page_import_zip(
                    page=page, file=form.cleaned_data["file"], user=request.user
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(
                    request,
                    f"已导入图片 {len(result.images)} 张、附件 {len(result.documents)} 个，"
                    "已保存为草稿",
                )
                if result.skipped:
                    skipped = "；".join(f"「{item.name}」{item.reason}" for item in result.skipped)
                    messages.warning(request, f"已跳过 {len(result.skipped)} 个文件：{skipped}")
                return redirect(edit_url)
        messages.error(request, "打包上传失败，未导入任何文件。")
    else:
        form = ZipUploadForm()

    return TemplateResponse(
        request,
        "content/admin/import_zip.html",
        {
            "page": page,
            "form": form,
            "edit_url": edit_url,
            "action_url": request.path,
            "header_title": "打包上传图片和附件",
            "page_title": "打包上传图片和附件",
            "page_subtitle": page.get_admin_display_title(),
            "header_icon": "upload",
            "submit_button_label": "上传并保存为草稿",
            "submit_button_active_label": "正在上传…",
        },
    )
