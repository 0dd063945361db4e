"""后台任务 in the admin: the list of one's jobs (a superuser's: everyone's) with their
progress, the download of a result and 重试 of a failed job."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from partybuild.jobs.kinds import job_kind_label
from partybuild.jobs.selectors import job_list_for_user
from partybuild.jobs.services import job_retry

#: While a listed job is unfinished the page reloads itself this often (seconds), by a
#: ``<meta http-equiv="refresh">``: the admin's CSP allows no inline script of ours.
REFRESH_SECONDS = 3
PAGE_SIZE = 50


def job_index_view(request):
    """后台任务: the user's jobs, newest first, with status, progress, result and error."""
    page = Paginator(job_list_for_user(user=request.user), PAGE_SIZE).get_page(request.GET.get("p"))
    jobs = list(page.object_list)
    for job in jobs:
        job.kind_label = job_kind_label(job.kind)
    return TemplateResponse(
        request,
        "partybuild/jobs/index.html",
        {
            "jobs": jobs,
            "page": page,
            "refresh_seconds": REFRESH_SECONDS if any(not j.is_finished for j in jobs) else 0,
            "show_owner": request.user.is_superuser,
        },
    )


def job_download_view(request, job_id: int):
    """The job's result file, for its owner or a superuser only (404 for anyone else)."""
    job = get_object_or_404(job_list_for_user(user=request.user), pk=job_id)
    if not job.result_file:
        raise Http404
    response = FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_name or "result"
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def job_retry_view(request, job_id: int):
    """重试 a failed job."""
    job = get_object_or_404(job_list_for_user(user=request.user), pk=job_id)
    try:
        job_retry(job=job, user=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, f"已重新排队：{job_kind_label(job.kind)}。")
    return redirect("jobs:index")


def job_urlpatterns() -> list:
    """Admin URLs under /admin/jobs/ (partybuild/jobs/wagtail_hooks.py)."""
    return [
        path("", job_index_view, name="index"),
        path("<int:job_id>/download/", job_download_view, name="download"),
        path("<int:job_id>/retry/", job_retry_view, name="retry"),
    ]
