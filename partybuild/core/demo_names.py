"""Realistic, deterministic Chinese names for demo people (candidates, generated dossiers).

A demo that shows 「吴转正1」 or 「周预备1」 looks like a test fixture, not a county's roster. Names
here are a common surname and a whole given name (not characters drawn one by one, which makes
odd combinations), chosen by position so every run makes the same people. The given names are
ordinary ones of people born between the 1960s and the 2000s, split by sex so a record's name
agrees with its 性别.
"""

#: Common surnames, the most frequent first (a 湖南 county has many 向, 覃, 田 and 卓 too).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏付方邹熊秦邱江尹向覃卓龚贺易鲁符"
)
MALE_GIVEN_NAMES = (
    "建国", "志强", "海涛", "俊杰", "文斌", "明辉", "浩然", "子轩", "宇航", "振华",
    "立新", "国庆", "永红", "德明", "家豪", "伟", "磊", "军", "勇", "涛",
    "思远", "晓东", "春生", "泽宇", "博文", "鹏飞", "正阳", "光辉", "长青", "红兵",
    "卫东", "新民", "志刚", "雨辰", "天佑", "锦程", "昊天", "明杰", "一鸣", "承志",
)  # fmt: skip
FEMALE_GIVEN_NAMES = (
    "秀英", "桂兰", "玉梅", "丽娟", "海燕", "晓红", "春梅", "静怡", "雨欣", "梦瑶",
    "思琪", "佳慧", "欣怡", "婷婷", "淑芬", "红霞", "小芳", "丹", "娜", "敏",
    "艳", "慧敏", "雪梅", "金凤", "翠云", "文静", "若曦", "诗涵", "紫涵", "可馨",
    "美玲", "凤英", "永芳", "晓燕", "亚楠", "秋菊", "月娥", "丽华", "冬梅", "素珍",
)  # fmt: skip


def demo_person_name(*, number: int, male: bool) -> str:
    """The ``number``-th demo name of the given sex: the same name for the same number, and no
    two numbers below ``len(SURNAMES) * 40`` alike (the strides are coprime with the lengths of
    the lists, and those lengths with each other, so the pair of positions repeats only then)."""
    given_names = MALE_GIVEN_NAMES if male else FEMALE_GIVEN_NAMES
    surname = SURNAMES[(number * 5 + 3) % len(SURNAMES)]
    given = given_names[number * 13 % len(given_names)]
    return surname + given
