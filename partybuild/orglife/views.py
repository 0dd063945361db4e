"""Portal page 我的会议 (/me/meetings/): the meetings a member is expected at, where they sign
up, ask for leave with a reason and check in with the meeting's code (the same services and
rules as the app API)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild.core.errors import RateLimited
from partybuild.orglife.models import AttendeeResponse
from partybuild.orglife.selectors.meetings import meeting_list_for_member
from partybuild.orglife.services import meetings as services


@login_required
def meeting_mine_view(request: HttpRequest) -> HttpResponse:
    """我的会议: newest first, with my answer and attendance."""
    meetings = meeting_list_for_member(user=request.user)[:50]
    return render(request, "partybuild/portal/meetings/mine.html", {"meetings": meetings})


@login_required
@require_POST
def meeting_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    """报名, 请假 (with a reason) or 签到 (with the code) on one of my meetings."""
    meeting = meeting_list_for_member(user=request.user).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "check_in":
            services.meeting_check_in(
                meeting=meeting,
                user=request.user,
                code=request.POST.get("code", ""),
                request=request,
            )
            messages.success(request, _("签到成功。"))
        elif action in (AttendeeResponse.SIGNED_UP, AttendeeResponse.LEAVE):
            services.meeting_respond(
                meeting=meeting,
                user=request.user,
                response=action,
                leave_reason=request.POST.get("leave_reason", ""),
            )
            messages.success(request, _("已提交。"))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    except (PermissionDenied, RateLimited) as error:
        messages.error(request, str(error))
    return redirect("portal:meetings")
