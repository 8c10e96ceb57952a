"""Live commands about documents: approving (called by `resolutions.services`), introducing,
showing and voting on drafts, and what a draft's vote decides.

The text of papers lives in the `resolutions` app; what the live session needs of an approved
draft travels in the `draft_registered` event. No database here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from committee.live.base import (
    Actor,
    Context,
    Ev,
    LiveError,
    Payload,
    _ev,
    _open_vote,
    _require_chair,
    _require_live,
    _require_no_vote,
    present_voting_seats,
)
from committee.live.documents import ensure, find_line
from committee.live.state import State, apply_event
from committee.procedure import Amendment, Clause, vote_plan

OPEN = ("approved", "introduced")


def _draft(state: State, c: Payload) -> dict[str, Any]:
    draft_id = c.get("draft")
    draft = ensure(dict(state)).get("drafts", {}).get(str(draft_id)) if draft_id is not None else None
    if draft is None:
        raise LiveError(_("That draft resolution does not exist."))
    found: dict[str, Any] = draft
    return found


def check_support(state: State, ctx: Context, *, sponsors: int, signatories: int) -> None:
    """Approval needs sponsors plus signatories of at least the profile's share of the seats
    present (procedure.md §5.1); the refusal says the numbers."""
    present = len(present_voting_seats(state, ctx))
    if present == 0:
        raise LiveError(_("Take the roll call first: the threshold counts the delegations present."))
    support = ctx.profile.draft_support(sponsors=sponsors, signatories=signatories, present=present)
    if support.accepted:
        return
    if sponsors < 1:
        raise LiveError(_("A draft needs at least one sponsor."))
    cap = ctx.profile.settings.sponsor_cap
    if cap is not None and sponsors > cap:
        raise LiveError(
            _("%(sponsors)d sponsors: these rules allow at most %(cap)d.")
            % {"sponsors": sponsors, "cap": cap}
        )
    raise LiveError(
        _("%(needed)d needed, %(have)d have signed (sponsors and signatories, with %(present)d delegations present).")
        % {"needed": support.needed, "have": support.have, "present": present}
    )


def register(state: State, ctx: Context, snapshot: dict[str, Any]) -> list[Ev]:
    if str(snapshot["id"]) in state.get("drafts", {}):
        raise LiveError(_("%(code)s is already approved.") % {"code": snapshot["code"]})
    return [_ev("draft_registered", draft=snapshot)]


def _open_draft(state: State, c: Payload) -> dict[str, Any]:
    draft = _draft(state, c)
    if draft["status"] not in OPEN:
        raise LiveError(_("%(code)s has already been decided.") % {"code": draft["code"]})
    return draft


def check_target(draft: dict[str, Any], kind: str, target: Any) -> None:
    """Amendments to a clause that no longer exists are refused."""
    if kind == "add" and target is None:
        return
    if find_line(draft["operative"], target) is None:
        raise LiveError(_("That clause is no longer in %(code)s.") % {"code": draft["code"]})


def _require_no_vote_on(state: State, draft: dict[str, Any]) -> None:
    """The text does not change under a vote: no amendment is applied or approved while a vote
    on the draft, one of its amendments or one of its parts is open."""
    vote = state.get("vote")
    if vote is not None and vote.get("draft") == draft["id"]:
        raise LiveError(
            _("A vote on %(code)s is open: its text cannot change until the vote closes.")
            % {"code": draft["code"]}
        )


def amend_friendly(state: State, ctx: Context, draft_id: int, amendment: dict[str, Any]) -> list[Ev]:
    """Every sponsor accepted: the amendment is applied with no vote (and if it took the last
    operative clause, the draft fails: `_emptied`)."""
    draft = _open_draft(state, {"draft": draft_id})
    _require_no_vote_on(state, draft)
    check_target(draft, amendment["kind"], amendment.get("target"))
    events = [_ev("draft_amended", draft=draft["id"], amendment=amendment)]
    return events + _emptied(apply_event(state, {**events[0], "at": ctx.now}), ctx, draft["id"])


def _no_operative_clause(draft_id: Any) -> Ev:
    """A draft whose amendments left no operative clause cannot be put to the vote: there is
    nothing to adopt, and replacing the whole text would be a new proposal, not an amendment
    (procedure.md §6). Like a division whose every operative part failed (r.129), it fails
    with no vote on the whole: `result` is None."""
    return _ev("draft_decided", draft=draft_id, adopted=False, result=None, reason="no_operative_clause")


def _emptied(after: State, ctx: Context, draft_id: Any) -> list[Ev]:
    """Given the state after an amendment: when the draft has no operative clause left and no
    approved amendment is still to be voted (one may add a clause), it fails at once, and the
    amendments whose clause is gone are recorded as moot. The chair does not press "Put to the
    vote" for it."""
    draft = after["drafts"][str(draft_id)]
    if draft["status"] not in OPEN or _top_level(draft):
        return []
    pending, moot = _next_amendment(after, ctx, draft)
    if pending is not None:
        return []
    return moot + [_no_operative_clause(draft["id"])]


