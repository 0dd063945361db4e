"""The audit record of the registers: who did what to which record, in Wagtail's audit log.

Every write service records its own action here, so the admin, the app API and management
commands leave the same trail (admin › 报告 › 站点历史). Seeing a full ID or phone number is
recorded too.
"""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_action_registry

from partybuild.models import Member, User
from partybuild.services.security_events import security_event_record

IDENTITY_REVEAL_ACTION = "partybuild.identity_reveal"

#: Every action the registers write: (action, label, past-tense message).
AUDIT_ACTIONS = (
    ("partybuild.organisation.move", _("移动党组织"), _("已移动党组织")),
    (IDENTITY_REVEAL_ACTION, _("查看完整身份信息"), _("查看了完整身份信息")),
    ("partybuild.member_login.create", _("创建党员登录账号"), _("创建了党员登录账号")),
    ("partybuild.account.password_reset", _("重置密码"), _("重置了账号密码")),
    ("partybuild.transfer.start", _("发起组织关系转接"), _("发起了组织关系转接")),
    ("partybuild.transfer.accept", _("接收组织关系转接"), _("接收了组织关系转接")),
    ("partybuild.transfer.return", _("退回组织关系转接"), _("退回了组织关系转接")),
    ("partybuild.transfer.revoke", _("撤回组织关系转接"), _("撤回了组织关系转接")),
    ("partybuild.transfer.record_outgoing", _("登记转出到系统外"), _("登记了转出到系统外")),
    ("partybuild.transfer.record_incoming", _("登记从系统外转入"), _("登记了从系统外转入")),
    ("partybuild.transfer.expire", _("介绍信过期"), _("组织关系介绍信已过有效期")),
    ("partybuild.change_request.approve", _("通过档案修改申请"), _("通过了档案修改申请")),
    ("partybuild.change_request.reject", _("驳回档案修改申请"), _("驳回了档案修改申请")),
    ("partybuild.dues.payment", _("登记党费缴纳"), _("登记了党费缴纳")),
    ("partybuild.dues.reversal", _("冲正党费缴纳"), _("冲正了党费缴纳")),
    ("partybuild.dues.waiver", _("登记党费减免"), _("登记了党费减免")),
    ("partybuild.dues.waiver_revoke", _("撤销党费减免"), _("撤销了党费减免")),
    ("partybuild.recruitment.step", _("登记发展党员步骤"), _("登记了发展党员步骤")),
    ("partybuild.recruitment.extend", _("延长预备期"), _("延长了预备期")),
    ("partybuild.recruitment.cancel", _("取消预备党员资格"), _("取消了预备党员资格")),
    ("partybuild.recruitment.move", _("转移发展对象"), _("将发展对象转到其他党组织")),
    ("partybuild.recruitment.update", _("修改发展对象信息"), _("修改了发展对象信息")),
    ("partybuild.meeting.publish", _("发布会议通知"), _("发布了会议通知")),
    ("partybuild.meeting.attendance", _("登记会议出勤"), _("登记了会议出勤")),
    ("partybuild.meeting.close", _("结束会议"), _("结束了会议")),
    ("partybuild.meeting.minutes_correct", _("更正会议记录"), _("更正了会议记录")),
    ("partybuild.evaluation.record", _("登记民主评议结果"), _("登记了民主评议结果")),
    ("partybuild.inspection.issue", _("下发督查任务"), _("下发了督查任务")),
    ("partybuild.inspection.submit", _("反馈督查任务"), _("反馈了督查任务")),
    ("partybuild.inspection.accept", _("通过督查反馈"), _("通过了督查反馈")),
    ("partybuild.inspection.return", _("退回督查反馈"), _("退回了督查反馈")),
    ("partybuild.inspection.draw", _("随机抽查会议"), _("随机抽取了会议")),
    ("partybuild.inspection.verdict", _("评定会议抽查"), _("评定了会议抽查")),
    ("partybuild.committee.term", _("登记班子任期"), _("登记了班子任期")),
    ("partybuild.reelection.request", _("提交换届请示"), _("提交了换届请示")),
    ("partybuild.reelection.request_approve", _("批复换届请示"), _("批复了换届请示")),
    ("partybuild.reelection.elect", _("登记换届选举结果"), _("登记了换届选举结果")),
    ("partybuild.reelection.result_approve", _("批复换届选举结果"), _("批复了换届选举结果")),
    ("partybuild.wish.create", _("登记微心愿"), _("登记了微心愿")),
    ("partybuild.wish.update", _("修改微心愿"), _("修改了微心愿")),
    ("partybuild.wish.publish", _("发布微心愿"), _("发布了微心愿")),
    ("partybuild.wish.reject", _("驳回微心愿"), _("驳回了微心愿")),
    ("partybuild.wish.claim", _("认领微心愿"), _("认领了微心愿")),
    ("partybuild.wish.fulfil", _("登记微心愿完成情况"), _("登记了微心愿完成情况")),
    ("partybuild.wish.confirm", _("确认微心愿完成"), _("确认了微心愿完成")),
    ("partybuild.experience.submit", _("发布微心得"), _("发布了微心得")),
    ("partybuild.experience.approve", _("通过微心得"), _("通过了微心得")),
    ("partybuild.experience.reject", _("驳回微心得"), _("驳回了微心得")),
    ("partybuild.suggestion.submit", _("提交意见建议"), _("提交了意见建议")),
    ("partybuild.suggestion.reply", _("答复意见建议"), _("答复了意见建议")),
    ("partybuild.suggestion.close", _("关闭意见建议"), _("关闭了意见建议")),
    ("partybuild.letter.send", _("写信到书记信箱"), _("写信到书记信箱")),
    ("partybuild.letter.reply", _("答复书记信箱来信"), _("答复了书记信箱来信")),
    ("partybuild.board.hide", _("隐藏留言"), _("隐藏了留言")),
    ("partybuild.board.restore", _("恢复留言"), _("恢复了留言")),
    ("partybuild.comment.approve", _("通过评论"), _("通过了评论")),
    ("partybuild.comment.reject", _("拒绝评论"), _("拒绝了评论")),
    ("partybuild.comment.reply", _("回复评论"), _("回复了评论")),
    ("partybuild.representative.save", _("登记党代表"), _("登记了党代表")),
    ("partybuild.proposal.reply", _("答复党代表提案建议"), _("答复了党代表提案建议")),
    ("partybuild.superuser.grant", _("授予应急超级管理员权限"), _("授予了应急超级管理员权限")),
    ("partybuild.superuser.revoke", _("撤销超级管理员权限"), _("撤销了超级管理员权限")),
    ("partybuild.superuser.lapse", _("应急超级管理员权限到期"), _("应急超级管理员权限已到期")),
    ("partybuild.role.create", _("新建角色"), _("新建了角色")),
    ("partybuild.role.update", _("修改角色"), _("修改了角色")),
    ("partybuild.role_assignment.grant", _("分配角色"), _("分配了角色")),
    ("partybuild.role_assignment.revoke", _("撤销角色分配"), _("撤销了角色分配")),
)


