"""`{{ value|plain }}`: a Decimal as plain text without trailing zeros (10.0000 → "10", never "1E+1"); None → "—"."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def plain(value) -> str:
    if value is None or value == "":
        return "—"
    return format(Decimal(str(value)).normalize(), "f")


@register.filter
def money(value) -> str:
    """Yuan with two decimals (1500 → "1500.00"); None → "0.00"."""
    return format(Decimal(str(value or 0)).quantize(Decimal("0.01")), "f")
