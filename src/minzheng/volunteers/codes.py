"""Code tables of the volunteers app (value → Chinese label); pages and exports take labels from here."""

SEX = {"M": "男", "F": "女"}

# 服务类别 (《志愿服务记录与证明出具办法（试行）》: the volunteer's service categories and each record's category).
CATEGORIES = {
    "elderly": "为老服务", "children": "关爱儿童", "disability": "助残服务", "poverty": "帮困救助",
    "community": "社区服务", "emergency": "应急救援", "environment": "生态环保", "culture": "文化服务",
    "health": "医疗卫生", "education": "教育培训", "legal": "法律服务", "other": "其他",
}

ORG_KINDS = {"organisation": "志愿服务组织", "team": "志愿服务队", "host": "志愿服务站点依托单位"}

STATUS = {"active": "在册", "withdrawn": "已注销"}

YES_NO = {True: "是", False: "否"}

STAR_LABELS = {0: "未评星", 1: "一星级", 2: "二星级", 3: "三星级", 4: "四星级", 5: "五星级"}

# Visits of other apps that record the volunteers who went (ServiceRecord.source → label).
VISIT_SOURCES = {"children_visit": "儿童走访", "monitoring_visit": "困难群众（老年人）走访"}
