"""Weighted tables for synthetic people and the draws from them: surnames and given names by generation, names of
a few minority peoples, the ethnic mix by province, disability and serious illness by age and kind.

Sources of the shape (approximate figures, good enough for synthetic data):
- [C7] 第七次全国人口普查公报（第五号、第七号，2021）: ages 0–14 17.95 %, 15–59 63.35 %, 60+ 18.70 %, 65+ 13.50 %;
  80+ ≈ 2.54 % (《中国人口普查年鉴—2020》); average household size 2.62; households by size 1: 25.4 %, 2: 29.7 %,
  3: 21.0 %, 4: 13.2 %, 5: 6.2 %, 6+: 4.5 %; urbanisation 63.9 %; sex ratio 105.07; 人户分离 ≈ 35 %; provincial
  ethnic composition (省级公报) for the minority mix below.
- [D2] 第二次全国残疾人抽样调查主要数据公报（2006）: prevalence 6.34 %; by category 肢体 29.07 %, 听力 24.16 %,
  多重 16.30 %, 视力 14.86 %, 精神 7.40 %, 智力 6.68 %, 言语 1.53 %; about half of disabled persons are 60+;
  重度（一、二级）≈ 30 %.
- [N] 公安部户政管理研究中心《二〇二〇年全国姓名报告》: surname shares (王 7.1 %, 李 7.0 %, 张 6.7 % …) and the
  given-name fashions of each generation.
- [E] 教育部《2020年全国教育事业发展统计公报》: preschool gross enrolment 85 %, senior secondary 91 % (≈ 40 % of
  it vocational), higher education gross enrolment 54 % (schooling, persons.py).
- [I] 国家统计局 2022 年居民收支与城镇单位平均工资: urban wages, rural per-capita business income; 城乡居民
  基础养老金 minimum (国发〔2014〕8号 and later increases), 农村部分计划生育家庭奖励扶助 960 元/年 (incomes,
  persons.py).
The household shapes, also tuned to [C7], are in shapes.py.
"""

from __future__ import annotations

import bisect
import random


def cum(weights) -> list[float]:
    """Cumulative shares (the last exactly 1.0), for bisect."""
    total = float(sum(weights))
    out, run = [], 0.0
    for w in weights:
        run += w
        out.append(run / total)
    out[-1] = 1.0
    return out


# [N] surnames: the top 20 with their shares, the next 80 declining (together ≈ 86 % of the population).
_TOP_SURNAMES = [("王", 7.12), ("李", 7.00), ("张", 6.74), ("刘", 5.38), ("陈", 4.53), ("杨", 3.08), ("黄", 2.23),
                 ("赵", 2.20), ("吴", 2.05), ("周", 1.91), ("徐", 1.53), ("孙", 1.47), ("马", 1.44), ("胡", 1.31),
                 ("朱", 1.26), ("郭", 1.25), ("何", 1.20), ("罗", 0.98), ("高", 0.95), ("林", 0.93)]
_MORE_SURNAMES = ("郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白"
                  "邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜")
SURNAMES = [s for s, _ in _TOP_SURNAMES] + list(_MORE_SURNAMES)
SURNAME_CUM = cum([w for _, w in _TOP_SURNAMES] + [0.85 - 0.65 * i / len(_MORE_SURNAMES)
                                                    for i in range(len(_MORE_SURNAMES))])

# [N] given-name characters by birth cohort and sex.
GIVEN = {
    (0, "M"): "国建明华军德文福林春海成忠宝生荣山永友志金贵根才树青祥庆胜富全兴保洪顺满仁義礼智信",
    (0, "F"): "秀英兰桂珍芳凤玉华梅淑琴翠云莲霞荣素香花菊月娥美丽爱春金凤银彩巧",
    (1, "M"): "伟勇军磊涛斌强鹏杰超波辉刚健峰亮明俊飞东华平建国卫红新宏永志海林忠卫兵立",
    (1, "F"): "丽娟艳静敏燕红霞芳玲萍英华梅琴琳丹慧颖洁雪莉虹凤红玉晓春燕利",
    (2, "M"): "伟磊超勇杰涛鹏斌浩宇飞鑫强俊晨阳帅凯龙博亮波辉健峰明坤旭东林翔宁",
    (2, "F"): "婷丽娜静敏燕丹倩雪琳晶慧颖洁莉欣佳蕾露娇瑶璐悦月媛琪倩雯楠蓉",
    (3, "M"): "浩宇轩子睿泽然博俊皓一梓晨铭航辰逸阳文嘉豪杰宸奕霖瑞天昊煜诚宇轩沐",
    (3, "F"): "子涵欣怡梓萱雨诺可馨思佳语琪悦彤妍晨一若汐依诗雅心瑶琳桐沫钰",
}
GIVEN = {key: "".join(dict.fromkeys(chars)) for key, chars in GIVEN.items()}


