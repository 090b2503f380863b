"""The pure rule of the welfare-lottery fund: the share of the fund used for social welfare that goes to elderly
care must be at least the minimum — 国办发〔2016〕91号《关于全面放开养老服务市场提升养老服务质量的若干意见》:
民政部本级和地方各级政府用于社会福利事业的彩票公益金，要将不低于55%的资金用于支持发展养老服务. The minimum is
data (ShareRule rows by region and date); the national 55 % is the default when no region set a higher one."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

NATIONAL_MIN_SHARE = Decimal("0.55")
R_SHARE = "国办发〔2016〕91号：用于社会福利事业的彩票公益金，不低于55%用于支持发展养老服务"


@dataclass(frozen=True)
class FundYear:
    received: Decimal
    spent: Decimal
    elderly_spent: Decimal
    min_share: Decimal

    @property
    def elderly_share(self) -> Decimal | None:
        """Elderly-care spending ÷ all spending, four decimals (None when nothing was spent).

        >>> FundYear(Decimal(100), Decimal(80), Decimal(45), NATIONAL_MIN_SHARE).elderly_share
        Decimal('0.5625')
        """
        if not self.spent:
            return None
        return (self.elderly_spent / self.spent).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    @property
    def rule_met(self) -> bool | None:
        """Compared exactly (not the rounded share): 55 % of 80 is 44, so 44 meets it and 43.99 does not.

        >>> FundYear(Decimal(0), Decimal(80), Decimal(44), NATIONAL_MIN_SHARE).rule_met
        True
        >>> FundYear(Decimal(0), Decimal(80), Decimal("43.99"), NATIONAL_MIN_SHARE).rule_met
        False
        """
        if not self.spent:
            return None
        return self.elderly_spent >= self.spent * self.min_share
