"""Code tables of 城乡社区治理 (value → Chinese label); pages and exports take labels from here."""

POSTS = {"secretary": "书记", "director": "主任", "deputy": "副主任", "member": "委员", "worker": "专职社区工作者",
         "grid": "网格员"}
COMMITTEES = {"committee": "村（居）民委员会", "party": "党组织委员会", "supervision": "村（居）务监督委员会",
              "staff": "社区工作者队伍"}
MEETING_KINDS = {"assembly": "村（居）民会议", "representatives": "村（居）民代表会议",
                 "two_committees": "两委联席会议",
                 "party_members": "党员大会", "consultation": "协商议事会", "hearing": "听证会",
                 "evaluation": "评议会"}
TASK_LISTS = {"powers": "依法履职事项（权责清单）", "work": "协助政府工作事项（工作事项清单）",
              "assist": "协助事项清单", "excluded": "不应由基层群众性自治组织承担的事项"}
FUNCTIONS = {"affairs": "政务服务", "elderly": "养老服务", "children": "儿童之家", "culture": "文化活动",
             "health": "卫生服务", "volunteer": "志愿服务站", "disability": "残疾人康复", "legal": "法律服务",
             "employment": "就业服务", "meeting": "议事协商"}
TICKET_STATES = {"open": "办理中", "done": "已办结", "rejected": "不予受理"}
FUND_DIRECTIONS = {"in": "收入", "out": "支出"}
FUND_CATEGORIES = {"grant": "上级补助", "service_fund": "社区服务经费", "collective": "集体收入",
                   "donation": "社会捐赠",
                   "activity": "活动支出", "service": "服务支出", "office": "办公经费", "subsidy": "人员补贴",
                   "other": "其他"}
