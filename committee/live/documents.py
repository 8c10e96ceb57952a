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
    state["focus"] = {"draft": p["draft"], "clause_id": None}


def _draft_focused(state: State, p: dict[str, Any], at: int) -> None:
    """The focus is kept by clause id, so an amendment adopted while a clause is shown does not
    move the highlight to another clause. Journals written before ids named the clause by its
    number then (`clause: "1.a"`, no `clause_id`): replayed in order, that number is read
    against the text as it stood, which gives the same clause."""
    ensure(state)
    if not p.get("draft"):
        state["focus"] = None
        return
    if "clause_id" in p:
        clause_id = p["clause_id"]
    elif p.get("clause") is not None:
        lines = state["drafts"].get(str(p["draft"]), {}).get("operative", [])
        clause_id = next((line.get("id") for line in lines if line["ref"] == p["clause"]), None)
    else:
        clause_id = None
    state["focus"] = {"draft": p["draft"], "clause_id": clause_id}


def focus_view(state: State) -> dict[str, Any] | None:
    """What the pages are told the projector shows: `clause_id` (stable) and `clause`, the
    number the current text gives that clause (null when an amendment removed it). A state
    stored before ids (`{"draft", "clause": "2"}`) is read as that number."""
    focus = state.get("focus")
    if not focus:
        return None
    draft = state.get("drafts", {}).get(str(focus["draft"]))
    lines = draft.get("operative", []) if draft else []
    if "clause_id" in focus:
        clause_id = focus["clause_id"]
    else:
        clause_id = next((line.get("id") for line in lines if line["ref"] == focus.get("clause")), None)
    index = find_line(lines, clause_id) if clause_id is not None else None
    return {
        "draft": focus["draft"],
        "clause_id": clause_id if index is not None else None,
        "clause": lines[index]["ref"] if index is not None else None,
    }


def _draft_decided(state: State, p: dict[str, Any], at: int) -> None:
    ensure(state)
    draft = state["drafts"][str(p["draft"])]
    if p.get("removed"):
        draft["operative"] = remove_parts(draft["operative"], p["removed"])
    draft["status"] = "adopted" if p["adopted"] else "rejected"
    draft["result"] = p.get("result")
    if p.get("reason"):
        draft["reason"] = p["reason"]  # "all_parts_rejected", "no_operative_clause": no vote on the whole
    if p["adopted"]:
        state["resolution_counter"] = p["number"]
        draft["resolution"] = {"number": p["number"], "code": p["code"]}
    for other in p.get("lapsed", []):
        state["drafts"][str(other)]["status"] = "lapsed"
    state["focus"] = {"draft": p["draft"], "clause_id": None}


HANDLERS = {
    "draft_registered": _draft_registered,
    "draft_introduced": _draft_introduced,
    "draft_focused": _draft_focused,
    "draft_decided": _draft_decided,
}


# ---------------------------------------------------------------------------------------------
# Amendments: the operative text is a flat list of lines {ref, id, level, label, phrase, text,
# end}; an amendment names its target by clause id (stable), so numbering can change. A clause
# of the approved text has its paper clause's id (an int); a clause an amendment added has
# `added_clause_id(amendment)` ("amd7"), derived from the journalled amendment, so a replay
# gives the same ids and later amendments, parts and the projector can name it.

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


