// The signed QR relay (see election/tallies/relay.py for the text it signs).
// On an entry page: while online, fetch the relay key of this sheet version
// and this officer and keep it on the device; on "Tạo mã QR để chuyển biên
// bản", sign the typed figures with it (WebCrypto HMAC-SHA256, offline) and
// draw them as a QR code. On the relay page: scan with the camera where the
// browser has BarcodeDetector; a phone's scanner app can fill the text instead.
(function () {
  "use strict";
  var KEYS = "relay-key:v1:";
  var COUNTS = [
    "voters_on_list", "voters_took_part", "ballots_issued", "ballots_received", "valid",
    "invalid", "complaints_received", "complaints_settled", "complaints_forwarded",
  ];
  var STOCK = ["unused_ballots", "ballots_delivered", "spoiled_ballots"];
  var TIMES = ["voting_opened", "voting_closed", "closing_time"];
  var meta = document.querySelector('meta[name="election-user"]');
  var user = meta ? meta.getAttribute("content") : "";

  function Refusal(message) { this.message = message; }

  function read(key) {
    try { return JSON.parse(window.localStorage.getItem(key)); } catch (e) { return null; }
  }
  function write(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* not kept */ }
  }

  function labelOf(form, name) {
    var input = form.elements[name];
    var label = input && input.labels && input.labels[0];
    return label ? label.textContent.trim() : name;
  }

  function count(form, name, optional) {
    var input = form.elements[name];
    var text = input ? input.value.replace(/[.\s]/g, "") : "";
    if (text === "" && optional) return "";
    if (!/^\d{1,10}$/.test(text)) throw new Refusal("Điền số ở ô “" + labelOf(form, name) + "” trước khi tạo mã QR.");
    return String(parseInt(text, 10));
  }

  // "19:30", "19h30", "19 giờ 30", "7" → "19:30" / "07:00"; "" stays "".
  function clock(form, name) {
    var input = form.elements[name];
    var text = input ? input.value.trim().toLowerCase() : "";
    if (!text) return "";
    var match = text.match(/^(\d{1,2})\s*(?:[:h.]|giờ)?\s*(\d{1,2})?\s*(?:phút|p)?$/);
    if (!match || +match[1] > 23 || +(match[2] || 0) > 59) {
      throw new Refusal("Giờ ở ô “" + labelOf(form, name) + "” chưa đúng (ví dụ 19:30).");
    }
    return ("0" + match[1]).slice(-2) + ":" + ("0" + (match[2] || "0")).slice(-2);
  }

  function canonical(form, relayKey, idempotencyKey) {
    var votes = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      var match = el.name && el.name.match(/^vote_(\d+)$/);
      if (match) votes.push([parseInt(match[1], 10), count(form, el.name, false)]);
    });
    votes.sort(function (a, b) { return a[0] - b[0]; });
    var stock = STOCK.map(function (name) { return count(form, name, true); });
    var times = TIMES.map(function (name) { return clock(form, name); });
    var reason = form.elements.reason ? form.elements.reason.value : "";
    return [
      "BBKP1",
      "s=" + relayKey.sheet_id,
      "v=" + relayKey.version,
      "u=" + relayKey.user_id,
      "k=" + idempotencyKey,
      "n=" + COUNTS.map(function (name) { return count(form, name, false); }).join(","),
      "d=" + (stock.every(function (s) { return s === ""; }) ? "" : stock.join(",")),
      "p=" + votes.map(function (v) { return v[0] + ":" + v[1]; }).join(";"),
      "t=" + (times.every(function (t) { return t === ""; }) ? "" : times.join(",")),
      "r=" + encodeURIComponent(reason),
    ].join("|");
  }

  function base64url(bytes) {
    var text = "";
    new Uint8Array(bytes).forEach(function (b) { text += String.fromCharCode(b); });
    return window.btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function fromBase64url(text) {
    var plain = window.atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    return Uint8Array.from(plain, function (c) { return c.charCodeAt(0); });
  }

  function sign(keyText, message) {
    if (!window.crypto || !window.crypto.subtle) {
      return Promise.reject(new Refusal("Trình duyệt này không ký được mã QR (cần kết nối an toàn HTTPS)."));
    }
    return window.crypto.subtle.importKey(
      "raw", fromBase64url(keyText), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]
    ).then(function (key) {
      return window.crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message));
    }).then(base64url);
  }

  function drawQr(box, text) {
    var qr = null;
    ["M", "L"].some(function (level) {
      try {
        qr = window.qrcode(0, level);
        qr.addData(text, "Byte");
        qr.make();
        return true;
      } catch (e) {
        qr = null;
        return false;
      }
    });
    if (!qr) throw new Refusal("Biên bản quá dài cho một mã QR: hãy rút gọn phần ghi chú.");
    var size = qr.getModuleCount();
    var quiet = 4;
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + (size + 2 * quiet) + " " + (size + 2 * quiet));
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Mã QR của biên bản đã ký");
    svg.setAttribute("shape-rendering", "crispEdges");
    var back = document.createElementNS(ns, "rect");
    back.setAttribute("width", "100%");
    back.setAttribute("height", "100%");
    back.setAttribute("fill", "#fff");
    svg.appendChild(back);
    var path = "";
    for (var row = 0; row < size; row++) {
      for (var col = 0; col < size; col++) {
        if (qr.isDark(row, col)) path += "M" + (col + quiet) + " " + (row + quiet) + "h1v1h-1z";
      }
    }
    var dark = document.createElementNS(ns, "path");
    dark.setAttribute("d", path);
    dark.setAttribute("fill", "#000");
    svg.appendChild(dark);
    box.textContent = "";
    box.appendChild(svg);
  }

  // ---- The entry page ----
  var relayBox = document.querySelector("[data-relay]");
  if (relayBox) {
    var form = document.getElementById(relayBox.getAttribute("data-relay-form") || "entry-form");
    var storeKey = KEYS + user + ":" + relayBox.getAttribute("data-relay-sheet");
    var dialog = relayBox.querySelector("dialog");
    var message = relayBox.querySelector("[data-relay-message]");
    var qrBox = relayBox.querySelector("[data-relay-qr]");
    var textBox = relayBox.querySelector("[data-relay-text]");

    if (navigator.onLine) {
      fetch(relayBox.getAttribute("data-relay-key-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (key) {
          if (key && String(key.user_id) === user) {
            write(storeKey, key);
            relayBox.setAttribute("data-relay-ready", "");
          }
        })
        .catch(function () {});
    } else if (read(storeKey)) {
      relayBox.setAttribute("data-relay-ready", "");
    }

    var show = function (text) {
      message.textContent = text;
      relayBox.removeAttribute("data-relay-payload");
      qrBox.textContent = "";
      textBox.value = "";
      if (!dialog.open) dialog.showModal();
    };

    relayBox.querySelector("[data-relay-make]").addEventListener("click", function () {
      var key = read(storeKey);
      if (!key || String(key.user_id) !== user) {
        show("Máy chưa có khóa ký của biên bản này: hãy mở trang này một lần khi có mạng rồi tạo mã.");
        return;
      }
      var idempotencyKey = window.electionOffline ? window.electionOffline.keyOf(form)
        : (form.elements.idempotency_key || {}).value;
      var text;
      try {
        text = canonical(form, key, idempotencyKey);
      } catch (e) {
        if (e instanceof Refusal) { show(e.message); return; }
        throw e;
      }
      if (window.electionOffline) window.electionOffline.saveDraft(form);
      sign(key.key, text).then(function (signature) {
        var signed = text + "|h=" + signature;
        drawQr(qrBox, signed);
        textBox.value = signed;
        relayBox.setAttribute("data-relay-payload", signed);
        message.textContent = "Người có mạng mở trang “Chuyển biên bản bằng mã QR” và quét mã này. " +
          "Biên bản được ghi là lần nhập của bạn.";
        if (!dialog.open) dialog.showModal();
      }).catch(function (e) {
        show(e instanceof Refusal ? e.message : "Không tạo được mã QR trên trình duyệt này.");
      });
    });
    relayBox.querySelector("[data-relay-close]").addEventListener("click", function () { dialog.close(); });
  }

  // ---- The relay page: camera scanning where the browser can ----
  var scanner = document.querySelector("[data-relay-scanner]");
  if (scanner && "BarcodeDetector" in window && navigator.mediaDevices) {
    scanner.hidden = false;
    var video = scanner.querySelector("[data-relay-video]");
    var status = scanner.querySelector("[data-relay-scan-status]");
    var field = document.getElementById("relay-payload");
    scanner.querySelector("[data-relay-scan]").addEventListener("click", function () {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        status.textContent = "Hướng máy ảnh vào mã QR…";
        var stop = function () { stream.getTracks().forEach(function (t) { t.stop(); }); video.hidden = true; };
        var look = function () {
          detector.detect(video).then(function (codes) {
            var code = codes.filter(function (c) { return c.rawValue.indexOf("BBKP1|") === 0; })[0];
            if (code) {
              stop();
              field.value = code.rawValue;
              status.textContent = "Đã quét được mã; đang chuyển biên bản…";
              field.form.requestSubmit();
            } else {
              window.setTimeout(look, 250);
            }
          }).catch(function () { window.setTimeout(look, 500); });
        };
        look();
      }).catch(function () {
        status.textContent = "Không mở được máy ảnh; hãy dùng ứng dụng quét mã và dán nội dung vào ô dưới.";
      });
    });
  }
})();
