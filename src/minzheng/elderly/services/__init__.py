"""Writes of the elderly-care app, one module per subject (callers import the module):

    assessments   record_assessment (GB/T 42195-2022; supersedes the current one), dispute (→ a 复评 is due)
    register      save_profile (the register's stored facts), add_contact / end_contact (contacts and guardians)
    survival      record_check (生存认证 by a clerk; resumes and back-pays a suspended 高龄津贴), record_feed (matched
                  feed rows), suspend_overdue (the sweep: suspend allowances whose check is overdue)

Each write is one transaction with the role and scope checks and an audit entry. Inputs are schemas
(elderly.schemas) validated with core.validation (422 in Chinese, nothing written); a record outside the caller's
region is a 404, a role that may not act a 403 (checked first), a state that does not allow it a 409."""