def register_amendment(
    state: State, ctx: Context, draft_id: int, amendment: dict[str, Any], *, supporters: int
) -> list[Ev]:
    """The chair approves an unfriendly amendment: it needs its own supporters (the profile's
    threshold of the seats present) and a clause that still exists."""
    draft = _open_draft(state, {"draft": draft_id})
    _require_no_vote_on(state, draft)
    if amendment.get("parent") is not None:
        parent = next((a for a in draft.get("amendments", []) if a["id"] == amendment["parent"]), None)
        if parent is None or parent["status"] != "approved":
            raise LiveError(_("Approve the amendment it amends first."))
    check_target(draft, amendment["kind"], amendment.get("target"))
    present = len(present_voting_seats(state, ctx))
    if present == 0:
        raise LiveError(_("Take the roll call first: the threshold counts the delegations present."))
    support = ctx.profile.amendment_support(supporters=supporters, present=present)
    if not support.accepted:
        raise LiveError(
            _("%(needed)d supporters needed, %(have)d have supported it (with %(present)d delegations present).")
            % {"needed": support.needed, "have": support.have, "present": present}
        )
    return [_ev("amendment_registered", draft=draft["id"], amendment=amendment)]


def _id_order(clause_id: Any) -> tuple[int, int]:
    """Paper clause ids (ints) first, then added clauses ("amd7") by amendment."""
    if isinstance(clause_id, int):
        return (0, clause_id)
    digits = "".join(ch for ch in str(clause_id) if ch.isdigit())
    return (1, int(digits) if digits else 0)


def _plan(state: State, ctx: Context, draft: dict[str, Any]) -> tuple[Any, dict[str, bool]]:
    """The engine's vote plan over the draft's approved unfriendly amendments (in the profile's
    order: submission or furthest removed). Lines are numbered by clause id (paper clauses, then
    the clauses amendments added, by amendment), the same on every call; the results so far come
    from the amendments' statuses."""
    amendments = [a for a in draft.get("amendments", []) if not a.get("friendly")]
    ids = sorted({a["target"] for a in amendments if a.get("target") is not None}, key=_id_order)
    number = {clause_id: i + 1 for i, clause_id in enumerate(ids)}
    clauses = [Clause(i + 1, str(clause_id)) for i, clause_id in enumerate(ids)] or [Clause(1, "")]
    engine = [
        Amendment(
            a["id"],
            a["kind"],
            target=number.get(a.get("target")) if a.get("target") is not None else None,
            text=a.get("text", ""),
            parent=a.get("parent"),
        )
        for a in amendments
    ]
    plan = vote_plan(ctx.profile, clauses, engine)
    results = {
        f"amendment:{a['id']}": a["status"] == "adopted"
        for a in amendments
        if a["status"] in ("adopted", "rejected")
    }
    return plan, results


def _next_amendment(state: State, ctx: Context, draft: dict[str, Any]) -> tuple[dict[str, Any] | None, list[Ev]]:
    """The next amendment to vote on, and moot ones skipped on the way (their clause is gone)."""
    plan, results = _plan(state, ctx, draft)
    by_id = {a["id"]: a for a in draft.get("amendments", [])}
    moot: list[Ev] = []
    while True:
        step = plan.next_vote(results)
        if step is None or step.kind != "amendment":
            # The engine skips amendments an adopted one made moot (r.130): record them.
            voted_or_moot = {a["id"] for a in draft.get("amendments", []) if a["status"] != "approved"}
            moot += [
                _ev("amendment_moot", draft=draft["id"], amendment=a["id"])
                for a in draft.get("amendments", [])
                if a["status"] == "approved" and a["id"] not in voted_or_moot
                and not any(e["payload"]["amendment"] == a["id"] for e in moot)
            ]
            return None, moot
        amendment = by_id[step.amendment]
        if amendment["status"] == "approved":
            target = amendment.get("target")
            gone = target is not None and find_line(draft["operative"], target) is None
            if not gone:
                return amendment, moot
            moot.append(_ev("amendment_moot", draft=draft["id"], amendment=amendment["id"]))
        results[step.key] = False


