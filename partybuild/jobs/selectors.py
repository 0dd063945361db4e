"""Reads of 后台任务: whose jobs a person sees."""

from django.db.models import QuerySet

from partybuild.jobs.models import Job
from partybuild.models import User


def job_list_for_user(*, user: User) -> QuerySet[Job]:
    """The jobs ``user`` sees, newest first: their own; a superuser's, everyone's."""
    jobs = Job.objects.select_related("started_by", "organisation")
    if user.is_superuser:
        return jobs
    return jobs.filter(started_by=user)
