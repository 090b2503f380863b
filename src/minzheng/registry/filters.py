"""Filter sets of the registry's lists, shared by the pages and the API (a bad value is the same Chinese 422 on
both): persons, households, duplicate candidates."""

from __future__ import annotations

import django_filters
from django import forms

from minzheng.core.pages.filters import (
    ChoiceFilter,
    IdNumberFilter,
    NameContainsFilter,
    PageFilterSet,
    PhoneFilter,
    RegionFilter,
    TextFilter,
)
from minzheng.registry import codes


class PersonFilters(PageFilterSet):
    name = NameContainsFilter("name", label="姓名")
    id_number = IdNumberFilter("id_number_index")
    phone = PhoneFilter("phone_index")
    region_code = RegionFilter("region_id", label="经常居住地")
    sex = ChoiceFilter("sex", label="性别", choices=codes.SEX)
    disability = ChoiceFilter(label="残疾", choices=codes.HAS_DISABILITY, method="filter_disability")
    alive = ChoiceFilter(label="生存状态", choices=codes.ALIVE, method="filter_alive")

    def filter_disability(self, qs, name, value):
        if value == "yes":
            return qs.exclude(disability_category="")
        return qs.filter(disability_category="") if value == "no" else qs

    def filter_alive(self, qs, name, value):
        if value == "yes":
            return qs.filter(death_date__isnull=True)
        return qs.filter(death_date__isnull=False) if value == "no" else qs


class HouseholdFilters(PageFilterSet):
    region_code = RegionFilter("region_id", label="所在区划")
    head_name = NameContainsFilter("head__name", label="户主姓名")
    urban_rural = ChoiceFilter("urban_rural", label="城乡属性", choices=codes.URBAN_RURAL)
    ref = TextFilter("ref", label="户编号")


class ScoreFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, field_name=None, *, label: str, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": "应为 0–100 的整数", "min_value": "应为 0–100 的整数",
                                             "max_value": "应为 0–100 的整数"})
        kwargs.setdefault("widget", forms.NumberInput(attrs={"class": "form-control form-control-sm", "min": 0,
                                                             "max": 100, "inputmode": "numeric"}))
        super().__init__(field_name, label=label, lookup_expr="gte", min_value=0, max_value=100, **kwargs)


class DuplicateFilters(PageFilterSet):
    """Without a `status` parameter the list shows the pairs waiting for a decision (待处理); 全部 shows all."""

    status = ChoiceFilter("status", label="状态", choices=codes.DUPLICATE_STATUS)
    min_score = ScoreFilter("score", label="最低相似度")
    region_code = RegionFilter("region_code")

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = "open"
        super().__init__(data, *args, **kwargs)
