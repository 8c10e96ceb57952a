"""The live session's part of drafts and resolutions: reducers for their events.

The text of a draft enters the journal when the chair approves it (`draft_registered` carries
the clauses), so a replay of the journal rebuilds the documents as well as the session.
Pure Python: no Django, no database.
"""

from __future__ import annotations

from typing import Any

State = dict[str, Any]

DRAFT_KEYS = ("drafts", "draft_order", "resolution_counter", "focus")


def ensure(state: State) -> State:
    """Sessions stored before drafts existed get the keys on their first draft event."""
    state.setdefault("drafts", {})
    state.setdefault("draft_order", [])
    state.setdefault("resolution_counter", 0)
    state.setdefault("focus", None)
    return state


def _draft_registered(state: State, p: dict[str, Any], at: int) -> None:
    ensure(state)
    draft = dict(p["draft"])
    draft.update({"status": "approved", "approved_at": at, "result": None, "resolution": None})
    state["drafts"][str(draft["id"])] = draft
    state["draft_order"].append(draft["id"])


def _draft_introduced(state: State, p: dict[str, Any], at: int) -> None:
    ensure(state)
    state["drafts"][str(p["draft"])]["status"] = "introduced"
    state["focus"] = {"draft": p["draft"], "clause": None}


def _draft_focused(state: State, p: dict[str, Any], at: int) -> None:
    ensure(state)
    state["focus"] = {"draft": p["draft"], "clause": p.get("clause")} if p.get("draft") else None


def _draft_decided(state: State, p: dict[str, Any], at: int) -> None:
    ensure(state)
    draft = state["drafts"][str(p["draft"])]
    draft["status"] = "adopted" if p["adopted"] else "rejected"
    draft["result"] = p.get("result")
    if p["adopted"]:
        state["resolution_counter"] = p["number"]
        draft["resolution"] = {"number": p["number"], "code": p["code"]}
    for other in p.get("lapsed", []):
        state["drafts"][str(other)]["status"] = "lapsed"
    state["focus"] = {"draft": p["draft"], "clause": None}


HANDLERS = {
    "draft_registered": _draft_registered,
    "draft_introduced": _draft_introduced,
    "draft_focused": _draft_focused,
    "draft_decided": _draft_decided,
}
