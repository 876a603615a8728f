/* factlint serve: send the draft (pasted text, or an uploaded file's bytes) to /api/check and show the
   annotated article. The fragment is server-rendered with every text escaped; errors are shown with
   textContent. */
(function () {
  "use strict";
  function byId(id) { return document.getElementById(id); }
  var input = byId("fl-input");
  var file = byId("fl-file");
  var filename = byId("fl-filename");
  var registry = byId("fl-registry");
  var run = byId("fl-run");
  var error = byId("fl-error");
  var status = byId("fl-status");
  var result = byId("fl-result");
  var upload = null;  /* {name, bytes}: the uploaded file, sent as it is until the text box is edited */
  var seq = 0;

  function showError(message) {
    error.textContent = message;
    error.hidden = false;
  }

  function clearError() {
    error.textContent = "";
    error.hidden = true;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function check() {
    var name = filename.value.trim() || "draft.md";
    var body = upload ? upload.bytes : new TextEncoder().encode(input.value);
    var mine = ++seq;
    run.disabled = true;
    status.textContent = "Checking " + name + "…";
    result.setAttribute("aria-busy", "true");
    fetch("/api/check?filename=" + encodeURIComponent(name) + "&registry=" + encodeURIComponent(registry.value), {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: body,
      cache: "no-store",
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (json) {
        return { ok: response.ok, json: json };
      }, function () {
        return { ok: false, json: { error: "The server answered " + response.status + " without a readable message." } };
      });
    }).then(function (answer) {
      if (mine !== seq) { return; }
      if (!answer.ok || answer.json.error) {
        result.textContent = "";
        window.factlintView.load(null);
        status.textContent = "";
        showError(answer.json.error || "The check failed.");
        return;
      }
      clearError();
      result.innerHTML = answer.json.html;  /* server-rendered, every text escaped */
      window.factlintView.load(answer.json.data);
      status.textContent = "Checked " + name + ": " + plural(answer.json.findings.length, "finding") + ".";
    }).catch(function (e) {
      if (mine !== seq) { return; }
      status.textContent = "";
      showError("The check could not reach the factlint server (" + (e && e.message ? e.message : "network error") + ").");
    }).then(function () {
      if (mine !== seq) { return; }
      run.disabled = false;
      result.removeAttribute("aria-busy");
    });
  }

  run.addEventListener("click", check);

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      check();
    }
  });

  input.addEventListener("input", function () {
    if (upload) {  /* edited: check the text box from now on */
      upload = null;
      file.value = "";
    }
  });

  file.addEventListener("change", function () {
    var f = file.files && file.files[0];
    if (!f) { upload = null; return; }
    filename.value = f.name;
    var reader = new FileReader();
    reader.onload = function () {
      var bytes = new Uint8Array(reader.result);
      upload = { name: f.name, bytes: bytes };
      var limit = Number(byId("fl-form").getAttribute("data-max-upload")) || 0;
      var text = "";
      if (!limit || bytes.length <= limit) {
        try { text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); } catch (e) { text = ""; }
      }
      if (text.indexOf("\u0000") !== -1) { text = ""; }
      input.value = text;  /* shown for reading and editing; an unedited upload is sent as its bytes */
      check();
    };
    reader.onerror = function () {
      showError("The file " + f.name + " could not be read.");
    };
    reader.readAsArrayBuffer(f);
  });

  registry.addEventListener("change", function () {
    if (result.firstChild) { check(); }
  });
}());
