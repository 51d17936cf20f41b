// Irreversible actions ask once more. A form with data-confirm="what will
// happen" opens a <dialog> when it is submitted; only "confirm" sends it.
// Without this script (or without <dialog>), the form's own confirmation
// checkbox ([data-confirm-check], required, checked on the server) asks instead.
(function () {
  "use strict";
  if (typeof HTMLDialogElement !== "function") return;
  var counter = 0;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function dialogFor(form, title) {
    counter += 1;
    var dialog = element("dialog", "confirm-dialog");
    var heading = element("h2", "", title);
    heading.id = "confirm-title-" + counter;
    var message = element("p", "", form.getAttribute("data-confirm"));
    message.id = "confirm-message-" + counter;
    dialog.setAttribute("aria-labelledby", heading.id);
    dialog.setAttribute("aria-describedby", message.id);
    var actions = element("div", "actions");
    var cancel = element("button", "button button-quiet", "Hủy");
    cancel.type = "button";
    cancel.setAttribute("data-confirm-cancel", "");
    var accept = element("button", "button", form.getAttribute("data-confirm-yes") || "Xác nhận");
    accept.type = "button";
    accept.setAttribute("data-confirm-accept", "");
    actions.appendChild(cancel);
    actions.appendChild(accept);
    dialog.appendChild(heading);
    dialog.appendChild(message);
    dialog.appendChild(actions);
    cancel.addEventListener("click", function () { dialog.close(); });
    document.body.appendChild(dialog);
    return { dialog: dialog, accept: accept, cancel: cancel };
  }

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    // The dialog asks instead of the checkbox: hide it, and tick it on "confirm".
    var check = form.querySelector("[data-confirm-check]");
    var box = check ? check.querySelector("input[type=checkbox]") || check : null;
    if (check) {
      check.hidden = true;
      if (box) box.required = false;
    }
    var submitter = null;
    var parts = null;
    var confirmed = false;
    form.addEventListener("submit", function (event) {
      if (confirmed) return;
      event.preventDefault();
      submitter = event.submitter || form.querySelector("[type=submit]");
      if (!parts) {
        var title = form.getAttribute("data-confirm-title") ||
          (submitter ? submitter.textContent.trim() : "Xác nhận");
        parts = dialogFor(form, title);
        parts.accept.addEventListener("click", function () {
          confirmed = true;
          if (box) box.checked = true;
          parts.dialog.close();
          // A live refresh may have replaced the button meanwhile.
          var target = submitter && form.contains(submitter) ? submitter : undefined;
          if (form.requestSubmit) form.requestSubmit(target);
          else form.submit();
        });
      }
      parts.dialog.showModal();
      // The safe choice has the focus: Enter does not confirm by accident.
      parts.cancel.focus();
    });
  });
})();
