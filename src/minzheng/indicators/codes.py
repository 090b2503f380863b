"""Code tables of the indicators app (value → Chinese label)."""

PLANS = {"zhoushan": "舟山市民政事业发展“十四五”规划", "xincheng": "新城区民政事业发展“十四五”规划",
         "loudi": "娄底市民政事业发展“十四五”规划", "manas": "玛纳斯县民政事业发展“十四五”规划",
         "tianmen": "天门市民政事业发展“十四五”规划"}
KINDS = {"value": "数据元取值", "ratio": "比率", "growth": "增速", "standard": "保障标准", "manual": "人工填报"}
COMPUTED_KINDS = ("value", "ratio", "growth", "standard")
DIRECTIONS = {"up": "越高越好", "down": "越低越好"}
STATUS = {"on_track": "达到进度", "at_risk": "有风险", "off_track": "滞后", "no_target": "无目标值",
          "no_data": "无数据"}
STATUS_STYLE = {"on_track": "bg-success", "at_risk": "bg-warning text-dark", "off_track": "bg-danger",
                "no_target": "bg-light text-dark border", "no_data": "bg-light text-dark border"}
VALUE_SOURCES = {"computed": "系统计算", "manual": "人工填报"}
MANUAL_STATUS = {"submitted": "待审核", "approved": "已审核", "rejected": "已退回"}
