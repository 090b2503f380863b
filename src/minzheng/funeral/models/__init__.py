"""The funeral app's tables: deaths and 身后一件事 (deaths), the 惠民殡葬 rules, funeral homes, cremations, waivers
and settlements (waivers), cemeteries, plots, eco-burial and tomb-sweeping booking (cemeteries)."""

from minzheng.funeral.models.cemeteries import Cemetery, EcoBurial, Plot, PlotTransfer, SweepBooking, SweepSlot
from minzheng.funeral.models.deaths import DeathRegistration, PensionNotice
from minzheng.funeral.models.waivers import (
    CremationRecord,
    FuneralHome,
    Settlement,
    Waiver,
    WaiverItem,
    WaiverScheme,
)

__all__ = ["Cemetery", "CremationRecord", "DeathRegistration", "EcoBurial", "FuneralHome", "PensionNotice", "Plot",
           "PlotTransfer", "Settlement", "SweepBooking", "SweepSlot", "Waiver", "WaiverItem", "WaiverScheme"]
