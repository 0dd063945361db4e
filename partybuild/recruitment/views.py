"""Portal page 我的入党进程 (/me/recruitment/): an applicant or activist with an account sees
their steps (done, due, overdue) and hands in the application letter and 思想汇报 online, with an
attachment; the branch reviews them in the admin (partybuild.recruitment.admin)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from partybuild.core.errors import add_service_errors
from partybuild.recruitment.models import Candidate, CandidateStatus, SubmissionKind
from partybuild.recruitment.selectors import (
    candidate_progress,
    candidate_thought_report_due,
    candidate_timeline,
)
from partybuild.recruitment.services import candidate_submission_create


class SubmissionForm(forms.Form):
    """入党申请书 or 思想汇报, with an optional attachment."""

    kind = forms.ChoiceField(label=_("类别"), choices=SubmissionKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    content = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 10}))
    attachment = forms.FileField(
        label=_("附件"),
        required=False,
        help_text=_("可选：PDF、Word 或图片，不超过 20 MB。"),
    )


@login_required
def recruitment_mine_view(request: HttpRequest) -> HttpResponse:
    """我的入党进程 with the submission form."""
    candidate = (
        Candidate.objects.select_related("organisation", "member__organisation")
        .prefetch_related("steps", "submissions__attachment")
        .filter(user=request.user)
        .first()
    )
    if candidate is None:
        return render(request, "partybuild/portal/recruitment/none.html")
    may_submit = candidate.status not in (CandidateStatus.CANCELLED, CandidateStatus.WITHDRAWN)
    form = SubmissionForm(request.POST or None, request.FILES or None) if may_submit else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            candidate_submission_create(
                candidate=candidate,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                content=form.cleaned_data["content"],
                attachment=form.cleaned_data["attachment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已提交，请等待所在党支部审阅。"))
            return redirect("portal:recruitment")
    return render(
        request,
        "partybuild/portal/recruitment/mine.html",
        {
            "candidate": candidate,
            "progress": candidate_progress(candidate=candidate),
            "timeline": candidate_timeline(candidate=candidate),
            "thought_report_due": candidate_thought_report_due(candidate=candidate),
            "submissions": candidate.submissions.all(),
            "form": form,
        },
    )
