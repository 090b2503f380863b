"""Code tables of the payroll (value -> Chinese label), shared by models, pages, exports and the API."""

from __future__ import annotations

STATUS = {"draft": "待乡镇初审", "checked": "乡镇已初审，待县级审批", "approved": "县级已审批（已锁定）",
          "exported": "已生成银行文件", "reconciled": "已对账"}
LOCKED = ("approved", "exported", "reconciled")  # a locked payroll never changes (only its lines' bank status)
KINDS = {"regular": "当月发放", "arrears": "补发", "difference": "补差额（追溯增发）", "deduction": "扣回（追回）",
         "one_off": "一次性发放"}
# The payment of a month (a one-off amount's month is its start month): at most one per entitlement and month, ever.
BASE_KINDS = ("regular", "arrears", "one_off")
LINE_STATUS = {"pending": "待发放", "paid": "已到账", "failed": "发放失败", "reissue": "待重发"}
RECOVERY_STATUS = {"open": "待追回", "settled": "已追回", "written_off": "已核销"}
PROBLEMS = {"unknown": "名册中无此笔", "duplicate": "回盘文件中重复", "already": "已对过账，未重复处理",
            "amount": "金额与名册不符", "bad_row": "格式错误"}

# The approval steps (services.approval.act) and what a payroll awaits from whom (the inbox's task).
ACTIONS = {"check": "乡镇初审", "approve": "县级审批（锁定）", "return": "退回乡镇重新生成"}
PENDING_TASK = {"draft": "初审", "checked": "审批", "approved": "生成银行文件", "exported": "银行回盘对账"}

# Region levels the funds statistics group by.
LEVELS = {"province": "省", "city": "市", "county": "县(区)", "township": "乡镇(街道)", "village": "村(社区)"}
