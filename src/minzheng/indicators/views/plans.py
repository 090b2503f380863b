"""Pages of the plan indicators: the board (a plan's indicators for a region and period, with status and Excel
export), an indicator's page (trend, the child regions compared and drilled into — ECharts served locally), hand
entry of a manual indicator's value with evidence, and its approval."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.http import HttpResponse
from django.urls import reverse

from minzheng.core import audit, clock, regions, roles
from minzheng.core.data_elements import Period, elements
from minzheng.core.errors import ValidationFailed
from minzheng.core.forms import StyledForm
from minzheng.core.pages import export
from minzheng.core.pages.base import Page, PageAction, error_page
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.indicators import breakdowns, codes, pdf, returns, selectors, services
from minzheng.indicators import charts as chart_data
from minzheng.indicators.filters import ManualFilters, ReturnFilters
from minzheng.indicators.tables import ManualTable, ReturnTable

EXPORT_HEADER = ["规划", "序号", "指标", "单位", "属性", "计算方式", "基期", "本期进度目标", "规划目标", "当前值",
                 "进度", "来源", "出处"]


def _number(value) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _period(request, user) -> str:
    text = request.GET.get("period", "").strip() or selectors.latest_period(user) or f"{clock.today().year}"
    return Period.parse(text).code  # 422 with the Chinese message on a bad period


class _Checked(Page):
    """A bad filter value (period, plan) is a 422 page with the Chinese message, never a 500."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ValidationFailed as exc:
            return error_page(request, 422, "；".join(e.message for e in exc.errors))


class Board(_Checked):
    title = "规划指标"
    permission = "indicators.view"
    template_name = "indicators/board.html"

    def get(self, request):
        user = request.user
        plan = request.GET.get("plan", "")
        if plan and plan not in codes.PLANS:
            raise ValidationFailed.one("plan", "规划取值无效，应为：" + "、".join(codes.PLANS.values()))
        region_code = request.GET.get("region_code", "").strip() or user.region_id
        period = _period(request, user)
        rows = selectors.board(user, plan, region_code.ljust(12, "0"), period)
        if request.GET.get("export") == "xlsx":
            data = [[codes.PLANS[r.indicator.plan], r.indicator.number, r.indicator.name, r.indicator.unit,
                     "约束性" if r.indicator.binding else "预期性", codes.KINDS[r.indicator.kind],
                     f"{_number(r.indicator.baseline_value)}（{r.indicator.baseline_year}年）"
                     if r.indicator.baseline_year else "", _number(r.target), r.final_target, _number(r.value),
                     r.status_label, codes.VALUE_SOURCES.get(r.source, ""), r.indicator.source] for r in rows]
            name = regions.names_for([region_code.ljust(12, "0")]).get(region_code.ljust(12, "0"), region_code)
            response, _ = export.xlsx_response(EXPORT_HEADER, data, f"规划指标-{name}-{period}.xlsx", "规划指标")
            audit.record(user, audit.Event("export", "indicator_value", "", region_code.ljust(12, "0"),
                                           {"rows": len(data), "format": "xlsx", "filters": {"period": period}}))
            return response
        code12 = region_code.ljust(12, "0")
        return self.render({
            "rows": rows, "plans": codes.PLANS, "plan": plan, "period": period, "region_code": code12,
            "region_name": regions.names_for([code12]).get(code12, code12),
            "at_risk": sum(1 for r in rows if r.indicator.binding and r.status in ("at_risk", "off_track")),
            "styles": codes.STATUS_STYLE})


