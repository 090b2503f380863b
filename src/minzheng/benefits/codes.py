"""Code tables of the benefits kernel (value -> Chinese label), shared by models, pages and exports."""

SUBTYPES = {"": "", "dispersed": "分散供养/散居", "centralised": "集中供养/集中养育", "expense": "支出型",
            "emergency": "急难型"}
ENTITLEMENT_STATUS = {"active": "正常发放", "suspended": "暂停发放", "gradual_exit": "渐退期", "stopped": "已停发"}
CHANGE_KINDS = {"increase": "增发", "decrease": "减发", "stop": "停发", "gradual_exit": "渐退",
                "suspend": "暂停", "resume": "恢复", "death": "死亡停发"}

# Entitlement actions (增发/减发 …) and those the confirming level decides (a township only where delegated).
ENTITLEMENT_ACTIONS = {"increase": "增发", "decrease": "减发", "stop": "停发", "gradual_exit": "渐退",
                       "suspend": "暂停发放", "resume": "恢复发放", "death": "死亡停发/复核", "review": "定期核查",
                       "change_payee": "变更领取人"}
DECIDING_ACTIONS = frozenset({"increase", "decrease", "stop", "gradual_exit"})  # the confirming level decides
