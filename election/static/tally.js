// Election night: live progress (Server-Sent Events). The pages work without
// it. The entry form's behaviour is in sheet_form.js.
(function () {
  "use strict";
  var number = new Intl.NumberFormat("vi-VN");

  document.querySelectorAll("[data-progress-stream]").forEach(function (box) {
    if (!window.EventSource) return;
    var source = new EventSource(box.getAttribute("data-progress-stream"));
    var dot = box.querySelector(".live-dot");
    source.addEventListener("open", function () { if (dot) dot.hidden = false; });
    source.addEventListener("error", function () { if (dot) dot.hidden = true; });
    source.addEventListener("progress", function (event) {
      var data = JSON.parse(event.data);
      Object.keys(data).forEach(function (key) {
        box.querySelectorAll('[data-field="' + key + '"]').forEach(function (cell) {
          cell.textContent = key === "turnout" ? data[key] : number.format(data[key]);
        });
      });
      box.setAttribute("data-updated", String(Date.now()));
      refreshLiveRegions();
    });
  });

  // The data-live parts (live_regions.js) follow each burst of changes.
  function refreshLiveRegions() { window.electionLiveRegions.refresh(); }
})();
