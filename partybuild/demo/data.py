"""Demo rows taken from the specification (seed 1.2.1, 1.2.2 and 1.2.3).

The seed lists 8 organisations (1.2.1) and 5 branches (1.2.2) without saying how they nest, and
8 members of a 「UI部支部委员会」 that neither table lists. They are arranged under one 党委,
中共慈利县委员会 (named in the seed's later tables), obeying docs/domain.md §1: the seed's 党总支 sit under
a 党委, its branches under those 党总支, and the UI branch is added so its members have a home.
"""

import datetime

D = datetime.date

COMMITTEE_TERM = {"term_start": D(2022, 6, 1), "term_end": D(2027, 5, 31)}
GENERAL_BRANCH_TERM = {"term_start": D(2024, 3, 1), "term_end": D(2027, 2, 28)}
BRANCH_TERM = {"term_start": D(2024, 1, 1), "term_end": D(2026, 12, 31)}

# (parent code or None, fields). Parents come before their children.
DEMO_ORGANISATIONS: list[tuple[str | None, dict]] = [
    (
        None,
        {
            "code": "CL",
            "name": "中共慈利县委员会",
            "org_type": "committee",
            "founded_on": D(1949, 10, 1),
            **COMMITTEE_TERM,
        },
    ),
    (
        "CL",
        {
            "code": "CL01",
            "name": "测试一部",
            "org_type": "committee",
            "leader_name": "乔霍",
            "contact_phone": "010-88887777",
            "unit_party_status": "standalone",
            "remarks": "测试一部党支部, 12名党员。",
            "sort_order": 1,
            **COMMITTEE_TERM,
        },
    ),
    (
        "CL",
        {
            "code": "CL02",
            "name": "人事部委员会",
            "org_type": "committee",
            "leader_name": "李淑芬",
            "contact_phone": "12345678910",
            "sort_order": 2,
            **COMMITTEE_TERM,
        },
    ),
    (
        "CL",
        {
            "code": "CL03",
            "name": "影视部委员会",
            "org_type": "committee",
            "leader_name": "王方",
            "contact_phone": "15983100022",
            "sort_order": 3,
            **COMMITTEE_TERM,
        },
    ),
    (
        "CL",
        {
            "code": "CL04",
            "name": "技术支持部委员会",
            "org_type": "committee",
            "leader_name": "陈青松",
            "contact_phone": "18143246888",
            "sort_order": 4,
            **COMMITTEE_TERM,
        },
    ),
    (
        "CL",
        {
            "code": "CL05",
            "name": "采购部委员会",
            "org_type": "committee",
            "leader_name": "漆家俊",
            "contact_phone": "15008253066",
            "sort_order": 5,
            **COMMITTEE_TERM,
        },
    ),
    (
        "CL",
        {
            "code": "CL06",
            "name": "行政部委员会",
            "org_type": "committee",
            "leader_name": "牟行建",
            "contact_phone": "13689620938",
            "sort_order": 6,
            **COMMITTEE_TERM,
        },
    ),
    (
        "CL04",
        {
            "code": "CL0401",
            "name": "山部支部委员会",
            "org_type": "general_branch",
            "leader_name": "董品荣",
            "contact_phone": "18143246888",
            "sort_order": 1,
            **GENERAL_BRANCH_TERM,
        },
    ),
    (
        "CL04",
        {
            "code": "CL0402",
            "name": "运维部支部委员会",
            "org_type": "general_branch",
            "leader_name": "商成湘",
            "contact_phone": "17708933566",
            "sort_order": 2,
            **GENERAL_BRANCH_TERM,
        },
    ),
    (
        "CL04",
        {
            "code": "CL0403",
            "name": "UI部支部委员会",
            "org_type": "branch",
            "leader_name": "黄主才",
            "sort_order": 3,
            **BRANCH_TERM,
        },
    ),
    (
        "CL0401",
        {
            "code": "CL040101",
            "name": "设备部支部委员会",
            "org_type": "branch",
            "leader_name": "杨浩宝",
            "contact_phone": "13778230785",
            "sort_order": 1,
            **BRANCH_TERM,
        },
    ),
    (
        "CL0401",
        {
            "code": "CL040102",
            "name": "售后服务部支部委员会",
            "org_type": "branch",
            "leader_name": "岳冬燕",
            "contact_phone": "18189947330",
            "sort_order": 2,
            **BRANCH_TERM,
        },
    ),
    (
        "CL0402",
        {
            "code": "CL040201",
            "name": "办公室支部委员会",
            "org_type": "branch",
            "leader_name": "刘爱南",
            "contact_phone": "13658161575",
            "sort_order": 1,
            **BRANCH_TERM,
        },
    ),
    (
        "CL0402",
        {
            "code": "CL040202",
            "name": "工会支部委员会",
            "org_type": "branch",
            "leader_name": "阳蔚林",
            "contact_phone": "15884078270",
            "sort_order": 2,
            **BRANCH_TERM,
        },
    ),
    (
        "CL0402",
        {
            "code": "CL040203",
            "name": "经营支部委员会",
            "org_type": "branch",
            "leader_name": "宋官平",
            "contact_phone": "13684089988",
            "sort_order": 3,
            **BRANCH_TERM,
        },
    ),
]

