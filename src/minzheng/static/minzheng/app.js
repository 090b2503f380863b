// Behaviour the pages used to inline (onclick=…), bound here so the Content-Security-Policy can forbid inline
// script: [data-mz-print] prints the page; [data-mz-select-all] ticks every row checkbox of its table.
document.addEventListener("click", function (event) {
  var printer = event.target.closest("[data-mz-print]");
  if (printer) {
    window.print();
  }
});
document.addEventListener("change", function (event) {
  var all = event.target.closest("[data-mz-select-all]");
  if (all) {
    all.closest("table").querySelectorAll("input[name=ids]").forEach(function (box) {
      box.checked = all.checked;
    });
  }
});
