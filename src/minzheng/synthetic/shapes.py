"""Household shapes: who lives together (the [C7]-tuned mix of one-person, couple, nuclear, three-generation and
skip-generation households), the plan of shapes for a whole run, and the members — relation, age, sex, surname,
marital status — of one household of a given shape."""

from __future__ import annotations

import bisect
import functools
import random

from minzheng.synthetic.distributions import cum, surname

# Household shapes. Roles: h head, s spouse, c child, p parent of the head or spouse, g grandchild, l child-in-law.
# Weights tuned so the result matches [C7]: mean size ≈ 2.6, the age pyramid and the share of one-person households.
SHAPES = (
    ("single_adult", 17.5, 1),  # young or middle-aged, living alone (many migrants)
    ("single_elder", 8.0, 1),  # 独居老人
    ("couple_young", 6.0, 2),
    ("couple_middle", 8.0, 2),  # 空巢
    ("couple_elder", 8.5, 2),  # 空巢老人
    ("single_parent_1", 2.5, 2),
    ("elder_with_child", 2.0, 2),  # an elderly parent and an unmarried or divorced adult child
    ("skip_gen_1", 1.0, 2),  # 隔代：祖父或祖母 + 孙子女（留守儿童）
    ("nuclear_1", 16.0, 3),
    ("single_parent_2", 1.0, 3),
    ("couple_parent", 3.0, 3),  # a middle-aged couple and one elderly parent
    ("skip_gen_2", 1.5, 3),  # grandparents + one grandchild
    ("nuclear_2", 10.0, 4),
    ("three_gen_1", 5.0, 4),  # couple + child + one elderly parent
    ("stem_widow", 1.5, 4),  # widowed elderly head + son + daughter-in-law + grandchild
    ("nuclear_3", 1.5, 5),
    ("three_gen_2", 2.5, 5),
    ("three_gen_3", 2.0, 5),  # couple + child + both parents
    ("stem_elder_1", 2.0, 5),  # elderly couple (head) + son + daughter-in-law + grandchild
    ("three_gen_4", 1.2, 6),
    ("stem_elder_2", 1.2, 6),
)
SHAPE_SIZE = [size for _, _, size in SHAPES]
_SHAPE_CUM = cum([w for _, w, _ in SHAPES])
_FILL_SHAPE = {size: next(i for i, s in enumerate(SHAPES) if s[2] == size) for size in range(1, 7)}


def plan_households(people: int, seed: int) -> bytes:
    """Shape index of every household, drawn until exactly `people` persons (the last household is resized)."""
    rng = random.Random(f"minzheng-seed:{seed}:plan")
    shapes = bytearray()
    total = 0
    while total < people:
        shape = bisect.bisect_right(_SHAPE_CUM, rng.random())
        size = SHAPE_SIZE[shape]
        if total + size > people:
            shape = _FILL_SHAPE[people - total]
            size = people - total
        shapes.append(shape)
        total += size
    return bytes(shapes)


# ---- the members of one household (relation codes GB/T 4761 as seen from the head) --------------------------------


def _span(rng: random.Random, spans) -> int:
    """spans: ((lo, hi, weight), ...) → an integer age, uniform within the chosen span."""
    r = rng.random() * spans[-1][2]
    for lo, hi, upto in spans:
        if r < upto:
            return lo + int(rng.random() * (hi - lo + 1))
    lo, hi, _ = spans[-1]
    return hi


def _couple(rng: random.Random, husband_age: int):
    wife = husband_age - round(rng.gauss(2.0, 2.0))
    return husband_age, max(20, min(wife, husband_age + 8))


def _children(rng: random.Random, n: int, eldest_spans) -> list[int]:
    eldest = max(_span(rng, eldest_spans), n - 1)
    ages = [eldest]
    for i in range(1, n):
        room = ages[-1] - (n - 1 - i)  # leave room for the younger ones
        gap = 1 + int(rng.random() * min(7, max(room, 1)))
        ages.append(max(ages[-1] - gap, n - 1 - i))
    return ages


