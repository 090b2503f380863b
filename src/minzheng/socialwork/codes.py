"""Code tables of the social-work app (value → Chinese label)."""

SEX = {"M": "男", "F": "女"}

# 社会工作者职业资格 (助理社会工作师 / 社会工作师 / 高级社会工作师); "none": working without a certificate.
LEVELS = {"none": "无证书", "assistant": "助理社会工作师", "social_worker": "社会工作师", "senior": "高级社会工作师"}
CERTIFIED = ("assistant", "social_worker", "senior")

EMPLOYER_KINDS = {"agency": "社会工作服务机构", "station": "乡镇（街道）社工站", "community": "城乡社区",
                  "institution": "事业单位", "other": "其他"}

# 乡镇（街道）社工站 "六有" ❓ (the wording of provincial guidance differs; the six items are data here).
SIX_HAVES = {"has_site": "有场地", "has_equipment": "有设备", "has_staff": "有人员", "has_funding": "有经费",
             "has_rules": "有制度", "has_services": "有服务"}

STATUS = {"active": "在岗", "left": "已离岗"}
