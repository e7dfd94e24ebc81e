// The dashboard's charts: options come from the page (server-side), ECharts from our own files.
(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  Object.keys(data).forEach(function (name) {
    var el = document.getElementById("chart-" + name);
    if (!el) return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(data[name]);
    window.addEventListener("resize", function () { chart.resize(); });
  });
  document.body.dataset.chartsReady = "1";
})();
