"""The background task that runs a :class:`~partybuild.jobs.models.Job`."""

from django_tasks import task


@task()
def job_run_task(job_id: int) -> str:
    """Run one job (partybuild.jobs.services.job_run); returns its status."""
    from partybuild.jobs.services import job_run

    return job_run(job_id=job_id)
