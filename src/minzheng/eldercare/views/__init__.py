"""Pages of 养老服务, mounted at /eldercare/ (EldercareConfig.url_prefix), one module per subject:

    institutions   养老机构 register, profile, residents, workers, gradings, 双随机 inspections, the credit list
    homecare       providers, items, quotas, orders and their steps, settlements, 助餐, 日间照料
    beds_alarms    family care beds (label, scan), devices, the alarm queue

Reads through eldercare.selectors, writes through eldercare.services; no ORM here."""