# Seed 1.2.3. Its 党员状态 column mixes 人员类别 (正式党员) and 党籍状态 (正常); every row has a
# 转正日期, so all are full members in normal standing.
DEMO_MEMBERS: list[dict] = [
    {
        "name": "黄主才",
        "joined_on": D(1972, 8, 6),
        "confirmed_on": D(1973, 8, 6),
        "job_post": "502退休人员",
    },
    {
        "name": "赖廷贵",
        "joined_on": D(1972, 9, 8),
        "confirmed_on": D(1973, 9, 8),
        "job_post": "0218民办非企业专业技术岗位",
    },
    {
        "name": "王凤吉",
        "joined_on": D(1971, 7, 13),
        "confirmed_on": D(1972, 7, 12),
        "job_post": "502退休人员",
    },
    {
        "name": "魏宇斌",
        "joined_on": D(1973, 6, 24),
        "confirmed_on": D(1974, 6, 23),
        "job_post": "0311公有经济控制单位工勤岗位",
    },
    {
        "name": "魏辛禄",
        "joined_on": D(1962, 6, 4),
        "confirmed_on": D(1963, 6, 3),
        "job_post": "502退休人员",
    },
    {
        "name": "滕永柱",
        "joined_on": D(1973, 12, 13),
        "confirmed_on": D(1974, 12, 12),
        "job_post": "502退休人员",
    },
    {
        "name": "余家全",
        "joined_on": D(1986, 10, 1),
        "confirmed_on": D(1987, 9, 30),
        "job_post": "502退休人员",
    },
    {
        "name": "曹翼纳",
        "joined_on": D(1966, 12, 21),
        "confirmed_on": D(1967, 12, 20),
        "job_post": "502退休人员",
    },
]
DEMO_MEMBER_ORGANISATION_CODE = "CL0403"

# Demo accounts, created only when DEBUG is on (never by production settings).
DEMO_PASSWORD = "dangjian123"  # noqa: S105 - published in the README, DEBUG only
DEMO_SUPERUSER = {"username": "admin", "name": "系统管理员", "email": "admin@example.com"}
#: 三员分立: the system, security and audit administrators (built-in roles, migration 0023_roles),
#: each on the whole tree; no account holds two of them.
DEMO_SEPARATED_ADMINS = (
    {"username": "sysadmin", "name": "周立新", "role": "system_admin"},
    {"username": "secadmin", "name": "吴安平", "role": "security_admin"},
    {"username": "auditor", "name": "郑审言", "role": "audit_admin"},
)
DEMO_BRANCH_ADMIN = {
    "username": "ui_secretary",
    "name": "黄主才",
    "organisation_code": DEMO_MEMBER_ORGANISATION_CODE,
}
#: A member's login (党员登录账号), linked to a seed member of the demo branch; its password is
#: not flagged for change, so the README's login works as written.
DEMO_MEMBER_LOGIN = {"username": "dangyuan"}
#: Every account the demo creates with ``DEMO_PASSWORD`` (content/demo_accounts.py makes the last
#: two): production refuses to start while one of them is active with that password
#: (partybuild/startup.py). Elsewhere the password validators refuse it (two character classes).
DEMO_USERNAMES = (
    DEMO_SUPERUSER["username"],
    *(admin["username"] for admin in DEMO_SEPARATED_ADMINS),
    DEMO_BRANCH_ADMIN["username"],
    DEMO_MEMBER_LOGIN["username"],
    "ui_editor",
    "reviewer",
)
#: What ``load_demo`` prints at its end in DEBUG: each demo login and what it is for (the
#: README's table of demo logins, shorter).
DEMO_LOGINS = (
    ("admin", "超级管理员（仅演示环境），可见全部党组织"),
    ("ui_secretary", "UI部支部委员会 党组织管理员、支部书记（支部审核）"),
    ("ui_editor", "UI部支部委员会 编辑：撰写并提交文章"),
    ("reviewer", "党委审核员（党委审核并发布）"),
    ("dangyuan", "党员：门户 /login/ 与 App 登录"),
    ("sysadmin", "系统管理员（三员分立）"),
    ("secadmin", "安全管理员（三员分立）"),
    ("auditor", "审计管理员（三员分立）"),
)
#: The built-in role (migration 0023_roles) of the demo branch administrator: 党组织管理员.
DEMO_ADMIN_ROLE = "org_admin"
