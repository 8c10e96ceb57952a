/* Dais projector: the public view of the room, no controls. */
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var D = window.Dais, h = D.h, $ = D.$, t = D.t;

  $("#fullscreen").addEventListener("click", function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  });

  /* The amendment being voted on: what it does to which clause, and its text (the clause it
     changes is highlighted in the draft below). */
  function amendmentNow(a) {
    if (!a) return null;
    var what = a.kind === "delete" ? t(gettext("Deletes clause %(ref)s."), { ref: a.target_ref })
      : a.kind === "replace" ? t(gettext("Replaces clause %(ref)s with:"), { ref: a.target_ref })
      : a.target_ref ? t(gettext("Adds after clause %(ref)s:"), { ref: a.target_ref }) : t(gettext("Adds at the end:"));
    return h("div", { class: "amendment-now", "data-testid": "amendment-now" },
      h("p", { class: "amendment-what" }, h("strong", null, a.code.split("/").slice(-2).join(" ")), " · ", what),
      a.kind === "delete" ? null : h("p", { class: "amendment-text" }, a.phrase ? h("strong", null, a.phrase) : null, a.phrase ? " " : null, a.text));
  }

  function render(live) {
    var state = live.state;
    D.renderCommon(state);
    D.patch($("#floor-now"), D.currentSpeaker(state));
    $("#speaker-timer-box").classList.toggle("timer-xl", !state.caucus || !!state.floor);
    $("#speaker-timer-box").hidden = !!state.caucus && !state.floor;

    var caucus = state.caucus;
    $("#caucus-block").hidden = !caucus;
    if (caucus) {
      $("#p-caucus").textContent = caucus.kind === "moderated" ? t(gettext("Moderated caucus")) : t(gettext("Unmoderated caucus"));
      var info = [];
      if (caucus.topic) info.push(caucus.topic);
      if (caucus.kind === "moderated") info.push(t(gettext("%(n)s of %(slots)s speeches given"), { n: caucus.speeches, slots: caucus.slots }));
      $("#caucus-info").textContent = info.join(" · ");
    }
    $("#rollcall-block").hidden = !state.roll_call.open;

    var next = D.nextSpeakers(state, 3);
    var vote = state.vote, motion = (state.motions || [])[0];
    var focus = state.focus, drafts = state.drafts || [];
    // The draft being voted on, else the one the chair put on the screen.
    var shownId = vote && vote.draft != null ? vote.draft : focus ? focus.draft : null;
    var shown = shownId != null ? drafts.filter(function (d) { return d.id === shownId; })[0] : null;
    var amendment = shown && vote && vote.amendment != null
      ? (shown.amendments || []).filter(function (a) { return a.id === vote.amendment; })[0] : null;
    var focusClause = amendment ? amendment.target : focus && focus.draft === shownId ? focus.clause_id : null;
    // A draft on the screen, nobody speaking, no caucus or vote, and no list worth showing (empty,
    // or closed by voting procedure): the draft's text takes the whole width.
    var listIdle = !next.length || state.phase === "voting_procedure";
    var draftWide = !!shown && !state.floor && !caucus && !vote && listIdle;
    $(".proj-grid").classList.toggle("draft-wide", draftWide);

    D.patch($("#next-speakers"), next.length ? next.map(function (id) { return h("li", null, D.seatLabel(id)); })
      : h("li", { class: "muted" }, state.list_closed ? t(gettext("The list is closed.")) : t(gettext("The list is empty."))));

    $("#motion-block").hidden = !vote && !motion;
    // During a vote nobody speaks: the vote takes the whole screen, not an idle "Nobody has the
    // floor" half (the caucus timer stays when a caucus runs).
    var results = state.results || [];
    // Nobody speaking: no idle "Nobody has the floor" half; the caucus, motion, vote and result
    // share the screen.
    var noFloor = !state.floor && !!(caucus || vote || motion || results.length);
    $(".proj-grid").classList.toggle("no-floor", noFloor);
    $(".proj-grid").classList.toggle("draft-full", !!shown && (draftWide || noFloor));
    $("#next-block").hidden = !state.topic || !!caucus || !!vote || (!!shown && listIdle);
    $("#p-motion").textContent = vote ? t(gettext("Vote")) : t(gettext("On the floor"));
    if (vote) {
      var voted = vote.voted || [];
      D.patch($("#motion-now"), h("div", null,
        h("div", { class: "speaker-name vote-question" }, D.voteSubject(vote)),
        vote.roll_call ? D.rollCallView(vote, false, false, true) : null,
        vote.tally ? D.tallyView(vote.tally, null, vote.abstain_possible) : null,
        vote.roll_call ? null : h("p", { "data-testid": "vote-count" }, t(gettext("%(cast)s of %(eligible)s have voted"), { cast: vote.cast_count, eligible: vote.eligible_count })),
        !vote.roll_call && voted.length ? h("ul", { id: "voted-now", class: "voted-grid", "aria-label": t(gettext("Delegations that have voted")) },
          voted.map(function (id) { return h("li", null, D.seatLabel(id)); })) : null));
    } else if (motion) {
      D.patch($("#motion-now"), h("div", null,
        h("div", { class: "speaker-name" }, D.motionVoteLabel(motion.kind)),
        h("p", null, D.motionParams(motion)),
        h("p", { class: "muted" }, t(gettext("Moved by %(country)s"), { country: D.country(motion.seat) }), " · ",
          motion.ready ? t(gettext("seconded")) : t(gettext("needs a second")))));
    }
    $("#draft-block").hidden = !shown;
    if (shown) {
      $("#p-draft").textContent = shown.resolution ? t(gettext("Resolution")) : shown.status === "rejected" ? (shown.reason === "all_parts_rejected" ? t(gettext("Draft resolution rejected: every operative part was rejected")) : shown.reason === "no_operative_clause" ? t(gettext("Draft resolution failed: no operative clause left after amendments")) : t(gettext("Draft resolution rejected"))) : t(gettext("Draft resolution"));
      D.patch($("#draft-now"), h("div", { class: "draft-now-inner" }, amendmentNow(amendment), D.draftText(shown, focusClause)));
      // Follow the clause under discussion inside the text's own box (the page never scrolls:
      // the heading and the footer stay on the wall): below the draft's code, which stays at the
      // top of the box, a quarter of the way down when there is room, else at the top.
      var box = $("#draft-now .draft-text"), focused = $("#draft-now li.focus");
      if (box && focused) {
        var code = box.querySelector(".draft-code"), codeHeight = code ? code.getBoundingClientRect().height : 0;
        var room = Math.max(0, box.clientHeight - codeHeight - focused.getBoundingClientRect().height);
        box.scrollTop += focused.getBoundingClientRect().top - box.getBoundingClientRect().top - codeHeight - Math.min(box.clientHeight / 4, room / 2);
      }
    }
    $("#result-block").hidden = !results.length;
    if (results.length) D.patch($("#vote-results"), D.resultView(results[0]));
    // Explanations of vote: who explains now is on the floor; who waits is listed here.
    D.patch($("#explanations-now"), state.explanations && !vote ? D.explanationsView(state.explanations) : null);
    document.body.dataset.rendered = String(live.lastSeq);
  }

  D.start({ render: render });
})();
