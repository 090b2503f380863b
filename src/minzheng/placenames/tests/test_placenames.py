"""The place-name database: pinyin generation and search (Chinese, full pinyin, initials), polyphonic corrections
kept on regeneration and on renaming, categories as data, non-standard names, hostile input."""

import pytest

from minzheng.core.errors import Forbidden, ValidationFailed
from minzheng.placenames import policy, selectors
from minzheng.placenames.models import Category, PlaceName
from minzheng.placenames.services import places
from minzheng.placenames.tests.factories import place

pytestmark = pytest.mark.django_db


def names(response):
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["items"]]


def test_pinyin_and_initials_search_finds_dinghai(county, api_client):
    place(county, "定海区", region="330902000000")
    place(county, "城东街道", region="330902001000")
    client = api_client(county)
    assert names(client.get("/api/v1/placenames?q=dhq")) == ["定海区"]
    assert names(client.get("/api/v1/placenames?q=dinghai")) == ["定海区"]
    assert names(client.get("/api/v1/placenames?q=DingHai")) == ["定海区"]
    assert names(client.get("/api/v1/placenames?q=定海")) == ["定海区"]
    assert names(client.get("/api/v1/placenames?q=cd")) == ["城东街道"]
    assert names(client.get("/api/v1/placenames?q=xyz")) == []
    row = client.get("/api/v1/placenames?q=dhq").json()["items"][0]
    assert row["pinyin"] == "dìng hǎi qū" and row["initials"] == "dhq" and row["roman"] == "Dinghai Qu"
    assert row["region_name"] == "定海区" and row["category_name"] == "人文地理实体"


def test_alias_search_and_scope(county, api_client, make_user):
    p = place(county, "甲社区", region="330902001001")
    places.add_alias(county, p.pk, {"name": "老街", "form": "historical", "valid_to": "1990-01-01"})
    assert names(api_client(county).get("/api/v1/placenames?q=老街")) == ["甲社区"]
    other = make_user("county", "330903000000")  # 普陀区 does not see 定海区's place names
    assert names(api_client(other).get("/api/v1/placenames?q=jsq")) == []
    assert api_client(make_user("auditor", "330902000000")).get("/api/v1/placenames").status_code == 403


def test_polyphonic_correction_is_kept_on_regeneration_and_renaming(county):
    p = place(county, "朝阳街道", region="330902001000")
    assert p.pinyin.startswith("zhāo")  # pypinyin's reading; 朝阳 here is cháo yáng
    places.correct_pinyin(county, p.pk, {"index": 0, "syllable": "cháo"})
    p = places.regenerate(county, p.pk)
    assert p.pinyin == "cháo yáng jiē dào" and p.initials == "cyjd" and p.pinyin_key == "chaoyangjiedao"
    # A rename keeps the corrections on characters that are still there, drops those that are not.
    from django.db import transaction

    with transaction.atomic():
        places.rename_locked(PlaceName.objects.get(pk=p.pk), "朝阳社区", p.created_at.date())
    p.refresh_from_db()
    assert p.pinyin == "cháo yáng shè qū"
    with transaction.atomic():
        places.rename_locked(p, "东阳社区", p.created_at.date())
    p.refresh_from_db()
    assert p.pinyin_corrections == [] and p.pinyin.startswith("dōng")
    assert [a.name for a in p.aliases.all()] == ["朝阳街道", "朝阳社区"]  # historical names kept


def test_correction_must_point_at_a_chinese_character(county):
    p = place(county, "A区", region="330902001000")
    with pytest.raises(ValidationFailed) as exc:
        places.correct_pinyin(county, p.pk, {"index": 0, "syllable": "a"})
    assert "不是汉字" in exc.value.errors[0].message


def test_categories_are_data_and_extendable(county, make_user):
    assert Category.objects.get(code="2621").name == "亭"
    with pytest.raises(ValidationFailed):
        place(county, "望海亭", category="2999")
    places.add_category(county, {"code": "2999", "name": "示例小类", "source": "地方补充"})
    assert place(county, "望海亭", category="2999").category.level == "4"
    with pytest.raises(Forbidden):
        places.add_category(make_user("village", "330902001001"), {"code": "2998", "name": "x"})


def test_nonstandard_name_gets_a_cleanup_task(county, api_client):
    p = place(county, "维多利亚花园", region="330902001001", status="nonstandard")
    assert p.cleanup_task == "待清理整治"
    rows = api_client(county).get("/api/v1/placenames?status=nonstandard").json()["items"]
    assert [r["cleanup_task"] for r in rows] == ["待清理整治"]
    assert api_client(county).get("/api/v1/placenames?status=bogus").status_code == 422


def test_hostile_input_is_refused(county):
    with pytest.raises(ValidationFailed):
        place(county, "", region="330902000000")
    with pytest.raises(ValidationFailed):
        place(county, "某地", region="330902000000", geometry={"type": "Point", "coordinates": [999, 0]})
    with pytest.raises(ValidationFailed):
        place(county, "某地", region="330903000000")  # outside the county's subtree
    assert policy.search_kind("dhq") == "pinyin" and policy.search_kind("定海") == "han"
    assert selectors.search(PlaceName.objects.all(), "'; drop table").count() == 0


def test_pages(county, client):
    p = place(county, "定海区", region="330902000000")
    client.force_login(county)
    assert "定海区" in client.get("/placenames/?q=dhq").content.decode()
    assert client.get("/placenames/?export=csv").status_code == 200
    assert "dìng hǎi qū" in client.get(f"/placenames/{p.pk}/").content.decode()
    r = client.post(f"/placenames/{p.pk}/pinyin/", {"index": "0", "syllable": "dìng"})
    assert r.status_code == 302
