"""Live commands about documents: approving (called by `resolutions.services`), introducing,
showing and voting on drafts, and what a draft's vote decides.

The text of papers lives in the `resolutions` app; what the live session needs of an approved
draft travels in the `draft_registered` event. No database here.
"""

from __future__ import annotations

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
from committee.live.documents import ensure
from committee.live.state import State

OPEN = ("approved", "introduced")


def _draft(state: State, c: Payload) -> dict[str, Any]:
    draft_id = c.get("draft")
    draft = ensure(dict(state)).get("drafts", {}).get(str(draft_id)) if draft_id is not None else None
    if draft is None:
        raise LiveError(_("That draft resolution does not exist."))
    return draft


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
    _require_chair(actor)
    if c.get("draft") is None:
        return [_ev("draft_focused", draft=None, clause=None)] if state.get("focus") else []
    draft = _draft(state, c)
    clause = c.get("clause")
    if clause is not None and clause not in [line["ref"] for line in draft["operative"]]:
        raise LiveError(_("%(code)s has no clause %(clause)s.") % {"code": draft["code"], "clause": clause})
    return [_ev("draft_focused", draft=draft["id"], clause=clause)]


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
    return _open_vote(
        state,
        ctx,
        {"subject": "draft", "motion": None, "kind": None, "draft": draft["id"], "code": draft["code"]},
        "substantive",
    )


def after_vote(state: State, ctx: Context, vote: dict[str, Any], result: dict[str, Any]) -> list[Ev]:
    """A valid vote on a draft decides it: adopted drafts get the next resolution number (never
    reused); where only one draft per topic may pass, the others on the topic lapse."""
    draft = state["drafts"][str(vote["draft"])]
    adopted = bool(result["passed"])
    payload: dict[str, Any] = {"draft": draft["id"], "adopted": adopted, "result": result}
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
    return [_ev("draft_decided", **payload)]


COMMANDS = {
    "draft.introduce": _introduce,
    "draft.focus": _focus,
    "draft.vote": _vote,
}
DELEGATE_COMMANDS: frozenset[str] = frozenset()
