"""Columns of the household import/export file (one row per person; rows sharing 户编号 form a household).

Shared by the importer, the exporter, the template writer and the synthetic-data generator, so the four agree.
Each entry: (key, Chinese header, English alias)."""

HOUSEHOLD_COLUMNS = [
    ("household_ref", "户编号"),
    ("region_code", "区划代码"),
    ("urban_rural", "城乡属性"),
    ("address", "住址"),
    ("name", "姓名"),
    ("id_number", "身份证号"),
    ("relation", "与户主关系"),
    ("phone", "联系电话"),
    ("ethnicity", "民族"),
    ("disability_category", "残疾类别"),
    ("disability_grade", "残疾等级"),
    ("labour_capacity", "劳动能力"),
    ("serious_illness", "重病"),
    ("employment", "就业状况"),
    ("schooling", "在校情况"),
]
REQUIRED = ("household_ref", "region_code", "urban_rural", "name", "id_number", "relation")
HEADER_TO_KEY = {zh: key for key, zh in HOUSEHOLD_COLUMNS} | {key: key for key, _ in HOUSEHOLD_COLUMNS}
