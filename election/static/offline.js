// Forms that survive a lost network. Every <form data-offline-queue>:
// - keeps its fields on this device (localStorage) as they are typed, per
//   signed-in user, and puts them back when the page is opened again;
// - is sent with fetch (the same urlencoded body, CSRF field included) and the
//   header Idempotency-Key: a key made when the form was first filled, kept
//   until the server has the submission, so a resend never counts twice;
// - when offline, or when the send fails, waits in a queue on the device and
//   is sent again when the network returns, saying so in its
//   [data-offline-status] element.
// The server answers as it does to a plain post; a redirect is followed.
// This script also registers the service worker (/sw.js) that keeps the
// entry pages for a reload without network.
(function () {
  "use strict";
  var QUEUE = "offline-queue:v1";
  var DRAFT = "offline-draft:v1:";
  var FLASH = "offline-flash:v1";
  var OWNER = "offline-owner:v1";
  var KEPT = "offline-kept:v1";
  var PAGES = "election-pages-v1"; // the service worker's cache of pages
  var RETRY_MS = 15000;
  var TEXT = {
    saved: "Đã lưu trên máy, sẽ gửi khi có mạng",
    sending: "Đang gửi…",
    sent: "Đã gửi",
    login: "Phiên đăng nhập đã hết: hãy đăng nhập lại; số liệu vẫn được giữ trên máy và sẽ gửi sau đó.",
    refused: "Máy chủ chưa nhận; đang mở lại trang với lý do…",
    sentElsewhere: "Đã gửi số liệu đã lưu trên máy lúc mất mạng.",
    refusedElsewhere: "Số liệu lưu trên máy lúc mất mạng chưa được nhận: mở lại trang đã nhập để xem lý do; số liệu vẫn còn trên máy.",
  };
  var NOT_KEPT = { _csrf_token: true, idempotency_key: true };

  var meta = document.querySelector('meta[name="election-user"]');
  var user = meta ? meta.getAttribute("content") : "";

  function read(key, fallback) {
    try {
      var value = JSON.parse(window.localStorage.getItem(key));
      return value === null || value === undefined ? fallback : value;
    } catch (e) {
      return fallback;
    }
  }
  function write(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* storage full or refused: the form still posts */ }
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().replace(/-/g, "");
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function actionOf(form) {
    return new URL(form.getAttribute("action") || window.location.pathname, window.location.href).pathname;
  }
  function draftKey(form) { return DRAFT + user + ":" + actionOf(form); }

  function fieldsOf(form) {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || NOT_KEPT[el.name] || el.type === "file" || el.type === "submit" || el.type === "button") return;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) fields[el.name] = el.value;
      } else {
        fields[el.name] = el.value;
      }
    });
    return fields;
  }

  function restore(form, fields) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || NOT_KEPT[el.name] || !(el.name in fields) && el.type !== "checkbox") return;
      if (el.type === "checkbox" || el.type === "radio") el.checked = fields[el.name] === el.value;
      else if (el.type !== "file" && el.type !== "submit" && el.type !== "button") el.value = fields[el.name];
    });
  }

  // The draft: the key of this filling and the fields as typed.
  function draftOf(form) {
    var draft = read(draftKey(form), null);
    if (!draft || !draft.key) {
      draft = { key: newKey(), fields: null, saved: 0 };
      write(draftKey(form), draft);
    }
    return draft;
  }
  function keyOf(form) {
    var key = draftOf(form).key;
    if (form.elements.idempotency_key) form.elements.idempotency_key.value = key;
    return key;
  }
  function saveDraft(form) {
    var draft = draftOf(form);
    draft.fields = fieldsOf(form);
    draft.saved = Date.now();
    write(draftKey(form), draft);
  }

  function statusOf(form) { return form.querySelector("[data-offline-status]"); }
  function setStatus(form, what) {
    var box = form && statusOf(form);
    if (!box) return;
    box.textContent = TEXT[what] || what;
    box.setAttribute("data-state", what);
  }

  // A queued form sent or refused while another page is open: said at the top.
  function notify(text) {
    var main = document.getElementById("main");
    if (!main) return;
    var box = document.createElement("div");
    box.className = "notice";
    box.setAttribute("role", "status");
    box.textContent = text;
    main.insertBefore(box, main.firstChild);
  }

  function queue() { return read(QUEUE, []); }
  function setQueue(items) { write(QUEUE, items.length ? items : null); }

  function csrfCookie() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function formFor(item) {
    var found = null;
    document.querySelectorAll("form[data-offline-queue]").forEach(function (form) {
      if (actionOf(form) === item.action) found = form;
    });
    return found;
  }

  function send(item) {
    var body = new URLSearchParams(item.body);
    // The token of this browser's current CSRF cookie, which may have been
    // renewed since the form was queued.
    var token = csrfCookie() || body.get("_csrf_token") || "";
    if (token) body.set("_csrf_token", token);
    return fetch(item.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "follow",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Idempotency-Key": item.key,
        "X-CSRFToken": token,
      },
    });
  }

  var flushing = false;
  function flush() {
    if (flushing) return Promise.resolve();
    var mine = queue().filter(function (item) { return item.user === user; });
    if (!mine.length) return Promise.resolve();
    flushing = true;
    var item = mine[0];
    var form = formFor(item);
    setStatus(form, "sending");
    return send(item).then(function (response) {
      var landed = new URL(response.url || item.action, window.location.href);
      if (landed.pathname === "/login") {
        setStatus(form, "login");
        return false;
      }
      if (response.status >= 500 || response.status === 429) {
        setStatus(form, "saved");
        return false;
      }
      // Answered: sent, or refused for good (nothing was written). Either way
      // it leaves the queue.
      setQueue(queue().filter(function (other) { return other.key !== item.key; }));
      if (response.ok) {
        var draft = read(item.draft, null);
        if (draft && draft.key === item.key) write(item.draft, null);
        setStatus(form, "sent");
        if (form) {
          write(FLASH, { action: item.action, user: user });
          window.location.assign(landed.pathname + landed.search);
          return false;
        }
        notify(TEXT.sentElsewhere);
        return true;
      }
      if (form) {
        // Refused (nothing was written): post the form as the browser would,
        // so that the server's page shows each message beside its field.
        setStatus(form, "refused");
        keyOf(form);
        HTMLFormElement.prototype.submit.call(form);
        return false;
      }
      notify(TEXT.refusedElsewhere);
      return true;
    }, function () {
      setStatus(form, "saved");
      return false;
    }).then(function (more) {
      flushing = false;
      if (more) return flush();
    });
  }

  function submitted(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-offline-queue")) return;
    if (event.defaultPrevented || form.enctype === "multipart/form-data") return;
    event.preventDefault();
    saveDraft(form);
    var key = keyOf(form);
    var item = {
      user: user,
      key: key,
      action: actionOf(form),
      draft: draftKey(form),
      body: new URLSearchParams(new FormData(form)).toString(),
      queued: Date.now(),
    };
    // Pressing the button twice sends once: one item per key.
    setQueue(queue().filter(function (other) { return other.key !== key; }).concat([item]));
    if (!navigator.onLine) {
      setStatus(form, "saved");
      return;
    }
    flush();
  }

  function prepare(form) {
    var draft = read(draftKey(form), null);
    if (draft && draft.fields) restore(form, draft.fields);
    keyOf(form);
    var waiting = queue().some(function (item) { return item.user === user && item.action === actionOf(form); });
    var flash = read(FLASH, null);
    if (waiting) setStatus(form, "saved");
    else if (flash && flash.action === actionOf(form) && flash.user === user) setStatus(form, "sent");
    if (flash) write(FLASH, null);
    form.addEventListener("input", function () { saveDraft(form); });
    form.addEventListener("change", function () { saveDraft(form); });
    keepPage();
  }

  // This page, kept by the service worker's cache for a reload without network.
  function keepPage() {
    if (!window.caches || !navigator.onLine) return;
    var path = window.location.pathname;
    var kept = read(KEPT, {});
    kept[path] = document.title;
    write(KEPT, kept);
    window.caches.open(PAGES).then(function (pages) {
      return pages.match(path).then(function (hit) { return hit || pages.add(path); });
    }).catch(function () {});
  }

  // Pages and drafts kept for one signed-in user are never shown to another.
  function forgetOtherUser() {
    var owner = read(OWNER, null);
    if (owner === user) return;
    write(OWNER, user);
    write(KEPT, null);
    if (window.caches) window.caches.delete(PAGES).catch(function () {});
  }

  function listKeptPages() {
    var box = document.querySelector("[data-offline-pages]");
    if (!box) return;
    var kept = read(KEPT, {});
    var list = box.querySelector("ul");
    Object.keys(kept).forEach(function (path) {
      var link = document.createElement("a");
      link.href = path;
      link.textContent = kept[path].split(" · ")[0];
      var item = document.createElement("li");
      item.appendChild(link);
      list.appendChild(item);
    });
    box.hidden = !list.children.length;
  }

  document.addEventListener("submit", submitted);
  // Signing out empties the kept pages before the post leaves.
  document.querySelectorAll('form[action="/logout"]').forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.caches || form.hasAttribute("data-pages-forgotten")) return;
      event.preventDefault();
      write(KEPT, null);
      write(OWNER, null);
      var leave = function () {
        form.setAttribute("data-pages-forgotten", "");
        HTMLFormElement.prototype.submit.call(form);
      };
      window.caches.delete(PAGES).then(leave, leave);
    });
  });
  if (user) forgetOtherUser();
  document.querySelectorAll("form[data-offline-queue]").forEach(prepare);
  listKeptPages();

  window.addEventListener("online", flush);
  window.setInterval(function () { if (navigator.onLine) flush(); }, RETRY_MS);
  if (navigator.onLine) flush();

  // Registered from the pages that work offline; once installed it serves
  // every page of the site (scope /), falling back to the offline page.
  var offlinePage = document.querySelector("form[data-offline-queue]");
  if (offlinePage && navigator.storage && navigator.storage.persist) {
    // Ask the browser not to evict the kept pages and figures under storage pressure.
    navigator.storage.persist().catch(function () {});
  }
  if ("serviceWorker" in navigator && user && offlinePage) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }

  window.electionOffline = { keyOf: keyOf, saveDraft: saveDraft, flush: flush };
})();
