"""Code tables of the charity app (value → Chinese label)."""

ORG_FORMS = {"association": "社会团体", "foundation": "基金会", "service": "社会服务机构"}
ORG_STATUS = {"active": "正常", "revoked": "已撤销认定"}

DOMAINS = {"poverty": "扶贫济困", "elderly": "扶老", "children": "救孤助残", "disaster": "救灾",
           "medical": "医疗救助", "education": "助学", "environment": "环境保护", "other": "其他公益"}
PROJECT_STATUS = {"active": "实施中", "closed": "已结束"}

# 民政部指定的互联网公开募捐服务平台 — 示例 (the list changes; the designated list published by 民政部 governs).
PLATFORMS = {"tencent": "腾讯公益", "alipay": "支付宝公益", "taobao": "淘宝公益", "jd": "京东公益",
             "weibo": "微博公益", "qingsong": "轻松公益", "shuidi": "水滴公益", "lianquan": "联劝网",
             "guangyi": "广益联募", "meituan": "美团公益", "bytedance": "字节跳动公益", "other": "其他指定平台"}

DONOR_KINDS = {"person": "个人", "organisation": "单位", "anonymous": "匿名"}
DONATION_FORMS = {"money": "资金", "goods": "物资"}

DISCLOSURE_KINDS = {"annual": "年度工作报告和财务会计报告", "fundraising": "公开募捐情况",
                    "project": "慈善项目实施情况", "other": "其他信息"}

COMPLAINT_STATUS = {"open": "办理中", "closed": "已办结"}