def _top_level(draft: dict[str, Any]) -> list[dict[str, Any]]:
    return [line for line in draft["operative"] if line["level"] == 0]


def clean_division(state: State, params: Payload) -> Payload:
    """A motion to divide the question names a draft and its operative parts: "2, 4+5" votes
    clause 2 alone and clauses 4 and 5 together."""
    draft = _draft(state, {"draft": params.get("draft")})
    if draft["status"] != "introduced" or draft["topic"] != state["topic"]:
        raise LiveError(_("%(code)s is not before the committee.") % {"code": draft["code"]})
    if draft.get("divided"):
        raise LiveError(_("%(code)s is already divided.") % {"code": draft["code"]})
    count = len(_top_level(draft))
    parts: list[list[int]] = []
    try:
        for chunk in str(params.get("parts") or "").split(","):
            if chunk.strip():
                parts.append(sorted({int(n) for n in chunk.split("+")}))
    except ValueError:
        parts = []
    seen = [n for part in parts for n in part]
    if not parts or len(seen) != len(set(seen)) or any(not 1 <= n <= count for n in seen):
        raise LiveError(
            _("Name operative clauses of %(code)s, 1 to %(count)d, like “2, 4+5”.")
            % {"code": draft["code"], "count": count}
        )
    return {"draft": draft["id"], "parts": parts}


def clean_introduction(state: State, params: Payload) -> Payload:
    """A motion to introduce an approved draft on the topic on the floor (the profile says
    whether it is voted or granted by the chair)."""
    draft = _draft(state, {"draft": params.get("draft")})
    if draft["status"] != "approved":
        raise LiveError(_("%(code)s is not waiting to be introduced.") % {"code": draft["code"]})
    if draft["topic"] != state["topic"]:
        raise LiveError(
            _("%(code)s is on Topic %(topic)s: set that topic on the agenda first.")
            % {"code": draft["code"], "topic": draft["topic"]}
        )
    return {"draft": draft["id"]}


def clean_roll_call(state: State, params: Payload) -> Payload:
    """A motion for a roll-call vote on a draft before the committee."""
    draft = _draft(state, {"draft": params.get("draft")})
    if draft["status"] != "introduced" or draft["topic"] != state["topic"]:
        raise LiveError(_("%(code)s is not before the committee.") % {"code": draft["code"]})
    if draft.get("roll_call"):
        raise LiveError(_("%(code)s is already to be voted by roll call.") % {"code": draft["code"]})
    return {"draft": draft["id"]}


def clean_reorder(state: State, params: Payload) -> Payload:
    """A motion to vote a draft before the others on its topic not yet voted (UN r.131)."""
    draft = _draft(state, {"draft": params.get("draft")})
    if draft["status"] != "introduced" or draft["topic"] != state["topic"]:
        raise LiveError(_("%(code)s is not before the committee.") % {"code": draft["code"]})
    order = list(state["draft_order"])
    pending = [
        d for d in order
        if state["drafts"][str(d)]["topic"] == draft["topic"] and state["drafts"][str(d)]["status"] in OPEN
    ]
    if pending and pending[0] == draft["id"]:
        raise LiveError(_("%(code)s is already the next to be voted.") % {"code": draft["code"]})
    order.remove(draft["id"])
    order.insert(order.index(pending[0]), draft["id"])
    return {"draft": draft["id"], "order": order}


def _division(draft: dict[str, Any]) -> tuple[list[Clause], list[tuple[int, ...]], dict[int, int]]:
    """The divided question in the numbers the motion named (`divided`). The clauses are found
    by id (`divided_ids`: the operative clauses when the motion carried), so amendments voted
    before the parts, which may add or delete clauses, do not shift them. Returns the engine's
    clauses, the parts still in the text, and motion number -> number in the text now."""
    tops = _top_level(draft)
    named = draft.get("divided_ids")
    if named is None:  # divided before ids were kept: the numbers are the text's
        named = [line.get("id") for line in tops]
    fresh = len(named)
    clauses, now = [], {}
    for index, line in enumerate(tops):
        if line.get("id") in named:
            number = named.index(line.get("id")) + 1
        else:
            fresh += 1
            number = fresh
        clauses.append(Clause(number, line["text"]))
        now[number] = index + 1
    parts = [tuple(n for n in part if n in now) for part in draft.get("divided", [])]
    return clauses, [part for part in parts if part], now


def _division_plan(ctx: Context, draft: dict[str, Any]) -> Any:
    clauses, parts, _now = _division(draft)
    return vote_plan(ctx.profile, clauses, (), parts)


def _part_key(part: tuple[int, ...] | list[int]) -> str:
    return "part:" + "+".join(str(n) for n in part)


