"""Other lines of business hand a household over for follow-up (warnings.raise_from): a warning in the township's
inbox with its level's visit deadline, or the signal added to the household's open warning — never a second one."""

from __future__ import annotations

import pytest

from minzheng.core.errors import NotFound, ValidationFailed
from minzheng.monitoring import scoring
from minzheng.monitoring.models import Warning
from minzheng.monitoring.services import warnings

pytestmark = pytest.mark.django_db


def test_handover_opens_one_warning_and_joins_an_open_one(world, make_user):
    hh, people = world["fam"]["disability_near"]  # nothing fires for it in the monthly run
    county = make_user("county", "330902000000")
    w = warnings.raise_from(county, person_id=people[0].pk, signal="homeless_return", source="homeless",
                            reason="救助站护送返乡，需入户了解生活情况")
    assert w.household_id == hh.pk and w.status == "open" and w.source == "homeless" and w.score == 0
    assert w.due_on > w.month and "流浪乞讨人员返乡交接" in w.reasons[0]
    again = warnings.raise_from(county, person_id=people[0].pk, signal="disaster_affected", source="relief",
                                reason="房屋受损")
    assert again.pk == w.pk and again.signals == ["disaster_affected", "homeless_return"]
    assert Warning.objects.filter(household=hh).count() == 1
    scoring.run("2026-11")  # the monthly run neither duplicates nor closes it
    assert Warning.objects.filter(household=hh, status="open").count() == 1


def test_handover_is_scoped_and_validated(world, make_user):
    _, people = world["fam"]["disability_near"]
    other_county = make_user("county", "330903000000")
    with pytest.raises(NotFound):
        warnings.raise_from(other_county, person_id=people[0].pk, signal="homeless_return", source="homeless",
                            reason="x")
    with pytest.raises(ValidationFailed):
        warnings.raise_from(make_user("county", "330902000000"), person_id=people[0].pk, signal="no_such",
                            source="homeless", reason="x")
    assert not Warning.objects.filter(household_id=world["h"]["disability_near"]).exists()
