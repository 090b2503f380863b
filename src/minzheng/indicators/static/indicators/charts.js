// The indicator page's charts (ECharts, served locally): the trend by period with its target line, the child
// regions compared, and the value by urban/rural, sex and age band. Data come from the page (json_script); no inline script (Content-Security-Policy).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("mz-indicator-chart");
    if (!source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var num = function (list) { return list.map(function (v) { return v === "" ? null : Number(v); }); };
    var trendBox = document.getElementById("mz-chart-trend");
    var regionBox = document.getElementById("mz-chart-regions");
    var trend = window.echarts.init(trendBox);
    trend.setOption({
      tooltip: { trigger: "axis" }, legend: { data: ["指标值", "进度目标"], top: 0, left: "center" },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: "category", data: data.trend.periods },
      yAxis: { type: "value", name: data.unit },
      series: [{ name: "指标值", type: "line", data: num(data.trend.values) },
               { name: "进度目标", type: "line", lineStyle: { type: "dashed" }, data: num(data.trend.targets) }]
    });
    var regions = window.echarts.init(regionBox);
    regions.setOption({
      tooltip: { trigger: "axis" }, grid: { left: 96, right: 16, top: 16, bottom: 24 },
      xAxis: { type: "value", name: data.unit }, yAxis: { type: "category", data: data.regions.names },
      series: [{ type: "bar", data: num(data.regions.values) }]
    });
    var all = [trend, regions];
    (data.breakdowns || []).forEach(function (part) {
      var box = document.getElementById("mz-chart-bd-" + part.id);
      if (!box) { return; }
      var chart = window.echarts.init(box);
      chart.setOption({
        tooltip: { trigger: "axis" }, grid: { left: 48, right: 16, top: 16, bottom: 32 },
        xAxis: { type: "category", data: part.categories, axisLabel: { interval: 0 } },
        yAxis: { type: "value", name: data.unit },
        series: [{ type: "bar", data: num(part.values), barMaxWidth: 36 }]
      });
      all.push(chart);
    });
    window.addEventListener("resize", function () { all.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
