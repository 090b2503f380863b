"""Visits: plans as data (the most specific region's, a tier's own plan over the category's), the due list per
儿童主任, overdue counts on the home tile and in the inbox, and the visit recorded through the API moving them."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.children.policy import visits as policy
from minzheng.children.selectors import register as register_selectors
from minzheng.children.selectors import visits as selectors
from minzheng.children.services import policy_data
from minzheng.children.tests import factories
from minzheng.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db
D = dt.date


def test_plan_intervals_and_choice():
    assert policy.plus(D(2026, 1, 31), 1, "month") == D(2026, 2, 28)
    assert policy.plus(D(2026, 1, 5), 3, "month") == D(2026, 4, 5)
    assert policy.plus(D(2026, 1, 5), 1, "week") == D(2026, 1, 12)
    home = policy.Plan("hardship", "", "home", 3, "month")
    tier1 = policy.Plan("hardship", "1", "home", 1, "month")
    assert policy.choose([home, tier1], "hardship", "1") == [tier1]
    assert policy.choose([home, tier1], "hardship", "2") == [home]
    assert policy.counts(policy.Plan("x", "", "contact", 1, "week"), "phone")
    assert not policy.counts(home, "phone")


def test_left_behind_child_is_due_quarterly_home_and_weekly_contact(make_user, examples, april):
    clerk = make_user("village", "330902001001")
    child = factories.child(clerk, "left_behind", registered_on=D(2025, 12, 1))
    rows = {r.kind: r for r in selectors.due_list(clerk)}
    assert rows["home"].due_on == D(2026, 3, 1) and rows["home"].overdue
    assert rows["contact"].due_on == D(2025, 12, 8) and rows["contact"].overdue
    factories.visit(clerk, child, D(2026, 4, 8), kind="phone")  # contact, not a home visit
    rows = {r.kind: r for r in selectors.due_list(clerk)}
    assert rows["contact"].due_on == D(2026, 4, 15) and not rows["contact"].overdue
    assert rows["home"].overdue
    factories.visit(clerk, child, D(2026, 4, 9), kind="home")
    rows = {r.kind: r for r in selectors.due_list(clerk)}
    assert rows["home"].due_on == D(2026, 7, 9) and not rows["home"].overdue
    assert selectors.overdue_count(clerk) == 0


def test_a_county_plan_replaces_the_example_and_a_village_one_the_county(make_user, examples, april):
    county, clerk = make_user("county", "330902000000"), make_user("village", "330902001001")
    factories.child(clerk, "orphan", registered_on=D(2026, 3, 1))
    assert [r.due_on for r in selectors.due_list(clerk)] == [D(2026, 6, 1)]
    policy_data.load_rows(county, "plans", [{"category": "orphan", "kind": "home", "every": "1", "unit": "month",
                                             "region_code": "330902001001", "effective_from": "2026-01-01",
                                             "source": "甲社区：孤儿每月走访"}])
    assert [r.due_on for r in selectors.due_list(clerk)] == [D(2026, 4, 1)]
    with pytest.raises(ValidationFailed) as exc:
        policy_data.load_rows(county, "plans", [{"category": "orphan", "kind": "home", "every": "0", "unit": "month",
                                                 "region_code": "330902001001", "effective_from": "2026-01-01",
                                                 "source": "x"}])
    assert exc.value.errors[0].message.startswith("第2行")


def test_due_list_per_director_home_tile_and_inbox(make_user, client, examples, april):
    county = make_user("county", "330902000000")
    zhang = make_user("village", "330902001001", first_name="张主任")
    factories.worker(county, "director", "330902001001", "张主任", user=zhang)
    factories.worker(county, "director", "330902001002", "王主任")
    mine = factories.child(county, "orphan", registered_on=D(2025, 12, 1))
    factories.child(county, "orphan", region="330902001002", registered_on=D(2025, 12, 1))
    assert {r.child_id for r in selectors.due_list(county, director_id=mine.director_id)} == {mine.pk}
    assert register_selectors.register_figures(county)["overdue"] == 2
    client.force_login(zhang)
    inbox = client.get("/inbox/")
    assert inbox.status_code == 200 and mine.person.name in inbox.text
    due = client.get("/children/due/")
    assert due.status_code == 200 and 'id="due-overdue">1<' in due.text
    home = client.get("/")
    assert 'id="children-overdue">1<' in home.text


def test_the_due_list_links_to_the_visit_form_only_for_roles_that_may_record_one(make_user, client, examples, april):
    county = make_user("county", "330902000000")
    child = factories.child(county, "orphan", registered_on=D(2025, 12, 1))
    visit_form = f'href="/children/{child.pk}/visit/"'
    client.force_login(county)
    assert visit_form in client.get("/children/due/").text
    city = make_user("city", "330900000000")  # may read the list, may not record a visit (children.visit)
    client.force_login(city)
    due = client.get("/children/due/")
    assert due.status_code == 200 and child.person.name in due.text and visit_form not in due.text
    assert client.get(f"/children/{child.pk}/visit/").status_code == 403
    assert f'href="/children/{child.pk}/"' in due.text  # the child's own page stays a link: people.view


def test_api_records_a_visit_and_refuses_bad_input(make_user, api_client, examples, april):
    clerk = make_user("village", "330902001001")
    child = factories.child(clerk, "orphan", registered_on=D(2025, 12, 1))
    api = api_client(clerk)
    body = {"child_id": child.pk, "visited_on": "2026-04-09", "kind": "home", "visitor": "张主任",
            "seen": "儿童及祖母", "findings": "正常"}
    response = api.post("/api/v1/children/visits", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["next_due"] == "2026-07-09" and response.json()["overdue"] is False
    assert api.post("/api/v1/children/visits", {**body, "visited_on": "2026-05-01"},
                    content_type="application/json").status_code == 422
    assert api.post("/api/v1/children/visits", [body], content_type="application/json").status_code == 422
    assert api.post("/api/v1/children/visits", {**body, "child_id": 2**70},
                    content_type="application/json").status_code == 422
    outsider = api_client(make_user("village", "330902001002"))
    assert outsider.post("/api/v1/children/visits", body, content_type="application/json").status_code == 404
    city = api_client(make_user("city", "330900000000"))
    assert city.post("/api/v1/children/visits", body, content_type="application/json").status_code == 403
    due = api.get("/api/v1/children/visits/due").json()
    assert due["count"] == 1 and due["items"][0]["overdue"] is False


def test_the_inbox_view_agrees_with_the_due_list_and_names_the_rows_it_shows(make_user, examples, april):
    county = make_user("county", "330902000000")
    factories.worker(county, "director", "330902001001", "张主任")
    for k, category in enumerate(("orphan", "left_behind", "orphan", "hardship")):
        factories.child(county, category, registered_on=D(2025, 11 + k % 2, 1 + k))
    rows = selectors.due_list(county, within_days=7)
    count, overdue, first = selectors.due_first(county, None, 7, 2)
    assert (count, overdue) == (len(rows), sum(r.overdue for r in rows)) and count > 2
    assert first == rows[:2]  # the same rows, in the same order, with their child's and director's names
    assert all(d.name for d in first) and {d.director for d in first} <= {"张主任", ""}


def test_the_inbox_passes_over_only_whom_no_plan_can_make_due(make_user, examples, april):
    """due_first passes over children visited too recently to be due (policy.latest_base); the due list does not.
    A recent phone call does not hide an overdue home visit, a recent home visit hides both, and on every horizon
    the two agree row for row."""
    county, clerk = make_user("county", "330902000000"), make_user("village", "330902001001")
    visits = {  # left-behind children: quarterly home visit, weekly contact (the examples)
        "phoned, home visit overdue": [(D(2025, 12, 20), "home"), (D(2026, 4, 8), "phone")],
        "home visit this week": [(D(2026, 4, 9), "home")],
        "nothing since registration": [],
        "phoned last month": [(D(2026, 3, 1), "phone"), (D(2026, 3, 2), "home")],
    }
    children = {}
    for name, done in visits.items():
        children[name] = factories.child(clerk, "left_behind", registered_on=D(2025, 11, 1), name=name[:8])
        for day, kind in done:
            factories.visit(clerk, children[name], day, kind=kind)
    for days in (0, 3, 7, 30, 120):
        rows = selectors.due_list(county, within_days=days)
        count, overdue, first = selectors.due_first(county, None, days, 50)
        assert (count, overdue) == (len(rows), sum(r.overdue for r in rows)) and first == rows, days
    due_today = {(r.child_id, r.kind) for r in selectors.due_list(county, within_days=0)}
    assert (children["phoned, home visit overdue"].pk, "home") in due_today
    assert (children["phoned, home visit overdue"].pk, "contact") not in due_today
    assert not any(c == children["home visit this week"].pk for c, _ in due_today)


def test_the_inbox_counts_and_first_rows_match_the_due_list_on_random_children(make_user, examples, april):
    """due_first counts by the plans' bounds and dates only the rows it may show; the due list dates every row. On
    children of every category and tier in two villages (one with its own monthly plan), registered and visited on
    random days, month ends among them, the two agree on every horizon, for any number of rows shown and for one
    儿童主任's children."""
    import random

    rng = random.Random(21)
    county = make_user("county", "330902000000")
    policy_data.load_rows(county, "plans", [{"category": "orphan", "kind": "home", "every": "1", "unit": "month",
                                             "region_code": "330902001002", "effective_from": "2026-01-01",
                                             "source": "乙社区：孤儿每月走访"}])
    director = factories.worker(county, "director", "330902001002", "王主任")
    ends = [D(2025, 10, 31), D(2025, 11, 30), D(2025, 12, 31), D(2026, 1, 29), D(2026, 1, 31)]
    for k in range(36):
        category, tier = rng.choice([("orphan", ""), ("unsupported", ""), ("left_behind", ""), ("left_behind", "A"),
                                     ("hardship", "1"), ("hardship", "2")])
        registered = rng.choice(ends) if k % 3 == 0 else D(2025, 9, 1) + dt.timedelta(days=rng.randrange(200))
        child = factories.child(county, category, region=rng.choice(["330902001001", "330902001002"]),
                                registered_on=registered, **({"tier": tier} if tier else {}))
        days = sorted({rng.choice([*ends, registered + dt.timedelta(days=rng.randrange(1, 180))])
                       for _ in range(rng.randrange(3))})
        for day in (d for d in days if registered <= d <= D(2026, 4, 10)):
            factories.visit(county, child, day, kind=rng.choice(["home", "phone"]))
    for days in (0, 1, 7, 45):
        rows = selectors.due_list(county, within_days=days)
        for first in (1, 3, 100):
            count, overdue, shown = selectors.due_first(county, None, days, first)
            assert (count, overdue, shown) == (len(rows), sum(r.overdue for r in rows), rows[:first]), (days, first)
        theirs = selectors.due_list(county, director_id=director.pk, within_days=days)
        assert selectors.due_first(county, director.pk, days, 5) == (
            len(theirs), sum(r.overdue for r in theirs), theirs[:5])
    assert 0 < len(selectors.due_list(county, within_days=7)) < len(selectors.due_list(county))


def test_the_inbox_orders_month_end_ties_by_village_and_does_not_count_today_as_overdue(make_user, examples, april):
    """Registered on 29 and 31 January, a monthly plan makes both due on 28 February: the inbox shows them in the
    due list's order (village before child), whichever was registered first. A weekly contact due today is due, not
    overdue."""
    county = make_user("county", "330902000000")
    later_village = factories.child(county, "hardship", region="330902001002", registered_on=D(2026, 1, 29), tier="1")
    earlier_village = factories.child(county, "hardship", region="330902001001", registered_on=D(2026, 1, 31),
                                      tier="1")
    today = factories.child(county, "left_behind", registered_on=D(2026, 4, 3))
    count, overdue, shown = selectors.due_first(county, None, 0, 1)
    assert (count, overdue) == (3, 2)
    assert [(d.child_id, d.due_on) for d in shown] == [(earlier_village.pk, D(2026, 2, 28))]
    rows = selectors.due_list(county, within_days=0)
    assert selectors.due_first(county, None, 0, 3)[2] == rows
    assert [(d.child_id, d.kind, d.overdue) for d in rows] == [
        (earlier_village.pk, "home", True), (later_village.pk, "home", True), (today.pk, "contact", False)]
