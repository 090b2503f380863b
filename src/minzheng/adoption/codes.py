"""Code tables of adoption registration (收养登记): value → Chinese label."""

from __future__ import annotations

CHILD_CATEGORIES = {"orphan": "丧失父母的孤儿", "unknown_parents": "查找不到生父母的未成年人",
                    "parents_unable": "生父母有特殊困难无力抚养的子女"}  # 民法典第1093条
STATUS = {"applied": "已申请", "assessed": "已评估", "registered": "已登记", "refused": "不予登记",
          "dissolved": "已解除收养关系"}
ASSESSMENT_RESULTS = {"suitable": "适宜收养", "unsuitable": "不适宜收养"}
# The adopter's conditions (民法典第1098条): declared by the applicant, then checked by the registry.
CONDITIONS = {
    "children": "无子女或者只有一名子女（第1098条第一项、第1100条）",
    "means": "有抚养、教育和保护被收养人的能力（第1098条第二项）",
    "health": "未患有在医学上认为不应当收养子女的疾病（第1098条第三项）",
    "no_record": "无不利于被收养人健康成长的违法犯罪记录（第1098条第四项）",
    "age": "年满三十周岁（第1098条第五项）",
}
DISSOLUTION_KINDS = {"agreement": "协议解除（民法典第1114条、第1116条）", "court": "人民法院判决解除"}
