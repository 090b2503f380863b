"""The 特困 care panel on the case page (benefits.panels): the beneficiary's current self-care assessment (the band
the evaluation uses unless the case's facts record one), the care arrangement, and links to record an assessment,
open the care record and print the 供养证."""

from __future__ import annotations

from minzheng.assistance import codes, selectors
from minzheng.benefits.panels import CasePanel
from minzheng.core import roles


def care_context(user, case) -> dict | None:
    if case.program != selectors.TEKUN or case.beneficiary_id is None or not roles.has_perm(user, "people.view"):
        return None
    person_id = case.beneficiary_id
    assessment = selectors.current_assessment(person_id)
    members = (case.facts or {}).get("members") or {}
    recorded = (members.get(str(person_id)) or {}).get("self_care_unmet")
    ent = selectors.tekun_entitlement(person_id)
    placement = selectors.open_placement(person_id)
    return {"assessment": assessment, "band_label": codes.CARE_BANDS.get(getattr(assessment, "band", ""), ""),
            "case_unmet": recorded, "placement": placement, "entitlement": ent,
            "mode_label": codes.CARE_MODES[selectors.care_mode(ent, placement)] if ent else "",
            "person_id": person_id, "can_assess": roles.has_perm(user, "care.record")}


CARE = CasePanel("tekun_care", "assistance/_case_care.html", care_context, order=40)
