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

  // Tables marked data-live (standings, sheet states) are re-read from the
  // server after each burst of changes, so they follow without a reload.
  var refreshing = false;
  function refreshLiveRegions() {
    var regions = document.querySelectorAll("[data-live]");
    if (!regions.length || refreshing) return;
    refreshing = true;
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        regions.forEach(function (region) {
          var next = fresh.querySelector('[data-live="' + region.getAttribute("data-live") + '"]');
          if (next) region.innerHTML = next.innerHTML;
        });
      })
      .catch(function () {})
      .then(function () { refreshing = false; });
  }
})();
