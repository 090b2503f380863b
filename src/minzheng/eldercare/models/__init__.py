"""Tables of 养老服务, one module per subject (imported here so Django finds them):

    institutions   the 养老机构 profile on assistance's institution register, residents, care workers, grading,
                   双随机 inspection rounds and inspections
    homecare       service providers, service items, monthly quotas, orders, settlements, 助餐 points, 日间照料中心
    beds           family care beds (一床一人一码)
    alarms         devices (keys encrypted, bound to the row) and alarms

Every table carries a 12-digit region code for scoping (core.scoping): the institution's or provider's region, or the
elder's village."""

from minzheng.eldercare.models.alarms import Alarm, Device
from minzheng.eldercare.models.beds import FamilyBed
from minzheng.eldercare.models.homecare import (
    Attendance,
    DayCenter,
    MealPoint,
    MealRecord,
    Order,
    Provider,
    Quota,
    ServiceItem,
    Settlement,
    SettlementLine,
)
from minzheng.eldercare.models.institutions import (
    CareWorker,
    Grading,
    Inspection,
    InspectionRound,
    InstitutionProfile,
    Resident,
)

__all__ = ["Alarm", "Attendance", "CareWorker", "DayCenter", "Device", "FamilyBed", "Grading", "Inspection",
           "InspectionRound", "InstitutionProfile", "MealPoint", "MealRecord", "Order", "Provider", "Quota",
           "Resident", "ServiceItem", "Settlement", "SettlementLine"]
