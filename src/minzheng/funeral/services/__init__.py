"""Writes of the funeral app, one module per subject (each write: one transaction, permission and scope check,
validation, audit):

    kernel      one-off payments through the benefits kernel (a case opened, reviewed and confirmed)
    deaths      death registration → 身后一件事 (stop, change, notify, pay, list what is left)
    waivers     the 惠民殡葬 rules (CSV load), a death's waiver, the monthly settlement with funeral homes
    cemeteries  funeral homes, cemeteries, plots (assign, renew, transfer), eco-burial and its reward
    bookings    清明 tomb-sweeping slots, bookings (conditional UPDATE against the capacity), QR check-in
"""
