// Election night: live progress (Server-Sent Events). The pages work without
// it. The entry form's behaviour is in sheet_form.js.
(function () {
  "use strict";
  var number = new Intl.NumberFormat("vi-VN");
  var hundredths = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // "93.02" from the server, written as the page writes it: "93,02 %".
  function percent(text) { return hundredths.format(parseFloat(text)) + " %"; }

  document.querySelectorAll("[data-progress-stream]").forEach(function (box) {
    if (!window.EventSource) return;
    var source = new EventSource(box.getAttribute("data-progress-stream"));
    var dot = box.querySelector(".live-dot");
    source.addEventListener("open", function () { if (dot) dot.hidden = false; });
    source.addEventListener("error", function () { if (dot) dot.hidden = true; });
    source.addEventListener("progress", function (event) {
      var data = JSON.parse(event.data);
      var rows = data.rows;
      delete data.rows;
      Object.keys(data).forEach(function (key) {
        box.querySelectorAll('[data-field="' + key + '"]').forEach(function (cell) {
          cell.textContent = key === "turnout" ? percent(data[key]) : number.format(data[key]);
        });
      });
      box.setAttribute("data-updated", String(Date.now()));
      var filled = rows ? window.electionLiveRegions.apply(rows) : false;
      // The data-live parts (live_regions.js) the rows do not cover are re-read
      // (all of them if a row could not be filled).
      window.electionLiveRegions.refresh(filled);
    });
  });
})();
