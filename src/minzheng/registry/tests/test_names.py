"""The pinyin key (registry.names): cached per segment, yet exactly what pypinyin gives for the whole name — keys
already stored in name_pinyin must keep matching."""

import random

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT

from minzheng.registry.names import pinyin_key


def whole_name(name: str) -> str:
    return "".join(lazy_pinyin(name.strip(), style=Style.NORMAL, errors="default")).lower().replace(" ", "")


def test_examples():
    assert pinyin_key("张伟") == "zhangwei"
    assert pinyin_key(" 重庆人 ") == whole_name("重庆人")  # a dictionary phrase keeps its reading
    assert pinyin_key("Mary 李") == "maryli"
    assert pinyin_key("阿卜杜·热合曼") == whole_name("阿卜杜·热合曼")
    assert pinyin_key("") == ""


def test_same_as_the_whole_name_on_random_names_with_phrases():
    rnd = random.Random(7)
    phrases = [p for p in list(PHRASES_DICT)[:50000] if 2 <= len(p) <= 4]
    chars = "".join(sorted(set("".join(rnd.sample(phrases, 2000)))))
    surnames = "王李张刘陈杨黄赵吴周单仇解朴区曾乐查"
    names = []
    for _ in range(5000):
        kind = rnd.random()
        if kind < 0.4:
            name = rnd.choice(surnames) + "".join(rnd.choice(chars) for _ in range(rnd.randint(1, 2)))
        elif kind < 0.7:
            name = rnd.choice(surnames) + rnd.choice(phrases)[: rnd.randint(1, 3)]
        elif kind < 0.9:
            name = rnd.choice(phrases) + rnd.choice(phrases)
        else:
            name = rnd.choice(surnames) + "·" + rnd.choice(phrases) + " A" + rnd.choice(chars)
        names.append(name)
    assert [pinyin_key(n) for n in names] == [whole_name(n) for n in names]
