"""Pages of the welfare-lottery fund, mounted at /lottery/ (LotteryConfig.url_prefix)."""

from django.urls import path

from minzheng.lottery import views as v

urlpatterns = [
    path("", v.ProjectList.as_view(), name="lottery_project_list"),
    path("projects/new/", v.ProjectAdd.as_view(), name="lottery_project_add"),
    path("receipts/", v.ReceiptList.as_view(), name="lottery_receipt_list"),
    path("receipts/new/", v.ReceiptAdd.as_view(), name="lottery_receipt_add"),
    path("disclosure/", v.disclosure, name="lottery_disclosure"),
]
