/* factlint: the editor's page (the HTML report inlines this file; `factlint serve` serves it).

   The page is server-rendered with every text escaped (factlint/web/templates/view.html); this script
   only fills the details panel from the data (textContent only; a link gets an href only for an http(s)
   URL), filters the findings list, steps through it (j/k), switches the draft between its rendered and
   source views, applies fixes to the source it was given and offers the corrected draft, copies a
   suppression comment, and exports the findings (the rows of --format csv, the objects of --format json).
   No request is made: everything is in the data. */
(function () {
  "use strict";
  var FIELDS = ["words", "verdict", "message", "statement", "value", "current", "current_source", "source",
                "explanation", "fix", "rule", "edit", "comment"];
  var data = {marks: {}, files: [], findings: [], csv: {columns: [], rows: []}};
  var current = null;      /* the mark whose details are shown */
  var currentEntry = null; /* the list entry last stepped to */
  var filter = "findings";
  var applied = {};        /* entry key -> {path, edit} */

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function load(d) {
    data = d && d.marks ? d : {marks: {}, files: [], findings: [], csv: {columns: [], rows: []}};
    current = null;
    currentEntry = null;
    applied = {};
    filter = "findings";
    document.body.classList.remove("fl-panel-open");
    setView(view());
    applyFilter();
  }

  function readEmbedded() {
    var el = document.getElementById("fl-data");
    if (!el) { return; }
    try { load(JSON.parse(el.textContent)); } catch (e) { load(null); }
  }

  function isHttp(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url.trim());
  }

  function clear(el) {
    while (el.firstChild) { el.removeChild(el.firstChild); }
  }

  function sourceLink(el, cite, url) {
    if (isHttp(url)) {
      var a = document.createElement("a");
      a.setAttribute("href", url.trim());
      a.setAttribute("rel", "noopener noreferrer");
      a.setAttribute("target", "_blank");
      a.textContent = cite || url;
      el.appendChild(a);
    } else {
      el.textContent = cite && url ? cite + " (" + url + ")" : (cite || url);
    }
  }

  function commentFor(item, reason) {
    /* "--" would end the comment early; "<" and ">" have no business in it */
    var why = (reason || "").replace(/-{2,}/g, "–").replace(/[<>]/g, "").replace(/\s+/g, " ").trim();
    /* the suppression's syntax is the server's (item.comment, with REASON where the reason goes) */
    return (item.comment || "").replace("REASON", function () { return why || "REASON"; });
  }

  function fill(section, item) {
    section.setAttribute("data-verdict", item.verdict || "");
    section.setAttribute("data-entry", item.entry || "");
    FIELDS.forEach(function (name) {
      var el = section.querySelector('[data-field="' + name + '"]');
      if (!el) { return; }
      clear(el);
      if (name === "source") {
        sourceLink(el, item.source || "", item.source_url || "");
      } else if (name === "current_source") {
        sourceLink(el, item.current_source || "", item.current_source_url || "");
      } else if (name === "verdict") {
        el.textContent = item.verdict_text || item.verdict || "";
        el.setAttribute("data-verdict", item.verdict || "");
      } else if (name === "value") {
        /* the registry value in the draft's unit first, as written in the registry after it */
        el.textContent = item.value_as_written && item.value ?
          item.value_as_written + " (" + item.value + " in the registry)" : (item.value || "");
      } else if (name === "edit") {
        el.textContent = item.edit ? item.edit.message + (item.edit.applicability === "unsafe" ?
          " (check the sentence after applying it)" : "") : "";
      } else if (name === "comment") {
        el.textContent = item.comment || "";
      } else {
        el.textContent = item[name] === undefined || item[name] === null ? "" : String(item[name]);
      }
      var empty = el.textContent === "";
      el.hidden = empty;
      var label = el.previousElementSibling;
      if (label && label.tagName === "DT") {
        label.hidden = empty;
        /* an outdated figure has two sources: the one it came from and the current one */
        if (name === "source") { label.textContent = item.current ? "Source of the superseded figure" : "Source"; }
      }
    });
    var applyBox = $(".fl-apply-box", section);
    if (applyBox) {
      applyBox.hidden = !item.edit;
      var button = $(".fl-apply", section);
      button.textContent = applied[item.entry] ? "Undo this fix" : "Apply this fix";
    }
    var commentBox = $(".fl-comment-box", section);
    if (commentBox) {
      commentBox.hidden = !item.comment;
      $(".fl-reason", section).value = "";
      $(".fl-copied", section).textContent = "";
    }
  }

  function capital(s) { return s ? s.charAt(0).toUpperCase() + s.slice(1) : s; }

  function view() {
    var b = $('.fl-view-button[aria-pressed="true"]');
    return b ? b.getAttribute("data-view") : "prose";
  }

  function markEl(id) {
    return $(".fl-" + view() + ' mark.fl-claim[data-id="' + id + '"]');
  }

  function itemOf(entry) {
    var key = entry.getAttribute("data-key");
    var m = data.marks[entry.getAttribute("data-mark")];
    if (!m) { return null; }
    for (var i = 0; i < m.items.length; i++) { if (m.items[i].entry === key) { return m.items[i]; } }
    return null;
  }

  function open(mark, entryKey, keepFocus) {
    var panel = document.getElementById("fl-panel");
    var id = mark.getAttribute("data-id");
    var entry = data.marks[id];
    if (!panel || !entry) { return; }
    var box = panel.querySelector(".fl-panel-items");
    var sections = box.querySelectorAll(".fl-item");
    var proto = sections[0];
    for (var i = sections.length - 1; i > 0; i--) { box.removeChild(sections[i]); }
    var items = entry.items || [];
    var chosen = items[0];
    for (var k = 0; k < items.length; k++) {
      var section = k === 0 ? proto : proto.cloneNode(true);
      fill(section, items[k]);
      section.classList.toggle("fl-chosen", items.length > 1 && items[k].entry === entryKey);
      if (items[k].entry === entryKey) { chosen = items[k]; }
      if (k > 0) { box.appendChild(section); }
    }
    var title = panel.querySelector(".fl-panel-title");
    if (title) {
      title.textContent = capital(chosen ? chosen.label : entry.verdict) +
        (items.length > 1 ? " (+" + (items.length - 1) + " more)" : "");
    }
    var where = panel.querySelector(".fl-panel-where");
    if (where) {
      where.textContent = "Line " + entry.line + (entry.section ? " · " + entry.section : "") +
        (data.files.length > 1 ? " · " + entry.path : "");
    }
    if (current && current !== mark) { current.setAttribute("aria-expanded", "false"); }
    current = mark;
    mark.setAttribute("aria-expanded", "true");
    panel.hidden = false;
    document.body.classList.add("fl-panel-open");
    var pick = box.querySelector(".fl-chosen");
    if (pick && pick.scrollIntoView) { pick.scrollIntoView({block: "nearest"}); }
    if (!keepFocus) { panel.focus(); }
  }

  function close() {
    var panel = document.getElementById("fl-panel");
    if (panel) { panel.hidden = true; }
    document.body.classList.remove("fl-panel-open");
    if (current) {
      var mark = current;
      current = null;
      mark.setAttribute("aria-expanded", "false");
      if (document.body.contains(mark)) { mark.focus(); }
    }
  }

  /* ---- the two views of the draft ---------------------------------------------------------------- */
  function setView(name) {
    $$(".fl-view-button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-view") === name ? "true" : "false");
    });
    $$(".fl-prose").forEach(function (el) { el.hidden = name !== "prose"; });
    $$(".fl-source").forEach(function (el) { el.hidden = name !== "source"; });
    if (current) {
      var id = current.getAttribute("data-id");
      var again = markEl(id);
      if (again) { current.setAttribute("aria-expanded", "false"); current = again; again.setAttribute("aria-expanded", "true"); }
    }
  }

  /* ---- the list: filters and stepping ----------------------------------------------------------------- */
  function matches(entry, f) {
    if (f === "all") { return true; }
    if (f === "findings") { return entry.getAttribute("data-finding") === "1"; }
    var i = f.indexOf(":");
    var kind = f.slice(0, i), value = f.slice(i + 1);
    return entry.getAttribute(kind === "code" ? "data-code" : "data-verdict") === value;
  }

  function applyFilter() {
    var entries = $$("#fl-findings > li.fl-listing");
    var shown = 0, findings = 0, keep = {};
    entries.forEach(function (e) {
      var on = matches(e, filter);
      e.hidden = !on;
      if (on) { shown++; keep[e.getAttribute("data-mark")] = true; }
      if (e.getAttribute("data-finding") === "1") { findings++; }
    });
    /* a chosen filter dims the highlights it leaves out; the default ones leave the draft as it is */
    var narrow = filter !== "findings" && filter !== "all";
    $$("mark.fl-claim").forEach(function (m) { m.classList.toggle("fl-dim", narrow && !keep[m.getAttribute("data-id")]); });
    $$(".fl-filter").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-filter") === filter ? "true" : "false");
    });
    var count = document.getElementById("fl-shown");
    if (count) {
      var problems = filter === "findings" || filter.indexOf("code:") === 0 ||
        entries.some(function (e) { return matches(e, filter) && e.getAttribute("data-finding") === "1"; });
      count.textContent = problems ? "Showing " + shown + " of " + plural(findings, "finding") :
        "Showing " + shown + " of " + plural(entries.length, "highlighted item");
      count.setAttribute("data-shown", String(shown));
    }
    if (currentEntry && currentEntry.hidden) { setCurrent(null); }
  }

  function visibleEntries() {
    return $$("#fl-findings > li.fl-listing").filter(function (e) { return !e.hidden; });
  }

  function setCurrent(entry) {
    if (currentEntry) { currentEntry.removeAttribute("aria-current"); }
    currentEntry = entry;
    if (entry) { entry.setAttribute("aria-current", "true"); }
  }

  function activate(entry) {
    setCurrent(entry);
    if (entry.scrollIntoView) { entry.scrollIntoView({block: "nearest"}); }
    var mark = markEl(entry.getAttribute("data-mark"));
    if (!mark) { return; }
    open(mark, entry.getAttribute("data-key"), true);
    mark.scrollIntoView({block: "center"});
    mark.focus({preventScroll: true});
  }

  function step(by) {
    var list = visibleEntries();
    if (!list.length) { return; }
    var i = currentEntry ? list.indexOf(currentEntry) : -1;
    var next = i < 0 ? (by > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, i + by));
    activate(list[next]);
  }

  /* ---- fixes and the corrected draft ------------------------------------------------------------- */
  function fileOf(path) {
    for (var i = 0; i < data.files.length; i++) { if (data.files[i].path === path) { return data.files[i]; } }
    return null;
  }

  function overlaps(path, edit) {
    for (var key in applied) {
      if (!Object.prototype.hasOwnProperty.call(applied, key) || applied[key].path !== path) { continue; }
      var a = applied[key].edit;
      for (var i = 0; i < a.edits.length; i++) {
        for (var j = 0; j < edit.edits.length; j++) {
          var x = a.edits[i], y = edit.edits[j];
          if (x.start < y.end && y.start < x.end || x.start === y.start) { return true; }
        }
      }
    }
    return false;
  }

  function corrected(path) {
    var file = fileOf(path);
    if (!file) { return null; }
    var edits = [];
    for (var key in applied) {
      if (Object.prototype.hasOwnProperty.call(applied, key) && applied[key].path === path) {
        edits = edits.concat(applied[key].edit.edits);
      }
    }
    edits.sort(function (a, b) { return b.start - a.start; });
    var chars = Array.from(file.source);  /* offsets are code points, as in --format json */
    edits.forEach(function (e) { chars.splice(e.start, e.end - e.start, e.content); });
    return chars.join("");
  }

  function refreshFixes() {
    $$(".fl-file").forEach(function (article) {
      var path = article.getAttribute("data-path");
      var n = 0;
      for (var key in applied) { if (Object.prototype.hasOwnProperty.call(applied, key) && applied[key].path === path) { n++; } }
      var box = $(".fl-download", article);
      if (box) {
        box.hidden = n === 0;
        $(".fl-applied", box).textContent = plural(n, "fix") + " applied.";
      }
    });
    $$("#fl-findings > li.fl-listing").forEach(function (e) {
      e.classList.toggle("fl-fixed", !!applied[e.getAttribute("data-key")]);
    });
    $$("mark.fl-claim").forEach(function (m) {
      var items = (data.marks[m.getAttribute("data-id")] || {}).items || [];
      m.classList.toggle("fl-fixed", items.some(function (it) { return !!applied[it.entry]; }));
    });
  }

  function toggleFix(section) {
    var key = section.getAttribute("data-entry");
    var entry = $('#fl-findings > li.fl-listing[data-key="' + key + '"]');
    var item = entry ? itemOf(entry) : null;
    if (!item || !item.edit) { return; }
    var path = entry.getAttribute("data-path");
    var button = $(".fl-apply", section);
    if (applied[key]) {
      delete applied[key];
      button.textContent = "Apply this fix";
    } else if (overlaps(path, item.edit)) {
      $(".fl-edit", section).textContent = "Another applied fix changes the same words: undo it first.";
      return;
    } else {
      applied[key] = {path: path, edit: item.edit};
      button.textContent = "Undo this fix";
    }
    refreshFixes();
  }

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], {type: type}));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function basename(path) { return path.replace(/\\/g, "/").split("/").pop() || "draft.md"; }

  /* ---- export ----------------------------------------------------------------------------------- */
  function csvField(v) {
    var s = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function csv() {
    var lines = [data.csv.columns].concat(data.csv.rows).map(function (row) { return row.map(csvField).join(","); });
    return lines.join("\r\n") + "\r\n";
  }

  function json() {
    return JSON.stringify({version: 1, findings: data.findings}, null, 2) + "\n";
  }

  /* ---- copy as comment ---------------------------------------------------------------------------- */
  function copyComment(section) {
    var entry = $('#fl-findings > li.fl-listing[data-key="' + section.getAttribute("data-entry") + '"]');
    var item = entry ? itemOf(entry) : null;
    if (!item) { return; }
    var reason = $(".fl-reason", section);
    var said = $(".fl-copied", section);
    if (!reason.value.trim()) {
      said.textContent = "Write the reason first: a suppression says why the figure stands.";
      reason.focus();
      return;
    }
    var text = commentFor(item, reason.value);
    $(".fl-comment", section).textContent = text;
    var done = function () { said.textContent = "Copied. Paste it at the end of line " + item.line + "."; };
    var fallback = function () {
      var t = document.createElement("textarea");
      t.value = text;
      t.setAttribute("readonly", "");
      t.style.position = "fixed";
      t.style.opacity = "0";
      document.body.appendChild(t);
      t.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(t);
      said.textContent = ok ? "Copied. Paste it at the end of line " + item.line + "." :
        "Select the comment above and copy it.";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  /* ---- events ----------------------------------------------------------------------------------------- */
  function markOf(target) {
    return target && target.closest ? target.closest("mark.fl-claim") : null;
  }

  document.addEventListener("click", function (event) {
    var t = event.target;
    if (!t || !t.closest) { return; }
    if (t.id === "fl-panel-close") { close(); return; }
    var b;
    if ((b = t.closest(".fl-filter"))) { filter = b.getAttribute("data-filter"); applyFilter(); return; }
    if ((b = t.closest(".fl-view-button"))) { setView(b.getAttribute("data-view")); return; }
    if ((b = t.closest(".fl-entry-open"))) { activate(b.closest("li.fl-listing")); return; }
    if (t.id === "fl-next") { step(1); return; }
    if (t.id === "fl-prev") { step(-1); return; }
    if ((b = t.closest(".fl-apply"))) { toggleFix(b.closest(".fl-item")); return; }
    if ((b = t.closest(".fl-copy"))) { copyComment(b.closest(".fl-item")); return; }
    if ((b = t.closest(".fl-download-button"))) {
      var path = b.getAttribute("data-path");
      var text = corrected(path);
      if (text !== null) { download(basename(path), "text/plain;charset=utf-8", text); }
      return;
    }
    if (t.id === "fl-export-csv") { download("factlint-findings.csv", "text/csv;charset=utf-8", csv()); return; }
    if (t.id === "fl-export-json") { download("factlint-findings.json", "application/json", json()); return; }
    if (t.id === "fl-print") { window.print(); return; }
    var mark = markOf(t);
    if (mark) {
      var entries = $$('#fl-findings > li.fl-listing[data-mark="' + mark.getAttribute("data-id") + '"]');
      if (entries.length) { setCurrent(entries[0]); }
      open(mark, entries.length ? entries[0].getAttribute("data-key") : null, false);
    }
  });

  document.addEventListener("input", function (event) {
    var t = event.target;
    if (t && t.classList && t.classList.contains("fl-reason")) {
      var section = t.closest(".fl-item");
      var entry = $('#fl-findings > li.fl-listing[data-key="' + section.getAttribute("data-entry") + '"]');
      var item = entry ? itemOf(entry) : null;
      if (item) { $(".fl-comment", section).textContent = commentFor(item, t.value); }
    }
  });

  function typing(target) {
    if (!target) { return false; }
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    var mark = markOf(event.target);
    if (mark && (event.key === "Enter" || event.key === " " || event.key === "Spacebar")) {
      event.preventDefault();
      open(mark, null, false);
      return;
    }
    if (event.key === "Escape" || event.key === "Esc") {
      var panel = document.getElementById("fl-panel");
      if (panel && !panel.hidden) {
        event.preventDefault();
        close();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    if (!document.getElementById("fl-findings")) { return; }
    if (event.key === "j") { event.preventDefault(); step(1); } else if (event.key === "k") { event.preventDefault(); step(-1); }
  });

  window.factlintView = {load: load, open: open, close: close, step: step, csv: csv, json: json,
                         corrected: corrected, setView: setView};
  readEmbedded();
}());