def cohort(birth_year: int) -> int:
    return 0 if birth_year < 1960 else 1 if birth_year < 1980 else 2 if birth_year < 2000 else 3


# Names of a few minority peoples in their usual Chinese transliteration (no surname; Turkic: own·father's name).
MINORITY_NAMES = {
    "04": (("扎西", "次仁", "多吉", "顿珠", "格桑", "平措", "旺堆", "尼玛", "达瓦", "索朗"),
           ("卓玛", "央金", "拉姆", "德吉", "曲珍", "白玛", "次仁", "格桑", "达瓦", "尼玛")),
    "05": (("买买提", "艾力", "阿不都", "吐尔逊", "艾买提", "努尔", "亚森", "热合曼", "阿里木", "伊力哈木"),
           ("阿依古丽", "古丽", "热依拉", "迪丽努尔", "努尔古丽", "帕提古丽", "米娜", "祖丽胡玛", "阿依努尔")),
    "17": (("叶尔兰", "努尔兰", "别克", "阿斯哈尔", "达吾列提", "哈力木", "叶尔江", "波拉提"),
           ("阿依达娜", "古丽娜尔", "玛依拉", "阿依登", "加娜尔", "阿克麻拉")),
    "02": (("巴特尔", "额尔敦", "苏和", "朝鲁", "巴雅尔", "宝音", "那顺"),
           ("其其格", "乌云", "斯琴", "萨仁", "娜仁", "高娃")),
}
MINORITY_NAMES["29"] = MINORITY_NAMES["17"]

# [C7] ethnic composition by province (approximate shares, %); everything not listed is 汉族 (01).
ETHNIC_MIX = {
    "11": {"11": 1.6, "03": 1.2, "02": 0.4}, "13": {"11": 2.8, "03": 0.8, "02": 0.3},
    "15": {"02": 17.7, "11": 1.9, "03": 0.9}, "21": {"11": 12.3, "02": 1.6, "03": 0.6, "10": 0.5},
    "22": {"10": 4.0, "11": 3.5, "02": 0.6}, "23": {"11": 2.9, "10": 0.8, "02": 0.3},
    "33": {"22": 0.4, "15": 0.6, "06": 0.6, "09": 0.4, "12": 0.3}, "35": {"22": 1.0, "15": 0.3, "06": 0.3},
    "37": {"03": 0.6}, "41": {"03": 1.0}, "42": {"15": 3.7, "06": 0.4},
    "43": {"15": 4.9, "06": 3.1, "12": 1.3, "13": 1.1, "14": 0.2}, "44": {"08": 0.8, "13": 0.3, "15": 0.5},
    "45": {"08": 31.4, "13": 3.4, "06": 1.1, "12": 0.6, "32": 0.4, "36": 0.2}, "46": {"19": 15.8, "06": 0.8},
    "50": {"15": 5.1, "06": 1.5}, "51": {"07": 3.3, "04": 1.6, "33": 0.4},
    "52": {"06": 11.5, "09": 7.9, "15": 4.0, "12": 4.0, "07": 2.6, "37": 1.4, "25": 1.0, "03": 0.5, "14": 0.5},
    "53": {"07": 10.7, "16": 3.7, "14": 3.4, "18": 2.6, "08": 2.6, "06": 2.6, "03": 1.6, "20": 1.5, "24": 1.1,
           "21": 0.9, "27": 0.7},
    "54": {"04": 86.0, "03": 0.3, "54": 0.3}, "62": {"03": 5.0, "04": 2.3, "26": 2.5},
    "63": {"04": 25.7, "03": 14.8, "30": 3.6, "35": 1.9, "02": 1.7}, "64": {"03": 35.6},
    "65": {"05": 44.9, "17": 6.5, "03": 4.0, "29": 0.8, "02": 0.7},
}
DEFAULT_ETHNIC = {"03": 0.4, "11": 0.2, "15": 0.15, "06": 0.15, "08": 0.1}

