"""The 25 steps of 发展党员 in 5 stages (docs/domain.md §3; 发展党员工作细则), and the time
limits between them. Kept as code: they are national rules, not site data.

``DEADLINES`` are reminders (the branch is told when a step is overdue, and a step recorded after
its deadline is shown as late), not refusals; the refusing rules live in
partybuild.recruitment.services. Months are calendar months (``partybuild.core.dates.add_months``:
the same day of the month N months later, or that month's last day when it is shorter).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    number: int
    name: str


@dataclass(frozen=True)
class Step:
    number: int
    stage: int
    name: str


STAGES = (
    Stage(1, "入党申请"),
    Stage(2, "入党积极分子的确定和教育培养"),
    Stage(3, "发展对象的确定和考察"),
    Stage(4, "预备党员的接收"),
    Stage(5, "预备党员的教育考察和转正"),
)

STEPS = (
    Step(1, 1, "递交入党申请书"),
    Step(2, 1, "党组织派人谈话"),
    Step(3, 2, "推荐和确定入党积极分子"),
    Step(4, 2, "上级党委备案"),
    Step(5, 2, "指定培养联系人"),
    Step(6, 2, "培养教育考察"),
    Step(7, 3, "确定发展对象"),
    Step(8, 3, "报上级党委备案"),
    Step(9, 3, "确定入党介绍人"),
    Step(10, 3, "进行政治审查"),
    Step(11, 3, "开展集中培训"),
    Step(12, 4, "支部委员会审查"),
    Step(13, 4, "上级党委预审"),
    Step(14, 4, "填写入党志愿书"),
    Step(15, 4, "支部大会讨论"),
    Step(16, 4, "上级党委派人谈话"),
    Step(17, 4, "上级党委审批"),
    Step(18, 4, "再上一级党委组织部门备案"),
    Step(19, 5, "编入党支部和党小组"),
    Step(20, 5, "入党宣誓"),
    Step(21, 5, "继续教育考察"),
    Step(22, 5, "提出转正申请"),
    Step(23, 5, "支部大会讨论"),
    Step(24, 5, "上级党委审批"),
    Step(25, 5, "材料归档"),
)

STEP_BY_NUMBER = {step.number: step for step in STEPS}

#: (step, after step, months): ``step`` is due within ``months`` of ``after`` step's date.
DEADLINES = (
    (2, 1, 1),  # talk within a month of the application
    (15, 13, 1),  # branch meeting within a month of the 预审
    (17, 15, 3),  # approval within 3 months of the branch meeting
    (24, 23, 3),  # conversion approval within 3 months
)

#: Steps with special effects.
APPLICATION, ACTIVIST, CONTACTS, EXAMINATION, CANDIDATE = 1, 3, 5, 6, 7
INTRODUCERS, VETTING, TRAINING = 9, 10, 11
BRANCH_MEETING, APPROVAL = 15, 17
CONVERSION_APPLICATION, CONVERSION_MEETING, CONVERSION_APPROVAL = 22, 23, 24

ACTIVIST_MONTHS_BEFORE_CANDIDATE = 12
TRAINING_MIN_DAYS = 3
TRAINING_MIN_HOURS = 24
VETTING_VALID_MONTHS = 12
#: 上级党委审批 (17) is refused later than this after the 支部大会 (15): 不得超过六个月
#: (细则第二十五条).
APPROVAL_LIMIT_MONTHS = 6
#: 培养联系人 (5): 1 or 2 people; 入党介绍人 (9): exactly 2 (细则第十条、第十四条).
CONTACTS_COUNT, INTRODUCERS_COUNT = (1, 2), (2, 2)
#: An activist is examined every 6 months (细则第十一条): a reminder, not a refusal.
EXAMINATION_MONTHS = 6
#: 转正申请 (22) no earlier than this before the probation ends; the same span before the end
#: puts the probation on the branch's reminders.
CONVERSION_NOTICE_MONTHS = 1