def compose(rng: random.Random, shape: int) -> list[list]:
    """Members as [relation, age, sex, surname, marital]; the head first."""
    name = SHAPES[shape][0]
    rural_head_male = 0.8
    S = functools.partial(surname, rng)
    if name == "single_adult":
        age = _span(rng, ((18, 24, 25), (25, 34, 60), (35, 44, 75), (45, 59, 100)))
        sex = "M" if rng.random() < 0.58 else "F"
        marital = "10" if rng.random() < (0.9 if age < 30 else 0.55) else ("40" if rng.random() < 0.8 else "30")
        return [["02", age, sex, S(), marital]]
    if name == "single_elder":
        age = _span(rng, ((60, 69, 38), (70, 79, 78), (80, 89, 97.5), (90, 99, 100)))
        sex = "F" if rng.random() < 0.64 else "M"
        r = rng.random()
        marital = "30" if r < 0.72 else "40" if r < 0.82 else "10" if r < 0.87 else "20"
        return [["02", age, sex, S(), marital]]
    if name in ("couple_young", "couple_middle", "couple_elder"):
        spans = {"couple_young": ((22, 29, 45), (30, 39, 100)),
                 "couple_middle": ((40, 49, 35), (50, 59, 85), (60, 64, 100)),
                 "couple_elder": ((60, 69, 45), (70, 79, 88), (80, 92, 100))}[name]
        h, w = _couple(rng, _span(rng, spans))
        return _pair(rng, h, w, S(), S(), rural_head_male)
    if name.startswith(("nuclear_", "three_gen_", "single_parent_")):
        n = {"nuclear_1": 1, "nuclear_2": 2, "nuclear_3": 3, "three_gen_1": 1, "three_gen_2": 2, "three_gen_3": 1,
             "three_gen_4": 2, "single_parent_1": 1, "single_parent_2": 2}[name]
        three = name.startswith("three_gen_")
        spans = ((0, 5, 33), (6, 11, 61), (12, 17, 86), (18, 24, 100)) if three else \
            ((0, 5, 22), (6, 11, 47), (12, 17, 72), (18, 26, 100))
        kids = _children(rng, n, spans)
        mother = kids[0] + 21 + int(rng.random() * 14)
        father = mother + round(rng.gauss(2.0, 2.0))
        father = max(20, father)
        sh, sw = S(), S()
        if name.startswith("single_parent_"):
            if rng.random() < 0.75:
                marital = "40" if rng.random() < 0.7 else "30"
                members = [["02", mother, "F", sw, marital]]
                kid_surname = sh if rng.random() < 0.75 else sw
            else:
                members = [["02", father, "M", sh, "40" if rng.random() < 0.7 else "30"]]
                kid_surname = sh
        else:
            members = _pair(rng, father, mother, sh, sw, rural_head_male)
            kid_surname = sh if rng.random() < 0.95 else sw
        for age in kids:
            sex = "M" if rng.random() < 0.53 else "F"
            members.append(["20" if sex == "M" else "30", age, sex, kid_surname, "10" if age >= 15 else ""])
        if three:
            both = name in ("three_gen_3", "three_gen_4")
            _add_parents(rng, members, sh, sw, father, mother, both)
        return members
    if name == "couple_parent":
        h, w = _couple(rng, _span(rng, ((38, 49, 45), (50, 62, 100))))
        members = _pair(rng, h, w, S(), S(), rural_head_male)
        sh = members[0][3] if members[0][2] == "M" else members[1][3]
        sw = members[1][3] if members[0][2] == "M" else members[0][3]
        _add_parents(rng, members, sh, sw, h, w, False)
        return members
    if name in ("stem_elder_1", "stem_elder_2", "stem_widow"):
        grandchildren = 2 if name == "stem_elder_2" else 1
        kids = _children(rng, grandchildren, ((0, 5, 40), (6, 11, 75), (12, 17, 100)))
        mid = kids[0] + 23 + int(rng.random() * 11)
        elder = min(mid + 22 + int(rng.random() * 11), 98)
        sh = S()
        members = []
        if name == "stem_widow":
            sex = "F" if rng.random() < 0.7 else "M"
            members.append(["02", elder, sex, sh if sex == "M" else S(), "30"])
        else:
            h, w = _couple(rng, elder)
            members = _pair(rng, h, w, sh, S(), 0.85)
        son = rng.random() < 0.85
        in_law_surname = S()
        if son:
            members.append(["20", mid, "M", sh, "20"])
            members.append(["38", max(20, mid - round(rng.gauss(2.0, 2.0))), "F", in_law_surname, "20"])
            grand_surname, rel_m, rel_f = sh, "41", "42"
        else:
            members.append(["30", mid, "F", sh, "20"])
            members.append(["28", mid + round(rng.gauss(2.0, 2.0)), "M", in_law_surname, "20"])
            grand_surname, rel_m, rel_f = (in_law_surname if rng.random() < 0.7 else sh), "43", "44"
        for age in kids:
            sex = "M" if rng.random() < 0.53 else "F"
            members.append([rel_m if sex == "M" else rel_f, age, sex, grand_surname, "10" if age >= 15 else ""])
        return members
    if name in ("skip_gen_1", "skip_gen_2"):
        g = _span(rng, ((0, 5, 30), (6, 11, 75), (12, 16, 100)))
        elder = min(g + 47 + int(rng.random() * 16), 90)
        sh = S()
        if name == "skip_gen_2":
            h, w = _couple(rng, elder)
            members = _pair(rng, h, w, sh, S(), 0.85)
        else:
            sex = "F" if rng.random() < 0.6 else "M"
            members = [["02", elder, sex, sh if sex == "M" else S(), "20" if rng.random() < 0.7 else "30"]]
        paternal = rng.random() < 0.7
        sex = "M" if rng.random() < 0.53 else "F"
        rel = ("41" if sex == "M" else "42") if paternal else ("43" if sex == "M" else "44")
        members.append([rel, g, sex, sh if paternal else S(), "10" if g >= 15 else ""])
        return members
    if name == "elder_with_child":
        elder = _span(rng, ((62, 69, 35), (70, 79, 75), (80, 92, 100)))
        sex = "F" if rng.random() < 0.6 else "M"
        sh = S()
        child_age = max(elder - 24 - int(rng.random() * 13), 20)
        child_sex = "M" if rng.random() < 0.6 else "F"
        return [["02", elder, sex, sh if sex == "M" else S(), "30" if rng.random() < 0.75 else "20"],
                ["20" if child_sex == "M" else "30", child_age, child_sex, sh,
                 "10" if rng.random() < 0.65 else "40"]]
    raise AssertionError(name)


