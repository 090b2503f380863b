"""Household economic verification (核对) and the monthly comparison of all recipients (比对) against other
departments' data feeds. See docs/verification.md."""
