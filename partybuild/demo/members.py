"""Demo dossiers: the seed's 8 members completed, and generated members for realistic lists.

The seed (1.2.3) gives name, branch, sex, dates and post only; the other fields of the 8 are
invented plausibly, with valid ID numbers of 慈利县 (area code 430821) whose birth dates and sex
agree with the record. Generated members use a fixed random seed, so every run makes the same
people; they are identified by ID number, so loading is idempotent.
"""

import datetime
import random

from partybuild.core.dates import add_years
from partybuild.core.validators import id_number_check_character

AREA_CODE = "430821"  # 湖南省张家界市慈利县
#: 40 to a branch: with the seed's rows and the admitted candidates, one branch (UI部) passes the
#: 50 members a branch should not exceed (docs/domain.md §1) and shows the warning; the others
#: stay under it, as most branches do.
GENERATED_MEMBER_COUNT = 240
RANDOM_SEED = 20261128

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_CHARACTERS = "建国华明伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀英霞平刚桂兰志红德玉文辉斌鹏宇浩然思源春梅海燕立新永刚翠云金凤"
JOB_POSTS = (
    "502退休人员",
    "0218民办非企业专业技术岗位",
    "0311公有经济控制单位工勤岗位",
    "0111公务员",
    "0211事业单位管理岗位",
    "0212事业单位专业技术岗位",
    "0411农牧渔民",
    "0511企业管理人员",
    "0512企业专业技术人员",
    "0611学生",
)
EMPLOYERS = (
    "慈利县人民政府",
    "慈利县人民医院",
    "慈利县第一中学",
    "慈利县供电公司",
    "零阳镇人民政府",
    "慈利县农业农村局",
)
NATIVE_PLACES = ("湖南慈利", "湖南张家界", "湖南常德", "湖南桃源", "湖南石门", "湖北宜昌")
EDUCATIONS = (
    "postgraduate",
    "bachelor",
    "bachelor",
    "college",
    "college",
    "secondary_vocational",
    "high_school",
    "junior_high_or_below",
)
DEGREES = {"postgraduate": "master", "bachelor": "bachelor"}

# The seed's 8 members (all men): extra dossier fields, keyed by name.
SEED_MEMBER_DETAILS: dict[str, dict] = {
    "黄主才": {
        "birth_date": datetime.date(1948, 3, 12),
        "phone": "13907441001",
        "native_place": "湖南慈利",
        "education": "high_school",
    },
    "赖廷贵": {
        "birth_date": datetime.date(1950, 5, 21),
        "phone": "13907441002",
        "native_place": "湖南慈利",
        "education": "college",
    },
    "王凤吉": {
        "birth_date": datetime.date(1947, 11, 2),
        "phone": "13907441003",
        "native_place": "湖南常德",
        "education": "secondary_vocational",
    },
    "魏宇斌": {
        "birth_date": datetime.date(1951, 8, 30),
        "phone": "13907441004",
        "native_place": "湖南慈利",
        "education": "high_school",
    },
    "魏辛禄": {
        "birth_date": datetime.date(1940, 1, 18),
        "phone": "13907441005",
        "native_place": "湖南慈利",
        "education": "junior_high_or_below",
    },
    "滕永柱": {
        "birth_date": datetime.date(1952, 6, 9),
        "phone": "13907441006",
        "native_place": "湖南桃源",
        "education": "high_school",
    },
    "余家全": {
        "birth_date": datetime.date(1962, 9, 25),
        "phone": "13907441007",
        "native_place": "湖南慈利",
        "education": "bachelor",
        "degree": "bachelor",
    },
    "曹翼纳": {
        "birth_date": datetime.date(1944, 12, 1),
        "phone": "13907441008",
        "native_place": "湖南石门",
        "education": "high_school",
    },
}


def make_id_number(*, birth_date: datetime.date, sequence: int, male: bool) -> str:
    """A valid 18-digit ID number of 慈利县 for the given birth date and sex (docs/domain.md §2)."""
    order = sequence % 100 * 10 + (sequence % 5) * 2 + (1 if male else 0)  # 17th digit's parity
    first17 = f"{AREA_CODE}{birth_date:%Y%m%d}{order % 1000:03d}"
    return first17 + id_number_check_character(first17)


def seed_member_fields(name: str, sequence: int) -> dict:
    """The invented fields of one seed member, ID number included."""
    details = dict(SEED_MEMBER_DETAILS[name])
    details["id_number"] = make_id_number(
        birth_date=details["birth_date"], sequence=sequence, male=True
    )
    details.setdefault("home_address", "湖南省慈利县零阳镇")
    details.setdefault("employer", "慈利县退休干部管理中心")
    return details


def generated_members(branch_codes: list[str]) -> list[dict]:
    """``GENERATED_MEMBER_COUNT`` members spread over ``branch_codes``, the same every time."""
    rng = random.Random(RANDOM_SEED)
    today = datetime.date(2026, 11, 1)
    members = []
    for sequence in range(GENERATED_MEMBER_COUNT):
        male = rng.random() < 0.62
        birth_date = datetime.date(rng.randint(1945, 2002), rng.randint(1, 12), rng.randint(1, 28))
        joined_on = add_years(birth_date, rng.randint(19, 40)) + datetime.timedelta(
            days=rng.randint(0, 300)
        )
        if joined_on > today:
            joined_on = today - datetime.timedelta(days=rng.randint(30, 330))
        probation_end = add_years(joined_on, 1)
        probationary = probation_end > today
        education = rng.choice(EDUCATIONS)
        members.append(
            {
                "name": rng.choice(SURNAMES)
                + "".join(rng.sample(GIVEN_CHARACTERS, rng.choice((1, 2)))),
                "gender": "male" if male else "female",
                "birth_date": birth_date,
                "id_number": make_id_number(
                    birth_date=birth_date, sequence=sequence + 100, male=male
                ),
                "phone": f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                "native_place": rng.choice(NATIVE_PLACES),
                "education": education,
                "degree": DEGREES.get(education, "none"),
                "employer": rng.choice(EMPLOYERS),
                "job_post": "502退休人员" if birth_date.year < 1962 else rng.choice(JOB_POSTS[1:]),
                "home_address": f"湖南省慈利县零阳镇{rng.randint(1, 120)}号",
                "category": "probationary" if probationary else "full",
                "joined_on": joined_on,
                "confirmed_on": None if probationary else probation_end,
                "is_mobile": rng.random() < 0.05,
                "organisation_code": branch_codes[sequence % len(branch_codes)],
            }
        )
    return members
