"""Admin of 书记信箱: the letters addressed to the organisation the user administers (a
superuser: all) and replying to them (the sender then reads the reply in the app and the portal
and gets a message). A letter addressed elsewhere is 404, even from the user's own members."""

from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permissions import register_permission_policy

from partybuild.admin.permissions import AdministratorPermissionPolicy
from partybuild.admin.service_viewsets import ServiceActionView, ServiceViewSet
from partybuild.memberservices.admin.suggestions import ReplyForm
from partybuild.memberservices.models import LetterStatus, SecretaryLetter
from partybuild.memberservices.selectors.letters import letter_list_managed
from partybuild.memberservices.services import letters as services


class LetterReplyView(ServiceActionView):
    page_title = gettext_lazy("答复来信")
    form_class = ReplyForm
    button_label = gettext_lazy("答复")
    done_message = gettext_lazy("已答复，写信人将收到消息。")

    @classmethod
    def is_available(cls, obj) -> bool:
        return obj.status == LetterStatus.SENT

    def run_service(self, form) -> None:
        services.letter_reply(
            letter=self.object, reply=form.cleaned_data["reply"], actor=self.request.user
        )


class SecretaryLetterViewSet(ServiceViewSet):
    """书记信箱 letters addressed to the user's organisation."""

    empty_message = gettext_lazy(
        "还没有来信。党员在门户或 App 的「书记信箱」写信后，会出现在这里等待答复。"
    )

    model = SecretaryLetter
    icon = "mail"
    menu_label = gettext_lazy("书记信箱")
    list_display = [
        "subject",
        Column("sender", label=gettext_lazy("写信人"), accessor="sender"),
        Column("organisation", label=gettext_lazy("所在党组织"), accessor="organisation"),
        Column("recipient_kind", label=gettext_lazy("收信人"), accessor="recipient_label"),
        DateColumn("created_at", label=gettext_lazy("写信时间"), sort_key="created_at"),
        Column("status", label=gettext_lazy("状态"), accessor="get_status_display"),
    ]
    list_filter = ["status", "recipient_kind"]
    ordering = ["-created_at", "-pk"]
    detail_template_name = "partybuild/letters/detail.html"
    scoped_queryset = staticmethod(letter_list_managed)
    actions = {"reply": LetterReplyView}


register_permission_policy(SecretaryLetter, AdministratorPermissionPolicy(SecretaryLetter))
letter_viewset = SecretaryLetterViewSet("secretary_letters")
