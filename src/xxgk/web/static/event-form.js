// Show only the fields the chosen event needs (without scripts every field shows and the
// server takes what the event uses).
(function () {
  var kind = document.getElementById("kind");
  if (!kind) return;
  function update() {
    document.querySelectorAll("#event-form [data-for]").forEach(function (el) {
      el.hidden = el.dataset.for !== kind.value;
    });
  }
  kind.addEventListener("change", update);
  update();
})();
