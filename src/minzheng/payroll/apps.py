from django.apps import AppConfig


class PayrollConfig(AppConfig):
    name = "minzheng.payroll"
    label = "payroll"
    verbose_name = "资金发放"
