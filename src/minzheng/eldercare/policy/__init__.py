"""Pure rules of 养老服务 (dataclasses and numbers in, dataclasses out; no database):

    grading      GB/T 37276-2018 养老机构等级划分与评定: four parts, five levels, veto conditions
    oversight    双随机一公开 draws and the credit list (民发〔2019〕103号)
    settlement   monthly settlement of home-care orders against each elder's monthly quota (integer fen)
    alarms       device signatures (HMAC-SM3), acknowledgement times, escalation steps
    beds         family care beds: required visits per month by assessed level
"""