def audit_actions_register(*, registry=log_action_registry) -> None:
    """Register AUDIT_ACTIONS with a log-action registry.

    Called from the ``register_log_actions`` hook with the registry being scanned (where asking
    ``action_exists`` would start the scan again), and from audit_record when the registry was
    scanned before this app's hooks were imported.
    """
    for action, label, message in AUDIT_ACTIONS:
        registry.register_action(action, label, message)


def audit_record(
    *, instance: models.Model, action: str, actor: User | None, data: dict | None = None
) -> None:
    """Write one audit entry. ``actor=None`` is the system (a command or a scheduled job)."""
    if not log_action_registry.action_exists(action):
        # The registry may have been scanned before this app's hooks were imported.
        audit_actions_register()
    log(instance, action, user=actor, data=data or {})


def identity_reveal_record(*, actor: User, members: Iterable[Member], context: str) -> int:
    """Record that ``actor`` saw the full ID and phone numbers of ``members``.

    ``context`` says where (e.g. "inspect", "export"). Returns the number of records written.
    """
    count = 0
    for member in members:
        audit_record(
            instance=member, action=IDENTITY_REVEAL_ACTION, actor=actor, data={"context": context}
        )
        count += 1
    if count:
        security_event_record(
            event="identity.reveal", actor=actor, detail={"context": context, "rows": count}
        )
    return count
