// A chosen number of the tables, in words: which cell it is, where it was read, its findings.
(function () {
  var info = document.getElementById("cell-info");
  if (!info) return;
  function show(td) {
    var marks = Array.prototype.map.call(td.querySelectorAll("a.mark"), function (a) { return "问题 " + a.textContent; });
    var value = td.childNodes.length ? td.childNodes[0].textContent : "";
    info.textContent = td.dataset.label + "：" + value + "。" + (td.title || "未记录读取位置") + "。" +
      (marks.length ? "见" + marks.join("、") + "。" : "");
    info.className = "cell-info " + (td.classList.contains("error") ? "error" : td.classList.contains("warning") ? "warning" : "");
  }
  document.querySelectorAll("td[data-cell]").forEach(function (td) {
    td.addEventListener("click", function () { show(td); });
    td.addEventListener("focus", function () { show(td); });
  });
})();
