"""Numbers as the bureau's statistical tables write them: 276,350, grouped by thousands with a comma.

Django's zh_Hans locale sets no thousands separator (and groups by 万), so `intcomma` printed 276350 while the
pages formatted in Python (f"{n:,}") printed 276,350. Only these two settings are overridden; dates and the
rest still come from Django's zh_Hans formats."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