def _introduce(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    _require_no_vote(state)
    _require_live(state)
    draft = _draft(state, c)
    if draft["status"] != "approved":
        raise LiveError(_("%(code)s is not waiting to be introduced.") % {"code": draft["code"]})
    if state["topic"] != draft["topic"]:
        raise LiveError(
            _("%(code)s is on Topic %(topic)s: set that topic on the agenda first.")
            % {"code": draft["code"], "topic": draft["topic"]}
        )
    return [_ev("draft_introduced", draft=draft["id"], by=actor.role)]


def _focus(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    """The projector shows a draft and maybe the clause under discussion, named by its id
    (`clause_id`, what the console sends) or by its number in the text as it stands now
    (`clause`). The event keeps the id, which amendments do not change, and the number then,
    for the minutes."""
    _require_chair(actor)
    if c.get("draft") is None:
        return [_ev("draft_focused", draft=None, clause_id=None, clause=None)] if state.get("focus") else []
    draft = _draft(state, c)
    lines = draft["operative"]
    if c.get("clause_id") is not None and c.get("clause") is not None:
        raise LiveError(_("Name the clause by its id or by its number, not both."))
    if c.get("clause_id") is not None:
        index = find_line(lines, c["clause_id"])
        if index is None:
            raise LiveError(_("That clause is no longer in %(code)s.") % {"code": draft["code"]})
    elif c.get("clause") is not None:
        index = next((i for i, line in enumerate(lines) if line["ref"] == c["clause"]), None)
        if index is None:
            raise LiveError(
                _("%(code)s has no clause %(clause)s.") % {"code": draft["code"], "clause": c["clause"]}
            )
    else:
        return [_ev("draft_focused", draft=draft["id"], clause_id=None, clause=None)]
    line = lines[index]
    return [_ev("draft_focused", draft=draft["id"], clause_id=line.get("id"), clause=line["ref"])]


def _vote(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    """The substantive vote on a draft: only in voting procedure, in the order submitted."""
    _require_chair(actor)
    _require_no_vote(state)
    _require_live(state)
    if state["phase"] != "voting_procedure":
        raise LiveError(_("Drafts are voted in voting procedure: close debate first."))
    draft = _draft(state, c)
    if draft["status"] != "introduced":
        if draft["status"] == "approved":
            raise LiveError(_("%(code)s has not been introduced.") % {"code": draft["code"]})
        raise LiveError(_("%(code)s has already been decided.") % {"code": draft["code"]})
    if draft["topic"] != state["topic"]:
        raise LiveError(_("%(code)s is not on the topic on the floor.") % {"code": draft["code"]})
    on_topic = [
        d for d in state["draft_order"] if state["drafts"][str(d)]["topic"] == draft["topic"]
        and state["drafts"][str(d)]["status"] in ("introduced", "adopted", "rejected")
    ]
    results = {
        d: state["drafts"][str(d)]["status"] == "adopted"
        for d in on_topic
        if state["drafts"][str(d)]["status"] in ("adopted", "rejected")
    }
    following = ctx.profile.next_draft(on_topic, results)
    if following is not None and following != draft["id"]:
        raise LiveError(
            _("Drafts are voted in the order submitted: %(code)s comes first.")
            % {"code": state["drafts"][str(following)]["code"]}
        )
    # Unfriendly amendments are voted first, in the profile's order.
    amendment, moot = _next_amendment(state, ctx, draft)
    if amendment is not None:
        return moot + _open_vote(
            state,
            ctx,
            {
                "subject": "amendment",
                "motion": None,
                "kind": None,
                "draft": draft["id"],
                "amendment": amendment["id"],
                "code": amendment["code"],
            },
            "amendment",
        )
    if not _top_level(draft):
        # Amendments left no operative clause (a session stored before the amendment's step
        # decided it): nothing to put to the vote.
        return moot + [_no_operative_clause(draft["id"])]
    # A divided question: each part, then what survives as a whole (r.129).
    plan = _division_plan(ctx, draft)
    results = dict(draft.get("part_results", {}))
    step = plan.next_vote(results)
    if step is not None and step.kind == "part":
        now = _division(draft)[2]
        clauses = [now[n] for n in step.clauses]  # as the text numbers them now
        numbers = "+".join(str(n) for n in clauses)
        return moot + _open_vote(
            state,
            ctx,
            {
                "subject": "part", "motion": None, "kind": None, "draft": draft["id"],
                "part": step.key, "clauses": clauses,
                "code": f"{draft['code']} ({numbers})",
            },
            "substantive",
        )
    if step is None:
        # Every operative part was rejected (a session stored before the last part's vote
        # decided it): the draft fails without a final vote.
        return moot + _all_parts_rejected(state, draft, results, already=moot)
    subject = {"subject": "draft", "motion": None, "kind": None, "draft": draft["id"], "code": draft["code"]}
    if c.get("roll_call") or draft.get("roll_call"):
        from committee.live.votes import open_roll_call

        return moot + open_roll_call(state, ctx, subject, "substantive")
    return moot + _open_vote(state, ctx, subject, "substantive")


def after_amendment_vote(state: State, ctx: Context, vote: dict[str, Any], result: dict[str, Any]) -> list[Ev]:
    """The amendment is decided; if that left the draft with no operative clause and nothing
    more to vote, the draft fails in the same step (`_emptied`)."""
    decided = _ev(
        "amendment_decided",
        draft=vote["draft"],
        amendment=vote["amendment"],
        adopted=bool(result["passed"]),
        result=result,
    )
    return [decided, *_emptied(apply_event(state, {**decided, "at": ctx.now}), ctx, vote["draft"])]


def _moot_left_over(state: State, drafts: list[int], already: Sequence[Ev] = ()) -> list[Ev]:
    """Amendments registered on `drafts` but never voted become moot when their draft is decided
    (adopted, rejected or lapsed): they will never be put to the vote. Those only on paper
    (waiting for sponsors or supporters) are marked by the listener that mirrors `draft_decided`."""
    done = {e["payload"]["amendment"] for e in already if e["kind"] == "amendment_moot"}
    return [
        _ev("amendment_moot", draft=d, amendment=a["id"])
        for d in drafts
        for a in state["drafts"][str(d)].get("amendments", [])
        if a["status"] == "approved" and a["id"] not in done
    ]


def _all_parts_rejected(
    state: State, draft: dict[str, Any], results: dict[str, bool], already: Sequence[Ev] = ()
) -> list[Ev]:
    """r.129: "if all operative parts of the proposal have been rejected, the proposal shall be
    considered to have been rejected as a whole". Preambular clauses are never divided and do
    not keep a draft alive. No vote on the whole: `result` is None, `parts` the parts' results."""
    decided = _ev(
        "draft_decided",
        draft=draft["id"],
        adopted=False,
        result=None,
        reason="all_parts_rejected",
        parts=dict(results),
    )
    return [decided, *_moot_left_over(state, [draft["id"]], already)]


def after_part_vote(state: State, ctx: Context, vote: dict[str, Any], result: dict[str, Any]) -> list[Ev]:
    """A part is kept or leaves the text; when the last operative part has gone, the draft fails
    at once (the chair does not put it to the vote again)."""
    adopted = bool(result["passed"])
    events = [_ev("part_decided", draft=vote["draft"], key=vote["part"], adopted=adopted)]
    draft = state["drafts"][str(vote["draft"])]
    results = {**draft.get("part_results", {}), vote["part"]: adopted}
    if _division_plan(ctx, draft).next_vote(results) is None:
        events += _all_parts_rejected(state, draft, results)
    return events


def after_vote(state: State, ctx: Context, vote: dict[str, Any], result: dict[str, Any]) -> list[Ev]:
    """A valid vote on a draft decides it: adopted drafts get the next resolution number (never
    reused); where only one draft per topic may pass, the others on the topic lapse."""
    draft = state["drafts"][str(vote["draft"])]
    adopted = bool(result["passed"])
    payload: dict[str, Any] = {"draft": draft["id"], "adopted": adopted, "result": result}
    _clauses, parts, now = _division(draft)
    removed = [
        now[n]
        for part in parts
        if draft.get("part_results", {}).get(_part_key(part)) is False
        for n in part
    ]
    if adopted and removed:
        payload["removed"] = sorted(removed)  # rejected parts leave the adopted text
    if adopted:
        number = state.get("resolution_counter", 0) + 1
        prefix = draft.get("prefix") or draft["code"].split("/DR/")[0]
        payload.update(number=number, code=f"{prefix}/RES/{number}")
        if not ctx.profile.several_drafts_may_pass:
            payload["lapsed"] = [
                d
                for d in state["draft_order"]
                if d != draft["id"]
                and state["drafts"][str(d)]["topic"] == draft["topic"]
                and state["drafts"][str(d)]["status"] in OPEN
            ]
    return [_ev("draft_decided", **payload), *_moot_left_over(state, [draft["id"], *payload.get("lapsed", [])])]


COMMANDS = {
    "draft.introduce": _introduce,
    "draft.focus": _focus,
    "draft.vote": _vote,
}
DELEGATE_COMMANDS: frozenset[str] = frozenset()
