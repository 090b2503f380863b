STATUS = {"pending": "待审核", "granted": "已发放"}
