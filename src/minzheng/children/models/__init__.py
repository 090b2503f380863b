"""Records of the children's app: the child register (register: categories and tiers, guardians, workers, category
history), visits and visit plans (visits), minors-protection cases with their steps, referrals, named officers and
the 未保中心's stays (minors). Writes in services/, reads in selectors/."""

from minzheng.children.models.minors import CaseOfficer, CaseStep, ProtectionCase, Referral, Stay, TimeLimit
from minzheng.children.models.register import CategoryChange, Child, Guardian, Tier, Worker
from minzheng.children.models.visits import Visit, VisitPlan

__all__ = ["CaseOfficer", "CaseStep", "CategoryChange", "Child", "Guardian", "ProtectionCase", "Referral", "Stay",
           "Tier", "TimeLimit", "Visit", "VisitPlan", "Worker"]