def _letter(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(97 + rem) + out
    return out


def relabel(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Numbers, refs and end punctuation from the levels (1. / a) / i.; ; : .)."""
    counters = [0, 0, 0]
    refs = ["", "", ""]
    for index, line in enumerate(lines):
        level = line["level"]
        counters[level] += 1
        for deeper in range(level + 1, 3):
            counters[deeper] = 0
        n = counters[level] - 1
        if level == 0:
            line["label"], part = f"{n + 1}.", str(n + 1)
        elif level == 1:
            line["label"], part = f"{_letter(n)})", _letter(n)
        else:
            line["label"] = f"{ROMAN[n] if n < len(ROMAN) else n + 1}."
            part = ROMAN[n] if n < len(ROMAN) else str(n + 1)
        refs[level] = part
        line["ref"] = ".".join(refs[: level + 1])
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following is None:
            line["end"] = "."
        elif following["level"] > level:
            line["end"] = ":"
        else:
            line["end"] = ";"
    return lines


def added_clause_id(amendment_id: Any) -> str | None:
    """The stable id of the clause an `add` amendment puts in the text (`resolutions` maps it to
    the paper's clause through `Amendment.result_clause`)."""
    return f"amd{amendment_id}" if amendment_id is not None else None


def find_line(lines: list[dict[str, Any]], clause_id: Any) -> int | None:
    return next((i for i, line in enumerate(lines) if line.get("id") == clause_id), None)


def _subtree_end(lines: list[dict[str, Any]], index: int) -> int:
    level = lines[index]["level"]
    end = index + 1
    while end < len(lines) and lines[end]["level"] > level:
        end += 1
    return end


def apply_amendment_to_lines(lines: list[dict[str, Any]], amendment: dict[str, Any]) -> list[dict[str, Any]]:
    """The operative lines after `amendment` ({kind, target, phrase, text, code}); a target
    that is gone leaves the text unchanged (the caller refuses or skips such amendments)."""
    lines = [dict(line) for line in lines]
    kind, target = amendment["kind"], amendment.get("target")
    mark = amendment.get("code")
    index = find_line(lines, target) if target is not None else None
    if kind in ("replace", "delete"):
        if index is None:
            return lines
    if kind == "replace" and index is not None:
        line = lines[index]
        line["text"] = amendment["text"]
        if line["level"] == 0 and amendment.get("phrase"):
            line["phrase"] = amendment["phrase"]
        line["amended_by"] = [*line.get("amended_by", []), mark]
    elif kind == "delete" and index is not None:
        del lines[index: _subtree_end(lines, index)]
    elif kind == "add":
        level = lines[index]["level"] if index is not None else 0
        at = _subtree_end(lines, index) if index is not None else len(lines)
        new = {
            "id": added_clause_id(amendment.get("id")),
            "level": level,
            "phrase": amendment.get("phrase", "") if level == 0 else "",
            "text": amendment["text"],
            "amended_by": [mark],
        }
        lines.insert(at, new)
    return relabel(lines)


def _amendment_entry(state: State, p: dict[str, Any]) -> dict[str, Any]:
    draft = state["drafts"][str(p["draft"])]
    return next(a for a in draft.setdefault("amendments", []) if a["id"] == p["amendment"])


def _draft_amended(state: State, p: dict[str, Any], at: int) -> None:
    """A friendly amendment: every sponsor accepted it; applied with no vote."""
    ensure(state)
    draft = state["drafts"][str(p["draft"])]
    amendment = {**p["amendment"], "status": "applied", "friendly": True}
    draft.setdefault("amendments", []).append(amendment)
    draft["operative"] = apply_amendment_to_lines(draft["operative"], amendment)


def _amendment_registered(state: State, p: dict[str, Any], at: int) -> None:
    """An unfriendly amendment the chair approved: voted before the draft."""
    ensure(state)
    draft = state["drafts"][str(p["draft"])]
    draft.setdefault("amendments", []).append({**p["amendment"], "status": "approved", "friendly": False})


def _amendment_decided(state: State, p: dict[str, Any], at: int) -> None:
    ensure(state)
    amendment = _amendment_entry(state, p)
    amendment["status"] = "adopted" if p["adopted"] else "rejected"
    amendment["result"] = p.get("result")
    if p["adopted"] and amendment.get("parent") is not None:
        # A second-degree amendment revises the text its parent proposes (voted next).
        draft = state["drafts"][str(p["draft"])]
        parent = next(a for a in draft["amendments"] if a["id"] == amendment["parent"])
        parent["text"] = amendment["text"]
        if amendment.get("phrase"):
            parent["phrase"] = amendment["phrase"]
        parent["revised_by"] = amendment.get("code")
        return
    if p["adopted"]:
        draft = state["drafts"][str(p["draft"])]
        draft["operative"] = apply_amendment_to_lines(draft["operative"], amendment)


def _amendment_moot(state: State, p: dict[str, Any], at: int) -> None:
    ensure(state)
    _amendment_entry(state, p)["status"] = "moot"


def _draft_divided(state: State, p: dict[str, Any], at: int) -> None:
    ensure(state)
    draft = state["drafts"][str(p["draft"])]
    draft["divided"] = p["parts"]
    # The operative clauses the numbers named, by id: amendments voted before the parts
    # (committee/live/drafts.py `_division`) may renumber the text.
    draft["divided_ids"] = [line.get("id") for line in draft["operative"] if line["level"] == 0]
    draft["part_results"] = {}


def _part_decided(state: State, p: dict[str, Any], at: int) -> None:
    ensure(state)
    state["drafts"][str(p["draft"])].setdefault("part_results", {})[p["key"]] = p["adopted"]


def remove_parts(lines: list[dict[str, Any]], numbers: list[int]) -> list[dict[str, Any]]:
    """Rejected divided parts leave the text: the top-level clauses `numbers` (1-based) and their
    sub-clauses."""
    out, top = [], 0
    for line in lines:
        if line["level"] == 0:
            top += 1
        if top not in numbers:
            out.append(dict(line))
    return relabel(out)


def _roll_call_ordered(state: State, p: dict[str, Any], at: int) -> None:
    ensure(state)
    state["drafts"][str(p["draft"])]["roll_call"] = True


def _drafts_reordered(state: State, p: dict[str, Any], at: int) -> None:
    ensure(state)
    state["draft_order"] = list(p["order"])


HANDLERS.update(
    {
        "drafts_reordered": _drafts_reordered,
        "roll_call_ordered": _roll_call_ordered,
        "draft_divided": _draft_divided,
        "part_decided": _part_decided,
        "draft_amended": _draft_amended,
        "amendment_registered": _amendment_registered,
        "amendment_decided": _amendment_decided,
        "amendment_moot": _amendment_moot,
    }
)
