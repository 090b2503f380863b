"""The benefits kernel's input and output schemas (API and services alike), one module per subject:

    fields       shared input types and helpers (codes from tables, bounded numbers, the body annotation)
    evaluation   EvaluationIn (→ policy.Request), EvaluationOut
    cases        case creation and every case action's input (CaseActionIn: a union on `action`), list filters
    case_out     CaseOut, CaseDetailOut (deadlines, timeline, allowed actions) and its builder
    entitlements entitlement actions (EntitlementActionIn), EntitlementOut, reviews
    registers    delegation and the conflict-of-interest register
    standards    StandardIn (the API and the CSV loader), StandardOut, the catalogue and resolution
"""