# [D2] disability category mix (adults as surveyed; children: more intellectual and speech disabilities).
_DISABILITY_ADULT = (("4", 29.07), ("2", 24.16), ("7", 16.30), ("1", 14.86), ("6", 7.40), ("5", 6.68), ("3", 1.53))
_DISABILITY_CHILD = (("5", 30.0), ("4", 25.0), ("7", 15.0), ("3", 10.0), ("2", 10.0), ("1", 5.0), ("6", 5.0))
_DISABILITY_GRADE = ((1, 12.0), (2, 18.0), (3, 28.0), (4, 42.0))
ILLNESS_ADULT = (("恶性肿瘤", 50), ("尿毒症", 12), ("重症慢性肾衰竭透析", 5), ("白血病", 6), ("再生障碍性贫血", 3),
                 ("器官移植术后抗排异治疗", 3), ("耐多药肺结核", 3), ("重性精神病", 6), ("脑卒中后遗症", 8),
                 ("系统性红斑狼疮", 2), ("血友病", 2))
ILLNESS_CHILD = (("先天性心脏病", 40), ("白血病", 35), ("恶性肿瘤", 15), ("血友病", 5), ("儿童苯丙酮尿症", 5))


def by_age(bands) -> list[float]:
    """Per-age table (0–110) from ((upper age exclusive, value), …)."""
    return [next(v for upper, v in bands if age < upper) for age in range(111)]


# [D2] disability prevalence rises steeply with age (≈ 6 % overall, about half of it 60+); serious illness ≈ 1.3 %.
DISABILITY_RATE = by_age(((15, 0.012), (45, 0.03), (60, 0.06), (70, 0.12), (80, 0.2), (999, 0.35)))
ILLNESS_RATE = by_age(((15, 0.003), (45, 0.005), (60, 0.015), (75, 0.03), (999, 0.04)))
PHONE_SHARE = by_age(((14, 0.0), (16, 0.35), (70, 0.93), (80, 0.65), (999, 0.3)))
DISABILITY_CODES = ([c for c, _ in _DISABILITY_ADULT], [c for c, _ in _DISABILITY_CHILD])  # [is_child]
DISABILITY_ADULT_CUM = cum([w for _, w in _DISABILITY_ADULT])
DISABILITY_CHILD_CUM = cum([w for _, w in _DISABILITY_CHILD])
DISABILITY_GRADE_CUM = cum([w for _, w in _DISABILITY_GRADE])


# ---- draws (each consumes the generator's random numbers in a fixed order: the output depends on it) -------------

def weighted(rng: random.Random, table):
    """A value of ((value, weight), …) drawn with one random number."""
    total = 0.0
    for _, w in table:
        total += w
    r = rng.random() * total
    for value, w in table:
        r -= w
        if r < 0:
            return value
    return table[-1][0]


def ethnic_table(county6: str) -> tuple[list[str], list[float]]:
    """Ethnicity codes of the county's province and their cumulative shares, 汉族 (01) first."""
    mix = ETHNIC_MIX.get(county6[:2], DEFAULT_ETHNIC)
    codes_ = ["01", *mix]
    weights = [max(100.0 - sum(mix.values()), 1.0), *mix.values()]
    return codes_, cum(weights)


def surname(rng: random.Random) -> str:
    return SURNAMES[bisect.bisect_right(SURNAME_CUM, rng.random())]


def given_name(rng: random.Random, sex: str, birth_year: int) -> str:
    """One or two characters of the birth cohort's fashion; now and then a doubled one (婷婷)."""
    pool = GIVEN[(cohort(birth_year), sex)]
    two = rng.random() < (0.72 if birth_year < 1960 else 0.82 if birth_year < 1990 else 0.9)
    a = pool[int(rng.random() * len(pool))]
    if not two:
        return a
    if rng.random() < 0.03:
        return a + a  # 叠字 婷婷
    b = pool[int(rng.random() * len(pool))]
    return a + b if b != a else a + pool[(pool.index(a) + 1) % len(pool)]


def minority_name(rng: random.Random, ethnicity: str, sex: str, father: str | None = None) -> str | None:
    """A name in the people's own style, or None for a Han-style name (most Mongolian names, and other peoples)."""
    table = MINORITY_NAMES.get(ethnicity)
    if table is None or (ethnicity == "02" and rng.random() < 0.6):
        return None
    if ethnicity == "04":  # two of the usual components: 扎西次仁, 次仁卓玛
        first = table[0 if sex == "M" else 1 if rng.random() < 0.5 else 0]
        second = table[0 if sex == "M" else 1]
        return first[int(rng.random() * len(first))] + second[int(rng.random() * len(second))]
    own = table[0 if sex == "M" else 1]
    name = own[int(rng.random() * len(own))]
    if ethnicity == "02":
        return name
    return name + "·" + (father or table[0][int(rng.random() * len(table[0]))])  # own name · father's name
