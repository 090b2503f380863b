// The funds and caseload board's charts (ECharts, served locally): caseload and funds paid by month, by program and
// by child region. Data come from the page (json_script); no inline script (Content-Security-Policy).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("mz-funds-chart");
    if (!source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var num = function (list) { return list.map(function (v) { return v === "" ? null : Number(v); }); };
    var charts = [];
    function chart(id, option) {
      var box = document.getElementById(id);
      if (!box) { return; }
      var c = window.echarts.init(box);
      c.setOption(option);
      charts.push(c);
    }
    chart("mz-funds-months", {
      tooltip: { trigger: "axis" }, legend: { data: ["发放资金（元）", "在保人数", "在保家庭户数"], top: 0 },
      grid: { left: 64, right: 56, top: 64, bottom: 32 },
      xAxis: { type: "category", data: data.months },
      yAxis: [{ type: "value", name: "元" }, { type: "value", name: "人/户" }],
      series: [{ name: "发放资金（元）", type: "bar", data: num(data.paid), barMaxWidth: 28 },
               { name: "在保人数", type: "line", yAxisIndex: 1, data: num(data.persons) },
               { name: "在保家庭户数", type: "line", yAxisIndex: 1, lineStyle: { type: "dashed" },
                 data: num(data.households) }]
    });
    chart("mz-funds-programs", {
      tooltip: { trigger: "axis" }, legend: { data: ["在保人数", "发放资金（元）"], top: 0 },
      grid: { left: 112, right: 32, top: 64, bottom: 32 },
      xAxis: [{ type: "value", name: "人" }, { type: "value", name: "元", position: "top", splitLine: { show: false } }],
      yAxis: { type: "category", data: data.programs, axisLabel: { interval: 0 } },
      series: [{ name: "在保人数", type: "bar", data: num(data.program_persons) },
               { name: "发放资金（元）", type: "bar", xAxisIndex: 1, data: num(data.program_paid) }]
    });
    chart("mz-funds-regions", {
      tooltip: { trigger: "axis" }, legend: { data: ["在保人数", "发放资金（元）"], top: 0 },
      grid: { left: 96, right: 32, top: 64, bottom: 32 },
      xAxis: [{ type: "value", name: "人" }, { type: "value", name: "元", position: "top", splitLine: { show: false } }],
      yAxis: { type: "category", data: data.regions, axisLabel: { interval: 0 } },
      series: [{ name: "在保人数", type: "bar", data: num(data.region_persons) },
               { name: "发放资金（元）", type: "bar", xAxisIndex: 1, data: num(data.region_paid) }]
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
