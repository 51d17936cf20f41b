// The entry form of a tally sheet, made to help whoever types the paper:
// Enter moves to the next cell (the sheet is sent only by its button), the
// problems of a refused sheet sit beside their cells, and a running check
// applies the server's rules while the figures are typed.
//
// `check` below is the server's check_sheet (election/tallies/rules/sheet.py)
// written again: same codes, order, messages, articles and fields.
// tests/browser/test_tally_form.py runs both on many sheets and compares.
(function () {
  "use strict";

  var ART_MINUTES = "Điều 76 khoản 2";
  var ART_BALLOT = "Điều 74";
  var COUNTS = [
    "voters_on_list", "voters_took_part", "ballots_issued", "ballots_received", "valid",
    "invalid", "complaints_received", "complaints_settled", "complaints_forwarded",
    "unused_ballots", "ballots_delivered", "spoiled_ballots"
  ];
  var LABELS = {
    voters_on_list: "Tổng số cử tri",
    voters_took_part: "Số cử tri đã tham gia bỏ phiếu",
    ballots_issued: "Số phiếu phát ra",
    ballots_received: "Số phiếu thu vào",
    valid: "Số phiếu hợp lệ",
    invalid: "Số phiếu không hợp lệ",
    complaints_received: "Số khiếu nại, tố cáo nhận được",
    complaints_settled: "Số khiếu nại, tố cáo đã giải quyết",
    complaints_forwarded: "Số khiếu nại, tố cáo chuyển Ban bầu cử",
    unused_ballots: "Số phiếu không sử dụng",
    ballots_delivered: "Số phiếu Tổ bầu cử đã nhận",
    spoiled_ballots: "Số phiếu cử tri đổi do gạch hỏng"
  };
  // rules.RELATED_FIELDS: the figures each rule compares besides its own field.
  var RELATED = {
    tally_valid_invalid_sum: ["ballots_received", "valid", "invalid"],
    tally_received_over_issued: ["ballots_received", "ballots_issued"],
    tally_candidate_over_valid: ["valid"],
    tally_votes_under_valid: ["votes", "valid"],
    tally_votes_over_seats: ["votes", "valid"],
    tally_complaints_over_received: [
      "complaints_received", "complaints_settled", "complaints_forwarded"
    ],
    tally_took_part_not_received: ["voters_took_part", "ballots_received"],
    tally_took_part_over_list: ["voters_took_part", "voters_on_list"],
    tally_issued_over_list: ["ballots_issued", "voters_on_list"],
    tally_ballot_stock_mismatch: [
      "unused_ballots", "ballots_delivered", "ballots_issued", "spoiled_ballots"
    ],
    voters_on_list_reason: ["reason", "voters_on_list"]
  };

  function vnCount(value) {
    var sign = value < 0 ? "-" : "";
    return sign + String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function candidateRef(id) { return "người ứng cử mã " + id; }

  function violation(code, message, article, field, severity) {
    var fields = field ? [field] : [];
    (RELATED[code] || []).forEach(function (name) {
      if (fields.indexOf(name) < 0) fields.push(name);
    });
    return {
      code: code, message: message, article: article, field: field,
      fields: fields, severity: severity || "error"
    };
  }

  function given(value) { return value !== null && value !== undefined; }
  function byId(a, b) { return a[0] - b[0]; }

  // The rules of one sheet. `figures`: the counts by name (null: not typed
  // yet), `votes` as [candidate id, votes or null] pairs in entry order.
  // A rule whose figures are not all typed waits, except that votes typed so
  // far may already exceed what the valid ballots allow.
  function check(figures, seats, candidateIds) {
    var f = figures, out = [];
    COUNTS.forEach(function (name) {
      if (given(f[name]) && f[name] < 0) {
        out.push(violation("tally_negative", LABELS[name] + " không được là số âm (" +
          vnCount(f[name]) + ").", ART_MINUTES, name));
      }
    });
    var votes = f.votes || [];
    votes.forEach(function (pair) {
      if (given(pair[1]) && pair[1] < 0) {
        out.push(violation("tally_negative", "Số phiếu bầu của " + candidateRef(pair[0]) +
          " không được là số âm (" + vnCount(pair[1]) + ").", ART_MINUTES, "votes:" + pair[0]));
      }
    });
    var sorted = votes.slice().sort(byId);
    var known = {}, present = {};
    candidateIds.forEach(function (id) { known[id] = true; });
    sorted.forEach(function (pair) { present[pair[0]] = true; });
    sorted.forEach(function (pair) {
      if (!known[pair[0]]) {
        out.push(violation("tally_unknown_candidate", "Có số phiếu bầu (" +
          (given(pair[1]) ? vnCount(pair[1]) : "") + ") cho người mã " + pair[0] +
          ", không phải là người ứng cử của đơn vị bầu cử này.", ART_MINUTES, "votes:" + pair[0]));
      }
    });
    candidateIds.slice().sort(function (a, b) { return a - b; }).forEach(function (id) {
      if (!present[id]) {
        out.push(violation("tally_missing_candidate", "Thiếu số phiếu bầu của " +
          candidateRef(id) + " (ghi 0 nếu không có phiếu nào).", ART_MINUTES, "votes:" + id));
      }
    });
    if (given(f.valid) && given(f.invalid) && given(f.ballots_received) &&
        f.valid + f.invalid !== f.ballots_received) {
      out.push(violation("tally_valid_invalid_sum", "Số phiếu hợp lệ (" + vnCount(f.valid) +
        ") cộng số phiếu không hợp lệ (" + vnCount(f.invalid) + ") là " +
        vnCount(f.valid + f.invalid) + ", khác số phiếu thu vào (" +
        vnCount(f.ballots_received) + ").", ART_MINUTES, "ballots_received"));
    }
    if (given(f.ballots_received) && given(f.ballots_issued) &&
        f.ballots_received > f.ballots_issued) {
      out.push(violation("tally_received_over_issued", "Số phiếu thu vào (" +
        vnCount(f.ballots_received) + ") lớn hơn số phiếu phát ra (" +
        vnCount(f.ballots_issued) + ").", ART_MINUTES, "ballots_received"));
    }
    if (given(f.valid)) {
      sorted.forEach(function (pair) {
        if (given(pair[1]) && pair[1] > f.valid) {
          out.push(violation("tally_candidate_over_valid", "Số phiếu bầu của " +
            candidateRef(pair[0]) + " (" + vnCount(pair[1]) + ") nhiều hơn số phiếu hợp lệ (" +
            vnCount(f.valid) + "): mỗi phiếu chỉ bầu một người một lần.", ART_BALLOT,
            "votes:" + pair[0]));
        }
      });
    }
    var total = 0, allTyped = true;
    votes.forEach(function (pair) {
      if (given(pair[1])) total += pair[1]; else allTyped = false;
    });
    if (given(f.valid) && allTyped && total < f.valid) {
      out.push(violation("tally_votes_under_valid", "Tổng số phiếu bầu cho các người ứng cử (" +
        vnCount(total) + ") ít hơn số phiếu hợp lệ (" + vnCount(f.valid) + "): mỗi phiếu hợp " +
        "lệ còn ít nhất một tên (phiếu gạch hết tên là phiếu không hợp lệ).", ART_BALLOT, "votes"));
    }
    if (given(f.valid) && total > f.valid * seats) {
      out.push(violation("tally_votes_over_seats", "Tổng số phiếu bầu cho các người ứng cử (" +
        vnCount(total) + ") vượt quá số phiếu hợp lệ nhân với số đại biểu được bầu (" +
        vnCount(f.valid) + " × " + seats + " = " + vnCount(f.valid * seats) + "): mỗi phiếu " +
        "hợp lệ giữ lại không quá " + seats + " tên.", ART_BALLOT, "votes"));
    }
    if (given(f.complaints_received) && given(f.complaints_settled) &&
        given(f.complaints_forwarded)) {
      var handled = f.complaints_settled + f.complaints_forwarded;
      if (handled > f.complaints_received) {
        out.push(violation("tally_complaints_over_received", "Số khiếu nại, tố cáo đã giải " +
          "quyết (" + vnCount(f.complaints_settled) + ") cộng số chuyển Ban bầu cử (" +
          vnCount(f.complaints_forwarded) + ") là " + vnCount(handled) + ", nhiều hơn số nhận " +
          "được (" + vnCount(f.complaints_received) + ").", ART_MINUTES, "complaints_received"));
      }
    }
    if (given(f.voters_took_part) && given(f.ballots_received) &&
        f.voters_took_part !== f.ballots_received) {
      out.push(violation("tally_took_part_not_received", "Số cử tri đã tham gia bỏ phiếu (" +
        vnCount(f.voters_took_part) + ") khác số phiếu thu vào (" + vnCount(f.ballots_received) +
        "); cần kiểm tra lại.", ART_MINUTES, "voters_took_part", "warning"));
    }
    if (given(f.voters_took_part) && given(f.voters_on_list) &&
        f.voters_took_part > f.voters_on_list) {
      out.push(violation("tally_took_part_over_list", "Số cử tri đã tham gia bỏ phiếu (" +
        vnCount(f.voters_took_part) + ") lớn hơn tổng số cử tri trong danh sách (" +
        vnCount(f.voters_on_list) + ").", ART_MINUTES, "voters_took_part", "warning"));
    }
    if (given(f.ballots_issued) && given(f.voters_on_list) &&
        f.ballots_issued > f.voters_on_list) {
      out.push(violation("tally_issued_over_list", "Số phiếu phát ra (" +
        vnCount(f.ballots_issued) + ") lớn hơn tổng số cử tri trong danh sách (" +
        vnCount(f.voters_on_list) + "); phiếu đổi do gạch hỏng phải được thu hồi, không tính " +
        "thêm.", "Điều 69", "ballots_issued", "warning"));
    }
    var stock = ballotStock(f);
    if (stock) out.push(stock);
    return out;
  }

  // Mẫu số 32/HĐBC: delivered = issued + spoiled + unused (rules._ballot_stock).
  function ballotStock(f) {
    if (!given(f.unused_ballots) || !given(f.ballots_delivered) || !given(f.ballots_issued)) {
      return null;
    }
    var accounted, parts;
    if (!given(f.spoiled_ballots)) {
      accounted = f.ballots_issued + f.unused_ballots;
      if (accounted <= f.ballots_delivered) return null;
      parts = "Số phiếu phát ra (" + vnCount(f.ballots_issued) + ") cộng số phiếu không sử " +
        "dụng (" + vnCount(f.unused_ballots) + ") là " + vnCount(accounted) + ", nhiều hơn";
    } else {
      accounted = f.ballots_issued + f.spoiled_ballots + f.unused_ballots;
      if (accounted === f.ballots_delivered) return null;
      parts = "Số phiếu phát ra (" + vnCount(f.ballots_issued) + ") cộng số phiếu cử tri đổi " +
        "do gạch hỏng (" + vnCount(f.spoiled_ballots) + ") và số phiếu không sử dụng (" +
        vnCount(f.unused_ballots) + ") là " + vnCount(accounted) + ", khác";
    }
    return violation("tally_ballot_stock_mismatch", parts + " số phiếu Tổ bầu cử đã nhận (" +
      vnCount(f.ballots_delivered) + ").", "Điều 73; Mẫu số 32/HĐBC", "unused_ballots",
      "warning");
  }

  // A cell as the schema reads it (election/schemas.py Count): 40.000 or
  // 40 000 is forty thousand; anything else is refused, as is a figure over
  // ten million.
  function readCount(text) {
    var typed = String(text).trim();
    if (typed === "") return { value: null };
    var digits = typed.replace(/[. ]/g, "");
    if (!/^\d+$/.test(digits)) return { value: null, error: "nhập số nguyên không âm." };
    var value = parseInt(digits, 10);
    if (value > 10000000) return { value: null, error: "Giá trị quá lớn" };
    return { value: value };
  }

  function withCandidateNames(message, names) {
    return message.replace(/([Nn])gười ứng cử mã (\d+)\b/g, function (whole, first, id) {
      return names[id] || whole;
    });
  }

  // The id of a field's element: "votes:12" and "vote_12" -> "f-vote-12";
  // "votes" (the candidates taken together) -> "votes" (sheet_form.input_id).
  function inputId(name) {
    var match = /^votes?[:_](\d+)$/.exec(name);
    if (match) return "f-vote-" + match[1];
    if (name === "votes") return "votes";
    return "f-" + name;
  }

  window.electionSheetRules = {
    check: check, readCount: readCount, inputId: inputId,
    withCandidateNames: withCandidateNames
  };

  var form = document.getElementById("entry-form");
  if (!form) return;
  var seats = parseInt(form.getAttribute("data-seats"), 10) || 1;
  var listed = parseInt(form.getAttribute("data-listed"), 10);
  var correcting = form.getAttribute("data-correcting") === "1";
  var voteInputs = Array.prototype.slice.call(form.querySelectorAll(".vote-input"));
  var names = {};
  voteInputs.forEach(function (input) {
    names[input.getAttribute("data-candidate")] = input.getAttribute("data-name");
  });
  var summary = document.getElementById("check-sum");

  // ---- Enter moves to the next cell; only the button sends the sheet.
  function focusable(element) {
    // Inside a folded <details> a cell is not shown (though it may keep a box).
    var folded = element.closest("details:not([open])");
    return !element.disabled && element.type !== "hidden" && element.tabIndex >= 0 &&
      !folded && element.getClientRects().length > 0;
  }

  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "Enter" || event.isComposing || target.tagName !== "INPUT") return;
    if (target.type === "submit" || target.type === "button") return;
    event.preventDefault();
    var cells = Array.prototype.filter.call(
      form.querySelectorAll("input, select, textarea, button"), focusable);
    var next = cells[cells.indexOf(target) + 1];
    if (!next) return;
    next.focus();
    if (next.tagName === "INPUT" && typeof next.select === "function") next.select();
  });

  // ---- The running check, beside the cells.
  function typedFigures() {
    var figures = {}, typing = [];
    COUNTS.forEach(function (name) {
      var input = form.elements[name];
      if (!input) { figures[name] = null; return; }
      var read = readCount(input.value);
      figures[name] = read.value;
      if (read.error) typing.push({ field: name, label: LABELS[name], error: read.error });
    });
    figures.votes = voteInputs.map(function (input) {
      var id = parseInt(input.getAttribute("data-candidate"), 10);
      var read = readCount(input.value);
      if (read.error) {
        typing.push({
          field: "votes:" + id, label: "Số phiếu bầu cho " + input.getAttribute("data-name"),
          error: read.error
        });
      }
      return [id, read.value];
    });
    return { figures: figures, typing: typing };
  }

  // The hard rules of the submission beside the arithmetic (services/entry.py).
  function reasonRules(figures) {
    var reason = form.elements.reason ? form.elements.reason.value.trim() : "";
    var out = [];
    if (reason) return out;
    if (given(figures.voters_on_list) && !isNaN(listed) && figures.voters_on_list !== listed) {
      out.push(violation("voters_on_list_reason", "Tổng số cử tri (" + figures.voters_on_list +
        ") khác danh sách cử tri (" + listed + "); cần ghi lý do.", "Điều 76", "reason"));
    }
    // Asked once the correction is being typed, not of a form just opened.
    if (correcting && touched) {
      out.push(violation("correction_reason", "Đính chính biên bản đã phê duyệt cần ghi lý do.",
        "Điều 76", "reason"));
    }
    return out;
  }

  function cellsOf(name) {
    if (name === "votes") return voteInputs;
    var cell = document.getElementById(inputId(name));
    return cell ? [cell] : [];
  }

  function runningCheck() {
    var typed = typedFigures();
    var found = check(typed.figures, seats, voteInputs.map(function (input) {
      return parseInt(input.getAttribute("data-candidate"), 10);
    })).concat(reasonRules(typed.figures));
    var errors = typed.typing.map(function (cell) {
      return { fields: [cell.field], text: cell.label + ": " + cell.error };
    });
    var warnings = [];
    found.forEach(function (v) {
      var text = withCandidateNames(v.message, names) + (v.article ? " (" + v.article + ")" : "");
      (v.severity === "error" ? errors : warnings).push({ fields: v.fields, text: text });
    });
    show(errors, warnings);
    return { errors: errors, warnings: warnings };
  }

  // What the server said about a refused sheet, still standing: the lines
  // beside the cells, each naming the cells it concerns.
  function serverLines() {
    return Array.prototype.filter.call(form.querySelectorAll(".field-error li"), function (li) {
      return !li.hidden;
    });
  }

  function show(errors, warnings) {
    form.querySelectorAll(".field-check").forEach(function (box) {
      box.textContent = "";
      box.hidden = true;
    });
    var describedBy = {};
    function describe(cell, id) {
      var ids = describedBy[cell] = describedBy[cell] || [];
      if (ids.indexOf(id) < 0) ids.push(id);
    }
    var standing = serverLines();
    standing.forEach(function (li) {
      li.getAttribute("data-cells").split(" ").forEach(function (cell) {
        describe(cell, li.parentNode.id);
      });
    });
    errors.forEach(function (problem) {
      var homeId = problem.fields.length ? inputId(problem.fields[0]) : null;
      var home = homeId && document.getElementById(homeId + "-check");
      if (!home) return;
      var cells = [];
      problem.fields.forEach(function (name) { cells = cells.concat(cellsOf(name)); });
      // Said already by the server, in the same place: once is enough.
      var said = standing.some(function (li) {
        return li.parentNode.id === homeId + "-error" && li.textContent === problem.text;
      });
      if (!said) {
        var line = document.createElement("li");
        line.textContent = problem.text;
        home.appendChild(line);
        home.hidden = false;
      }
      cells.forEach(function (cell) { describe(cell.id, said ? homeId + "-error" : home.id); });
    });
    form.querySelectorAll("input, textarea").forEach(function (cell) {
      var ids = describedBy[cell.id] || [];
      if (ids.length) {
        cell.setAttribute("aria-invalid", "true");
        cell.setAttribute("aria-describedby", ids.join(" "));
      } else {
        cell.removeAttribute("aria-invalid");
        cell.removeAttribute("aria-describedby");
      }
    });
    if (!summary) return;
    var lines = [];
    if (errors.length) {
      lines.push("Còn " + errors.length + " lỗi cần sửa trước khi gửi (ghi bên cạnh ô).");
    }
    warnings.forEach(function (w) { lines.push("Cảnh báo: " + w.text); });
    summary.textContent = lines.join(" ");
    summary.className = "entry-check" + (lines.length ? " warn" : "");
  }

  // Typing in a cell retires what the server said about it; the running
  // check says it again if it still holds.
  function retireServerLines(cell) {
    serverLines().forEach(function (li) {
      if (li.getAttribute("data-cells").split(" ").indexOf(cell.id) < 0) return;
      li.hidden = true;
      var list = li.parentNode;
      if (!list.querySelector("li:not([hidden])")) list.hidden = true;
    });
  }

  var touched = false;
  form.addEventListener("input", function (event) {
    touched = true;
    if (event.target.id) retireServerLines(event.target);
    runningCheck();
  });
  runningCheck();
  window.electionSheetRules.runningCheck = runningCheck;

  // ---- A summary of problems: its links reach their cells, folded or not.
  function reveal(cell) {
    for (var node = cell.parentNode; node; node = node.parentNode) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }
  function linkToCells(box) {
    box.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var cell = document.getElementById(link.getAttribute("href").slice(1));
      if (!cell) return;
      event.preventDefault();
      reveal(cell);
      cell.focus();
      cell.scrollIntoView({ block: "center" });
    });
  }

  // A refused sheet: the server's summary is read first.
  var problems = document.getElementById("entry-problems");
  form.querySelectorAll("[aria-invalid='true']").forEach(reveal);
  if (problems) {
    linkToCells(problems);
    problems.focus();
  }

  // ---- Without network, offline.js keeps a sent sheet on this device until
  // it can be sent. A sheet the server would refuse must not wait there to be
  // refused later, far from the paper: its problems are shown now instead.
  function labelOf(cell) {
    if (cell.classList.contains("vote-input")) {
      return "Số phiếu bầu cho " + cell.getAttribute("data-name");
    }
    return LABELS[cell.name] || cell.name;
  }

  function heldBack(lines) {
    var box = document.getElementById("entry-held");
    if (!box) {
      box = document.createElement("div");
      box.id = "entry-held";
      box.className = "error error-summary";
      box.setAttribute("role", "alert");
      box.tabIndex = -1;
      form.parentNode.insertBefore(box, form);
      linkToCells(box);
    }
    box.textContent = "";
    var title = document.createElement("h3");
    title.textContent = "Máy đang mất mạng: biên bản chưa được lưu để gửi vì còn " +
      lines.length + " lỗi cần sửa:";
    var list = document.createElement("ul");
    lines.forEach(function (line) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + line.target;
      link.textContent = line.text;
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(title);
    box.appendChild(list);
    box.hidden = false;
    box.focus();
  }

  form.addEventListener("submit", function (event) {
    var held = document.getElementById("entry-held");
    if (held) held.hidden = true;
    if (navigator.onLine) return;
    touched = true;
    var lines = [];
    runningCheck().errors.forEach(function (problem) {
      var cells = problem.fields.length ? cellsOf(problem.fields[0]) : [];
      if (cells.length) lines.push({ text: problem.text, target: cells[0].id });
    });
    form.querySelectorAll("input[required]").forEach(function (cell) {
      if (cell.value.trim() === "") {
        lines.push({ text: labelOf(cell) + ": Thiếu trường bắt buộc", target: cell.id });
      }
    });
    if (!lines.length) return;
    event.preventDefault();
    heldBack(lines);
  });
})();
