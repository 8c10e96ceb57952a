"""Snapshots of a committee's live session: the `snapshot` frame a socket receives when it
connects or asks to `sync`. Split from `committee.services` by size; callers use
`services.snapshot_text` / `services.snapshot_frame` (re-exported there).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from committee import broadcast, hotpath
from committee.live.views import audience_view, private_view
from committee.models import Committee, CommitteeEvent

# A reconnecting room (every device of 193 seats, the projectors, the public: a thousand
# sockets at once) asks for the same snapshot a thousand times. The shared part (the audience's
# view and the recent events, already encoded) is rendered once per point of the session and
# reused; each socket adds only its seat's private view, the server's clock and, for the dais,
# who is connected. The key holds everything the shared part is made of: the event seq (every
# event and every device ballot bumps it), the state token (every write of `live_state`, and a
# repair of the journal's text), the rules, the seat rows and topics (changed by organizers or
# the admin without an event), and the language. Per process, bounded, never stale.

SnapshotKey = tuple[Any, ...]


@dataclass
class _Snapshot:
    state: dict[str, Any]  # the state with its ballots (read-only: shared by every socket)
    recent: list[dict[str, Any]]  # the last RECENT_EVENTS summaries, unfiltered, oldest first
    parts: dict[str, str]  # audience -> '"state":...,"events":...' (encoded)


_SNAPSHOTS: dict[SnapshotKey, _Snapshot] = {}
_SNAPSHOTS_MAX = 64
_SNAPSHOTS_LOCK = threading.Lock()
_BUILDING: dict[SnapshotKey, threading.Lock] = {}


def forget_snapshots() -> None:
    """Drop every cached snapshot of this process (tests; never needed for correctness)."""
    with _SNAPSHOTS_LOCK:
        _SNAPSHOTS.clear()


def _snapshot_key(committee: Committee, rows: list[SeatRow], topics: dict[str, str]) -> SnapshotKey:
    return (
        committee.pk,
        committee.event_seq,
        committee.state_token,
        committee.rule_profile,
        json.dumps(committee.rule_overrides or {}, sort_keys=True),
        tuple(rows),
        tuple(sorted(topics.items())),
        translation.get_language(),
    )


def _shared_snapshot(
    committee: Committee, key: SnapshotKey, rows: list[SeatRow], topics: dict[str, str], audience: str
) -> tuple[_Snapshot, str]:
    """The cached snapshot at `key` with its `audience` part, rendered here if missing: by one
    thread at a time per key (the others of a storm wait for it, then reuse it)."""
    with _SNAPSHOTS_LOCK:
        entry = _SNAPSHOTS.get(key)
        if entry is not None and audience in entry.parts:
            return entry, entry.parts[audience]
        building = _BUILDING.setdefault(key, threading.Lock())
    try:
        with building:
            return _render_part(committee, key, rows, topics, audience)
    finally:
        with _SNAPSHOTS_LOCK:
            if _BUILDING.get(key) is building:
                del _BUILDING[key]


def _render_part(
    committee: Committee, key: SnapshotKey, rows: list[SeatRow], topics: dict[str, str], audience: str
) -> tuple[_Snapshot, str]:
    """(Holding the key's building lock.)"""
    with _SNAPSHOTS_LOCK:
        entry = _SNAPSHOTS.get(key)
        if entry is not None and audience in entry.parts:
            return entry, entry.parts[audience]
    if entry is None:
        # Without the committee lock: what commits meanwhile (past the seq of the row read) is
        # left out, so that the snapshot shared at this key is exactly the session at its seq.
        seq = committee.event_seq
        recent = CommitteeEvent.objects.filter(committee=committee, seq__lte=seq).order_by("-seq")[
            :core.RECENT_EVENTS
        ]
        entry = _Snapshot(
            state=core.current_state(committee, upto=seq),
            recent=[core.event_summary(row, "chair") for row in reversed(recent)],
            parts={},
        )
    ctx = core.live_context(committee, rows=rows, topics=topics)
    view = audience_view(entry.state, ctx, audience)
    events = [core.event_summary(summary, audience) for summary in entry.recent]
    part = f'"state":{broadcast.encode(view)},"events":{broadcast.encode(events)}'  # type: ignore[arg-type]
    with _SNAPSHOTS_LOCK:
        entry.parts[audience] = part
        if key not in _SNAPSHOTS:
            # The same committee's older points are done with; then the oldest others.
            for old in [k for k in _SNAPSHOTS if k[0] == key[0] and k[-1] == key[-1]]:
                del _SNAPSHOTS[old]
            while len(_SNAPSHOTS) >= _SNAPSHOTS_MAX:
                del _SNAPSHOTS[next(iter(_SNAPSHOTS))]
            _SNAPSHOTS[key] = entry
    return entry, part


def snapshot_text(committee_id: int, *, audience: str, seat_id: int | None) -> str:
    """The `snapshot` frame a socket receives, encoded (broadcast.encode): the audience's view
    of the session, the recent events, and the seat's private view or the dais's presence."""
    committee = Committee.objects.get(pk=committee_id)
    rows = core.seat_rows(committee)
    topics = hotpath.topic_titles(committee.pk)
    entry, part = _shared_snapshot(
        committee, _snapshot_key(committee, rows, topics), rows, topics, audience
    )
    text = f'{{"type":"snapshot","seq":{committee.event_seq},"server_now":{core.now_ms()},{part}'
    if seat_id is not None:
        text += f',"private":{broadcast.encode(private_view(entry.state, seat_id))}'
    if audience == "chair":
        text += f',"presence":{broadcast.encode(core.connected_seats(committee_id))}'  # type: ignore[arg-type]
    return text + "}"


def snapshot_frame(committee_id: int, *, audience: str, seat_id: int | None) -> dict[str, Any]:
    """`snapshot_text` decoded: a copy of its own, which the caller may change."""
    frame: dict[str, Any] = json.loads(snapshot_text(committee_id, audience=audience, seat_id=seat_id))
    return frame


# At the end: `committee.services` imports this module's names at its own end, so either may be
# imported first (calls use `core.` only when they run).
from committee import services as core  # noqa: E402
from committee.hotpath import SeatRow  # noqa: E402
