"""核定党费 as a background job (后台任务, partybuild/jobs/): a month's assessment of a whole
subtree runs in the worker; the admin page that starts it answers at once and the job's row in
后台任务 shows how it went. Imported by partybuild.jobs when the app registry is ready."""

import datetime

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages

from partybuild.admin.permissions import require_administrator
from partybuild.dues.admin import DUES_VIEW, AssessForm
from partybuild.dues.services import dues_assess_month
from partybuild.jobs.kinds import JobKind, JobOutcome, Progress, job_kind_register
from partybuild.jobs.models import Job
from partybuild.jobs.services import job_start

DUES_ASSESS = "dues_assess"


def dues_assess_run(*, job: Job, progress: Progress, output) -> JobOutcome:
    """Assess ``job.params["month"]`` for the job's organisation (its starter's scope when
    none). Idempotent and atomic (dues_assess_month): a retried run creates what is missing."""
    month = datetime.date.fromisoformat(job.params["month"])
    result = dues_assess_month(
        month=month, root=job.organisation, actor=job.started_by, progress=progress
    )
    return JobOutcome(
        summary=_(
            "%(month)s：新核定 %(created)d 人，已核定 %(existing)d 人，缺少党费基数 "
            "%(missing)d 人，尚未到缴费月份 %(not_assessed)d 人。"
        )
        % {
            "month": f"{month:%Y年%m月}",
            "created": result.created,
            "existing": result.existing,
            "missing": result.missing_profile,
            "not_assessed": result.not_assessed,
        }
    )


job_kind_register(JobKind(DUES_ASSESS, gettext_lazy("核定党费"), dues_assess_run))


def dues_assess_job_view(request):
    """核定党费（后台）: start the assessment as a job (POST) and go to its page."""
    require_administrator(request.user, DUES_VIEW)
    form = AssessForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        month = form.cleaned_data["month"].replace(day=1)
        job = job_start(
            kind=DUES_ASSESS,
            user=request.user,
            organisation=form.cleaned_data["organisation"],
            params={"month": month.isoformat()},
        )
        messages.success(
            request,
            _("已在后台开始核定 %(month)s 的党费，完成后在此查看结果。")
            % {"month": f"{month:%Y年%m月}"},
        )
        return redirect("jobs:detail", job_id=job.pk)
    return TemplateResponse(
        request,
        "partybuild/jobs/dues_assess.html",
        {"form": form, "header_title": "核定党费（后台执行）"},
    )


@hooks.register("register_admin_urls")
def register_dues_assess_job_url():
    return [path("dues/assess/job/", dues_assess_job_view, name="partybuild_dues_assess_job")]
