// Turnout during voting day: the rollup page follows the reports live
// (Server-Sent Events), then re-reads its tables and charts. Works without it.
(function () {
  "use strict";
  var number = new Intl.NumberFormat("vi-VN");
  var hundredths = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // "94.30" from the server, written as the page writes it: "94,30 %".
  function percent(text) { return hundredths.format(parseFloat(text)) + " %"; }

  // The data-live parts (live_regions.js) follow each burst of reports.
  function refreshLiveRegions() { window.electionLiveRegions.refresh(); }

  document.querySelectorAll("[data-turnout-stream]").forEach(function (box) {
    if (!window.EventSource) return;
    var source = new EventSource(box.getAttribute("data-turnout-stream"));
    var dot = box.querySelector(".live-dot");
    source.addEventListener("open", function () { if (dot) dot.hidden = false; });
    source.addEventListener("error", function () { if (dot) dot.hidden = true; });
    source.addEventListener("turnout", function (event) {
      var hours = JSON.parse(event.data).hours;
      var latest = null;
      hours.forEach(function (hour) { if (hour.areas_reporting > 0) latest = hour; });
      var shown = {
        at: latest ? latest.at : "—",
        areas_reporting: latest ? number.format(latest.areas_reporting) : "0",
        areas_total: hours.length ? number.format(hours[0].areas_total) : "0",
        voted: latest ? number.format(latest.voted) : "0",
        turnout: percent(latest ? latest.turnout : "0")
      };
      Object.keys(shown).forEach(function (key) {
        box.querySelectorAll('[data-field="' + key + '"]').forEach(function (cell) {
          cell.textContent = shown[key];
        });
      });
      box.setAttribute("data-updated", String(Date.now()));
      refreshLiveRegions();
    });
  });
})();
