"""The kinds of background job: what each does when a worker runs it.

A kind's ``run`` gets the :class:`~partybuild.jobs.models.Job`, a ``progress(done, total)``
callback and ``output``, a binary file to write the result into; it returns a
:class:`JobOutcome` (a summary, and the result's file name when it wrote one). It raises
:class:`JobFailed` with a message for the person (Chinese) when the job cannot be done; any
other exception fails the job too, with its text. A kind must be idempotent: run again after a
failure (重试), it leaves no duplicate rows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

#: ``progress(done, total)``: how many of the job's rows are done.
Progress = Callable[[int, int], None]


class JobFailed(Exception):
    """The job cannot be done, for a reason the person reads (the job's error text); when the
    kind wrote a report to ``output`` (an import's problems), ``report_filename`` names it and
    it is kept as the job's result file."""

    def __init__(self, message: str, report_filename: str = "") -> None:
        super().__init__(message)
        self.report_filename = report_filename


@dataclass(frozen=True)
class JobOutcome:
    """What a job came to: a ``summary`` for the list and, when a file was written to
    ``output``, its ``filename`` (what the download is called)."""

    summary: str = ""
    filename: str = ""


@dataclass(frozen=True)
class JobKind:
    """One kind of job: its code, Chinese label and what runs it."""

    code: str
    label: Any
    run: Callable[..., JobOutcome]


_KINDS: dict[str, JobKind] = {}


def job_kind_register(kind: JobKind) -> None:
    """Make ``kind`` known (registering the same code again replaces it)."""
    _KINDS[kind.code] = kind


def job_kind(code: str) -> JobKind:
    """The registered kind ``code`` (KeyError when none is)."""
    return _KINDS[code]


def job_kind_label(code: str) -> str:
    """The Chinese label of ``code``, or the code itself for a kind no longer registered."""
    kind = _KINDS.get(code)
    return str(kind.label) if kind else code


def register() -> None:
    """The kernel's kinds: member export and import (partybuild/jobs/registers.py)."""
    from partybuild.jobs import registers

    job_kind_register(
        JobKind(registers.MEMBER_EXPORT, _("导出党员信息"), registers.member_export_run)
    )
    job_kind_register(
        JobKind(registers.MEMBER_IMPORT, _("导入党员信息"), registers.member_import_run)
    )
