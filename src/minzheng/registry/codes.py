"""Code tables of the registry (national standards where one exists)."""

from __future__ import annotations

# GB/T 4761-2008 家庭关系代码. "01 本人" is accepted on input as the head (户籍 files use it for the 户主 row).
RELATIONS = {
    "02": "户主", "10": "配偶", "11": "夫", "12": "妻",
    "20": "子", "21": "独生子", "22": "长子", "23": "次子", "24": "三子", "25": "四子", "26": "五子",
    "27": "养子或继子", "28": "女婿", "29": "其他儿子",
    "30": "女", "31": "独生女", "32": "长女", "33": "次女", "34": "三女", "35": "四女", "36": "五女",
    "37": "养女或继女", "38": "儿媳", "39": "其他女儿",
    "40": "孙子、孙女或外孙子、外孙女", "41": "孙子", "42": "孙女", "43": "外孙子", "44": "外孙女",
    "45": "孙媳妇或外孙媳妇", "46": "孙女婿或外孙女婿", "47": "曾孙子或外曾孙子", "48": "曾孙女或外曾孙女",
    "49": "其他孙子、孙女或外孙子、外孙女",
    "50": "父母", "51": "父亲", "52": "母亲", "53": "公公", "54": "婆婆", "55": "岳父", "56": "岳母",
    "57": "继父或养父", "58": "继母或养母", "59": "其他父母关系",
    "60": "祖父母或外祖父母", "61": "祖父", "62": "祖母", "63": "外祖父", "64": "外祖母",
    "65": "配偶的祖父母或外祖父母", "66": "曾祖父", "67": "曾祖母", "68": "配偶的曾祖父母或外曾祖父母",
    "69": "其他祖父母或外祖父母关系",
    "70": "兄弟姐妹", "71": "兄", "72": "嫂", "73": "弟", "74": "弟媳", "75": "姐姐", "76": "姐夫",
    "77": "妹妹", "78": "妹夫", "79": "其他兄弟姐妹",
    "80": "其他", "81": "伯父", "82": "伯母", "83": "叔父", "84": "婶母", "85": "舅父", "86": "舅母",
    "87": "姨父", "88": "姨母", "89": "姑父", "90": "姑母", "91": "堂兄弟、堂姐妹", "92": "表兄弟、表姐妹",
    "93": "侄子", "94": "侄女", "95": "外甥", "96": "外甥女", "97": "其他亲属", "99": "非亲属",
}
HEAD = "02"
_RELATION_BY_NAME = {name: code for code, name in RELATIONS.items()}
_RELATION_BY_NAME.update({"本人": HEAD, "儿子": "20", "女儿": "30", "父亲": "51", "母亲": "52", "孙子女": "40"})


def relation_code(value: str) -> str | None:
    """A GB/T 4761 code or its Chinese name → the code; None when unknown."""
    text = (value or "").strip()
    if text == "01":
        return HEAD
    if text in RELATIONS:
        return text
    if text.isdigit() and len(text) == 1:
        text = "0" + text
        return HEAD if text == "01" else (text if text in RELATIONS else None)
    return _RELATION_BY_NAME.get(text)


