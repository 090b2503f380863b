"""Pages of the plan indicators: `plans` (the board, an indicator's page, hand entry and approval, the statistical
returns, the evaluation report) and `funds` (the funds and caseload board, the records behind a value)."""

from minzheng.indicators.views.funds import FundsBoard, RecordList
from minzheng.indicators.views.plans import (
                                             Board,
                                             IndicatorDetail,
                                             ManualDecidePage,
                                             ManualEnterPage,
                                             ManualList,
                                             PlanReport,
                                             ReturnDetail,
                                             ReturnGeneratePage,
                                             ReturnList,
                                             ReturnSubmitPage,
)

__all__ = ["Board", "FundsBoard", "IndicatorDetail", "ManualDecidePage", "ManualEnterPage", "ManualList", "PlanReport",
           "RecordList", "ReturnDetail", "ReturnGeneratePage", "ReturnList", "ReturnSubmitPage"]
