"""A motion to reconsider a decided vote (``motion.raise`` with kind ``reconsider`` and
``params: {"vote": <a result's vote>}``).

* The target is one of the last few decided votes (`decided` in the state): a question the
  chair put (``proposal.vote``) or a motion that failed. A motion that passed has taken effect
  (a caucus ran, the meeting was suspended) and is not reopened: the opposite motion is moved.
  Drafts are not reconsidered here: their adoption numbers a resolution, never reused.
* Where the profile says so (``reconsider_mover_majority``), the mover must have voted with the
  majority ("yes" on what passed, "no" on what failed): the engine's
  `Profile.check_reconsideration_mover`, fed with the mover's ballot on that vote.
* The motion is decided with the profile's ``reconsider`` threshold (UN r.81: two-thirds). When it
  passes, the question is put to the vote again at once: the same words and kind of question,
  or the same motion raised again.

Pure: no database, no I/O.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from committee.live import base as c
from committee.live.state import State, apply_event

Payload = dict[str, Any]
Ev = dict[str, Any]


def _decided(state: State, vote: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The result and the ballots of decided vote `vote`; refused when it cannot be reopened."""
    if not isinstance(vote, int) or isinstance(vote, bool):
        raise c.LiveError(_("Say which vote to reconsider."))
    result = next((r for r in state["results"] if r.get("vote") == vote), None)
    record = next((d for d in state.get("decided", []) if d["vote"] == vote), None)
    if result is None or record is None:
        raise c.LiveError(_("Only one of the last votes taken can be reconsidered."))
    if result.get("subject") == "motion":
        if record["motion"] is None:
            raise c.LiveError(_("Only one of the last votes taken can be reconsidered."))
        if result.get("kind") == "reconsider":
            raise c.LiveError(_("A decision on reconsidering is not reconsidered."))
        if result.get("passed"):
            raise c.LiveError(
                _("That motion has taken effect and cannot be reconsidered: move the opposite motion.")
            )
    elif result.get("subject") != "proposal":
        raise c.LiveError(
            _("Only a motion or a question put by the chair can be reconsidered; drafts are not.")
        )
    if any(
        m["kind"] == "reconsider" and m["params"].get("vote") == vote for m in state["motions"]
    ):
        raise c.LiveError(_("A motion to reconsider that vote is already on the floor."))
    return result, record


def clean_params(state: State, ctx: c.Context, seat: int, params: Payload) -> Payload:
    """Check a motion to reconsider `params["vote"]` moved by `seat`."""
    result, record = _decided(state, params.get("vote"))
    if result.get("subject") == "motion":
        from committee.live.motions import _motion_allowed_now

        _motion_allowed_now(state, record["motion"]["kind"])
    if ctx.profile.settings.reconsider_mover_majority:
        if record["placard"]:
            raise c.LiveError(
                _(
                    "That vote was counted by placards, so nobody's vote is on record: under these rules only a delegation that voted with the majority may move to reconsider."
                )
            )
        ballot = record["ballots"].get(str(seat))
        ctx.profile.check_reconsideration_mover(ballot, passed=bool(result["passed"]))
    return {"vote": result["vote"]}


def reopen(state: State, ctx: c.Context, params: Payload) -> list[Ev]:
    """The reconsideration carried: the question is put to the vote again at once."""
    result, record = _decided(state, params.get("vote"))
    if result.get("subject") == "proposal":
        subject = {
            "subject": "proposal",
            "motion": None,
            "kind": None,
            "title": result.get("title", ""),
            "reconsidered": result["vote"],
        }
        return c._open_vote(state, ctx, subject, result["question"], decide_as=record["decide_as"])
    motion = {
        **record["motion"],
        "id": state["motion_counter"] + 1,
        "reconsidered": result["vote"],
    }
    raised = c._ev("motion_raised", motion=motion, by="reconsider")
    after = apply_event(state, {**raised, "at": ctx.now})
    subject = {
        "subject": "motion",
        "motion": motion["id"],
        "kind": motion["kind"],
        "reconsidered": result["vote"],
    }
    return [raised] + c._open_vote(after, ctx, subject, motion["question"], decide_as=motion["kind"])
