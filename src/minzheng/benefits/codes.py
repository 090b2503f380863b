"""Code tables of the benefits kernel (value -> Chinese label), shared by models, pages and exports."""

SUBTYPES = {"": "", "dispersed": "分散供养/散居", "centralised": "集中供养/集中养育", "expense": "支出型",
            "emergency": "急难型"}
ENTITLEMENT_STATUS = {"active": "正常发放", "suspended": "暂停发放", "gradual_exit": "渐退期", "stopped": "已停发"}
CHANGE_KINDS = {"increase": "增发", "decrease": "减发", "stop": "停发", "gradual_exit": "渐退",
                "suspend": "暂停", "resume": "恢复", "death": "死亡停发"}
