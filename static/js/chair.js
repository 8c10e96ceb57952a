/* Dais chair console. Server-authoritative: it sends commands and renders the chair's view.
   Forms are static markup; renders only touch display containers and button states. */
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var D = window.Dais, h = D.h, $ = D.$, $$ = D.$$, t = D.t;
  var dir = D.directory;
  var UNDOABLE = ["speaker_removed", "speaker_added", "speaker_moved", "attendance_marked", "point_settled"];
  var answers = (dir.roll_call_answers || []).concat(["absent"]);
  var SHORT = { present: t(gettext("Present")), present_and_voting: t(gettext("Present and voting")), absent: t(gettext("Absent")) };

  // ---------------------------------------------------------------------------------------
  // Layout: at laptop widths the console is three columns (static/css/live.css): the floor |
  // the vote and motions | the roll call, the caucus and the meeting. Tab follows what the eye
  // reads, so there the roll call, the caucus and the vote move into their columns in the page
  // itself; below 1200 px they go back to the one-column order (the roll call first, the caucus
  // after the speakers, the vote after the motions).

  var wide = window.matchMedia("(min-width: 1200px)");
  function arrangeColumns() {
    var gridEl = $(".chair-grid"), cols = $$(".chair-grid > .col");
    var rollcall = $("#rollcall-panel"), caucus = $("#caucus-panel"), vote = $("#vote-panel"), motions = $("#motions-panel");
    var focused = document.activeElement;
    if (wide.matches) {
      cols[2].insertBefore(caucus, cols[2].firstChild);
      cols[2].insertBefore(rollcall, cols[2].firstChild);
      cols[1].insertBefore(vote, motions);
    } else {
      gridEl.parentNode.insertBefore(rollcall, gridEl);
      gridEl.insertBefore(caucus, cols[1]);
      motions.parentNode.insertBefore(vote, motions.nextSibling);
    }
    gridEl.classList.toggle("wide-order", wide.matches);
    // Moving a panel drops the focus inside it: give it back.
    if (focused && focused !== document.body && focused !== document.activeElement && focused.isConnected) focused.focus({ preventScroll: true });
  }
  arrangeColumns();
  if (wide.addEventListener) wide.addEventListener("change", arrangeColumns);

  // ---------------------------------------------------------------------------------------
  // One-time setup: the seat grid, the selects, the forms

  var grid = $("#rollcall-grid");
  var gridRows = {};
  dir.seats.forEach(function (s) {
    var buttons = answers.map(function (mark) {
      return D.cmdButton(SHORT[mark] || mark, "rollcall.mark", { seat: s.id, mark: mark },
        { class: "button small mark-" + mark, "aria-pressed": "false", "data-mark": mark, "data-focus-key": "rc-" + s.id + "-" + mark });
    });
    var li = h("li", { class: "rc-seat", "data-seat-id": s.id },
      h("span", { class: "dot", "data-dot": "" }),
      h("span", { class: "rc-name" }, D.seatLabel(s.id), s.voting ? null : h("span", { class: "muted small" }, " (" + t(gettext("observer")) + ")")),
      h("span", { class: "rc-mark small", "data-mark-text": "" }),
      h("span", { class: "rc-buttons" }, buttons));
    gridRows[s.id] = li;
    grid.appendChild(li);
  });

  function fillSeats(select, placeholder) {
    select.appendChild(h("option", { value: "" }, placeholder));
    dir.seats.forEach(function (s) {
      select.appendChild(h("option", { value: s.id }, s.country));
    });
  }
  fillSeats($("#add-speaker-seat"), t(gettext("Choose a delegation…")));
  fillSeats($("#yield-seat"), t(gettext("Choose a delegation…")));
  fillSeats($("#motion-seat"), t(gettext("Choose a delegation…")));
  fillSeats($("#reconsider-seat"), t(gettext("Choose a delegation…")));
  // A motion to reconsider the last result, entered for a delegation's placard.
  $("#reconsider-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var seat = D.intValue("#reconsider-seat");
    var result = ((D.live.state && D.live.state.results) || [])[0];
    if (seat === null || !result) { D.showError($("#vote-panel .errors"), t(gettext("Choose a delegation."))); return; }
    D.send({ type: "motion.raise", kind: "reconsider", seat: seat, params: { vote: result.vote } }, $("#reconsider-form button"))
      .then(function (ok) { if (ok) $("#reconsider-seat").value = ""; });
  });
  D.bindMotionForm($("#motion-form"));

  $("#add-speaker").addEventListener("click", function (ev) {
    var seat = D.intValue("#add-speaker-seat");
    if (seat === null) { D.showError($("#gsl-panel .errors"), t(gettext("Choose a delegation to add."))); return; }
    D.send({ type: "speakers.add", seat: seat }, ev.currentTarget).then(function (ok) { if (ok) $("#add-speaker-seat").value = ""; });
  });
  $("#yield-delegate").addEventListener("click", function (ev) {
    var seat = D.intValue("#yield-seat");
    if (seat === null) { D.showError($("#floor-panel .errors"), t(gettext("Choose the delegation to yield to."))); return; }
    D.send({ type: "speech.yield", to: "delegate", seat: seat }, ev.currentTarget);
  });
  $("#speaker-toggle").addEventListener("click", function (ev) {
    var timer = D.live.state && D.live.state.timers.speaker;
    D.send({ type: timer && timer.running ? "timer.pause" : "timer.resume", timer: "speaker" }, ev.currentTarget);
  });
  $("#gsl-close-toggle").addEventListener("click", function (ev) {
    D.send({ type: "speakers.close", closed: !(D.live.state && D.live.state.list_closed) }, ev.currentTarget);
  });
  // A question the chair puts: to a vote, or for adoption without a vote.
  function question() {
    return { title: $("#question-title").value.trim(), question: $("#question-kind").value };
  }
  $("#question-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    D.send(Object.assign({ type: "proposal.vote" }, question()), $("#question-vote")).then(function (ok) {
      if (ok) $("#question-title").value = "";
    });
  });
  $("#question-consensus").addEventListener("click", function (ev) {
    D.send(Object.assign({ type: "consensus.propose" }, question()), ev.currentTarget).then(function (ok) {
      if (ok) $("#question-title").value = "";
    });
  });

  $("#vote-reveal").addEventListener("click", function (ev) {
    var vote = D.live.state && D.live.state.vote;
    D.send({ type: "vote.reveal", revealed: !(vote && vote.revealed) }, ev.currentTarget);
  });
  $("#caucus-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var kind = $("#caucus-kind").value;
    var cmd = { type: "caucus.start", kind: kind, total_seconds: (D.intValue("#caucus-minutes") || 0) * 60 };
    if (kind === "moderated_caucus") cmd.speaking_seconds = D.intValue("#caucus-speaking") || 0;
    var topic = $("#caucus-topic").value.trim();
    if (topic) cmd.topic = topic;
    D.send(cmd, ev.submitter || ev.target.querySelector("button"));
  });
  $("#speaking-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    D.send({ type: "speaking_time.set", seconds: D.intValue("#speaking-seconds") || 0 }, ev.target.querySelector("button"));
  });
  $("#suspend-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var minutes = D.intValue("#suspend-minutes");
    var cmd = { type: "session.suspend" };
    if (minutes) cmd.seconds = minutes * 60;
    D.send(cmd, ev.target.querySelector("button"));
  });
  $("#motion-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var seat = D.intValue("#motion-seat");
    var button = ev.target.querySelector("button[type=submit]");
    if (seat === null) { D.showError($("#motions-panel .errors"), t(gettext("Choose the delegation that raised the placard."))); return; }
    var motion = D.readMotion(ev.target);
    D.send({ type: "motion.raise", seat: seat, kind: motion.kind, params: motion.params }, button);
  });
  $("#vote-close").addEventListener("click", function (ev) {
    var vote = D.live.state && D.live.state.vote;
    var cmd = { type: "vote.close" };
    if (vote && !vote.placard && vote.cast_count < vote.eligible_count) {
      // The server refuses an incomplete count that would be invalid unless the chair confirms.
      var button = ev.currentTarget;
      cmd.confirm = true;
      D.confirm(t(gettext("Only %(cast)s of %(eligible)s have voted. Close the vote anyway?"), { cast: vote.cast_count, eligible: vote.eligible_count })).then(function (ok) {
        if (ok) D.send(cmd, button);
      });
      return;
    }
    D.send(cmd, ev.currentTarget);
  });
  $("#placard-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var vote = D.live.state && D.live.state.vote;
    var cmd = { type: "vote.placard", yes: D.intValue("#placard-yes") || 0, no: D.intValue("#placard-no") || 0 };
    var abstain = D.intValue("#placard-abstain");
    if (abstain) cmd.abstain = abstain;
    var button = ev.target.querySelector("button");
    function record() {
      D.send(cmd, button).then(function (ok) {
        if (ok) ["#placard-yes", "#placard-no", "#placard-abstain"].forEach(function (s) { $(s).value = ""; });
      });
    }
    if (vote && vote.cast_count && !vote.placard) {
      cmd.replace = true;
      D.confirm(t(gettext("%(n)s ballots have been cast. Replace them with the placard count?"), { n: vote.cast_count })).then(function (ok) {
        if (ok) record();
      });
      return;
    }
    record();
  });

  // Keyboard shortcuts, shown on the buttons with <kbd>; ignored while typing.
  var SHORTCUTS = { n: "#next-speaker", s: "#speaker-toggle", "[": "#speaker-minus", "]": "#speaker-plus", v: "#vote-close", r: "#vote-reveal" };
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || D.typing(ev)) return;
    var sel = SHORTCUTS[ev.key.length === 1 ? ev.key.toLowerCase() : ev.key];
    if (!sel) return;
    var button = $(sel);
    if (!button || button.disabled || button.closest("[hidden]")) return;
    ev.preventDefault();
    button.click();
    button.classList.add("flash-key");
    setTimeout(function () { button.classList.remove("flash-key"); }, 300);
  });

  // ---------------------------------------------------------------------------------------
  // Rendering

  function isPresent(state, id) {
    var mark = state.attendance[String(id)];
    return mark === "present" || mark === "present_and_voting";
  }

  function renderRollCall(state, presence) {
    var panel = $("#rollcall-details");
    // Unfold the grid when the roll call opens, fold it when it closes (the chair may toggle).
    var was = panel.dataset.rollCall;
    var now = state.roll_call.open ? "open" : "closed";
    if (was !== now && (was !== undefined || now === "open")) panel.open = now === "open";
    panel.dataset.rollCall = now;
    $("#rollcall-open").disabled = state.roll_call.open;
    // Highlighted only while nobody has answered yet this sitting: after the roll call, the
    // floor's buttons are what matter.
    var taken = Object.keys(state.attendance || {}).length > 0;
    $("#rollcall-open").classList.toggle("primary", !state.roll_call.open && !taken);
    $("#rollcall-close").classList.toggle("primary", state.roll_call.open);
    $("#rollcall-close").disabled = !state.roll_call.open;
    dir.seats.forEach(function (s) {
      var row = gridRows[s.id];
      var mark = state.attendance[String(s.id)] || "absent";
      var connected = presence.indexOf(s.id) >= 0;
      row.dataset.mark = mark;
      var dot = row.querySelector("[data-dot]");
      dot.classList.toggle("on", connected);
      dot.title = connected ? t(gettext("Device connected")) : t(gettext("Device not connected"));
      dot.setAttribute("aria-label", dot.title);
      dot.setAttribute("role", "img");
      row.querySelector("[data-mark-text]").textContent = D.label(D.MARKS, mark);
      $$("[data-mark]", row).forEach(function (b) { b.setAttribute("aria-pressed", b.dataset.mark === mark ? "true" : "false"); });
    });
  }

  function renderPresence(presence) {
    var list = $("#presence");
    D.patch(list, presence.map(function (id) {
      return h("li", { "data-seat-id": id }, D.seatLabel(id));
    }));
    $("#presence-count").textContent = String(presence.length);
  }

  function renderFloor(state) {
    var floor = state.floor;
    D.patch($("#floor-now"), D.currentSpeaker(state));
    var timer = state.timers.speaker;
    ["#speaker-toggle", "#speaker-minus", "#speaker-plus", "#speaker-reset"].forEach(function (sel) { $(sel).disabled = !timer.duration_ms; });
    // An idle timer (nothing started yet, or nobody speaking) has nothing to resume: "Start".
    var started = !!floor && timer.duration_ms && (timer.running || timer.remaining_ms < timer.duration_ms);
    $("#speaker-toggle").firstChild.textContent = (timer.running ? t(gettext("Pause")) : started ? t(gettext("Resume")) : t(gettext("Start"))) + " ";
    $("#next-speaker").disabled = state.phase !== "formal" || !!state.vote;
    $("#speech-end").disabled = !floor;
    var yields = (dir.yields || []);
    var canYield = floor && floor.mode === "gsl" && yields.length;
    $("#yield-controls").hidden = !canYield;
    if (canYield) {
      D.patch($("#yield-buttons"), yields.filter(function (y) { return y !== "delegate"; }).map(function (y) {
        return D.cmdButton(D.label(D.YIELDS, y), "speech.yield", { to: y }, { "data-focus-key": "yield-" + y });
      }));
      $("#yield-delegate-form").hidden = yields.indexOf("delegate") < 0;
    }
    var questions = floor && floor.mode === "questions";
    $("#questions-controls").hidden = !questions;
    if (questions) {
      $("#questions-hint").textContent = floor.questioner
        ? t(gettext("Question from %(country)s. Start the answer when the question is asked."), { country: D.country(floor.questioner) })
        : t(gettext("Raised hands appear here; recognise one to ask a question."));
      var hands = state.hands || [];
      D.patch($("#question-hands"), hands.length ? hands.map(function (id) {
        return h("li", null, D.seatLabel(id), " ", D.cmdButton(t(gettext("Recognise")), "question.recognise", { seat: id }, { class: "button small", "data-focus-key": "q-" + id }));
      }) : h("li", { class: "muted" }, t(gettext("No hands raised."))));
      $("#answer-start").disabled = !floor.questioner || timer.running;
    }
  }

  function renderSpeakers(state) {
    var queue = state.speakers || [];
    $("#gsl-closed").hidden = !state.list_closed;
    $("#gsl-close-toggle").textContent = state.list_closed ? t(gettext("Reopen the list")) : t(gettext("Close the list"));
    $("#gsl-close-toggle").disabled = !state.topic;
    D.patch($("#gsl-queue"), queue.length ? queue.map(function (id, i) {
      return h("li", { class: i < 3 ? "next" : "", "data-seat-id": id },
        h("span", { class: "pos" }, String(i + 1)),
        D.seatLabel(id),
        i < 3 ? h("span", { class: "pill small" }, i === 0 ? t(gettext("next")) : t(gettext("coming up"))) : null,
        h("span", { class: "row-actions" },
          D.cmdButton("↑", "speakers.move", { seat: id, position: i - 1 }, { class: "button small", disabled: i === 0, "aria-label": t(gettext("Move %(country)s up"), { country: D.country(id) }), "data-focus-key": "up-" + id }),
          D.cmdButton("↓", "speakers.move", { seat: id, position: i + 1 }, { class: "button small", disabled: i === queue.length - 1, "aria-label": t(gettext("Move %(country)s down"), { country: D.country(id) }), "data-focus-key": "down-" + id }),
          D.cmdButton("✕", "speakers.remove", { seat: id }, { class: "button small danger", "aria-label": t(gettext("Remove %(country)s"), { country: D.country(id) }), "data-focus-key": "rm-" + id })));
    }) : h("li", { class: "muted empty" }, state.topic ? t(gettext("The list is empty.")) : t(gettext("Set the agenda to open a speakers' list."))));
    var closedNote = $("#gsl-queue").parentNode.querySelector(".closed-divider");
    if (state.list_closed && queue.length && !closedNote) $("#gsl-queue").after(h("p", { class: "closed-divider" }, t(gettext("List closed"))));
    if ((!state.list_closed || !queue.length) && closedNote) closedNote.remove();
  }

  function renderCaucus(state) {
    var caucus = state.caucus;
    $("#caucus-form").hidden = !!caucus;
    $("#caucus-actions").hidden = !caucus;
    $("#caucus-pause").disabled = !state.timers.caucus.running;
    $("#caucus-resume").disabled = state.timers.caucus.running || !caucus;
    D.patch($("#caucus-now"), caucus ? h("div", { class: "caucus-info" },
      h("strong", null, caucus.kind === "moderated" ? t(gettext("Moderated caucus")) : t(gettext("Unmoderated caucus"))),
      caucus.topic ? h("div", null, t(gettext("Topic: %(topic)s"), { topic: caucus.topic })) : null,
      caucus.kind === "moderated" ? h("div", { "data-testid": "caucus-speeches" }, t(gettext("Speeches: %(n)s of %(slots)s · %(s)s s each"), { n: caucus.speeches, slots: caucus.slots, s: caucus.speaking_seconds })) : null,
      caucus.proposer ? h("div", { class: "muted small" }, t(gettext("Proposed by %(country)s"), { country: D.country(caucus.proposer) })) : null
    ) : h("p", { class: "muted" }, t(gettext("No caucus is running."))));
    var moderated = caucus && caucus.kind === "moderated";
    $("#caucus-hands-box").hidden = !moderated;
    if (moderated) {
      var hands = state.hands || [];
      D.patch($("#caucus-hands"), hands.length ? hands.map(function (id) {
        return h("li", null, D.seatLabel(id), " ", D.cmdButton(t(gettext("Recognise")), "speech.recognise", { seat: id }, { class: "button small", "data-focus-key": "rec-" + id }));
      }) : h("li", { class: "muted" }, t(gettext("No placards raised."))));
    }
  }

  function renderMotions(state) {
    var motions = state.motions || [];
    D.patch($("#motion-list"), motions.length ? motions.map(function (m, i) {
      var second = !m.needs_second ? t(gettext("needs no second"))
        : m.seconded_by !== null && m.seconded_by !== undefined ? t(gettext("seconded by %(country)s"), { country: D.country(m.seconded_by) })
        : t(gettext("needs a second"));
      return h("li", { class: "motion" + (m.ready ? " ready" : " waiting"), "data-motion-id": m.id },
        h("div", { class: "motion-head" }, h("strong", null, D.motionLabel(m.kind)), " ", h("span", { class: "muted" }, D.motionParams(m))),
        h("div", { class: "small" }, t(gettext("Moved by")), " ", D.seatLabel(m.seat), " · ",
          h("span", { class: m.ready ? "" : "warn-text" }, m.ready ? "✓ " : "⚠ ", second), " · ",
          t(gettext("needs %(threshold)s"), { threshold: D.label(D.THRESHOLDS, m.threshold) })),
        h("div", { class: "actions" },
          D.cmdButton(t(gettext("Put to a vote")), "motion.vote", { motion: m.id }, { class: "button small primary", disabled: !m.ready || i !== 0 || !!state.vote, "data-focus-key": "mv-" + m.id }),
          D.cmdButton(t(gettext("Without a vote")), "consensus.propose", { motion: m.id }, { class: "button small", disabled: !m.ready || i !== 0 || !!state.vote || !!state.consensus, "data-focus-key": "mc-" + m.id }),
          D.cmdButton(t(gettext("Out of order")), "motion.rule", { motion: m.id, ruling: "out_of_order" }, { class: "button small", "data-focus-key": "mo-" + m.id }),
          D.cmdButton(t(gettext("Dilatory")), "motion.rule", { motion: m.id, ruling: "dilatory" }, { class: "button small", "data-focus-key": "md-" + m.id })));
    }) : h("li", { class: "muted empty" }, t(gettext("No motions pending."))));
    var ruling = state.ruling;
    D.patch($("#ruling-box"), ruling ? h("div", { class: "ruling" },
      h("strong", null, ruling.ruling === "dilatory" ? t(gettext("Ruled dilatory")) : t(gettext("Ruled out of order"))), ": ",
      D.motionLabel(ruling.motion.kind), " (", D.country(ruling.motion.seat), ")",
      h("div", { class: "small" }, ruling.appealed_by ? t(gettext("Appealed by %(country)s"), { country: D.country(ruling.appealed_by) }) : t(gettext("Not appealed"))),
      h("div", { class: "actions" },
        D.cmdButton(t(gettext("Put the appeal to a vote")), "ruling.vote", null, { class: "button small primary", disabled: !ruling.appealed_by || !!state.vote, "data-focus-key": "rv" }),
        D.cmdButton(t(gettext("Ruling stands")), "ruling.clear", null, { class: "button small", "data-focus-key": "rc" }))) : null);
  }

  function renderConsensus(state) {
    var proposal = state.consensus;
    D.patch($("#consensus-now"), proposal ? D.consensusView(proposal, h("div", { class: "actions" },
      D.cmdButton(t(gettext("Adopt without a vote")), "consensus.close", null, { class: "button primary", "data-enable-at": proposal.ends_at, disabled: D.serverNow() < proposal.ends_at, "data-focus-key": "cc", "data-testid": "consensus-close" }),
      D.cmdButton(t(gettext("Withdraw the proposal")), "consensus.withdraw", null, { class: "button", "data-focus-key": "cw" }))) : null);
    $("#question-vote").disabled = !!state.vote || !!proposal;
    $("#question-consensus").disabled = !!state.vote || !!proposal;
  }

  /* Who has not voted yet, with buttons to record a vote given aloud or by placard. */
  function notVotedView(vote) {
    var waiting = vote.not_voted || [];
    var entered = vote.entered || [];
    var abstain = vote.may_abstain || [];
    return h("div", { class: "not-voted" },
      h("h3", null, t(gettext("Not voted yet")), " ", h("span", { class: "pill", "data-testid": "not-voted-count" }, String(waiting.length))),
      h("ul", { class: "voted-list", "data-testid": "not-voted" }, waiting.length ? waiting.map(function (id) {
        return h("li", { "data-seat-id": id }, D.seatLabel(id), " ",
          D.cmdButton(t(gettext("Yes")), "vote.enter", { seat: id, choice: "yes" }, { class: "button small", "data-focus-key": "ve-y-" + id }),
          D.cmdButton(t(gettext("No")), "vote.enter", { seat: id, choice: "no" }, { class: "button small", "data-focus-key": "ve-n-" + id }),
          abstain.indexOf(id) >= 0 ? D.cmdButton(t(gettext("Abstain")), "vote.enter", { seat: id, choice: "abstain" }, { class: "button small", "data-focus-key": "ve-a-" + id }) : null);
      }) : h("li", { class: "muted" }, t(gettext("Every delegation has voted.")))),
      entered.length ? h("p", { class: "small muted" }, t(gettext("Entered by the chair: %(list)s"), { list: entered.map(D.country).join(", ") })) : null);
  }

  function renderDrafts(state) {
    var drafts = state.drafts || [];
    var focus = state.focus || {};
    D.patch($("#draft-list"), drafts.length ? drafts.map(function (d) {
      var onFloor = d.topic === state.topic;
      return h("li", { class: "draft status-" + d.status, "data-draft-id": d.id },
        h("div", null, h("strong", null, d.resolution ? d.resolution.code : d.code), " ", d.title, " ",
          h("span", { class: "pill small" }, D.label(DRAFT_STATUS, d.status)), d.reason === "all_parts_rejected" ? h("span", { class: "small muted" }, " " + t(gettext("every operative part was rejected"))) : d.reason === "no_operative_clause" ? h("span", { class: "small muted" }, " " + t(gettext("no operative clause left after amendments"))) : null),
        h("div", { class: "actions" },
          d.status === "approved" ? D.cmdButton(t(gettext("Introduce")), "draft.introduce", { draft: d.id }, { class: "button small", disabled: !onFloor || !!state.vote, "data-focus-key": "di-" + d.id }) : null,
          D.cmdButton(focus.draft === d.id ? t(gettext("On the projector")) : t(gettext("Show on the projector")), "draft.focus", { draft: d.id }, { class: "button small", "aria-pressed": focus.draft === d.id ? "true" : "false", "data-focus-key": "df-" + d.id }),
          d.status === "introduced" ? D.cmdButton(t(gettext("Put to the vote")), "draft.vote", { draft: d.id }, { class: "button small primary", disabled: state.phase !== "voting_procedure" || !!state.vote, "data-focus-key": "dv-" + d.id }) : null,
          d.status === "introduced" ? D.cmdButton(t(gettext("Roll-call vote")), "draft.vote", { draft: d.id, roll_call: true }, { class: "button small", disabled: state.phase !== "voting_procedure" || !!state.vote, "data-focus-key": "dr-" + d.id }) : null),
        focus.draft === d.id && (d.operative || []).length ? h("div", { class: "actions small" }, t(gettext("Clause:")), " ", (d.operative || []).filter(function (c) { return c.level === 0; }).map(function (c) {
          // By clause id: an amendment adopted meanwhile renumbers the text, not the clause meant.
          return D.cmdButton(c.label, "draft.focus", { draft: d.id, clause_id: c.id }, { class: "button small", "aria-pressed": focus.clause_id === c.id ? "true" : "false", "data-focus-key": "dc-" + d.id + "-" + c.id });
        })) : null);
    }) : h("li", { class: "muted empty" }, t(gettext("No approved drafts yet."))));
  }
  var DRAFT_STATUS = {
    approved: gettext("approved"), introduced: gettext("introduced"), adopted: gettext("adopted"),
    rejected: gettext("rejected"), lapsed: gettext("lapsed")
  };

  /* Explanations of vote: give each waiting delegation the floor in turn (with the rules' time). */
  function renderExplanations(state) {
    var window_ = state.explanations;
    D.patch($("#explanations-now"), window_ ? h("div", { class: "subpanel" },
      D.explanationsView(window_, function (id) {
        return [" ", D.cmdButton(t(gettext("Give the floor")), "explanation.start", { seat: id }, { class: "button small primary", disabled: !!state.vote, "data-focus-key": "eg-" + id, "data-testid": "explanation-start" }),
          " ", D.cmdButton(t(gettext("Remove")), "explanation.withdraw", { seat: id }, { class: "button small", "data-focus-key": "ew-" + id })];
      }),
      h("div", { class: "actions" },
        D.cmdButton(t(gettext("Close the explanations of vote")), "explanations.close", null, { class: "button small", "data-focus-key": "ec", "data-testid": "explanations-close" }))) : null);
  }

  function renderVote(state) {
    renderConsensus(state);
    renderExplanations(state);
    var vote = state.vote;
    $("#vote-controls").hidden = !vote;
    // Who has not voted comes after the buttons (a long list): see #vote-waiting.
    D.patch($("#vote-waiting"), vote && !vote.roll_call ? notVotedView(vote) : null);
    if (!vote) {
      D.patch($("#vote-now"), h("p", { class: "muted" }, t(gettext("No vote is open."))));
    } else {
      var voted = vote.voted || [];
      D.patch($("#vote-now"), h("div", null,
        h("p", { class: "vote-subject" }, h("strong", null, D.voteSubject(vote))),
        h("p", { "data-testid": "vote-count" }, t(gettext("%(cast)s of %(eligible)s have voted"), { cast: vote.cast_count, eligible: vote.eligible_count }),
          vote.placard ? " · " + t(gettext("placard count recorded")) : "",
          " · ", vote.revealed ? t(gettext("tally shown to the room")) : t(gettext("tally hidden from the room"))),
        D.tallyView(vote.tally, null, vote.abstain_possible),
        vote.roll_call ? D.rollCallView(vote, true, true) : null));
      $("#vote-reveal").firstChild.textContent = (vote.revealed ? t(gettext("Hide the tally from the room")) : t(gettext("Show the tally to the room"))) + " ";
      $("#placard-abstain").disabled = !vote.abstain_possible;
      $("#placard-abstain").closest(".field").hidden = !vote.abstain_possible;
    }
    var results = state.results || [];
    D.patch($("#vote-results"), results.length ? D.resultView(results[0]) : h("p", { class: "muted" }, t(gettext("No votes yet."))));
    // One motion to reconsider a vote at a time (the server refuses a second): while one is on
    // the floor, the form gives way to a note.
    var canReconsider = results.length && D.reconsiderable(results[0]) && !state.vote;
    var pending = canReconsider && (state.motions || []).some(function (m) {
      return m.kind === "reconsider" && m.params && m.params.vote === results[0].vote;
    });
    $("#reconsider-form").hidden = !canReconsider || pending;
    $("#reconsider-pending").hidden = !pending;
  }

  function renderPoints(state) {
    var points = state.points || [];
    var list = $("#point-list");
    var ids = points.map(function (p) { return String(p.id); });
    $$("li[data-point-id]", list).forEach(function (li) { if (ids.indexOf(li.dataset.pointId) < 0) li.remove(); });
    var empty = $(".empty", list);
    if (empty) empty.remove();
    points.forEach(function (p) {
      if ($('li[data-point-id="' + p.id + '"]', list)) return;
      var inputId = "reply-" + p.id;
      var li = h("li", { class: "point" + (p.during_vote ? " during-vote" : ""), "data-point-id": p.id },
        h("div", null, h("strong", null, D.label(D.POINTS, p.kind)), " · ", D.seatLabel(p.seat),
          p.during_vote ? h("span", { class: "pill small" }, t(gettext("during the vote"))) : null),
        p.text ? h("p", { class: "point-text" }, p.text) : null,
        h("label", { for: inputId, class: "small" }, t(gettext("Reply (optional)"))),
        h("input", { id: inputId, type: "text", maxlength: "500" }),
        h("div", { class: "actions" },
          h("button", { type: "button", class: "button small primary", onclick: function (ev) { D.send({ type: "point.answer", point: p.id, reply: $("#" + inputId).value.trim() }, ev.currentTarget); } }, t(gettext("Answer"))),
          h("button", { type: "button", class: "button small", onclick: function (ev) { D.send({ type: "point.dismiss", point: p.id, reply: $("#" + inputId).value.trim() }, ev.currentTarget); } }, t(gettext("Dismiss")))));
      list.appendChild(li);
    });
    if (!points.length) list.appendChild(h("li", { class: "muted empty" }, t(gettext("No points waiting."))));
    $("#points-count").textContent = String(points.length);
  }

  function timeOf(ms) {
    // In the page's language (html lang), not the browser's: "16:36" on Spanish pages.
    var d = new Date(ms);
    return d.toLocaleTimeString(document.documentElement.lang || [], { hour: "2-digit", minute: "2-digit" });
  }
  function renderJournal(live) {
    var undone = live.state.undone || [];
    var entries = live.journal.slice().reverse();
    D.patch($("#journal"), entries.map(function (ev) {
      var canUndo = UNDOABLE.indexOf(ev.kind) >= 0 && undone.indexOf(ev.seq) < 0 &&
        !(ev.kind === "point_settled" && ev.payload.outcome === "withdrawn");
      return h("li", { class: undone.indexOf(ev.seq) >= 0 ? "undone" : "", "data-seq": ev.seq },
        h("time", { class: "muted small", datetime: new Date(ev.at).toISOString() }, timeOf(ev.at)), " ",
        h("span", null, D.describe(ev)),
        undone.indexOf(ev.seq) >= 0 ? h("span", { class: "muted small" }, " (" + t(gettext("undone")) + ")") : null,
        canUndo ? D.cmdButton(t(gettext("Undo")), "undo", { seq: ev.seq }, { class: "button small", "data-focus-key": "undo-" + ev.seq }) : null);
    }));
  }

  function render(live) {
    var state = live.state;
    D.renderCommon(state);
    renderRollCall(state, live.presence || []);
    renderPresence(live.presence || []);
    renderFloor(state);
    renderSpeakers(state);
    renderCaucus(state);
    renderMotions(state);
    renderVote(state);
    renderDrafts(state);
    renderPoints(state);
    renderJournal(live);
    $("#speaking-now").textContent = t(gettext("Current speaking time: %(d)s"), { d: D.duration(state.speaking_seconds) });
    $("#debate-close").disabled = state.phase === "voting_procedure" || !state.topic;
    $("#voting-end").disabled = state.phase !== "voting_procedure";
    // Only what can apply now is enabled (the server refuses the rest anyway).
    $("#session-resume").disabled = state.phase !== "suspended";
    $("#session-suspend").disabled = state.phase === "suspended" || state.phase === "adjourned" || !!state.vote;
    $("#session-adjourn").disabled = state.phase === "adjourned" || !!state.vote;
    document.body.dataset.rendered = String(live.lastSeq);
  }

  D.start({ render: render });
})();
