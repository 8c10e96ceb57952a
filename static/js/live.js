/* Dais live pages: the shared part. Connection, sequence numbers, resync, clock offset, local
   timers and small rendering helpers. Vanilla JS, no build step. Strings go through Django's
   JavaScript catalog (gettext / interpolate), loaded before this file. */
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var fmt = window.interpolate || function (s, o) {
    return s.replace(/%\((\w+)\)s/g, function (_, k) { return o[k]; });
  };
  /* t(gettext("..."), {named}) interpolates a translated string (gettext at the call site so
     makemessages finds it). */
  function t(s, obj) { return obj ? fmt(s, obj, true) : s; }

  var directoryNode = document.getElementById("dais-directory");
  var directory = directoryNode ? JSON.parse(directoryNode.textContent) : { seats: [] };
  var seatsById = {};
  directory.seats.forEach(function (s) { seatsById[s.id] = s; });

  // ---------------------------------------------------------------------------------------
  // DOM helpers

  function h(tag, props) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "class") node.className = value;
        else if (key === "text") node.textContent = value;
        else if (key === "dataset") Object.keys(value).forEach(function (d) { node.dataset[d] = value[d]; });
        else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? "" : value);
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  /* Replace a container's children, keeping keyboard focus on the element with the same
     data-focus-key. Never call it on a container that holds a form field. */
  function patch(container, children) {
    if (!container) return;
    var active = document.activeElement;
    var key = active && container.contains(active) ? active.getAttribute("data-focus-key") : null;
    container.replaceChildren();
    append(container, children);
    if (key) {
      var again = container.querySelector('[data-focus-key="' + CSS.escape(key) + '"]');
      if (again) again.focus();
    }
  }
  function setText(sel, text) { $$(sel).forEach(function (n) { if (n.textContent !== text) n.textContent = text; }); }
  function show(sel, visible) { $$(sel).forEach(function (n) { n.hidden = !visible; }); }

  function seat(id) { return seatsById[id] || { id: id, country: "?", flag_url: "", iso: "" }; }
  function country(id) { return id === null || id === undefined ? "" : seat(id).country; }
  /* The flag image; decorative (alt=""), since the country's name is always written beside it. */
  function flagImg(id, cls) {
    var s = seat(id);
    return s.flag_url ? h("img", { class: "flag " + (cls || ""), src: s.flag_url, alt: "", width: "24", height: "18" }) : null;
  }
  function seatLabel(id, cls) {
    var s = seat(id);
    return h("span", { class: "seat-label " + (cls || "") },
      flagImg(id), " ",
      h("span", { class: "country" }, s.country));
  }

  // ---------------------------------------------------------------------------------------
  // Vocabulary (all translatable)

  var PHASES = {
    idle: t(gettext("Not in debate")), formal: t(gettext("Formal debate")), moderated: t(gettext("Moderated caucus")),
    unmoderated: t(gettext("Unmoderated caucus")), suspended: t(gettext("Suspended")),
    voting_procedure: t(gettext("Voting procedure")), adjourned: t(gettext("Adjourned"))
  };
  var MOTIONS = {
    adjourn_meeting: t(gettext("Adjourn the meeting")), suspend_meeting: t(gettext("Suspend the meeting")),
    table_debate: t(gettext("Table the debate")), close_debate: t(gettext("Close debate")),
    unmoderated_caucus: t(gettext("Unmoderated caucus")), moderated_caucus: t(gettext("Moderated caucus")),
    extend_caucus: t(gettext("Extend the caucus")), set_speaking_time: t(gettext("Set the speaking time")),
    open_speakers_list: t(gettext("Reopen the speakers' list")), close_speakers_list: t(gettext("Close the speakers' list")),
    set_agenda: t(gettext("Set the agenda")), divide_question: t(gettext("Divide the question")),
    introduce_draft: t(gettext("Introduce a draft resolution")), roll_call_vote: t(gettext("Roll-call vote")),
    reorder_drafts: t(gettext("Vote this draft first")), reconsider: t(gettext("Reconsider a vote"))
  };
  // A vote on a motion is titled by the motion, not by what it would start ("Motion for a
  // moderated caucus", not "Moderated caucus").
  var MOTION_VOTES = {
    appeal_chair: t(gettext("Motion to appeal the decision of the chair")),
    adjourn_meeting: t(gettext("Motion to adjourn the meeting")), suspend_meeting: t(gettext("Motion to suspend the meeting")),
    table_debate: t(gettext("Motion to table the debate")), resume_debate: t(gettext("Motion to resume the debate")),
    close_debate: t(gettext("Motion to close debate")),
    unmoderated_caucus: t(gettext("Motion for an unmoderated caucus")), moderated_caucus: t(gettext("Motion for a moderated caucus")),
    extend_caucus: t(gettext("Motion to extend the caucus")), set_speaking_time: t(gettext("Motion to set the speaking time")),
    open_speakers_list: t(gettext("Motion to reopen the speakers' list")), close_speakers_list: t(gettext("Motion to close the speakers' list")),
    set_agenda: t(gettext("Motion to set the agenda")), divide_question: t(gettext("Motion to divide the question")),
    introduce_draft: t(gettext("Motion to introduce a draft resolution")), introduce_amendment: t(gettext("Motion to introduce an amendment")),
    roll_call_vote: t(gettext("Motion for a roll-call vote")),
    reorder_drafts: t(gettext("Motion to vote this draft first")), reconsider: t(gettext("Motion to reconsider a vote"))
  };
  // The same titles inside a sentence of the journal ("Vote closed on the motion for a moderated
  // caucus."): lower case, with the article each language needs.
  var MOTION_VOTES_IN_SENTENCE = {
    appeal_chair: t(gettext("the motion to appeal the decision of the chair")),
    adjourn_meeting: t(gettext("the motion to adjourn the meeting")), suspend_meeting: t(gettext("the motion to suspend the meeting")),
    table_debate: t(gettext("the motion to table the debate")), resume_debate: t(gettext("the motion to resume the debate")),
    close_debate: t(gettext("the motion to close debate")),
    unmoderated_caucus: t(gettext("the motion for an unmoderated caucus")), moderated_caucus: t(gettext("the motion for a moderated caucus")),
    extend_caucus: t(gettext("the motion to extend the caucus")), set_speaking_time: t(gettext("the motion to set the speaking time")),
    open_speakers_list: t(gettext("the motion to reopen the speakers' list")), close_speakers_list: t(gettext("the motion to close the speakers' list")),
    set_agenda: t(gettext("the motion to set the agenda")), divide_question: t(gettext("the motion to divide the question")),
    introduce_draft: t(gettext("the motion to introduce a draft resolution")), introduce_amendment: t(gettext("the motion to introduce an amendment")),
    roll_call_vote: t(gettext("the motion for a roll-call vote")),
    reorder_drafts: t(gettext("the motion to vote this draft first")), reconsider: t(gettext("the motion to reconsider a vote"))
  };
  var THRESHOLDS = {
    simple_majority: t(gettext("simple majority")), two_thirds: t(gettext("two-thirds majority")),
    no_vote: t(gettext("no vote")), majority_of_members: t(gettext("majority of members")),
    two_thirds_of_members: t(gettext("two-thirds of all members")),
    majority_of_present: t(gettext("majority of members present")),
    two_thirds_of_present: t(gettext("two-thirds of members present")),
    affirmative_votes: t(gettext("the affirmative votes required"))
  };
  var QUESTIONS = {
    procedural: t(gettext("Procedural")), substantive: t(gettext("Substantive")),
    important: t(gettext("Important (two-thirds)")), constitutional: t(gettext("Constitutional (two-thirds of all members)"))
  };
  // What the committee's rules say (state.rules), kept by renderCommon for the labels below.
  var rules = { closure_drops_item: !!directory.closure_drops_item };
  function motionLabel(kind) {
    if (rules.closure_drops_item && kind === "close_debate") return t(gettext("Close the discussion of the item (drops it until a later session; no vote on it)"));
    if (rules.closure_drops_item && kind === "table_debate") return t(gettext("Adjourn the discussion of the item"));
    return label(MOTIONS, kind);
  }
  /* The title of a vote on a motion of `kind`. */
  function motionVoteLabel(kind) {
    if (rules.closure_drops_item && kind === "close_debate") return t(gettext("Motion to close the discussion of the item (drops it until a later session; no vote on it)"));
    if (rules.closure_drops_item && kind === "table_debate") return t(gettext("Motion to adjourn the discussion of the item"));
    return MOTION_VOTES[kind] || motionLabel(kind);
  }
  /* motionVoteLabel inside a sentence. */
  function motionVoteInSentence(kind) {
    if (rules.closure_drops_item && kind === "close_debate") return t(gettext("the motion to close the discussion of the item (drops it until a later session; no vote on it)"));
    if (rules.closure_drops_item && kind === "table_debate") return t(gettext("the motion to adjourn the discussion of the item"));
    return MOTION_VOTES_IN_SENTENCE[kind] || motionVoteLabel(kind);
  }
  var POINTS = {
    personal_privilege: t(gettext("Personal privilege")), order: t(gettext("Point of order")),
    parliamentary_inquiry: t(gettext("Parliamentary inquiry")), information: t(gettext("Point of information")),
    right_of_reply: t(gettext("Right of reply"))
  };
  var MARKS = { present: t(gettext("Present")), present_and_voting: t(gettext("Present and voting")), absent: t(gettext("Absent")) };
  var CHOICES = { yes: t(gettext("Yes")), no: t(gettext("No")), abstain: t(gettext("Abstain")) };
  var CHOICE_ICONS = { yes: "✓", no: "✗", abstain: "–" };
  var YIELDS = { delegate: t(gettext("Yield to a delegate")), questions: t(gettext("Yield to questions")), chair: t(gettext("Yield to the chair")) };

  function label(map, key) { return map[key] || String(key || "").replace(/_/g, " "); }
  function topicTitle(letter) {
    var topic = (directory.topics || []).filter(function (x) { return x.letter === letter; })[0];
    return topic ? t(gettext("Topic %(letter)s: %(title)s"), { letter: letter, title: topic.title }) : "";
  }
  function duration(seconds) {
    seconds = Math.max(0, Math.round(seconds || 0));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    if (m && s) return t(gettext("%(m)s min %(s)s s"), { m: m, s: s });
    if (m) return t(gettext("%(m)s min"), { m: m });
    return t(gettext("%(s)s s"), { s: s });
  }
  function motionParams(motion) {
    var p = motion.params || {}, parts = [];
    if (p.total_seconds) parts.push(t(gettext("total %(d)s"), { d: duration(p.total_seconds) }));
    if (p.speaking_seconds) parts.push(t(gettext("%(d)s per speaker"), { d: duration(p.speaking_seconds) }));
    if (p.unused_seconds) parts.push(t(gettext("%(s)s s left unused: not a multiple of the speaking time"), { s: p.unused_seconds }));
    if (p.topic && motion.kind === "set_agenda") parts.push(topicTitle(p.topic) || p.topic);
    if (p.parts) parts.push(t(gettext("clauses %(parts)s"), { parts: p.parts.map ? p.parts.map(function (x) { return x.join("+"); }).join(", ") : p.parts }));
    else if (p.topic) parts.push(t(gettext("on “%(topic)s”"), { topic: p.topic }));
    if (p.vote && motion.kind === "reconsider") {
      var target = ((live.state && live.state.results) || []).filter(function (r) { return r.vote === p.vote; })[0];
      parts.push(target ? t(gettext("the vote on %(subject)s"), { subject: voteSubjectInSentence(target) }) : t(gettext("vote %(n)s"), { n: p.vote }));
    }
    return parts.join(", ");
  }
  function voteSubject(vote) {
    if (!vote) return "";
    if (vote.subject === "appeal") return t(gettext("Appeal of the chair's ruling on: %(motion)s"), { motion: motionLabel(vote.kind) });
    if (vote.subject === "proposal") return vote.title || "";
    if (vote.subject === "draft") return t(gettext("Draft resolution %(code)s"), { code: vote.code || "" });
    if (vote.subject === "amendment") return t(gettext("Amendment %(code)s"), { code: vote.code || "" });
    if (vote.subject === "part") return t(gettext("Divided part: %(code)s"), { code: vote.code || "" });
    return motionVoteLabel(vote.kind);
  }
  /* voteSubject inside a sentence ("Vote closed on %(subject)s"): "the motion for a moderated
     caucus", not "Motion for a moderated caucus". A proposal's title stays as the chair typed it,
     in quotes. */
  function voteSubjectInSentence(vote) {
    if (!vote) return "";
    if (vote.subject === "appeal") {
      return vote.kind ? t(gettext("the appeal of the chair's ruling on %(motion)s"), { motion: motionVoteInSentence(vote.kind) })
        : t(gettext("the appeal of the chair's ruling"));
    }
    if (vote.subject === "proposal") return vote.title ? "“" + vote.title + "”" : "";
    if (vote.subject === "draft") return t(gettext("the draft resolution %(code)s"), { code: vote.code || "" });
    if (vote.subject === "amendment") return t(gettext("the amendment %(code)s"), { code: vote.code || "" });
    if (vote.subject === "part") return t(gettext("the divided part %(code)s"), { code: vote.code || "" });
    return motionVoteInSentence(vote.kind);
  }
  function choiceBadge(choice, count) {
    return h("span", { class: "choice choice-" + choice },
      h("span", { class: "choice-icon", "aria-hidden": "true" }, CHOICE_ICONS[choice]), " ",
      label(CHOICES, choice), count === undefined ? null : h("strong", { class: "choice-count" }, " " + count));
  }
  function resultSentence(result) {
    if (!result) return "";
    var head = result.valid ? (result.passed ? t(gettext("Passes")) : t(gettext("Fails"))) : t(gettext("No valid vote"));
    return head + ": " + reasonText(result);
  }

  // Why a vote came out as it did. The procedure engine explains in English; other languages
  // say the same from the result's numbers (the engine's sentence stays in the tooltip).
  var THRESHOLD_WORDS = {
    simple_majority: gettext("a simple majority"),
    two_thirds: gettext("two-thirds"),
    majority_of_members: gettext("a majority of members"),
    two_thirds_of_members: gettext("two-thirds of members"),
    majority_of_present: gettext("a majority of members present"),
    two_thirds_of_present: gettext("two-thirds of members present"),
    affirmative_votes: gettext("the affirmative votes required")
  };
  function vetoText(result) {
    return result.vetoed_by && result.vetoed_by.length
      ? t(gettext("Vetoed by %(who)s"), { who: result.vetoed_by.join(", ") })
      : t(gettext("Vetoed by a permanent member"));
  }
  function reasonText(result) {
    var english = (document.documentElement.lang || "en").slice(0, 2) === "en";
    if (result.method === "without_vote") return t(gettext("Adopted without a vote: nobody objected."));
    if (english || !result.threshold) return result.reason || "";
    if (result.vetoed) return vetoText(result) + ": " + t(gettext("%(yes)s yes, %(no)s no, %(abstain)s abstaining."), { yes: result.yes, no: result.no, abstain: result.abstain });
    if (result.method === "chair") return t(gettext("Under these rules the chair decides this motion without a vote: granted."));
    if (!result.valid) return t(gettext("This count cannot be decided: the chair takes the vote again."));
    var appeal = result.subject === "appeal";
    if (result.tie) {
      return appeal
        ? t(gettext("Tie (%(yes)s to overrule, %(no)s to sustain): a tie upholds the chair."), { yes: result.yes, no: result.no })
        : t(gettext("Tie (%(yes)s yes, %(no)s no): a tie fails."), { yes: result.yes, no: result.no });
    }
    return t(gettext("%(yes)s yes, %(no)s no, %(abstain)s abstaining; %(threshold)s needs %(required)s."), {
      yes: result.yes, no: result.no, abstain: result.abstain,
      threshold: t(THRESHOLD_WORDS[result.threshold] || result.threshold), required: result.required_yes
    });
  }

  /* The kind of motion `id` ("Moderated caucus"), from the floor or the journal; "" if unknown. */
  function motionName(id) {
    var onFloor = ((live.state && live.state.motions) || []).filter(function (m) { return m.id === id; })[0];
    if (onFloor) return label(MOTIONS, onFloor.kind);
    for (var i = live.journal.length - 1; i >= 0; i--) {
      var e = live.journal[i], m = e.payload && e.payload.motion;
      if (e.kind === "motion_raised" && m && m.id === id) return label(MOTIONS, m.kind);
    }
    return "";
  }
  function motionNames(ids) { return (ids || []).map(motionName).filter(Boolean).join(", "); }

  // The journal, one readable sentence per event: motions and seats by name, never by number.
  function describe(ev) {
    var p = ev.payload || {};
    var c = function (id) { return country(id); };
    switch (ev.kind) {
      case "sitting_opened": return t(gettext("Sitting %(n)s opened"), { n: p.sitting });
      case "roll_call_opened": return t(gettext("The roll call opened"));
      case "attendance_marked": return t(gettext("%(country)s marked %(mark)s"), { country: c(p.seat), mark: label(MARKS, p.mark).toLowerCase() });
      case "roll_call_closed": return t(gettext("The roll call closed: %(n)s present"), { n: p.present });
      case "agenda_set": return t(gettext("The agenda was set to %(topic)s"), { topic: topicTitle(p.topic) || p.topic });
      case "speaker_added": return t(gettext("%(country)s joined the speakers' list"), { country: c(p.seat) });
      case "speaker_removed": return t(gettext("%(country)s left the speakers' list"), { country: c(p.seat) });
      case "speaker_moved": return t(gettext("%(country)s moved to place %(n)s on the speakers' list"), { country: c(p.seat), n: p.position + 1 });
      case "speakers_list_closed": return p.closed ? t(gettext("The speakers' list was closed")) : t(gettext("The speakers' list was reopened"));
      case "speech_started": return t(gettext("%(country)s has the floor"), { country: c(p.seat) });
      case "speech_yielded":
        if (p.to === "delegate") return t(gettext("%(from)s yielded to %(country)s"), { from: c(p.from_seat), country: c(p.seat) });
        if (p.to === "questions") return t(gettext("%(country)s yielded to questions"), { country: c(p.seat) });
        return t(gettext("%(country)s yielded to the chair"), { country: c(p.seat) });
      case "question_recognised": return t(gettext("%(country)s asks a question"), { country: c(p.seat) });
      case "answer_started": return t(gettext("%(country)s answers"), { country: c(p.seat) });
      case "speech_ended": return t(gettext("%(country)s's speech ended"), { country: c(p.seat) });
      case "timer_paused": return p.timer === "caucus" ? t(gettext("The caucus timer was paused")) : t(gettext("The speaker timer was paused"));
      case "timer_resumed": return p.timer === "caucus" ? t(gettext("The caucus timer resumed")) : t(gettext("The speaker timer resumed"));
      case "timer_adjusted": return t(gettext("The %(timer)s timer changed by %(s)s s"), { timer: p.timer === "caucus" ? t(gettext("caucus")) : t(gettext("speaker")), s: (p.delta_ms > 0 ? "+" : "") + Math.round(p.delta_ms / 1000) });
      case "timer_reset": return p.timer === "caucus" ? t(gettext("The caucus timer was reset")) : t(gettext("The speaker timer was reset"));
      case "hand_raised": return t(gettext("%(country)s raised its placard"), { country: c(p.seat) });
      case "hand_lowered": return t(gettext("%(country)s lowered its placard"), { country: c(p.seat) });
      case "caucus_started": return (p.kind === "moderated" ? t(gettext("A moderated caucus began")) : t(gettext("An unmoderated caucus began"))) + " (" + duration(p.total_seconds) + ")";
      case "caucus_extended": return t(gettext("The caucus was extended by %(d)s"), { d: duration(p.seconds) });
      case "caucus_ended": return t(gettext("The caucus ended"));
      case "speaking_time_set": return t(gettext("Speaking time set to %(d)s"), { d: duration(p.seconds) });
      case "session_suspended": return t(gettext("The meeting was suspended"));
      case "session_resumed": return t(gettext("The meeting resumed"));
      case "session_adjourned": return t(gettext("The meeting was adjourned"));
      case "debate_closed": return t(gettext("Debate closed: the committee moves into voting procedure"));
      case "voting_procedure_ended": return t(gettext("Voting procedure ended"));
      case "topic_tabled": return p.reason === "closure"
        ? t(gettext("Closure: %(topic)s was dropped until a later session, with no vote on it"), { topic: topicTitle(p.topic) || p.topic })
        : t(gettext("%(topic)s was tabled"), { topic: topicTitle(p.topic) || p.topic });
      case "rules_changed": return t(gettext("The organizer changed the rules (%(n)s changes); they apply from the next decision"), { n: (p.changes || []).length });
      case "consensus_proposed": return t(gettext("The chair proposed adopting without a vote: %(subject)s"), { subject: voteSubject(p.consensus) });
      case "consensus_objected": return t(gettext("%(country)s objected: a recorded vote follows"), { country: c(p.seat) });
      case "consensus_adopted": return t(gettext("Adopted without a vote: %(subject)s"), { subject: voteSubject(p.result) });
      case "consensus_withdrawn": return t(gettext("The proposal to adopt without a vote was withdrawn"));
      case "explanation_requested": return t(gettext("%(country)s asked to explain its vote"), { country: c(p.seat) });
      case "explanation_withdrawn": return t(gettext("%(country)s no longer asks to explain its vote"), { country: c(p.seat) });
      case "explanation_started": return t(gettext("%(country)s is explaining its vote"), { country: c(p.seat) });
      case "explanations_closed": return t(gettext("The explanations of vote are closed"));
      case "motion_raised": return t(gettext("%(country)s moved: %(motion)s"), { country: c(p.motion.seat), motion: motionLabel(p.motion.kind) });
      case "motion_seconded":
        return motionName(p.motion) ? t(gettext("%(country)s seconded the motion: %(motion)s"), { country: c(p.seat), motion: motionName(p.motion) })
          : t(gettext("%(country)s seconded a motion"), { country: c(p.seat) });
      case "motion_dropped":
        if (p.reason === "withdrawn" && motionNames(p.motions)) return t(gettext("A motion was withdrawn: %(motion)s"), { motion: motionNames(p.motions) });
        if (p.reason === "withdrawn") return t(gettext("A motion was withdrawn"));
        if (p.reason === "lapsed") return t(gettext("The other pending motions lapsed"));
        if (p.reason === "dilatory") return t(gettext("The chair ruled a motion dilatory"));
        return t(gettext("The chair ruled a motion out of order"));
      case "ruling_appealed": return t(gettext("%(country)s appealed the chair's ruling"), { country: c(p.seat) });
      case "ruling_settled": return p.overruled ? t(gettext("The chair's ruling was overturned")) : t(gettext("The chair's ruling stands"));
      case "vote_opened": return t(gettext("Voting opened: %(subject)s"), { subject: voteSubject(p.vote) });
      case "ballot_cast": return p.by === "chair" ? t(gettext("%(country)s voted (entered by the chair)"), { country: c(p.seat) }) : t(gettext("%(country)s voted"), { country: c(p.seat) });
      case "placard_counted": return p.replaced ? t(gettext("The chair counted placards, replacing %(n)s ballots"), { n: p.replaced }) : t(gettext("The chair counted placards"));
      case "draft_registered": return t(gettext("%(code)s approved as a draft resolution"), { code: p.draft.code });
      case "draft_introduced": return t(gettext("A draft resolution was introduced"));
      case "draft_focused": return t(gettext("The projector shows another part of a draft"));
      case "draft_amended": return t(gettext("Friendly amendment %(code)s applied"), { code: p.amendment.code });
      case "amendment_registered": return t(gettext("Amendment %(code)s approved for a vote"), { code: p.amendment.code });
      case "amendment_decided": return p.adopted ? t(gettext("An amendment was adopted")) : t(gettext("An amendment was rejected"));
      case "draft_divided": return t(gettext("The question was divided"));
      case "part_decided": return p.adopted ? t(gettext("A divided part was adopted")) : t(gettext("A divided part was rejected"));
      case "roll_call_answered":
        // Rights asked but not granted: the delegation passed in the first round (procedure.md §4.2).
        if (/_rights$/.test(p.asked || "") && !p.rights) return t(gettext("%(country)s answered: %(answer)s; rights refused, since it passed in the first round"), { country: c(p.seat), answer: t(RC_ANSWERS[p.answer] || p.answer) });
        return t(gettext("%(country)s answered: %(answer)s"), { country: c(p.seat), answer: t(RC_ANSWERS[p.answer] || p.answer) });
      case "amendment_moot": return t(gettext("An amendment became moot"));
      case "draft_decided": return p.adopted ? t(gettext("Adopted as resolution %(code)s"), { code: p.code }) : p.reason === "all_parts_rejected" ? t(gettext("A draft resolution failed: every operative part was rejected")) : p.reason === "no_operative_clause" ? t(gettext("A draft resolution failed: no operative clause left after amendments")) : t(gettext("A draft resolution was rejected"));
      case "vote_revealed": return p.revealed === false ? t(gettext("The tally was hidden from the room")) : t(gettext("The tally was shown to the room"));
      case "vote_closed": return t(gettext("Vote closed on %(subject)s. %(reason)s"), { subject: voteSubjectInSentence(p.result), reason: reasonText(p.result) });
      case "vote_cancelled": return t(gettext("The vote was cancelled"));
      case "point_raised": return p.point ? t(gettext("%(country)s raised: %(kind)s"), { country: c(p.point.seat), kind: label(POINTS, p.point.kind) }) : t(gettext("A point was raised"));
      case "point_settled": return p.outcome === "answered" ? t(gettext("The chair answered a point")) : (p.outcome === "withdrawn" ? t(gettext("A point was withdrawn")) : t(gettext("The chair dismissed a point")));
      case "point_restored": return t(gettext("A point was put back in the queue"));
      case "corrected": return t(gettext("The chair undid entry %(n)s"), { n: p.seq });
      default: return ev.kind.replace(/_/g, " ");
    }
  }

  // ---------------------------------------------------------------------------------------
  // Clock and timers

  var offset = 0, bestRoundTrip = Infinity;
  function serverNow() { return Date.now() + offset; }
  function remainingMs(timer) {
    if (!timer) return 0;
    return timer.running && timer.ends_at ? Math.max(0, timer.ends_at - serverNow()) : Math.max(0, timer.remaining_ms || 0);
  }
  function clock(ms) {
    var total = Math.ceil(Math.max(0, ms) / 1000);
    var hrs = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return hrs ? hrs + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
  }

  var soundKey = "dais-sound";
  var audio = null;
  function soundOn() { try { return localStorage.getItem(soundKey) === "on"; } catch (e) { return false; } }
  function beep(freq, ms) {
    if (!soundOn()) return;
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = freq; gain.gain.value = 0.15;
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(); osc.stop(audio.currentTime + ms / 1000);
    } catch (e) { /* no sound available */ }
  }
  function bindSoundToggle() {
    $$("[data-sound-toggle]").forEach(function (box) {
      box.checked = soundOn();
      box.addEventListener("change", function () {
        try { localStorage.setItem(soundKey, box.checked ? "on" : "off"); } catch (e) { /* private mode */ }
        if (box.checked) beep(880, 120);
      });
    });
  }

  var lastRemaining = {};
  function tickTimers() {
    var timers = (live.state && live.state.timers) || {};
    Object.keys(timers).forEach(function (name) {
      var timer = timers[name];
      var ms = remainingMs(timer);
      var set = timer.duration_ms > 0;
      var before = lastRemaining[name];
      if (timer.running && before !== undefined) {
        if (before > 30000 && ms <= 30000 && ms > 10000) beep(660, 150);
        if (before > 10000 && ms <= 10000 && ms > 0) beep(770, 150);
        if (before > 0 && ms <= 0) { beep(880, 600); }
      }
      lastRemaining[name] = ms;
      $$('[data-timer="' + name + '"]').forEach(function (node) {
        node.dataset.remainingMs = String(Math.round(ms));
        node.dataset.running = timer.running ? "true" : "false";
        var text = !set ? "–:––" : (ms <= 0 ? t(gettext("Time")) : clock(ms));
        var digits = node.querySelector(".timer-digits") || node;
        if (digits.textContent !== text) digits.textContent = text;
        node.classList.toggle("t-unset", !set);
        node.classList.toggle("t-30", set && ms <= 30000 && ms > 10000);
        node.classList.toggle("t-10", set && ms <= 10000 && ms > 0);
        node.classList.toggle("t-zero", set && ms <= 0);
        node.classList.toggle("t-paused", set && !timer.running && ms > 0);
        var state = node.querySelector(".timer-state");
        if (state) {
          var word = !set ? t(gettext("not set")) : ms <= 0 ? t(gettext("time is up")) : timer.running ? t(gettext("running")) : t(gettext("paused"));
          if (state.textContent !== word) state.textContent = word;
        }
        var bar = node.querySelector(".timer-bar > span");
        if (bar) bar.style.width = (set ? Math.min(100, (100 * ms) / timer.duration_ms) : 0) + "%";
      });
    });
  }

  // ---------------------------------------------------------------------------------------
  // The connection

  var live = {
    directory: directory, state: null, private: null, presence: [], journal: [],
    lastSeq: 0, privateSeq: 0, connected: false, handlers: {}
  };
  var socket = null, attempts = 0, refCounter = 0, pending = {}, pingTimer = null, fatal = false;
  /* True until the first snapshot of a connection: that snapshot is taken whatever its seq. The
     server is authoritative; after a restart its journal may end below the seq we hold. */
  var fresh = true;

  function banner(text, kind) {
    var node = $("#live-banner");
    if (!node) return;
    node.textContent = text || "";
    node.hidden = !text;
    node.className = "live-banner" + (kind ? " " + kind : "");
  }
  function setConnection(state) {
    live.connected = state === "open";
    document.documentElement.dataset.connection = state;
    var words = { open: t(gettext("Connected")), connecting: t(gettext("Connecting…")), reconnecting: t(gettext("Reconnecting…")), closed: t(gettext("Disconnected")) };
    setText("[data-connection-text]", words[state] || state);
    $$("[data-connection-text]").forEach(function (n) { n.dataset.state = state; });
    if (state === "open") banner("");
    else if (state === "reconnecting") banner(t(gettext("Reconnecting… Your changes are kept; the page catches up when the connection returns.")), "warn");
  }

  function socketUrl() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    return scheme + location.host + directory.socket;
  }

  function connect() {
    if (fatal) return;
    setConnection(attempts ? "reconnecting" : "connecting");
    socket = new WebSocket(socketUrl());
    socket.addEventListener("open", function () {
      attempts = 0;
      fresh = true;
      setConnection("open");
      ping();
      clearInterval(pingTimer);
      pingTimer = setInterval(ping, 30000);
    });
    socket.addEventListener("message", function (msg) {
      var frame;
      try { frame = JSON.parse(msg.data); } catch (e) { return; }
      receive(frame);
    });
    socket.addEventListener("close", function (ev) {
      clearInterval(pingTimer);
      Object.keys(pending).forEach(function (ref) { fail(ref, t(gettext("The connection dropped before the server answered. Try again."))); });
      if (ev.code === 4003) {
        fatal = true; setConnection("closed");
        (live.handlers.revoked || function () { banner(t(gettext("Your join code was revoked.")), "error"); })();
        return;
      }
      if (ev.code === 4403 || ev.code === 4404) {
        fatal = true; setConnection("closed");
        banner(ev.code === 4403 ? t(gettext("You may not follow this committee live. Log in or join again.")) : t(gettext("This committee does not exist.")), "error");
        return;
      }
      attempts += 1;
      setConnection("reconnecting");
      var delay = Math.min(10000, 500 * Math.pow(2, attempts - 1)) * (0.8 + Math.random() * 0.4);
      if (ev.code === 4429) {
        // Too many sockets from this network: wait longer before trying again.
        delay = 30000;
        banner(t(gettext("Too many live connections from this network. Trying again in 30 seconds.")), "warn");
      } else if (ev.code === 1009 || ev.code === 4413) {
        banner(t(gettext("The last message was too large and was not sent. Reconnecting…")), "warn");
      }
      setTimeout(connect, delay);
    });
  }

  function ping() { return rawSend({ type: "ping", t: Date.now() }); }
  function rawSend(obj) {
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify(obj)); return true; }
    return false;
  }

  function render() {
    var before = document.activeElement;
    var panel = before && before.closest ? before.closest("section") : null;
    if (live.handlers.render && live.state) live.handlers.render(live);
    keepFocus(before, panel);
    tickTimers();
  }
  /* A keyboard user whose button went away in a render (hidden, disabled or replaced: "Join the
     list" once joined, "Close the vote" once closed) is not sent back to the top of the page:
     focus moves to the same control redrawn, else to the panel's heading. */
  function keepFocus(before, panel) {
    if (!before || before === document.body || !panel) return;
    var active = document.activeElement;
    if (active && active !== document.body && active !== before) return;
    if (before.isConnected && !before.disabled && before.getClientRects().length) return;
    var heading = panel.isConnected && panel.getClientRects().length ? panel.querySelector("h2, h1") : null;
    if (!heading) return;
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  function addEvents(events) {
    (events || []).forEach(function (ev) {
      if (!live.journal.length || live.journal[live.journal.length - 1].seq < ev.seq) live.journal.push(ev);
    });
    if (live.journal.length > 150) live.journal = live.journal.slice(-150);
  }

  function applyTally(old, frame) {
    var vote = Object.assign({}, old);
    vote.cast_count = frame.cast;
    vote.method = frame.method;
    if (frame.tally) vote.tally = frame.tally;
    var voted = frame.voted || [];
    if (vote.voted) {
      vote.voted = vote.voted.concat(voted.filter(function (seat) { return vote.voted.indexOf(seat) < 0; }))
        .sort(function (a, b) { return a - b; });
    }
    if (vote.not_voted) vote.not_voted = vote.not_voted.filter(function (seat) { return voted.indexOf(seat) < 0; });
    if (vote.ballots && frame.ballots) vote.ballots = Object.assign({}, vote.ballots, frame.ballots);
    // The chair's "Entered by the chair" list, in the order the ballots were recorded.
    if (vote.entered && frame.entered) {
      vote.entered = vote.entered.concat(frame.entered.filter(function (seat) { return vote.entered.indexOf(seat) < 0; }));
    }
    return vote;
  }

  function receive(frame) {
    switch (frame.type) {
      case "snapshot":
        // An older snapshot than what we hold is skipped, unless it is the first of this
        // connection or we asked for it after finding ourselves ahead of the server.
        if (frame.seq < live.lastSeq && !fresh) return;
        fresh = false;
        live.lastSeq = frame.seq;
        live.state = frame.state;
        live.journal = (frame.events || []).slice();
        if (frame.private) { live.private = frame.private; live.privateSeq = frame.seq; }
        if (frame.presence) live.presence = frame.presence;
        render();
        return;
      case "event":
        if (frame.seq <= live.lastSeq) return;
        // A frame carries only the parts of the state that changed. After a gap the rest may be
        // stale: apply what we have (it is current) and ask for a fresh snapshot.
        var gap = frame.first_seq > live.lastSeq + 1;
        live.lastSeq = frame.seq;
        live.state = Object.assign({}, live.state || {}, frame.patch || {});
        addEvents(frame.events);
        render();
        if (live.handlers.events) live.handlers.events(frame.events, live);
        if (gap) rawSend({ type: "sync" });
        return;
      case "tally":
        // Ballots (cast from devices or entered by the chair: first_seq..seq), coalesced by the
        // server: the counts are those at `seq`; `voted`, `ballots` and `entered` name only
        // the seats of these ballots.
        if (frame.seq <= live.lastSeq) return;
        var missed = frame.first_seq > live.lastSeq + 1;
        live.lastSeq = frame.seq;
        var vote = live.state && live.state.vote;
        if (vote && vote.id === frame.vote) {
          live.state = Object.assign({}, live.state, { vote: applyTally(vote, frame) });
        } else {
          missed = true;  // a tally of a vote we do not hold: the snapshot brings it
        }
        addEvents(frame.events);
        render();
        if (live.handlers.events) live.handlers.events(frame.events, live);
        if (missed) rawSend({ type: "sync" });
        return;
      case "private":
        if (frame.seq < live.privateSeq) return;
        // A seat's frame travels with its event frame (right after it): one for a seq we have
        // not seen means frames were lost on the way; a snapshot brings both back.
        if (frame.seq > live.lastSeq) rawSend({ type: "sync" });
        live.privateSeq = frame.seq;
        live.private = frame.private;
        if (live.handlers.notices && frame.notices && frame.notices.length) live.handlers.notices(frame.notices, live);
        render();
        return;
      case "presence":
        live.presence = frame.connected || [];
        render();
        return;
      case "pong":
        if (typeof frame.seq === "number" && frame.seq !== live.lastSeq) {
          // Behind: a frame was lost (even the last one). Ahead: the server's journal ends
          // below what we hold (it restarted): its snapshot wins either way.
          if (frame.seq < live.lastSeq) fresh = true;
          rawSend({ type: "sync" });
        }
        if (frame.presence) { live.presence = frame.presence; render(); }
        var now = Date.now(), rtt = now - frame.t;
        if (rtt <= bestRoundTrip) { bestRoundTrip = rtt; offset = frame.server_now - (frame.t + rtt / 2); }
        document.documentElement.dataset.clockOffset = String(Math.round(offset));
        return;
      case "ok":
        settle(frame.ref, null);
        return;
      case "error":
        if (frame.ref !== null && frame.ref !== undefined && pending[frame.ref]) fail(frame.ref, frame.message);
        else banner(frame.message, "error");
        return;
    }
  }

  function errorRegion(origin) {
    if (!origin) return null;
    if (origin.matches && origin.matches(".errors")) return origin;
    var scope = origin.closest ? origin.closest("[data-errors]") : null;
    return scope ? scope.querySelector(".errors") : null;
  }
  function showError(region, message) {
    if (!region) { banner(message, "error"); return; }
    region.textContent = message || "";
    region.hidden = !message;
  }
  function settle(ref, message) {
    var entry = pending[ref];
    if (!entry) return;
    delete pending[ref];
    showError(entry.region, message);
    if (entry.button) entry.button.removeAttribute("aria-busy");
    entry.resolve(!message);
  }
  function fail(ref, message) { settle(ref, message || t(gettext("Refused."))); }

  /* Send a command. `origin` is the control (or its error region) that sent it: an error is
     shown in the nearest [data-errors] scope's .errors region. Resolves true on "ok". */
  function send(command, origin) {
    var region = errorRegion(origin);
    return new Promise(function (resolve) {
      refCounter += 1;
      var ref = refCounter;
      var msg = Object.assign({ ref: ref }, command);
      if (!rawSend(msg)) { showError(region, t(gettext("Not connected. Wait for the connection to return."))); resolve(false); return; }
      var button = origin && origin.tagName === "BUTTON" ? origin : null;
      if (button) button.setAttribute("aria-busy", "true");
      pending[ref] = { region: region, button: button, resolve: resolve };
      showError(region, "");
    });
  }

  // Buttons with data-cmd="type" and optional data-args='{"seat": 3}' send themselves.
  document.addEventListener("click", function (ev) {
    var button = ev.target.closest ? ev.target.closest("[data-cmd]") : null;
    if (!button || button.disabled) return;
    ev.preventDefault();
    var command = { type: button.dataset.cmd };
    if (button.dataset.args) Object.assign(command, JSON.parse(button.dataset.args));
    if (button.dataset.confirm) {
      confirmFirst(button.dataset.confirm).then(function (ok) { if (ok) send(command, button); });
      return;
    }
    send(command, button);
  });
  /* Ask before something that cannot be undone (site.js's keyboard-friendly dialog). */
  function confirmFirst(question) {
    return window.daisConfirm ? window.daisConfirm(question) : Promise.resolve(window.confirm(question));
  }
  function cmdButton(text, type, args, props) {
    var attrs = Object.assign({ type: "button", class: "button", "data-cmd": type }, props || {});
    if (args) attrs["data-args"] = JSON.stringify(args);
    return h("button", attrs, text);
  }
  function typing(ev) {
    var el = ev.target;
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  function intValue(sel, root) {
    var node = $(sel, root);
    var n = node && node.value !== "" ? parseInt(node.value, 10) : NaN;
    return isNaN(n) ? null : n;
  }

  /* Elements with data-deadline (ms, server time) show the seconds left; elements with
     data-enable-at become enabled once that time has passed (no server round trip needed). */
  function tickDeadlines() {
    var now = serverNow();
    $$("[data-deadline]").forEach(function (node) {
      var left = Math.max(0, Math.ceil((parseInt(node.dataset.deadline, 10) - now) / 1000));
      var text = left > 0 ? t(gettext("%(s)s s left to object"), { s: left }) : t(gettext("The moment to object has passed."));
      if (node.textContent !== text) node.textContent = text;
    });
    $$("[data-enable-at]").forEach(function (node) { node.disabled = now < parseInt(node.dataset.enableAt, 10); });
    $$("[data-disable-at]").forEach(function (node) { node.disabled = now >= parseInt(node.dataset.disableAt, 10); });
  }
  /* The pending adoption without a vote, for every page (the page adds its own buttons). */
  function consensusView(proposal, buttons) {
    if (!proposal) return null;
    return h("div", { class: "consensus", "data-testid": "consensus" },
      h("p", null, h("strong", null, t(gettext("Adoption without a vote proposed:"))), " ", voteSubject(proposal)),
      h("p", { class: "consensus-left", "data-deadline": proposal.ends_at, role: "timer", "aria-live": "off" }, ""),
      buttons || null);
  }

  /* Whether a result can be reconsidered (committee/live/reconsider.py): a question the chair
     put, or a motion that failed; where the rules have the motion. */
  function reconsiderable(result) {
    if (!result || !result.vote || !result.valid) return false;
    if (!(directory.motions || []).some(function (m) { return m.kind === "reconsider"; })) return false;
    if (result.subject === "proposal") return true;
    return result.subject === "motion" && !result.passed && result.kind !== "reconsider";
  }

  /* Explanations of vote: who waits for the floor and who has spoken; `buttonsFor(seat)` adds
     the page's own buttons to each waiting seat (the chair's "Give the floor"). */
  function explanationsView(window_, buttonsFor) {
    if (!window_) return null;
    var subject = window_.code || window_.title || "";
    var heading = window_.when === "before"
      ? t(gettext("Explanations before the vote"))
      : subject ? t(gettext("Explanations of vote on %(subject)s"), { subject: subject }) : t(gettext("Explanations of vote"));
    // `given` counts the seat explaining now from the moment it has the floor: list only
    // those who have finished.
    var floor = live.state && live.state.floor;
    var speaking = floor && floor.mode === "explanation" ? floor.seat : null;
    var done = (window_.given || []).filter(function (id) { return id !== speaking; });
    var who = window_.open_to === "rights" ? t(gettext("Only delegations that voted with rights may explain their vote."))
      : window_.open_to === "all" ? t(gettext("Any member state present may ask to explain its vote."))
      : t(gettext("No more requests under these rules."));
    return h("div", { class: "explanations", "data-testid": "explanations" },
      h("h3", null, heading),
      h("p", { class: "small muted" }, who, " ", t(gettext("%(d)s each."), { d: duration(window_.seconds) })),
      h("ol", { class: "queue", "data-testid": "explanations-queue" }, (window_.queue || []).length ? window_.queue.map(function (id) {
        return h("li", { "data-seat-id": id }, seatLabel(id), buttonsFor ? buttonsFor(id) : null);
      }) : h("li", { class: "muted" }, t(gettext("Nobody is waiting.")))),
      done.length ? h("p", { class: "small", "data-testid": "explained" }, t(gettext("Explained: %(list)s"), { list: done.map(country).join(", ") })) : null);
  }

  function start(handlers) {
    live.handlers = handlers || {};
    bindSoundToggle();
    setInterval(tickTimers, 250);
    setInterval(tickDeadlines, 250);
    connect();
  }


  // ---------------------------------------------------------------------------------------
  // Pieces every page shows: [data-bind] containers filled from the state.

  function quorumText(q) {
    if (!q) return "";
    var observers = q.observers ? " · " + t(gettext("%(n)s observers, not counted"), { n: q.observers }) : "";
    if (q.required === false) {
      return t(gettext("No quorum required under these rules · %(present)s of %(members)s present"), { present: q.present, members: q.members }) + observers;
    }
    return t(gettext("%(present)s of %(members)s present · debate %(debate)s (needs %(nd)s) · vote %(vote)s (needs %(nv)s)"), {
      present: q.present, members: q.members,
      debate: q.can_debate ? t(gettext("✓ yes")) : t(gettext("✗ no")), nd: q.needed_to_debate,
      vote: q.can_vote ? t(gettext("✓ yes")) : t(gettext("✗ no")), nv: q.needed_to_vote
    }) + observers;
  }
  var DISCRETION = {
    right_of_reply: t(gettext("right of reply")), seconds: t(gettext("seconding motions")), caucuses: t(gettext("caucuses"))
  };
  function discretionText(r) {
    var items = (r && r.discretion) || [];
    if (!items.length) return "";
    var words = items.map(function (item) {
      return item === "default_speaking_seconds"
        ? t(gettext("speaking time (app default: %(d)s)"), { d: duration(r.default_speaking_seconds) })
        : label(DISCRETION, item);
    });
    return t(gettext("At the President's discretion: %(items)s."), { items: words.join(", ") });
  }
  /* Drafts before the committee, for the division motion's select (kept if unchanged). */
  function fillDraftSelects(state) {
    // Drafts the committee can move on: approved (to introduce) or introduced (to vote on).
    var drafts = (state.drafts || []).filter(function (d) { return d.status === "introduced" || d.status === "approved"; });
    var key = drafts.map(function (d) { return d.id; }).join(",");
    $$("select[data-drafts]").forEach(function (select) {
      if (select.dataset.key === key) return;
      var value = select.value;
      select.replaceChildren.apply(select, drafts.map(function (d) { return h("option", { value: d.id }, d.code + " · " + d.title); }));
      select.value = value;
      select.dataset.key = key;
    });
  }
  function renderCommon(state) {
    rules = state.rules || {};
    setText('[data-bind="discretion"]', discretionText(rules));
    show('[data-bind="discretion"]', !!discretionText(rules));
    fillDraftSelects(state);
    setText('[data-bind="sitting"]', state.sitting ? String(state.sitting) : t(gettext("not opened")));
    setText('[data-bind="phase"]', label(PHASES, state.phase));
    $$('[data-bind="phase"]').forEach(function (n) { n.dataset.phase = state.phase; });
    document.documentElement.dataset.phase = state.phase;
    setText('[data-bind="topic"]', state.topic ? topicTitle(state.topic) : t(gettext("No agenda set")));
    $$('[data-bind="topic"]').forEach(function (n) { n.title = n.textContent; });
    setText('[data-bind="quorum"]', quorumText(state.quorum));
    var present = Object.keys(state.attendance || {}).filter(function (k) {
      return state.attendance[k] === "present" || state.attendance[k] === "present_and_voting";
    }).length;
    setText('[data-bind="present-count"]', t(gettext("%(n)s of %(total)s delegations present"), { n: present, total: directory.seats.length }));
    show('[data-show="roll-call-open"]', !!(state.roll_call && state.roll_call.open));
    show('[data-show="suspended"]', state.phase === "suspended");
    show('[data-show="voting-procedure"]', state.phase === "voting_procedure");
  }
  function nextSpeakers(state, n) { return (state.speakers || []).slice(0, n); }
  function currentSpeaker(state) {
    var floor = state.floor;
    if (!floor) return h("p", { class: "muted" }, t(gettext("Nobody has the floor.")));
    var modes = { gsl: t(gettext("Speakers' list")), caucus: t(gettext("Moderated caucus")), yield_delegate: t(gettext("Yielded time")), questions: t(gettext("Taking questions")), floor: t(gettext("Recognised by the chair")), explanation: t(gettext("Explaining its vote")) };
    return h("div", { class: "speaker-now" },
      flagImg(floor.seat, "big-flag"),
      h("div", null,
        h("div", { class: "speaker-name", "data-testid": "speaker-now" }, country(floor.seat)),
        h("div", { class: "muted" }, label(modes, floor.mode),
          floor.yielded_by ? " · " + t(gettext("yielded by %(country)s"), { country: country(floor.yielded_by) }) : "",
          floor.questioner ? " · " + t(gettext("question from %(country)s"), { country: country(floor.questioner) }) : "")));
  }
  /* A tally's badges; no "Abstain 0" where nobody could abstain (abstainPossible false, or the
     result says so). */
  function tallyView(tally, revealedNote, abstainPossible) {
    if (!tally) return null;
    var noAbstain = (abstainPossible === false || tally.abstain_possible === false) && !tally.abstain;
    var choices = noAbstain ? ["yes", "no"] : ["yes", "no", "abstain"];
    return h("div", { class: "tally" }, choices.map(function (k) { return choiceBadge(k, tally[k]); }), revealedNote || null);
  }
  function resultView(result) {
    if (!result) return null;
    var outcome = result.valid ? (result.passed ? "passed" : "failed") : "invalid";
    var head = outcome === "passed" ? t(gettext("Passes")) : outcome === "failed" ? t(gettext("Fails")) : t(gettext("No valid vote"));
    if (result.method === "without_vote") head = t(gettext("Adopted without a vote"));
    if (result.vetoed) head = vetoText(result);
    return h("div", { class: "result result-" + outcome + (result.vetoed ? " result-vetoed" : ""), "data-testid": "result" },
      h("div", { class: "result-subject" }, voteSubject(result)),
      h("div", { class: "result-head" }, h("span", { "aria-hidden": "true" }, outcome === "passed" ? "✓ " : outcome === "failed" ? "✗ " : "⚠ "),
        head),
      result.method === "without_vote" ? null : tallyView(result),
      h("p", { class: "result-reason", title: result.reason || "" }, reasonText(result)),
      result.method && result.method !== "device" ? h("p", { class: "result-method small", "data-testid": "result-method" }, label(METHODS, result.method)) : null,
      (result.rights || []).length ? h("p", { class: "small", "data-testid": "result-rights" }, t(gettext("Explanations of vote: %(list)s"), { list: result.rights.map(country).join(", ") })) : null);
  }
  var METHODS = {
    placard: gettext("Counted by placards."),
    chair: gettext("Votes entered by the chair."),
    roll_call: gettext("Roll-call vote."),
    device_and_chair: gettext("Votes by devices and entered by the chair.")
  };
  /* A roll-call vote: the seat being called, answer buttons for whoever may answer for it, and
     the answers so far in calling order. */
  var RC_ANSWERS = {
    yes: gettext("Yes"), no: gettext("No"), abstain: gettext("Abstain"), pass: gettext("Pass"),
    yes_rights: gettext("Yes, with rights"), no_rights: gettext("No, with rights")
  };
  function rollCallView(vote, canAnswer, forChair, compact) {
    var rc = vote.roll_call;
    if (!rc) return null;
    var shown = rc.order;
    if (compact) {
      // The projector: the seat being called and the last few answers, readable across a room.
      var at = rc.current === null || rc.current === undefined ? rc.order.length : rc.order.indexOf(rc.current);
      if (rc.round === 2) at = rc.order.length;
      shown = rc.order.slice(Math.max(0, at - 5), at + 1);
    }
    var choices = ["yes", "no"];
    if (rc.round === 1 && vote.abstain_possible) choices.push("abstain");
    if (rc.round === 1 && directory.roll_call_pass) choices.push("pass");
    if (directory.roll_call_rights) choices.push("yes_rights", "no_rights");
    return h("div", { class: "roll-call-vote", "data-testid": "roll-call" },
      rc.current !== null && rc.current !== undefined
        ? h("p", { class: "rc-current" }, rc.round === 2 ? t(gettext("Second round: calling")) : t(gettext("Calling")), " ", h("strong", { "data-testid": "rc-current" }, country(rc.current)))
        : h("p", { class: "rc-current" }, t(gettext("Every seat has answered."))),
      canAnswer && rc.current !== null ? h("div", { class: "big-buttons" }, choices.map(function (a) {
        var args = { answer: a };
        if (forChair) args.seat = rc.current;
        return cmdButton(t(RC_ANSWERS[a]), "vote.answer", args, { class: "button rc-" + a, "data-focus-key": "rca-" + a });
      })) : null,
      h("ol", { class: "rc-answers" + (compact ? " compact" : "") }, shown.map(function (id) {
        var answer = rc.answers[String(id)];
        return h("li", { class: (id === rc.current ? "current " : "") + (answer ? "answered" : ""), "data-seat-id": id },
          country(id), answer ? ": " + t(RC_ANSWERS[answer]) : "");
      })));
  }

  /* A draft's text as the room reads it: clause numbers, the clause under discussion marked
     (by its id, so the mark stays on it when an amendment renumbers the text). */
  function draftText(draft, focusId) {
    return h("div", { class: "draft-text" },
      h("p", { class: "draft-code" }, h("strong", null, draft.resolution ? draft.resolution.code : draft.code), " · ", draft.title),
      h("ol", { class: "draft-pre" }, (draft.preambular || []).map(function (c) {
        return h("li", null, h("em", null, c.phrase), " ", c.text, c.end);
      })),
      h("ol", { class: "draft-ops" }, (draft.operative || []).map(function (c) {
        return h("li", { class: "lvl-" + c.level + (focusId !== null && focusId !== undefined && focusId === c.id ? " focus" : ""), "data-ref": c.ref },
          h("span", { class: "label" }, c.label), " ", c.level === 0 && c.phrase ? h("strong", null, c.phrase) : null, c.level === 0 && c.phrase ? " " : null, c.text, c.end,
          (c.amended_by || []).length ? h("span", { class: "amended-by small" }, " [" + c.amended_by.map(function (code) { return code.split("/").slice(-2).join(" "); }).join(", ") + "]") : null);
      })));
  }


  // Motion forms: which parameter fields a kind needs, and reading them.
  var PARAMS_BY_KIND = {
    moderated_caucus: ["total", "speaking", "topic"], unmoderated_caucus: ["total", "topic"],
    extend_caucus: ["total"], suspend_meeting: ["total"], set_speaking_time: ["speaking"], set_agenda: ["agenda"],
    divide_question: ["division"], roll_call_vote: ["draft"], introduce_draft: ["draft"], reorder_drafts: ["draft"]
  };
  function fillMotionKinds(select) {
    (directory.motions || []).forEach(function (m) {
      // A reconsideration names a decided vote: it is moved from that result ("Move to reconsider").
      if (m.kind === "reconsider") return;
      select.appendChild(h("option", { value: m.kind }, motionLabel(m.kind)));
    });
  }
  function bindMotionForm(form) {
    var select = form.querySelector("[data-motion-kind]");
    fillMotionKinds(select);
    function sync() {
      var wanted = PARAMS_BY_KIND[select.value] || [];
      $$("[data-param]", form).forEach(function (field) {
        var params = field.dataset.param.split(" ");
        field.hidden = !params.some(function (p) { return wanted.indexOf(p) >= 0; });
      });
      $$("[data-param-only]", form).forEach(function (field) { field.hidden = wanted.indexOf(field.dataset.paramOnly) < 0; });
    }
    select.addEventListener("change", sync);
    sync();
  }
  function readMotion(form) {
    var kind = form.querySelector("[data-motion-kind]").value;
    var wanted = PARAMS_BY_KIND[kind] || [];
    var params = {};
    var num = function (name) { var n = parseInt(($('[data-p="' + name + '"]', form) || {}).value, 10); return isNaN(n) ? 0 : n; };
    if (wanted.indexOf("total") >= 0) {
      var total = num("minutes") * 60 + num("seconds");
      if (total > 0 || kind !== "suspend_meeting") params.total_seconds = total;
    }
    if (wanted.indexOf("speaking") >= 0) params.speaking_seconds = num("speaking");
    if (wanted.indexOf("topic") >= 0) { var topic = $('[data-p="topic"]', form).value.trim(); if (topic) params.topic = topic; }
    if (wanted.indexOf("agenda") >= 0) params.topic = $('[data-p="agenda"]', form).value;
    if (wanted.indexOf("division") >= 0 || wanted.indexOf("draft") >= 0) {
      var d = parseInt($('[data-p="draft"]', form).value, 10);
      if (!isNaN(d)) params.draft = d;
    }
    if (wanted.indexOf("division") >= 0) params.parts = $('[data-p="parts"]', form).value.trim();
    return { kind: kind, params: params };
  }

  window.Dais = {
    confirm: confirmFirst,
    live: live, directory: directory, start: start, send: send, h: h, $: $, $$: $$, patch: patch,
    setText: setText, show: show, seat: seat, country: country, seatLabel: seatLabel, flagImg: flagImg, t: t,
    label: label, PHASES: PHASES, MOTIONS: MOTIONS, THRESHOLDS: THRESHOLDS, POINTS: POINTS,
    MARKS: MARKS, CHOICES: CHOICES, YIELDS: YIELDS, topicTitle: topicTitle, duration: duration,
    motionParams: motionParams, voteSubject: voteSubject, choiceBadge: choiceBadge,
    resultSentence: resultSentence, describe: describe, remainingMs: remainingMs, clock: clock,
    serverNow: serverNow, cmdButton: cmdButton, typing: typing, intValue: intValue,
    showError: showError, banner: banner, tick: tickTimers, ping: ping,
    renderCommon: renderCommon, quorumText: quorumText, nextSpeakers: nextSpeakers,
    currentSpeaker: currentSpeaker, bindMotionForm: bindMotionForm, readMotion: readMotion, tallyView: tallyView, resultView: resultView,
    motionLabel: motionLabel, motionVoteLabel: motionVoteLabel, QUESTIONS: QUESTIONS, consensusView: consensusView, tickDeadlines: tickDeadlines,
    draftText: draftText, rollCallView: rollCallView, explanationsView: explanationsView,
    reconsiderable: reconsiderable
  };
})();
