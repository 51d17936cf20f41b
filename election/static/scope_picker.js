// Scope pickers (templates/accounts/_scope_picker.html): a choice made, the
// form goes back to the server for the next step's options, as its
// "Cập nhật danh sách địa bàn" button would do without this script.
(function () {
  "use strict";
  document.querySelectorAll("[data-scope-picker]").forEach(function (picker) {
    var button = picker.querySelector("[data-scope-refresh]");
    var form = picker.closest("form");
    if (!button || !form || typeof form.requestSubmit !== "function") return;
    button.hidden = true;
    picker.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () {
        form.requestSubmit(button);
      });
    });
  });
})();