# GB/T 3304-1991 中国各民族名称的罗马字母拼写法和代码.
ETHNICITIES = {
    "01": "汉族", "02": "蒙古族", "03": "回族", "04": "藏族", "05": "维吾尔族", "06": "苗族", "07": "彝族",
    "08": "壮族", "09": "布依族", "10": "朝鲜族", "11": "满族", "12": "侗族", "13": "瑶族", "14": "白族",
    "15": "土家族", "16": "哈尼族", "17": "哈萨克族", "18": "傣族", "19": "黎族", "20": "傈僳族", "21": "佤族",
    "22": "畲族", "23": "高山族", "24": "拉祜族", "25": "水族", "26": "东乡族", "27": "纳西族", "28": "景颇族",
    "29": "柯尔克孜族", "30": "土族", "31": "达斡尔族", "32": "仫佬族", "33": "羌族", "34": "布朗族",
    "35": "撒拉族", "36": "毛南族", "37": "仡佬族", "38": "锡伯族", "39": "阿昌族", "40": "普米族",
    "41": "塔吉克族", "42": "怒族", "43": "乌孜别克族", "44": "俄罗斯族", "45": "鄂温克族", "46": "德昂族",
    "47": "保安族", "48": "裕固族", "49": "京族", "50": "塔塔尔族", "51": "独龙族", "52": "鄂伦春族",
    "53": "赫哲族", "54": "门巴族", "55": "珞巴族", "56": "基诺族", "97": "其他", "98": "外国血统中国籍人士",
}
_ETHNICITY_BY_NAME = {name: code for code, name in ETHNICITIES.items()}
_ETHNICITY_BY_NAME.update({name[:-1]: code for code, name in ETHNICITIES.items() if name.endswith("族")})


def ethnicity_code(value: str) -> str | None:
    text = (value or "").strip()
    if not text:
        return ""
    if text in ETHNICITIES:
        return text
    if text.isdigit() and len(text) == 1 and "0" + text in ETHNICITIES:
        return "0" + text
    return _ETHNICITY_BY_NAME.get(text)


# GB/T 26341-2010 残疾人残疾分类和分级: category 1–7, grade 1–4.
DISABILITY_CATEGORIES = {"1": "视力残疾", "2": "听力残疾", "3": "言语残疾", "4": "肢体残疾", "5": "智力残疾",
                         "6": "精神残疾", "7": "多重残疾"}
DISABILITY_GRADES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}

LABOUR_CAPACITY = {"full": "有劳动能力", "partial": "部分丧失劳动能力", "none": "无劳动能力"}
SCHOOLING = {
    "not_in_school": "不在校", "preschool": "学前教育", "primary": "小学", "junior_secondary": "初中",
    "senior_secondary": "高中", "vocational": "中职/技工", "higher": "大专及以上",
}
EMPLOYMENT = {
    "employed": "就业", "self_employed": "自主经营", "flexible": "灵活就业", "unemployed": "失业",
    "farming": "务农", "retired": "退休", "not_working_age": "非劳动年龄", "unable": "无法就业",
}
# GB/T 2261.2-2003 婚姻状况代码 (top-level).
MARITAL_STATUS = {"10": "未婚", "20": "已婚", "30": "丧偶", "40": "离婚", "90": "未说明"}
URBAN_RURAL = {"urban": "城市", "rural": "农村"}
SEX = {"M": "男", "F": "女"}

# Duplicate candidates (疑似重复人员): what became of a pair.
DUPLICATE_STATUS = {"open": "待处理", "merged": "已合并", "dismissed": "已排除"}
# List filters on the person list.
HAS_DISABILITY = {"yes": "残疾人", "no": "非残疾人"}
ALIVE = {"yes": "在世", "no": "已故"}


def lookup(table: dict, value: str, names_ok: bool = True):
    """Accept a code or its Chinese label; '' stays ''; None when unknown."""
    text = (value or "").strip() if isinstance(value, str) else value
    if text in ("", None):
        return ""
    if text in table:
        return text
    if names_ok:
        for code, label in table.items():
            if label == text:
                return code
    return None

# Income kinds (民发〔2021〕57号 Art. 13 and the exclusions listed there; see assistance policy for which count).
INCOME_KINDS = {
    "wage": "工资性收入", "business": "经营净收入", "property": "财产净收入", "transfer": "转移净收入",
    "pension": "养老金", "unemployment": "失业保险金", "support": "赡养/抚养/扶养费", "other": "其他收入",
    "assistance": "社会救助金", "special_care": "优待抚恤金", "family_planning": "计划生育奖励与扶助金",
    "scholarship": "奖学金/助学金", "award": "见义勇为奖励", "basic_pension": "城乡居民基础养老金",
    "age_allowance": "高龄津贴",
}
