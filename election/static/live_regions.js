// Parts of a page marked data-live (standings, sheet states, turnout tables)
// are re-read from the server after each burst of changes a live stream
// announces, so they follow without a reload. One read at a time.
(function () {
  "use strict";
  var refreshing = false;
  function refresh() {
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
  window.electionLiveRegions = { refresh: refresh };
})();
