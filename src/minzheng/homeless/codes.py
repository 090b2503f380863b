"""Code tables of the rescue station (救助管理站): value → Chinese label. Pages take labels from here."""

from __future__ import annotations

from minzheng.registry.codes import SEX

__all__ = ["SEX"]

STATUS = {"in_station": "在站救助", "returned": "已护送返乡", "left": "自行离站", "settled": "落户安置",
          "transferred": "转送其他机构"}
CLOSED = ("returned", "left", "settled", "transferred")
FOUND_BY = {"police": "公安机关护送", "urban": "城管执法护送", "patrol": "街面巡查发现", "public": "群众报告",
            "self": "本人求助", "other": "其他"}
EXPENSE_KINDS = {"meals": "伙食", "medical": "医疗救治", "clothing": "衣物", "lodging": "住宿", "escort": "护送返乡",
                 "other": "其他"}
MATCH_OUTCOMES = {"confirmed": "确认身份", "rejected": "排除"}
MATCH_KINDS = {"person": "民政对象统一库", "missing": "寻人登记"}
MISSING_STATUS = {"open": "寻找中", "found": "已找到", "closed": "已撤销"}
# Stays by length (在站天数) on the dashboard; the last band is open-ended.
STAY_BANDS = (("≤10天", 0, 10), ("11–30天", 11, 30), ("31–90天", 31, 90), ("91–180天", 91, 180),
              ("180天以上", 181, None))
YES_NO = {True: "是", False: "否"}
