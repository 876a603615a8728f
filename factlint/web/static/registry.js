/* factlint serve: the registry browser. Results from /api/registry, drawn with textContent; a source
   gets a link only for an http(s) URL. */
(function () {
  "use strict";
  function byId(id) { return document.getElementById(id); }
  var search = byId("fl-registry-search");
  var registry = byId("fl-registry");
  var list = byId("fl-registry-results");
  var count = byId("fl-registry-count");
  var form = byId("fl-registry-form");
  var seq = 0;
  var timer = null;

  function span(cls, text) {
    var el = document.createElement("span");
    el.className = cls;
    el.textContent = text;
    return el;
  }

  function entry(e) {
    var li = document.createElement("li");
    li.className = "fl-entry";
    li.setAttribute("data-id", e.id);
    li.setAttribute("data-kind", e.kind);
    li.appendChild(span("fl-entry-kind", e.kind));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(span("fl-entry-id", e.id));
    li.appendChild(span("fl-entry-title", e.title));
    if (e.value) { li.appendChild(span("fl-entry-value", "Value: " + e.value)); }
    if (e.details) { li.appendChild(span("fl-entry-details", e.details)); }
    var cite = e.source || e.source_url;
    if (cite) {
      var src = span("fl-entry-source", "Source: ");
      if (typeof e.source_url === "string" && /^https?:\/\//i.test(e.source_url.trim())) {
        var a = document.createElement("a");
        a.setAttribute("href", e.source_url.trim());
        a.setAttribute("rel", "noopener noreferrer");
        a.textContent = cite;
        src.appendChild(a);
      } else {
        src.appendChild(document.createTextNode(e.source && e.source_url ? e.source + " (" + e.source_url + ")" : cite));
      }
      li.appendChild(src);
    }
    return li;
  }

  function refresh() {
    var mine = ++seq;
    var url = "/api/registry?q=" + encodeURIComponent(search.value) + "&registry=" + encodeURIComponent(registry.value);
    fetch(url, { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (json) {
      if (mine !== seq) { return; }
      while (list.firstChild) { list.removeChild(list.firstChild); }
      if (json.error) { count.textContent = json.error; return; }
      json.entries.forEach(function (e) { list.appendChild(entry(e)); });
      var n = json.entries.length;
      count.textContent = json.total === n ? n + (n === 1 ? " entry" : " entries")
        : json.total + " entries; the first " + n + " shown";
    }).catch(function () {
      if (mine === seq) { count.textContent = "The search could not reach the factlint server."; }
    });
  }

  search.addEventListener("input", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(refresh, 120);
  });
  registry.addEventListener("change", refresh);
  form.addEventListener("submit", function (event) { event.preventDefault(); refresh(); });
}());