class IndicatorDetail(_Checked):
    title = "指标详情"
    permission = "indicators.view"
    template_name = "indicators/detail.html"

    def get(self, request, code):
        user = request.user
        ind = selectors.get_indicator(user, code)
        region_code = selectors.region_in_scope(user, request.GET.get("region_code", "").strip())
        period = _period(request, user)
        children = selectors.children_values(user, ind, region_code, period)
        trend = selectors.trend(user, ind, region_code, period)
        current = next((t for t in trend if t.period == period), None)
        names = regions.names_for([region_code, *(c.region_code for c in children)])
        element_names = {k: e.name for k, e in elements().items()}
        parts = breakdowns.disaggregate(user, ind, region_code, period)
        charts = _detail_charts(ind, trend, children, names, parts)
        if request.GET.get("export") == "xlsx":
            chart = chart_data.pick(charts, request.GET.get("chart", ""))
            name = names.get(region_code, region_code)
            return chart_data.chart_response(user, chart, f"{ind.name}-{chart.title}-{name}-{period}.xlsx",
                                             "indicator_value", region_code, {"indicator": ind.code, "period": period})
        chart = {"unit": ind.unit,
                 "trend": {"periods": [t.period for t in trend], "values": [_number(t.value) for t in trend],
                           "targets": [_number(t.target) for t in trend]},
                 "regions": {"names": [names.get(c.region_code, c.region_code) for c in children],
                             "values": [_number(c.value) for c in children]},
                 "breakdowns": [{"id": d.dimension, "label": d.label, "categories": [x.label for x in d.slices],
                                 "values": [_number(x.numerator if d.numerator_only else x.value) for x in d.slices]}
                                for d in parts]}
        links = {role: _records_link(user, code_, region_code, period)
                 for role, code_ in (("numerator", ind.numerator), ("denominator", ind.denominator)) if code_}
        return self.render({"indicator": ind, "kind": codes.KINDS[ind.kind], "region_code": region_code,
                            "region_name": names.get(region_code, region_code), "period": period,
                            "children": [(c, names.get(c.region_code, c.region_code),
                                          _records_link(user, ind.numerator, c.region_code, period))
                                         for c in children],
                            "trend": trend, "current": current, "chart": chart, "styles": codes.STATUS_STYLE,
                            "status_labels": codes.STATUS, "parts": parts, "links": links,
                            "export_base": f"?region_code={region_code}&period={period}&export=xlsx&chart=",
                            "numerator_name": element_names.get(ind.numerator, ind.numerator),
                            "denominator_name": element_names.get(ind.denominator, ind.denominator)})


def _records_link(user, element_code: str, region_code: str, period: str) -> str:
    """The list of records behind the element's value, when the app declares one and the role may read it."""
    element = elements().get(element_code or "")
    if element is None or element.records is None or not roles.has_perm(user, element.records.permission):
        return ""
    query = urlencode({"region_code": region_code, "period": period})
    return f"{reverse('indicator_records', args=[element_code])}?{query}"


def _detail_charts(ind, trend, children, names, parts) -> list[chart_data.Chart]:
    unit = f"（{ind.unit}）" if ind.unit else ""
    out = [chart_data.Chart("trend", "历期走势", ["统计期", f"指标值{unit}", "进度目标", "分子", "分母", "进度"],
                            [[t.period, t.value, t.target, t.numerator, t.denominator, codes.STATUS[t.status]]
                             for t in trend]),
           chart_data.Chart("regions", "下级区划比较", ["区划代码", "区划", f"指标值{unit}", "分子", "分母", "进度"],
                            [[c.region_code, names.get(c.region_code, c.region_code), c.value, c.numerator,
                              c.denominator, codes.STATUS[c.status]] for c in children])]
    out += [chart_data.Chart(d.dimension, f"按{d.label}分", [d.label, "分子", "分母", f"指标值{unit}"],
                             [[x.label, x.numerator, x.denominator, x.value] for x in d.slices]) for d in parts]
    return out


class ManualList(ListPage):
    title = "指标人工填报"
    permission = "indicators.view"
    description = "系统无法从业务数据计算的指标，由乡镇（街道）及以上填报并上传佐证材料，县级及以上审核后计入。"
    selector = staticmethod(selectors.manual_for)
    filterset_class = ManualFilters
    table_class = ManualTable
    ordering = ("-entered_at", "-id")
    export_object = "manual_value"
    empty_text = "尚无填报"
    actions = [PageAction("indicator_manual_new", "填报指标值", "indicators.enter")]


