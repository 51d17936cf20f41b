// Date fields typed as Vietnamese write dates (dd/mm/yyyy): each
// `input[data-date]` gains a calendar button opening the browser's own date
// picker, whose choice is written back as dd/mm/yyyy. Without this script
// the field is typed by hand; the server reads both dd/mm/yyyy and ISO.
(function () {
  "use strict";
  function iso(typed) {
    var m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(typed);
    if (!m) return "";
    return m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2);
  }
  function typed(isoValue) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoValue);
    return m ? m[3] + "/" + m[2] + "/" + m[1] : "";
  }
  document.querySelectorAll("input[data-date]").forEach(function (field) {
    var picker = document.createElement("input");
    picker.type = "date";
    if (picker.type !== "date" || typeof picker.showPicker !== "function") return;
    picker.className = "date-picker-native";
    // Out of sight but rendered, so that the browser can anchor its picker.
    Object.assign(picker.style, {
      position: "absolute", opacity: "0", width: "1px", height: "1px",
      border: "0", padding: "0", pointerEvents: "none",
    });
    picker.tabIndex = -1;
    picker.setAttribute("aria-hidden", "true");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-quiet date-picker-button";
    button.textContent = "Chọn trên lịch";
    button.setAttribute("aria-label", "Chọn ngày trên lịch");
    field.insertAdjacentElement("afterend", button);
    button.insertAdjacentElement("afterend", picker);
    button.addEventListener("click", function () {
      picker.value = iso(field.value);
      try {
        picker.showPicker();
      } catch (error) {
        field.focus();
      }
    });
    picker.addEventListener("change", function () {
      if (picker.value) {
        field.value = typed(picker.value);
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
  });
})();
