/* The structured clause editor of a working paper (phone first). The document arrives as JSON
   (json_script "paper-data"); co-authors' saves arrive as "paper" frames on the committee
   socket; a page that missed one (a gap in `revision`, or a reconnect) fetches the document.
   Clause text is only ever set with textContent: it is text, never HTML. */
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var fmt = window.interpolate || function (s, o) { return s.replace(/%\((\w+)\)s/g, function (_, k) { return o[k]; }); };
  var doc = JSON.parse(document.getElementById("paper-data").textContent);
  var cfg = JSON.parse(document.getElementById("paper-config").textContent);
  var container = document.getElementById("paper-document");
  var note = document.getElementById("live-note");
  var open = {};  // clause id (or "new-<kind>-<parent>") -> form node kept across re-renders
  var changed = null;

  function h(tag, props) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      var v = props[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    });
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      (Array.isArray(c) ? c : [c]).forEach(function (x) { node.appendChild(typeof x === "string" ? document.createTextNode(x) : x); });
    }
    return node;
  }
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]*)/);
    if (m) return decodeURIComponent(m[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function post(body) {
    return fetch(cfg.action_url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (r) { return r.json().then(function (data) { return { status: r.status, data: data }; }); });
  }
  function say(text) { note.textContent = text; }

  // ---------------------------------------------------------------------------------------
  // Rendering

  function clauseNode(c, siblings, index) {
    var li = h("li", { "data-clause": c.id, class: changed === c.id ? "clause changed" : "clause" });
    var line = h("p", { class: "clause-line" },
      c.label ? h("span", { class: "label", text: c.label }) : null, c.label ? " " : null,
      c.level === 0 && c.phrase ? h(c.kind === "preambular" ? "em" : "strong", { class: "phrase", text: c.phrase }) : null,
      c.level === 0 && c.phrase ? " " : null, h("span", { class: "text", text: c.text }), h("span", { class: "end", text: c.end }),
      (c.amended_by || []).length ? h("span", { class: "amended-by", text: " [" + c.amended_by.join(", ") + "]" }) : null);
    li.appendChild(line);
    if (cfg.can_edit && doc.editable) {
      var tools = h("div", { class: "clause-tools" },
        h("button", { type: "button", class: "button small", "data-testid": "edit-" + c.id, onclick: function () { openEdit(c); } }, gettext("Edit")),
        c.kind === "operative" && c.level < 2 ? h("button", { type: "button", class: "button small", onclick: function () { openAdd(c.kind, c.id); } }, gettext("Add sub-clause")) : null,
        index > 0 ? h("button", { type: "button", class: "button small", "aria-label": gettext("Move up"), onclick: function () { act({ action: "move", clause: c.id, position: index - 1 }); } }, "↑") : null,
        index < siblings.length - 1 ? h("button", { type: "button", class: "button small", "aria-label": gettext("Move down"), onclick: function () { act({ action: "move", clause: c.id, position: index + 1 }); } }, "↓") : null,
        h("button", { type: "button", class: "button small danger", onclick: function () {
          var ask = window.daisConfirm || function (q) { return Promise.resolve(window.confirm(q)); };
          ask(gettext("Delete this clause and its sub-clauses?")).then(function (ok) {
            if (ok) act({ action: "delete", clause: c.id, version: c.version });
          });
        } }, gettext("Delete")));
      li.appendChild(tools);
    }
    if (open[c.id]) li.appendChild(open[c.id]);
    if (c.children && c.children.length) {
      li.appendChild(h("ol", { class: "sub" }, c.children.map(function (s, i) { return clauseNode(s, c.children, i); })));
    }
    var key = "new-operative-" + c.id;
    if (open[key]) li.appendChild(open[key]);
    return li;
  }

  function render() {
    var pre = h("ol", { class: "preambular", "aria-label": gettext("Preambular clauses") },
      doc.preambular.map(function (c, i) { return clauseNode(c, doc.preambular, i); }));
    var ops = h("ol", { class: "operative", "aria-label": gettext("Operative clauses") },
      doc.operative.map(function (c, i) { return clauseNode(c, doc.operative, i); }));
    container.replaceChildren(h("p", { class: "doc-opening", text: (cfg.committee_name || doc.committee) + "," }), pre, ops);
    ["preambular", "operative"].forEach(function (kind) {
      var box = document.getElementById("add-" + kind);
      if (!box) return;
      var key = "new-" + kind + "-";
      box.replaceChildren(open[key] || h("button", { type: "button", class: "button", id: "add-" + kind + "-button", onclick: function () { openAdd(kind, null); } },
        kind === "preambular" ? gettext("Add a preambular clause") : gettext("Add an operative clause")));
    });
    [["doc-authors", doc.authors], ["doc-sponsors", doc.sponsors], ["doc-signatories", doc.signatories]].forEach(function (pair) {
      var node = document.getElementById(pair[0]);
      if (node) node.textContent = countries(pair[1]).join(", ") || "–";
    });
  }

  // Frames carry the site language's names; the page shows (and sorts) its own language's.
  var collator = window.Intl && Intl.Collator ? new Intl.Collator(cfg.language || undefined, { sensitivity: "base" }) : null;
  function countries(rows) {
    var names = (rows || []).map(function (a) { return (cfg.names || {})[String(a.id)] || a.country; });
    return collator ? names.sort(collator.compare) : names;
  }

  // ---------------------------------------------------------------------------------------
  // Forms: one per clause being edited, kept (with what is typed) across co-authors' updates

  function clauseForm(key, opts) {
    var phrase = opts.withPhrase ? h("input", { class: "phrase-input", list: "phrases-" + opts.kind, value: opts.phrase || "", maxlength: "100", "aria-label": gettext("Opening phrase"), autocomplete: "off" }) : null;
    var text = h("textarea", { class: "text-input", rows: "3", maxlength: "2000", "aria-label": gettext("Clause text") });
    text.value = opts.text || "";
    var errors = h("div", { class: "form-errors", role: "alert" });
    var form = h("form", { class: "clause-form", "data-form": key },
      phrase ? h("label", { class: "field" }, h("span", { text: gettext("Opening phrase") }), phrase) : null,
      h("label", { class: "field" }, h("span", { text: gettext("Clause text") }), text),
      errors,
      h("div", { class: "form-buttons" },
        h("button", { type: "submit", class: "button primary" }, gettext("Save")),
        opts.onSplit ? h("button", { type: "button", class: "button", onclick: function () { opts.onSplit(text.selectionStart, text.value); } }, gettext("Split at the cursor")) : null,
        h("button", { type: "button", class: "button", onclick: function () { delete open[key]; render(); } }, gettext("Cancel"))));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      opts.onSave(phrase ? phrase.value : "", text.value, false, form);
    });
    form.showError = function (message) { errors.replaceChildren(h("p", { class: "errors", text: message })); };
    form.errors = errors;
    form.phraseInput = phrase;
    form.textInput = text;
    return form;
  }

  function handleRefusal(res, form, retry) {
    var d = res.data;
    if (res.status === 422) {
      form.errors.replaceChildren(h("div", { class: "warning" },
        h("p", { text: d.message }),
        d.suggestions.length ? h("p", {}, gettext("Did you mean:"), " ", d.suggestions.map(function (s) {
          return h("button", { type: "button", class: "button small", onclick: function () { if (form.phraseInput) form.phraseInput.value = s; retry(false); } }, s);
        })) : null,
        h("button", { type: "button", class: "button small", "data-testid": "override-phrase", onclick: function () { retry(true); } }, gettext("Keep it anyway"))));
    } else if (res.status === 409) {
      var theirs = d.theirs;
      form.errors.replaceChildren(h("div", { class: "conflict", "data-testid": "conflict" },
        h("p", { text: d.message }),
        h("p", { class: "version" }, h("strong", { text: gettext("Saved by a co-author:") }), " ", h("span", { text: ((theirs.phrase || "") + " " + theirs.text).trim() })),
        h("p", { class: "version" }, h("strong", { text: gettext("Yours:") }), " ", h("span", { text: ((d.mine.phrase || "") + " " + d.mine.text).trim() })),
        h("button", { type: "button", class: "button small", "data-testid": "keep-mine", onclick: function () { form.baseVersion = theirs.version; retry(false); } }, gettext("Keep mine")),
        h("button", { type: "button", class: "button small", onclick: function () { delete open[form.getAttribute("data-form")]; refresh(); } }, gettext("Take theirs"))));
    } else {
      form.showError(d.message || gettext("Something went wrong. Try again."));
    }
  }

  function openEdit(c) {
    var form = clauseForm(c.id, {
      kind: c.kind, withPhrase: c.level === 0, phrase: c.phrase, text: c.text,
      onSave: function save(phrase, text, override) {
        var body = { action: "edit", clause: c.id, version: form.baseVersion, text: text, override_phrase: override };
        if (c.level === 0) body.phrase = phrase;
        post(body).then(function (res) {
          if (res.status === 200) { delete open[c.id]; setDoc(res.data.document); }
          else handleRefusal(res, form, function (ov) { save(form.phraseInput ? form.phraseInput.value : "", form.textInput.value, ov); });
        });
      },
      onSplit: function (at, value) {
        if (value !== c.text) { form.showError(gettext("Save your changes before splitting.")); return; }
        post({ action: "split", clause: c.id, version: form.baseVersion, at: at }).then(function (res) {
          if (res.status === 200) { delete open[c.id]; setDoc(res.data.document); } else handleRefusal(res, form, function () {});
        });
      }
    });
    form.baseVersion = c.version;
    open[c.id] = form;
    render();
    (form.phraseInput || form.textInput).focus();
  }

  function openAdd(kind, parent) {
    var key = "new-" + kind + "-" + (parent || "");
    var form = clauseForm(key, {
      kind: kind, withPhrase: parent === null,
      onSave: function save(phrase, text, override) {
        var body = { action: "add", kind: kind, text: text, phrase: phrase, override_phrase: override };
        if (parent) body.parent = parent;
        post(body).then(function (res) {
          if (res.status === 200) { delete open[key]; setDoc(res.data.document); }
          else handleRefusal(res, form, function (ov) { save(form.phraseInput ? form.phraseInput.value : "", form.textInput.value, ov); });
        });
      }
    });
    open[key] = form;
    render();
    (form.phraseInput || form.textInput).focus();
  }

  function act(body) {
    post(body).then(function (res) {
      if (res.status === 200) setDoc(res.data.document);
      else say(res.data.message || gettext("Something went wrong. Try again."));
    });
  }

  function setDoc(next) {
    if (next.revision < doc.revision) return;
    doc = next;
    render();
  }

  function refresh() {
    fetch(cfg.document_url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
      if (d.document.revision >= doc.revision) { doc = d.document; render(); }  // never step back
    });
  }

  // ---------------------------------------------------------------------------------------
  // Signing and inviting (plain buttons)

  document.querySelectorAll("[data-action=sign], [data-action=unsign]").forEach(function (button) {
    button.addEventListener("click", function () {
      var body = { action: button.getAttribute("data-action") };
      if (button.getAttribute("data-role")) body.role = button.getAttribute("data-role");
      post(body).then(function (res) {
        if (res.status === 200) window.location.reload();
        else { var e = button.closest("section").querySelector(".errors"); e.textContent = res.data.message; e.hidden = false; }
      });
    });
  });
  var invite = document.getElementById("invite-button");
  if (invite) invite.addEventListener("click", function () {
    var seat = parseInt(document.getElementById("invite-seat").value, 10);
    post({ action: "invite", seat: seat }).then(function (res) {
      var e = invite.closest("section").querySelector(".errors");
      if (res.status === 200) { e.hidden = true; setDoc(res.data.document); say(gettext("Invited.")); }
      else { e.textContent = res.data.message; e.hidden = false; }
    });
  });

  // ---------------------------------------------------------------------------------------
  // Live: co-authors' saves

  function connect() {
    if (!cfg.seat) return;
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + cfg.socket);
    ws.onopen = function () { refresh(); };  // whatever was missed while away
    ws.onmessage = function (e) {
      var frame = JSON.parse(e.data);
      if (frame.type !== "paper" || frame.paper !== cfg.paper) return;
      if (frame.revision <= doc.revision) return;
      if (frame.revision > doc.revision + 1 && frame.document.revision !== frame.revision) { refresh(); return; }
      changed = frame.change.clause;
      doc = frame.document;
      render();
      var by = frame.change.seat != null ? (cfg.names || {})[String(frame.change.seat)] : null;
      say(fmt(gettext("%(by)s saved a change."), { by: by || frame.change.by }, true));
    };
    ws.onclose = function () { setTimeout(connect, 2000); };
  }

  if (cfg.can_edit && doc.editable) document.getElementById("paper-editor").hidden = false;
  render();
  connect();
})();
