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
RETURN_STATUS = {"draft": "草稿（可重新生成）", "submitted": "已报送（锁定）"}
# The lines of the quarterly civil-affairs return (民政统计季报 shape): (code, section, name, unit, data element).
# A line whose element no installed app declares is left out of the return (and listed as such on its page).
RETURN_LINES = (
    ("dibao_households", "社会救助", "最低生活保障在保户数", "户", "benefits.dibao.in_force"),
    ("dibao_amount", "社会救助", "最低生活保障月保障金额", "元", "benefits.dibao.monthly_amount"),
    ("dibao_edge_households", "社会救助", "低保边缘家庭户数", "户", "benefits.dibao_edge.in_force"),
    ("tekun_persons", "社会救助", "特困人员救助供养人数", "人", "benefits.tekun.in_force"),
    ("tekun_amount", "社会救助", "特困人员月供养金额", "元", "benefits.tekun.monthly_amount"),
    ("temporary_cases", "社会救助", "临时救助（在册）", "户次", "benefits.temporary.in_force"),
    ("orphans", "儿童福利", "孤儿基本生活费在保人数", "人", "benefits.orphan.in_force"),
    ("disability_living", "残疾人福利", "困难残疾人生活补贴人数", "人", "benefits.disability_living.in_force"),
    ("disability_care", "残疾人福利", "重度残疾人护理补贴人数", "人", "benefits.disability_care.in_force"),
    ("age_allowance", "养老服务", "高龄津贴人数", "人", "benefits.age_allowance.in_force"),
    ("paid_amount", "资金发放", "本期已发放救助资金", "元", "payroll.paid_amount"),
    ("paid_lines", "资金发放", "本期已发放人次", "人次", "payroll.paid_lines"),
    ("institutions", "养老服务", "养老机构数", "个", "eldercare.institutions"),
    ("beds", "养老服务", "养老机构床位数", "张", "eldercare.beds"),
    ("nursing_beds", "养老服务", "护理型床位数", "张", "eldercare.nursing_beds"),
    ("care_workers", "养老服务", "养老护理员人数", "人", "eldercare.care_workers"),
    ("monitored", "低收入人口", "低收入人口动态监测对象", "人", "monitoring.monitored_persons"),
    ("warnings", "低收入人口", "本期监测预警", "户次", "monitoring.warnings"),
)
CHANGE_FLAG = 20  # a line changing by more than this share (%) from the previous return needs an explanation