class ManualForm(StyledForm):
    indicator = forms.ChoiceField(label="指标")
    region_code = forms.CharField(label="区划代码", max_length=12)
    period = forms.CharField(label="统计期（2026、2026Q4 或 2026-11）", max_length=8)
    value = forms.CharField(label="填报值", max_length=24)
    note = forms.CharField(label="填报说明（数据来源、计算口径）", max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label="佐证材料（PDF/JPG/PNG，可选）", required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = list(choices)


class ManualEnterPage(ServiceFormPage):
    title = "填报指标值"
    permission = "indicators.enter"
    form_class = ManualForm
    success_message = "已提交，待审核"
    success_url = "indicator_manual_list"

    def make_form(self, data=None):
        choices = [(i.code, f"{codes.PLANS[i.plan][:6]}…｜{i.name}") for i in
                   selectors.indicators_for(self.request.user).filter(kind="manual")]
        return ManualForm(data, self.request.FILES or None, choices=choices, initial=self.initial())

    def initial(self) -> dict:
        return {"region_code": self.request.user.region_id, "period": f"{clock.today().year}",
                "indicator": self.request.GET.get("indicator", "")}

    def call_service(self, data, comment):
        evidence = data.pop("evidence", None)
        return services.submit_manual(self.request.user, data, evidence=evidence)


class DecideForm(StyledForm):
    decision = forms.ChoiceField(label="审核结果", choices=[("approve", "通过（计入指标）"), ("reject", "退回")])
    note = forms.CharField(label="审核意见（退回时必填）", max_length=500, required=False)


class ManualDecidePage(ServiceFormPage):
    title = "审核填报值"
    permission = "indicators.approve"
    form_class = DecideForm
    object_selector = staticmethod(selectors.get_manual)
    confirm = True
    confirm_text = "审核通过后该值计入指标（退回须填写意见），不能撤销。请填写确认说明后确认。"
    success_message = "已审核"
    success_url = staticmethod(lambda row: reverse("indicator_manual_list"))

    def make_form(self, data=None):
        row = self.object
        self.description = (f"{row.indicator.name}｜{row.period}｜填报值 {_number(row.value)} {row.indicator.unit}"
                            f"｜{row.note}")
        return DecideForm(data)

    def call_service(self, data, comment):
        return services.decide_manual(self.request.user, self.object.pk, data["decision"] == "approve",
                                      data.get("note") or comment)


# ---- statistical returns ---------------------------------------------------------------------------------------------


class ReturnList(ListPage):
    title = "统计报表（季报）"
    permission = "indicators.view"
    description = ("按季度和区划由业务数据生成的民政统计季报；与上期已报送报表逐项比对，"
                   "变化超过20%须说明；报送后锁定。")
    selector = staticmethod(selectors.returns_for)
    filterset_class = ReturnFilters
    table_class = ReturnTable
    ordering = ("-period", "region_code")
    export_object = "stat_return"
    empty_text = "尚未生成统计报表"
    actions = [PageAction("stat_return_new", "生成季报", "indicators.report")]


class ReturnForm(StyledForm):
    region_code = forms.CharField(label="填报单位区划代码", max_length=12)
    period = forms.CharField(label="统计期（季度，如 2026Q4）", max_length=8)


class ReturnGeneratePage(ServiceFormPage):
    title = "生成统计季报"
    permission = "indicators.report"
    form_class = ReturnForm
    description = "按所选季度末的业务数据生成；草稿可重新生成，报送后锁定。"
    success_message = "已生成"
    success_url = staticmethod(lambda report: reverse("stat_return_detail", args=[report.pk]))

    def initial(self) -> dict:
        today = clock.today()
        return {"region_code": self.request.user.region_id, "period": f"{today.year}Q{(today.month - 1) // 3 + 1}"}

    def call_service(self, data, comment):
        return returns.generate(self.request.user, data["region_code"], data["period"])


class ReturnDetail(_Checked):
    title = "统计季报"
    permission = "indicators.view"
    template_name = "indicators/return.html"

    def get(self, request, pk):
        report = selectors.get_return(request.user, pk)
        name = regions.names_for([report.region_code]).get(report.region_code, report.region_code)
        if request.GET.get("export") == "xlsx":
            header = ["类别", "项目", "单位", "本期", "上期", "变化（%）"]
            data = [[ln["section"], ln["name"], ln["unit"], ln["value"], ln["previous"] or "", ln["change"] or ""]
                    for ln in report.lines]
            response, _ = export.xlsx_response(header, data, f"民政统计季报-{name}-{report.period}.xlsx", "统计季报")
            audit.record(request.user, audit.Event("export", "stat_return", report.pk, report.region_code,
                                                   {"rows": len(data), "format": "xlsx", "filters": {}}))
            return response
        if request.GET.get("export") == "pdf":
            content = pdf.stat_return(report, name, codes.RETURN_STATUS[report.status])
            audit.record(request.user, audit.Event("export", "stat_return", report.pk, report.region_code,
                                                   {"rows": len(report.lines), "format": "pdf", "filters": {}}))
            return _pdf_response(content, f"民政统计季报-{name}-{report.period}.pdf")
        return self.render({"report": report, "region_name": name, "flagged": {ln["code"] for ln in
                                                                               returns.flagged(report)},
                            "status_label": codes.RETURN_STATUS[report.status], "limit": codes.CHANGE_FLAG})


class SubmitForm(StyledForm):
    explanation = forms.CharField(label="差异说明（变化超过20%的项目须填写）", max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class ReturnSubmitPage(ServiceFormPage):
    title = "报送统计季报"
    permission = "indicators.report"
    form_class = SubmitForm
    object_selector = staticmethod(selectors.get_return)
    confirm = True
    confirm_text = "报送后报表锁定，不能重新生成或修改。请填写确认说明后确认。"
    success_message = "已报送"
    success_url = staticmethod(lambda report: reverse("stat_return_detail", args=[report.pk]))

    def call_service(self, data, comment):
        return returns.submit(self.request.user, self.object.pk, data.get("explanation") or "")


# ---- the plan's evaluation report ------------------------------------------------------------------------------------

STAGES = {"mid": "中期评估", "final": "终期评估"}


class PlanReport(_Checked):
    """A plan's mid-term or final evaluation report: every indicator's baseline, target, current value, status and
    source, printable (the browser saves it as PDF) and as Excel."""

    title = "规划评估报告"
    permission = "indicators.view"
    template_name = "indicators/report.html"

    def get(self, request):
        user = request.user
        plan = request.GET.get("plan", "") or next(iter(codes.PLANS))  # the first plan until one is chosen
        if plan not in codes.PLANS:
            raise ValidationFailed.one("plan", "规划取值无效，应为：" + "、".join(codes.PLANS.values()))
        stage = request.GET.get("stage", "mid")
        if stage not in STAGES:
            raise ValidationFailed.one("stage", "评估阶段应为 mid（中期）或 final（终期）")
        region_code = (request.GET.get("region_code", "").strip() or user.region_id).ljust(12, "0")
        period = _period(request, user)
        rows = selectors.board(user, plan, region_code, period)
        name = regions.names_for([region_code]).get(region_code, region_code)
        heading = f"{codes.PLANS[plan]}{STAGES[stage]}报告"
        if request.GET.get("export") == "xlsx":
            data = [[r.indicator.number, r.indicator.name, r.indicator.unit,
                     "约束性" if r.indicator.binding else "预期性",
                     f"{_number(r.indicator.baseline_value)}（{r.indicator.baseline_year}）"
                     if r.indicator.baseline_year else "", r.final_target, _number(r.target), _number(r.value),
                     r.status_label, codes.VALUE_SOURCES.get(r.source, ""), r.indicator.source] for r in rows]
            header = ["序号", "指标", "单位", "属性", "基期", "规划目标", "本期进度目标", "当前值", "进度", "来源",
                      "出处"]
            response, _ = export.xlsx_response(header, data, f"{heading}-{name}-{period}.xlsx", STAGES[stage])
            audit.record(user, audit.Event("export", "indicator_value", "", region_code,
                                           {"rows": len(data), "format": "xlsx", "filters": {"plan": plan}}))
            return response
        counts = {k: sum(1 for r in rows if r.status == k) for k in codes.STATUS}
        binding = sum(1 for r in rows if r.indicator.binding)
        binding_at_risk = sum(1 for r in rows if r.indicator.binding and r.status in ("at_risk", "off_track"))
        if request.GET.get("export") == "pdf":
            content = pdf.evaluation_report(heading, name, period, clock.today(), rows, counts, binding,
                                            binding_at_risk)
            audit.record(user, audit.Event("export", "indicator_value", "", region_code,
                                           {"rows": len(rows), "format": "pdf", "filters": {"plan": plan,
                                                                                           "stage": stage}}))
            return _pdf_response(content, f"{heading}-{name}-{period}.pdf")
        return self.render({"heading": heading, "rows": rows, "plan": plan, "stage": stage, "period": period,
                            "region_code": region_code, "region_name": name, "today": clock.today(), "counts": counts,
                            "binding": binding, "binding_at_risk": binding_at_risk})


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    from django.utils.http import content_disposition_header

    response = HttpResponse(content, content_type="application/pdf")
    response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    response.headers["Cache-Control"] = "no-store"
    return response
