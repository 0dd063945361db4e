"""后台任务 in the admin: the list of one's jobs (a superuser's: everyone's) with their
progress, each job's own page (where starting a job leads), the download of a result and 重试
of a failed or interrupted job. Progress comes from the progress cache first, the row after
(partybuild/jobs/progress.py)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from partybuild.jobs.kinds import job_kind_label
from partybuild.jobs.progress import job_progress_apply
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
    job_progress_apply(jobs)
    for job in jobs:
        job.kind_label = job_kind_label(job.kind)
    return TemplateResponse(
        request,
        "partybuild/jobs/index.html",
        {
            "jobs": jobs,
            "page": page,
            "refresh_seconds": (
                REFRESH_SECONDS if any(not (j.is_finished or j.is_stale) for j in jobs) else 0
            ),
            "show_owner": request.user.is_superuser,
            "keep_days": settings.JOB_FILES_KEEP_DAYS,
        },
    )


def job_detail_view(request, job_id: int):
    """One job: its progress bar (reloading while it runs), rows done of total, its result to
    download and until when, or its error and 重试."""
    job = get_object_or_404(job_list_for_user(user=request.user), pk=job_id)
    job_progress_apply([job])
    job.kind_label = job_kind_label(job.kind)
    return TemplateResponse(
        request,
        "partybuild/jobs/detail.html",
        {
            "job": job,
            "refresh_seconds": 0 if job.is_finished or job.is_stale else REFRESH_SECONDS,
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
        messages.success(request, _("已重新排队：%(kind)s。") % {"kind": job_kind_label(job.kind)})
    return redirect("jobs:detail", job_id=job.pk)


def job_urlpatterns() -> list:
    """Admin URLs under /admin/jobs/ (partybuild/jobs/wagtail_hooks.py)."""
    return [
        path("", job_index_view, name="index"),
        path("<int:job_id>/", job_detail_view, name="detail"),
        path("<int:job_id>/download/", job_download_view, name="download"),
        path("<int:job_id>/retry/", job_retry_view, name="retry"),
    ]
