from decimal import Decimal

from django.db import models

from minzheng.core.scoping import Scope, ScopedQuerySet
from tests.sample_app.codes import STATUS


class Allowance(models.Model):
    """A pilot allowance granted to someone in a village (the only table of the sample app; no migrations: the test
    database creates it directly)."""


    name = models.CharField("姓名", max_length=50)
    region_code = models.CharField("区划", max_length=12)
    amount = models.DecimalField("金额", max_digits=12, decimal_places=2, default=Decimal("0.00"))
    status = models.CharField("状态", max_length=10, choices=list(STATUS.items()), default="pending")
    due_on = models.DateField("办理期限", null=True, blank=True)

    scope = Scope("region_code", view="sample.view")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        app_label = "sample_app"

    def __str__(self) -> str:
        return self.name
