/* factlint: the side panel of the annotated article (the HTML report inlines this file; `factlint serve`
   serves it). The panel is filled from the data (keyed by each mark's data-id) with textContent only;
   a link gets an href only for an http(s) URL. */
(function () {
  "use strict";
  var FIELDS = ["words", "verdict", "message", "statement", "value", "source", "rule", "explanation", "fix"];
  var data = {};
  var current = null;

  function load(d) {
    data = d || {};
    current = null;
    document.body.classList.remove("fl-panel-open");
  }

  function readEmbedded() {
    var el = document.getElementById("fl-data");
    if (!el) { return; }
    try { load(JSON.parse(el.textContent)); } catch (e) { load({}); }
  }

  function isHttp(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url.trim());
  }

  function clear(el) {
    while (el.firstChild) { el.removeChild(el.firstChild); }
  }

  function fill(section, item) {
    section.setAttribute("data-verdict", item.verdict || "");
    FIELDS.forEach(function (name) {
      var el = section.querySelector('[data-field="' + name + '"]');
      if (!el) { return; }
      clear(el);
      if (name === "source") {
        var cite = item.source || "";
        var url = item.source_url || "";
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
      } else if (name === "verdict") {
        el.textContent = item.verdict_text || item.verdict || "";
        el.setAttribute("data-verdict", item.verdict || "");
      } else {
        el.textContent = item[name] === undefined || item[name] === null ? "" : String(item[name]);
      }
      var empty = el.textContent === "";
      el.hidden = empty;
      var label = el.previousElementSibling;
      if (label && label.tagName === "DT") { label.hidden = empty; }
    });
  }

  function open(mark) {
    var panel = document.getElementById("fl-panel");
    var entry = data[mark.getAttribute("data-id")];
    if (!panel || !entry) { return; }
    var box = panel.querySelector(".fl-panel-items");
    var sections = box.querySelectorAll(".fl-item");
    var proto = sections[0];
    for (var i = sections.length - 1; i > 0; i--) { box.removeChild(sections[i]); }
    var items = entry.items || [];
    for (var k = 0; k < items.length; k++) {
      var section = k === 0 ? proto : proto.cloneNode(true);
      fill(section, items[k]);
      if (k > 0) { box.appendChild(section); }
    }
    var title = panel.querySelector(".fl-panel-title");
    if (title) {
      title.textContent = "Line " + entry.line + ", column " + entry.column +
        (items.length > 1 ? " (" + items.length + " items)" : "");
    }
    if (current && current !== mark) { current.setAttribute("aria-expanded", "false"); }
    current = mark;
    mark.setAttribute("aria-expanded", "true");
    panel.hidden = false;
    document.body.classList.add("fl-panel-open");
    panel.focus();
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

  function markOf(target) {
    return target && target.closest ? target.closest("mark.fl-claim") : null;
  }

  document.addEventListener("click", function (event) {
    if (event.target && event.target.id === "fl-panel-close") { close(); return; }
    var mark = markOf(event.target);
    if (mark) { open(mark); }
  });

  document.addEventListener("keydown", function (event) {
    var mark = markOf(event.target);
    if (mark && (event.key === "Enter" || event.key === " " || event.key === "Spacebar")) {
      event.preventDefault();
      open(mark);
      return;
    }
    if (event.key === "Escape" || event.key === "Esc") {
      var panel = document.getElementById("fl-panel");
      if (panel && !panel.hidden) {
        event.preventDefault();
        close();
      }
    }
  });

  window.factlintView = { load: load, open: open, close: close };
  readEmbedded();
}());
