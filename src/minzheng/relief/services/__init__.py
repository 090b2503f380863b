"""Writes of disaster relief, one module per subject (each call one transaction: role, scope, validation, audit):

- `disasters`: events, damage reports with their deadlines, report rules (CSV), affected households (handed over to
  monitoring) and the relief programs' kernel cases;
- `reserve`: warehouses, receipts, dispatches (never below zero, also under concurrent requests), sign-off,
  returns, stocktakes and write-offs — each a ledger row with the balance after it.
"""
