// Parts of a page marked data-live (standings, sheet states, turnout tables)
// are re-read from the server after each burst of changes a live stream
// announces, so they follow without a reload. One read at a time. A region
// whose rows a stream carries in its event (the results page) needs no read.
(function () {
  "use strict";
  var refreshing = false;
  // `onlyUncovered`: after an event's rows were applied, re-read only the
  // regions that hold no such rows (a commune's grid of sheets).
  function refresh(onlyUncovered) {
    var regions = Array.prototype.filter.call(document.querySelectorAll("[data-live]"), function (region) {
      return !onlyUncovered || !region.querySelector("[data-row]");
    });
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
  // Rows a stream carries in its event (those changed since the last event),
  // by their data-row key: a row's HTML replaces it; a list of texts fills
  // its data-cell parts in order (the row keeps its shape, the server knows).
  // False when a row could not be filled: its region is then read again.
  function apply(rows) {
    var filled = true;
    Object.keys(rows).forEach(function (key) {
      var row = document.querySelector('[data-row="' + key + '"]');
      if (!row) return;
      var value = rows[key];
      if (typeof value === "string") {
        row.outerHTML = value;
        return;
      }
      var cells = row.querySelectorAll("[data-cell]");
      if (cells.length !== value.length) {
        filled = false;
        return;
      }
      for (var i = 0; i < cells.length; i++) {
        if (cells[i].textContent !== value[i]) cells[i].textContent = value[i];
      }
    });
    return filled;
  }
  window.electionLiveRegions = { refresh: refresh, apply: apply };
})();
