/* Dais delegate device: phone first. Sends this delegation's commands; renders the delegates'
   view and this seat's private part (ballot, points, chair replies). */
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var D = window.Dais, h = D.h, $ = D.$, t = D.t;
  var dir = D.directory;
  var me = dir.seat;
  var mySeat = D.seat(me);

  // Roll-call answers allowed by the rules (observers answer only "present").
  D.patch($("#rollcall-buttons"), (dir.roll_call_answers || []).filter(function (a) {
    return mySeat.voting || a !== "present_and_voting";
  }).map(function (a) {
    return D.cmdButton(D.label(D.MARKS, a), "rollcall.answer", { mark: a }, { class: "button", "data-mark": a, "aria-pressed": "false" });
  }));

  /* Yielding to a delegation: only delegations present now, other than this one (the speaker).
     Rebuilt only when that set changes, keeping the choice being made. */
  var yieldSelect = $("#yield-seat"), yieldKey = null;
  function fillYieldOptions(state) {
    var ids = dir.seats.filter(function (s) {
      var mark = state.attendance[String(s.id)];
      return s.id !== me && (mark === "present" || mark === "present_and_voting");
    }).map(function (s) { return s.id; });
    var key = ids.join(",");
    if (key === yieldKey) return;
    yieldKey = key;
    var chosen = yieldSelect.value;
    yieldSelect.replaceChildren(h("option", { value: "" }, t(gettext("Choose a delegation…"))));
    ids.forEach(function (id) { yieldSelect.appendChild(h("option", { value: id }, D.country(id))); });
    if (ids.indexOf(parseInt(chosen, 10)) >= 0) yieldSelect.value = chosen;
  }
  $("#yield-delegate").addEventListener("click", function (ev) {
    var seat = D.intValue("#yield-seat");
    if (seat === null) { D.showError($("#floor-panel .errors"), t(gettext("Choose the delegation to yield to."))); return; }
    D.send({ type: "speech.yield", to: "delegate", seat: seat }, ev.currentTarget);
  });

  D.bindMotionForm($("#motion-form"));
  // The motion form opens where the delegate can see it.
  $("#motion-details").addEventListener("toggle", function () {
    if ($("#motion-details").open) $("#motion-details").scrollIntoView({ block: "start", behavior: "smooth" });
  });
  $("#motion-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var motion = D.readMotion(ev.target);
    D.send({ type: "motion.raise", kind: motion.kind, params: motion.params }, $("#motion-submit")).then(function (ok) {
      if (ok) $("#motion-details").open = false;
    });
  });
  $("#point-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = $("#point-text").value.trim();
    var cmd = { type: "point.raise", kind: $("#point-kind").value };
    if (text) cmd.text = text;
    D.send(cmd, ev.target.querySelector("button")).then(function (ok) {
      if (!ok) return;
      $("#point-text").value = "";
      $("#point-text").dispatchEvent(new CustomEvent("dais:recount", { bubbles: true }));
    });
  });

  function notices(list) {
    var box = $("#notices");
    list.forEach(function (n) {
      var kind = { kind: D.label(D.POINTS, n.point.kind) };
      var text = n.outcome === "answered" ? t(gettext("The chair answered your point (%(kind)s)."), kind)
        : n.outcome === "withdrawn" ? t(gettext("You withdrew your point (%(kind)s)."), kind)
        : t(gettext("The chair dismissed your point (%(kind)s)."), kind);
      var node = h("div", { class: "notice", role: "status" },
        h("p", null, text,
          n.reply ? h("span", null, h("br"), h("strong", null, t(gettext("Reply:"))), " ", n.reply) : null),
        h("button", { type: "button", class: "button small", "aria-label": t(gettext("Dismiss this message")), onclick: function () { node.remove(); } }, "✕"));
      box.prepend(node);
    });
  }

  function revoked() {
    $("#delegate-live").hidden = true;
    $("#revoked").hidden = false;
  }

  /* Show or hide a panel; when one appears (a vote, the roll call), bring it into view unless
     the delegate is typing somewhere. */
  function reveal(panel, visible) {
    var appearing = visible && panel.hidden;
    panel.hidden = !visible;
    var active = document.activeElement;
    var typing = active && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName);
    if (appearing && !typing && panel.scrollIntoView) panel.scrollIntoView({ block: "start" });
  }

  function present(state) {
    var mark = state.attendance[String(me)];
    return mark === "present" || mark === "present_and_voting";
  }

  function render(live) {
    var state = live.state, priv = live.private || { ballot: null, points: [] };
    D.renderCommon(state);
    // A motion waiting for a second comes up the page on a phone (static/css/live.css).
    $("#delegate-live").classList.toggle("motion-first", (state.motions || []).length > 0 && !state.floor);

    // Roll call
    var mark = state.attendance[String(me)] || "absent";
    reveal($("#rollcall-panel"), state.roll_call.open);
    $("#my-mark").textContent = D.label(D.MARKS, mark);
    D.$$("#rollcall-buttons [data-mark]").forEach(function (b) { b.setAttribute("aria-pressed", b.dataset.mark === mark ? "true" : "false"); });

    // Vote
    var vote = state.vote;
    // Whether this seat votes, may abstain and how it voted come in its private view.
    var mine = priv.vote && vote && priv.vote.id === vote.id ? priv.vote : null;
    var eligible = !!(mine && mine.eligible);
    reveal($("#vote-panel"), eligible);
    if (eligible) {
      var voted = !!priv.ballot;
      $("#vote-subject").textContent = D.voteSubject(vote);
      $("#vote-progress").textContent = t(gettext("%(cast)s of %(eligible)s have voted"), { cast: vote.cast_count, eligible: vote.eligible_count });
      $("#vote-abstain").hidden = !mine.may_abstain;
      var rc = vote.roll_call;
      D.patch($("#rc-vote"), rc ? D.rollCallView(vote, rc.current === me, false) : null);
      $("#rc-vote").hidden = !rc;
      $("#vote-buttons").hidden = voted || !!rc;
      $("#my-ballot").hidden = !voted;
      D.patch($("#my-ballot"), voted ? [t(gettext("You have voted:")), " ", priv.ballot ? D.choiceBadge(priv.ballot) : t(gettext("recorded"))] : null);
    }

    // Adoption without a vote: any voting member present may object within the moment.
    var proposal = state.consensus;
    reveal($("#consensus-panel"), !!proposal);
    if (proposal) {
      var mayObject = mySeat.voting && present(state);
      D.patch($("#consensus-now"), D.consensusView(proposal, mayObject
        ? D.cmdButton(t(gettext("Object: ask for a recorded vote")), "consensus.object", null, { class: "button danger", "data-disable-at": proposal.ends_at, disabled: D.serverNow() >= proposal.ends_at, "data-focus-key": "object", "data-testid": "consensus-object" })
        : h("p", { class: "muted small" }, t(gettext("Only member states present may object.")))));
    }

    // Floor, caucus, placards
    D.patch($("#floor-now"), D.currentSpeaker(state));
    var floor = state.floor;
    $("#floor-panel [data-timer=speaker]").hidden = !floor;
    var mine = floor && floor.seat === me;
    var yields = dir.yields || [];
    var canYield = mine && floor.mode === "gsl" && yields.length > 0;
    $("#my-yields").hidden = !canYield;
    if (canYield) fillYieldOptions(state);
    if (canYield) {
      D.patch($("#yield-buttons"), yields.filter(function (y) { return y !== "delegate"; }).map(function (y) {
        return D.cmdButton(D.label(D.YIELDS, y), "speech.yield", { to: y }, { class: "button", "data-focus-key": "y-" + y });
      }));
      $("#yield-delegate-form").hidden = yields.indexOf("delegate") < 0;
    }
    var caucus = state.caucus;
    $("#caucus-box").hidden = !caucus;
    if (caucus) {
      $("#caucus-heading").textContent = caucus.kind === "moderated" ? t(gettext("Moderated caucus")) : t(gettext("Unmoderated caucus"));
      var info = [];
      if (caucus.topic) info.push(t(gettext("Topic: %(topic)s"), { topic: caucus.topic }));
      if (caucus.kind === "moderated") info.push(t(gettext("Speeches: %(n)s of %(slots)s"), { n: caucus.speeches, slots: caucus.slots }));
      $("#caucus-info").textContent = info.join(" · ");
    }
    // The speaker raises no placard: only the others do, in a moderated caucus or for questions.
    var placards = !mine && ((caucus && caucus.kind === "moderated") || (floor && floor.mode === "questions"));
    $("#placard-box").hidden = !placards;
    if (placards) {
      var raised = (state.hands || []).indexOf(me) >= 0;
      $("#placard-state").textContent = raised ? t(gettext("Your placard is raised.")) : t(gettext("Your placard is down."));
      $("#hand-raise").disabled = raised;
      $("#hand-lower").disabled = !raised;
    }

    // Speakers' list
    var queue = state.speakers || [];
    var pos = queue.indexOf(me);
    $("#my-position").textContent = !state.topic ? t(gettext("No agenda set yet."))
      : pos >= 0 ? t(gettext("You are number %(n)s on the list."), { n: pos + 1 })
      : state.list_closed ? t(gettext("The list is closed.")) : t(gettext("You are not on the list."));
    // The main button follows the phase: no "Join the list" while this delegation speaks or in a
    // caucus (the placard is the way to speak in a moderated one).
    var listTime = !caucus && !mine;
    $("#gsl-panel").classList.toggle("quiet", !listTime);
    $("#gsl-join").hidden = pos >= 0 || !listTime;
    $("#gsl-join").disabled = !state.topic || state.list_closed || !present(state);
    $("#gsl-leave").hidden = pos < 0;
    D.patch($("#gsl-queue"), queue.slice(0, Math.max(5, pos + 1)).map(function (id, i) {
      return h("li", { class: (i < 3 ? "next" : "") + (id === me ? " me-row" : "") },
        h("span", { class: "pos" }, String(i + 1)), D.seatLabel(id), id === me ? h("span", { class: "pill small" }, t(gettext("you"))) : null);
    }));

    // Motions and ruling
    var motions = state.motions || [];
    var canAct = present(state) && !vote;
    D.patch($("#motion-list"), motions.length ? motions.map(function (m) {
      var seconded = m.seconded_by !== null && m.seconded_by !== undefined;
      return h("li", { class: "motion" + (m.ready ? " ready" : " waiting"), "data-motion-id": m.id },
        h("div", null, h("strong", null, D.motionLabel(m.kind)), " ", h("span", { class: "muted" }, D.motionParams(m))),
        h("div", { class: "small" }, D.seatLabel(m.seat), " · ",
          !m.needs_second ? t(gettext("needs no second")) : seconded ? t(gettext("seconded by %(country)s"), { country: D.country(m.seconded_by) }) : t(gettext("needs a second"))),
        m.seat === me ? D.cmdButton(t(gettext("Withdraw my motion")), "motion.withdraw", { motion: m.id }, { class: "button", disabled: !!vote, "data-focus-key": "w-" + m.id })
          : (m.needs_second && !seconded ? D.cmdButton(t(gettext("Second")), "motion.second", { motion: m.id }, { class: "button primary", disabled: !canAct, "data-focus-key": "s-" + m.id }) : null));
    }) : h("li", { class: "muted empty" }, t(gettext("No motions pending."))));
    var ruling = state.ruling;
    D.patch($("#ruling-box"), ruling ? h("div", { class: "ruling" },
      h("strong", null, ruling.ruling === "dilatory" ? t(gettext("Ruled dilatory")) : t(gettext("Ruled out of order"))), ": ", D.motionLabel(ruling.motion.kind),
      h("div", { class: "small" }, ruling.appealed_by ? t(gettext("Appealed by %(country)s"), { country: D.country(ruling.appealed_by) }) : t(gettext("Not appealed"))),
      ruling.appealed_by ? null : D.cmdButton(t(gettext("Appeal the ruling")), "ruling.appeal", null, { class: "button", disabled: !present(state), "data-focus-key": "appeal" })) : null);

    // Results
    var results = state.results || [];
    $("#results-panel").hidden = !results.length;
    if (results.length) D.patch($("#vote-results"), D.resultView(results[0]));
    // A question decided can be reconsidered where the rules have the motion.
    var canReconsider = results.length && D.reconsiderable(results[0]) && present(state) && !vote;
    D.patch($("#reconsider-box"), canReconsider ? D.cmdButton(t(gettext("Move to reconsider this vote")), "motion.raise", { kind: "reconsider", params: { vote: results[0].vote } }, { class: "button", "data-focus-key": "reconsider", "data-testid": "reconsider" }) : null);

    // Explanations of vote: "Explain my vote" where the rules let this delegation.
    var expl = state.explanations;
    // Where the rules hear explanations before the vote (the Security Council), a delegation
    // may ask in voting procedure before the vote opens.
    var before = !expl && !vote && state.phase === "voting_procedure" && (state.rules || {}).explanations_of_vote === "before_and_after"
      && mySeat.voting && present(state);
    reveal($("#explanations-panel"), !!expl || before);
    if (before) {
      D.patch($("#explanations-now"), null);
      D.patch($("#explain-buttons"), h("div", { class: "big-buttons" }, D.cmdButton(t(gettext("Explain my vote before the vote")), "explanation.request", null, { class: "button primary", "data-focus-key": "explain", "data-testid": "explain-vote" })));
    }
    if (expl) {
      D.patch($("#explanations-now"), D.explanationsView(expl));
      var waiting = (expl.queue || []).indexOf(me) >= 0;
      var explained = (expl.given || []).indexOf(me) >= 0;
      var allowed = expl.open_to === "all" || (expl.open_to === "rights" && (expl.rights || []).indexOf(me) >= 0);
      var explaining = !!(floor && floor.seat === me && floor.mode === "explanation");
      D.patch($("#explain-buttons"), waiting
        ? [h("p", { class: "my-position" }, t(gettext("You are number %(n)s to explain your vote."), { n: expl.queue.indexOf(me) + 1 })),
          h("div", { class: "big-buttons" }, D.cmdButton(t(gettext("Withdraw my request")), "explanation.withdraw", null, { class: "button", "data-focus-key": "ew", "data-testid": "explanation-withdraw" }))]
        : explaining ? h("p", { class: "my-position" }, t(gettext("You have the floor to explain your vote.")))
        : explained ? h("p", { class: "muted" }, t(gettext("You have explained your vote.")))
        : allowed && mySeat.voting && present(state) && !vote
          ? h("div", { class: "big-buttons" }, D.cmdButton(t(gettext("Explain my vote")), "explanation.request", null, { class: "button primary", "data-focus-key": "explain", "data-testid": "explain-vote" }))
          : h("p", { class: "muted small" }, expl.open_to === "rights" ? t(gettext("Only delegations that voted with rights explain their vote.")) : t(gettext("Your delegation cannot ask now."))));
    }

    // My points (no inputs inside: safe to re-render)
    var points = priv.points || [];
    D.patch($("#my-points"), points.map(function (p) {
      return h("li", { class: "point" }, h("strong", null, D.label(D.POINTS, p.kind)), p.text ? ": " + p.text : "",
        h("div", { class: "muted small" }, t(gettext("Waiting for the chair"))),
        D.cmdButton(t(gettext("Withdraw")), "point.withdraw", { point: p.id }, { class: "button small", "data-focus-key": "pw-" + p.id }));
    }));
    document.body.dataset.rendered = String(live.lastSeq);
  }

  D.start({ render: render, notices: notices, revoked: revoked });
})();
