"""Code tables of 社会组织 (value → Chinese label); pages and exports take labels from here."""

KINDS = {"association": "社会团体", "service": "社会服务机构", "foundation": "基金会"}
# 基金会管理条例 第三条: 公募 / 非公募 (the 慈善法 speaks of 具有公开募捐资格)
FUNDRAISING = {"": "不适用", "public": "公募基金会", "private": "非公募基金会"}
DOMAINS = {"education": "教育", "science": "科技", "culture": "文化", "health": "卫生健康", "sports": "体育",
           "social_service": "社会服务", "ecology": "生态环境", "legal": "法律", "industry": "工商服务业",
           "religion": "宗教", "agriculture": "农业及农村发展", "community": "城乡社区服务", "other": "其他"}
STATUS = {"active": "正常", "deregistered": "已注销", "revoked": "已撤销登记"}

APPLICATION_KINDS = {"register": "成立登记", "change": "变更登记", "deregister": "注销登记"}
APPLICATION_STATES = {"submitted": "待审查", "reviewed": "待决定", "approved": "已准予", "refused": "不予登记"}
REVIEW_DECISIONS = {"approve": "建议准予", "refuse": "建议不予"}
# 成立登记 materials (value → label). Which a kind must bring: policy.required_materials.
MATERIALS = {"application": "登记申请书", "supervisor_approval": "业务主管单位批准文件",
             "statute": "章程草案", "capital_proof": "验资报告（资金证明）", "premises_proof": "住所（场所）使用权证明",
             "leaders_id": "拟任负责人基本情况和身份证明", "members_list": "会员名单（个人会员、单位会员）",
             "directors_list": "理事名单、身份证明及理事长、副理事长、秘书长简历", "name_approval": "名称核准文件"}
# What a change application may change (field → label).
CHANGEABLE = {"name": "名称", "domain": "业务范围", "supervisor": "业务主管单位", "legal_rep": "法定代表人",
              "address": "住所", "responsible": "负责人"}

REPORT_STATES = {"filed": "待业务主管单位初审", "supervised": "待登记管理机关审查", "returned": "已退回修改",
                 "concluded": "已出具年检结论"}
REPORT_RESULTS = {"pass": "合格", "basic": "基本合格", "fail": "不合格"}
SUPERVISOR_DECISIONS = {"agree": "同意", "return": "退回修改"}
REGISTRY_DECISIONS = {"pass": "合格", "basic": "基本合格", "fail": "不合格", "return": "退回修改"}

GRADES = {5: "5A", 4: "4A", 3: "3A", 2: "2A", 1: "1A", 0: "未达等级"}
EVALUATION_STATES = {"refused": "不予受理", "graded": "已评定", "ungraded": "未达等级", "downgraded": "已降级",
                     "cancelled": "已取消等级", "superseded": "已重新评估", "expired": "已过有效期"}
EVALUATION_KINDS = {"comprehensive": "综合评估", "standardisation": "规范化建设评估"}
APPEAL_STATES = {"": "无", "pending": "复核中", "upheld": "维持原评估结论", "changed": "变更评估等级"}
SANCTIONS = {"downgrade": "降低评估等级", "cancel": "取消评估等级"}

LISTS = {"abnormal": "活动异常名录", "serious": "严重违法失信名单"}
LIST_REASONS = {"no_report": "未按规定报送年度工作报告", "unreachable": "通过登记的住所无法取得联系",
                "no_activity": "未按照章程规定开展活动", "fraud": "弄虚作假骗取登记", "penalty": "受到行政处罚",
                "abnormal_2y": "列入活动异常名录满2年（自动转入）", "other": "其他"}
INSPECTION_RESULTS = {"pass": "未发现问题", "minor": "发现一般问题", "serious": "发现严重问题"}

RULE_KEYS = {"report_due": "年度工作报告报送期限", "grade_bands": "评估等级分数线", "appeal_window": "复核申请期限",
             "min_funds": "成立登记最低资金", "decision_days": "登记决定期限",
             "blacklist_after": "异常名录转失信名单年限"}
# What the register shows of an organisation's standing on the lists (OrgFilters.credit).
CREDIT = {"clear": "未列入", "abnormal": "活动异常名录", "serious": "严重违法失信名单"}
