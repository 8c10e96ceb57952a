/* The position paper editor: live preview and word count (rendered and sanitised by the server,
   so the preview is exactly what the dais reads), autosave of the draft to the server, and a copy
   in localStorage so that a text being typed is never lost: not on a reload, not offline, not
   when the join code expired (the text stays in the box and the page says why it was not saved).
   Needs the JavaScript catalog (gettext / ngettext / interpolate) loaded before it. */
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (a, b, n) { return n === 1 ? a : b; };
  var interpolate = window.interpolate || function (f, o) {
    return f.replace(/%\((\w+)\)s/g, function (_m, k) { return String(o[k]); });
  };

  var form = document.getElementById("paper-form");
  if (!form) { return; }
  var body = document.getElementById("paper-body");
  var preview = document.getElementById("paper-preview");
  var count = document.getElementById("word-count");
  var state = document.getElementById("save-state");
  var errorBox = document.getElementById("editor-error");
  var saveButton = document.getElementById("save-draft");
  var key = form.dataset.storageKey;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var savedText = body.value;  // what the server holds
  var saveTimer = null, previewTimer = null, saving = false, submitting = false;

  function store(text) {
    try { localStorage.setItem(key, JSON.stringify({ text: text, at: Date.now() })); } catch (e) { /* full or private mode */ }
  }
  function forget() { try { localStorage.removeItem(key); } catch (e) { /* ignore */ } }
  function stored() {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function showError(message) {
    errorBox.textContent = message || "";
    errorBox.hidden = !message;
  }
  function setState(message) { state.textContent = message; }
  function showWords(n) {
    count.textContent = interpolate(ngettext("%(n)s word", "%(n)s words", n), { n: n }, true);
  }
  function clock() {
    return new Date().toLocaleTimeString(document.documentElement.lang || undefined,
      { hour: "2-digit", minute: "2-digit" });
  }

  function post(url, text) {
    var data = new FormData();
    data.append("body", text);
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        return { ok: response.ok, status: response.status, json: json };
      });
    });
  }

  function refreshPreview() {
    var text = body.value;
    post(form.dataset.previewUrl, text).then(function (r) {
      if (!r.ok) { return; }
      preview.innerHTML = r.json.html;  // sanitised by the server (markdown-it-py + nh3)
      showWords(r.json.words);
      showError(r.json.warning || "");
    }).catch(function () { /* offline: the preview waits for the next keystroke */ });
  }

  function save() {
    if (saving) { schedule(); return; }
    var text = body.value;
    if (text === savedText) { return; }
    saving = true;
    setState(gettext("Saving…"));
    post(form.dataset.draftUrl, text).then(function (r) {
      saving = false;
      if (r.ok) {
        savedText = text;
        if (body.value === text) { forget(); }
        showError("");
        setState(interpolate(gettext("Draft saved at %(time)s"), { time: clock() }, true));
        form.dataset.serverSaved = r.json.saved_at || "";
        return;
      }
      setState(gettext("Not saved"));
      showError(r.json.error || gettext("The draft could not be saved. Your text is kept on this device."));
    }).catch(function () {
      saving = false;
      setState(gettext("Offline: your text is kept on this device and saved when the connection is back."));
      schedule(5000);
    });
  }

  function schedule(delay) {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, delay || 1500);
  }

  body.addEventListener("input", function () {
    store(body.value);
    setState(gettext("Unsaved changes"));
    clearTimeout(previewTimer);
    previewTimer = setTimeout(refreshPreview, 300);
    schedule();
  });

  saveButton.addEventListener("click", function (event) {
    event.preventDefault();
    clearTimeout(saveTimer);
    save();
  });

  form.addEventListener("submit", function () { submitting = true; store(body.value); });

  window.addEventListener("beforeunload", function (event) {
    if (!submitting && body.value !== savedText) {
      store(body.value);
      event.preventDefault();
      event.returnValue = "";
    }
  });
  window.addEventListener("online", function () { schedule(100); });

  // A text typed on this device that the server never got (a crash, offline, a lost code).
  var kept = stored();
  var serverSaved = Date.parse(form.dataset.serverSaved || "") || 0;
  if (kept && kept.text !== body.value && kept.at > serverSaved) {
    body.value = kept.text;
    setState(gettext("Restored the text you typed on this device; it is being saved."));
    refreshPreview();
    schedule(500);
  } else if (kept && kept.text === body.value) {
    forget();
  }
})();
