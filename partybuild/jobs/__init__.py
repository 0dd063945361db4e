"""后台任务: work that must not run inside a web request (docs/architecture.md, "Background jobs").

Two things live here, both on Django's tasks framework (the django-tasks backport, TASKS in
partysite/settings/base.py):

- :func:`partybuild.jobs.enqueue.task_enqueue` puts a task on the queue once the request's
  transaction commits (fan-outs of messages, SMS, e-mail);
- a :class:`partybuild.jobs.models.Job` records a long job a person started (an import, an
  export, a month's dues assessment): its kind, scope, status, progress, result file and error,
  shown in the admin's 后台任务 with a download link and 重试.

Kinds of job register themselves (:mod:`partybuild.jobs.kinds`); each app that contributes one
has a ``jobs`` module, imported when the app registry is ready (like ``wagtail_hooks``), so this
kernel app imports none of the registers.
"""
