"""Code tables of the welfare-lottery public-welfare fund (福彩公益金): where receipts come from, the program areas
projects are funded in, and a project's progress."""

from __future__ import annotations

SOURCES = {"province": "省级下达", "city": "市级下达", "county": "本级留成", "other": "其他"}

AREAS = {
    "elderly_care": "养老服务",
    "child_welfare": "儿童福利",
    "disability": "残疾人福利",
    "social_assistance": "社会救助",
    "community": "社区服务",
    "other": "其他社会福利",
}
ELDERLY = "elderly_care"

PROGRESS = {"planned": "已立项", "in_progress": "实施中", "completed": "已完工待验收", "accepted": "已验收"}