def _pair(rng: random.Random, husband_age, wife_age, sh, sw, head_male_share):
    husband = ["02", husband_age, "M", sh, "20"]
    wife = ["10", wife_age, "F", sw, "20"]
    if rng.random() < head_male_share:
        return [husband, wife]
    husband[0], wife[0] = "10", "02"
    return [wife, husband]


def _add_parents(rng: random.Random, members, sh, sw, father_age, mother_age, both):
    """Elderly parents of the husband (70 %) or of the wife; codes as seen from the head (GB/T 4761)."""
    husband_side = rng.random() < 0.7
    head_is_husband = members[0][2] == "M"
    own = husband_side == head_is_husband  # the head's own parents?
    if own:
        codes_ = ("51", "52")
    elif head_is_husband:
        codes_ = ("55", "56")  # 岳父 岳母
    else:
        codes_ = ("53", "54")  # 公公 婆婆
    child_age = father_age if husband_side else mother_age
    side_surname = sh if husband_side else sw
    old_man = min(child_age + 23 + int(rng.random() * 11), 99)
    old_woman = min(max(old_man - round(rng.gauss(2.0, 2.0)), child_age + 20), 99)
    if both:
        members.append([codes_[0], old_man, "M", side_surname, "20"])
        members.append([codes_[1], old_woman, "F", surname(rng), "20"])
    elif rng.random() < 0.35:
        members.append([codes_[0], old_man, "M", side_surname, "30"])
    else:
        members.append([codes_[1], old_woman + 2, "F", surname(rng), "30"])
