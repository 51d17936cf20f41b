// Election night: live progress (Server-Sent Events) and a running check of
// the minutes while they are typed. The pages work without it.
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

  var form = document.getElementById("entry-form");
  if (!form) return;
  var hint = document.getElementById("check-sum");
  function value(name) {
    var input = form.elements[name];
    if (!input || input.value.trim() === "") return null;
    var digits = input.value.replace(/[.\s]/g, "");
    return /^\d+$/.test(digits) ? parseInt(digits, 10) : NaN;
  }
  function check() {
    var received = value("ballots_received"), valid = value("valid"), invalid = value("invalid");
    var issued = value("ballots_issued");
    var problems = [];
    if (received !== null && valid !== null && invalid !== null && valid + invalid !== received) {
      problems.push("Phiếu hợp lệ + không hợp lệ (" + number.format(valid + invalid) +
        ") khác số phiếu thu vào (" + number.format(received) + ").");
    }
    if (received !== null && issued !== null && received > issued) {
      problems.push("Số phiếu thu vào lớn hơn số phiếu phát ra.");
    }
    form.querySelectorAll(".vote-input").forEach(function (input) {
      var votes = parseInt(input.value.replace(/[.\s]/g, ""), 10);
      if (valid !== null && votes > valid) {
        problems.push(input.labels[0].textContent + ": số phiếu bầu lớn hơn số phiếu hợp lệ.");
      }
    });
    hint.textContent = problems.join(" ");
    hint.className = "entry-check" + (problems.length ? " warn" : "");
  }
  form.addEventListener("input", check);
  check();
})();
