"""Code tables of the place-name app (value → Chinese label). Pages take labels from here."""

STATUS = {"standard": "标准地名", "nonstandard": "不规范地名", "historical": "历史地名"}
NAME_FORMS = {"alias": "别名", "abbreviation": "简称", "historical": "曾用名（历史地名）"}
CATEGORY_LEVELS = {"1": "门类", "2": "大类", "3": "中类", "4": "小类"}
GEOMETRY_TYPES = {"Point": "点", "LineString": "线", "MultiLineString": "线（多段）", "Polygon": "面",
                  "MultiPolygon": "面（多块）"}

APPLICATION_KINDS = {"naming": "命名", "renaming": "更名"}
APPLICATION_STATES = {"submitted": "已受理", "consulting": "公示征求意见中", "approved": "已批准",
                      "published": "已公告", "rejected": "不予批准"}
# 《地名管理条例》(2022) 第十条–第十四条: who approves depends on what is named (❓ article text not retrieved; the
# levels are the bureau's own choice per application).
APPROVAL_LEVELS = {"county": "县级人民政府", "city": "设区的市级人民政府", "province": "省级人民政府",
                   "county_bureau": "县级民政部门"}
MATERIALS = {"application": "命名更名申请书", "plan": "拟用名称的含义、来源和理由", "map": "位置示意图",
             "opinions": "相关方面意见", "risk": "社会风险评估材料"}

ADDRESS_STATES = {"active": "现行", "retired": "已注销"}
DOORPLATE_KINDS = {"house": "门牌", "building": "楼牌", "unit": "单元牌", "room": "户室牌"}
CONDITIONS = {"good": "完好", "damaged": "损坏", "missing": "缺失"}

CHANGE_TYPES = {"merge": "合并", "split": "拆分（划出村、社区）", "rename": "更名",
                "boundary": "边界调整（部分村、社区或乡镇划归另一区划）", "level": "级别变更（撤县设市、乡改镇等）"}
# Level changes (级别变更): the new name must carry the generic part of the new kind (岱山县 → 岱山市).
LEVEL_KINDS = {"county_to_city": "撤县设市", "county_to_district": "撤县（市）设区", "township_to_town": "撤乡设镇",
               "town_to_subdistrict": "撤镇（乡）设街道", "village_to_community": "撤村设居（社区）"}
LEVEL_SUFFIXES = {"county_to_city": ("市",), "county_to_district": ("区",), "township_to_town": ("镇",),
                  "town_to_subdistrict": ("街道",), "village_to_community": ("社区", "居委会")}
LEVEL_OF_KIND = {"county_to_city": "county", "county_to_district": "county", "township_to_town": "township",
                 "town_to_subdistrict": "township", "village_to_community": "village"}
GEOMETRY_STATES = {"current": "现行", "review": "待更新（区划已调整）"}
CHANGE_STATES = {"planned": "待执行", "running": "执行中", "applied": "已执行"}
# R-L-31 (Loudi): four artefacts before submission, three steps after approval.
ARTEFACTS = {"expert_review": "专家论证", "risk_assessment": "风险评估", "public_consultation": "征求社会公众意见",
             "field_survey": "实地调查"}
AFTER_STEPS = {"map_update": "行政区划图更新", "information_report": "行政区划信息报送",
               "demarcation": "界线勘定"}
PROPOSAL_KINDS = {"merge": "撤并", "split": "拆分", "rename": "更名", "boundary": "边界调整", "level": "级别变更"}
PROPOSAL_STATES = {"draft": "准备材料", "submitted": "已上报", "approved": "已批准", "done": "批准后工作完成"}

BOUNDARY_LEVELS = {"province": "省级界线", "county": "县级界线", "township": "乡级界线"}
MARKER_KINDS = {"single": "单立", "double": "双立", "triple": "三立", "stone": "石质", "concrete": "混凝土"}
FINDING_KINDS = {"marker_damaged": "界桩损坏", "marker_missing": "界桩缺失", "marker_moved": "界桩移位",
                 "line_unclear": "界线不清", "other": "其他"}
DISPUTE_STATES = {"open": "调处中", "settled": "已调处", "escalated": "报上级"}
