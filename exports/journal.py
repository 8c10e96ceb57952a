"""Reading a committee's journal (CommitteeEvent rows) into what people read: sittings, roll
calls, speeches, motions, votes, points, corrections, and the minutes' entries.

Pure: it takes plain `JournalEvent`s and the seat and topic names; no database. The minutes, the
CSV files and the speaking statistics all read the same `Journal`, so they always agree.

The mapping from event kind to what it means is a table (`RULES`): one small function per kind,
registered with `@rule("kind")`. Kinds that say nothing on their own (a timer paused, a placard
raised) are listed in `SILENT`. A kind in neither (drafts and amendments arrive with later work)
is not an error: it is listed plainly in the minutes as an entry nobody has described yet.
Adding a kind is writing one function here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exports.documents import (
    MinutesEntry,
    MinutesSection,
    MinutesSitting,
    RollCallRecord,
)

PRESENT_MARKS = ("present", "present_and_voting")

MOTION_NAMES = {
    "adjourn_meeting": gettext_lazy("to adjourn the meeting"),
    "suspend_meeting": gettext_lazy("to suspend the meeting"),
    "table_debate": gettext_lazy("to table the debate"),
    "close_debate": gettext_lazy("to close debate"),
    "unmoderated_caucus": gettext_lazy("for an unmoderated caucus"),
    "moderated_caucus": gettext_lazy("for a moderated caucus"),
    "extend_caucus": gettext_lazy("to extend the caucus"),
    "set_speaking_time": gettext_lazy("to set the speaking time"),
    "open_speakers_list": gettext_lazy("to reopen the speakers' list"),
    "close_speakers_list": gettext_lazy("to close the speakers' list"),
    "set_agenda": gettext_lazy("to set the agenda"),
    "reconsider": gettext_lazy("to reconsider a vote"),
}
POINT_NAMES = {
    "personal_privilege": gettext_lazy("a point of personal privilege"),
    "order": gettext_lazy("a point of order"),
    "parliamentary_inquiry": gettext_lazy("a point of parliamentary inquiry"),
    "information": gettext_lazy("a point of information"),
    "right_of_reply": gettext_lazy("a right of reply"),
}
MARK_NAMES = {
    "present": gettext_lazy("present"),
    "present_and_voting": gettext_lazy("present and voting"),
    "absent": gettext_lazy("absent"),
}
CHOICE_NAMES = {
    "yes": gettext_lazy("yes"),
    "no": gettext_lazy("no"),
    "abstain": gettext_lazy("abstain"),
    "": gettext_lazy("did not vote"),
}
SPEECH_MODES = {
    "gsl": gettext_lazy("speakers' list"),
    "caucus": gettext_lazy("moderated caucus"),
    "floor": gettext_lazy("recognised by the chair"),
    "yield": gettext_lazy("time yielded by another delegation"),
    "explanation": gettext_lazy("explanation of vote"),
}


@dataclass(frozen=True)
class JournalEvent:
    seq: int
    kind: str
    payload: dict[str, Any]
    at: dt.datetime
    actor: str = ""  # the user's display name, "" for a delegate's device
    seat: int | None = None  # the seat whose device sent it


@dataclass
class Speech:
    seq: int
    sitting: int
    topic: str
    seat: int
    mode: str  # gsl, caucus, floor, yield
    started_at: dt.datetime
    ended_at: dt.datetime | None = None
    yielded_to: str = ""  # "delegate", "questions", "chair" or ""
    yielded_seat: int | None = None
    yielded_by: int | None = None
    questioners: list[int] = field(default_factory=list)

    @property
    def seconds(self) -> int:
        if self.ended_at is None:
            return 0
        return max(0, round((self.ended_at - self.started_at).total_seconds()))


@dataclass
class VoteRecord:
    id: int
    seq: int
    sitting: int
    topic: str
    opened_at: dt.datetime
    question: str
    subject: str  # motion, appeal, ...
    motion: int | None
    kind: str | None
    eligible: list[int]
    ballots: dict[int, tuple[str, str]] = field(default_factory=dict)  # seat -> (choice, by)
    placard: dict[str, int] | None = None
    result: dict[str, Any] | None = None
    closed_at: dt.datetime | None = None
    cancelled: bool = False
    code: str = ""  # the draft, amendment or part voted on

    @property
    def description(self) -> str:
        if self.subject == "draft" and self.code:
            return _("the draft resolution %(code)s") % {"code": self.code}
        if self.subject == "amendment" and self.code:
            return _("the amendment %(code)s") % {"code": self.code}
        if self.subject == "part" and self.code:
            return _("the part %(code)s") % {"code": self.code}
        if self.subject == "proposal" and self.code:
            return f"“{self.code}”"
        if self.subject == "motion" and self.kind:
            return _("the motion %(name)s") % {"name": MOTION_NAMES.get(self.kind, self.kind)}
        if self.subject == "appeal":
            return _("the appeal of the chair's ruling")
        return self.subject


@dataclass
class MotionRecord:
    id: int
    seq: int
    sitting: int
    topic: str
    kind: str
    seat: int
    params: dict[str, Any]
    raised_at: dt.datetime
    seconded_by: int | None = None
    outcome: str = "pending"  # carried, failed, granted, withdrawn, lapsed, dilatory, out_of_order
    vote: VoteRecord | None = None
    appealed_by: int | None = None
    overruled: bool | None = None


@dataclass
class PointRecord:
    id: int
    seq: int
    sitting: int
    seat: int
    kind: str
    text: str
    raised_at: dt.datetime
    during_vote: bool = False
    outcome: str = "pending"  # answered, dismissed, withdrawn
    reply: str = ""
    settled_at: dt.datetime | None = None


@dataclass
class Journal:
    seats: dict[int, str]
    topics: dict[str, str]
    sittings: list[MinutesSitting] = field(default_factory=list)
    speeches: list[Speech] = field(default_factory=list)
    motions: list[MotionRecord] = field(default_factory=list)
    votes: list[VoteRecord] = field(default_factory=list)
    points: list[PointRecord] = field(default_factory=list)
    attendance: dict[int, str] = field(default_factory=dict)  # seat -> mark, at the end
    unknown_kinds: list[str] = field(default_factory=list)

    def country(self, seat: int | None) -> str:
        if seat is None:
            return "?"
        return self.seats.get(seat, f"#{seat}")


Rule = Callable[["Reader", JournalEvent], None]
RULES: dict[str, Rule] = {}

# Kinds that are part of something described elsewhere (a ballot is part of its vote), or that
# change nothing a reader of the minutes needs (a timer paused, a placard raised).
SILENT = frozenset(
    {
        "speaker_added",
        "speaker_removed",
        "speaker_moved",
        "timer_paused",
        "timer_resumed",
        "timer_adjusted",
        "timer_reset",
        "hand_raised",
        "hand_lowered",
        "answer_started",
        "vote_revealed",
        "point_restored",
    }
)


def rule(*kinds: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        for kind in kinds:
            RULES[kind] = fn
        return fn

    return register


class Reader:
    """Walks the events once, in order, keeping just enough state to describe them."""

    def __init__(self, seats: dict[int, str], topics: dict[str, str]) -> None:
        self.journal = Journal(seats=dict(seats), topics=dict(topics))
        self.sitting: MinutesSitting | None = None
        self.topic = ""
        self.speech: Speech | None = None
        self.roll_call: RollCallRecord | None = None
        self.motions: dict[int, MotionRecord] = {}
        self.vote: VoteRecord | None = None
        self.points: dict[int, PointRecord] = {}
        self.entries: dict[int, MinutesEntry] = {}  # seq -> entry, for corrections
        self.finishers: list[Callable[[], None]] = []
        self.caucus_entry: MinutesEntry | None = None
        self.ruled: MotionRecord | None = None
        self.drafts: dict[int, dict[str, Any]] = {}  # draft id -> {"code", "title", ...}
        self.amendments: dict[int, dict[str, Any]] = {}  # amendment id -> its payload
        self.consensus: dict[int, dict[str, Any]] = {}  # proposal id -> the proposal

    # -- helpers ------------------------------------------------------------------------------

    def country(self, seat: int | None) -> str:
        return self.journal.country(seat)

    def topic_label(self, letter: str) -> str:
        if not letter:
            return ""
        title = self.journal.topics.get(letter, "")
        label = _("Topic %(letter)s") % {"letter": letter}
        return f"{label}: {title}" if title else label

    def ensure_sitting(self, event: JournalEvent) -> MinutesSitting:
        if self.sitting is None:
            # Entries before the first sitting was opened (attendance marked early, say).
            self.sitting = MinutesSitting(number=0, opened_at=event.at)
            self.journal.sittings.append(self.sitting)
            self.sitting.sections.append(MinutesSection(topic=self.topic_label(self.topic)))
        return self.sitting

    @property
    def sitting_number(self) -> int:
        return self.sitting.number if self.sitting else 0

    def add(self, event: JournalEvent, category: str, text: str = "", **kw: Any) -> MinutesEntry:
        sitting = self.ensure_sitting(event)
        entry = MinutesEntry(at=event.at, seq=event.seq, category=category, text=text, **kw)
        sitting.sections[-1].entries.append(entry)
        self.entries[event.seq] = entry
        return entry

    def later(self, fn: Callable[[], None]) -> None:
        """Describe an entry once the journal has been read (a motion's fate comes later)."""
        self.finishers.append(fn)

    def set_topic(self, letter: str) -> None:
        self.topic = letter or ""
        if self.sitting is not None:
            section = self.sitting.sections[-1]
            label = self.topic_label(self.topic)
            if section.entries:
                self.sitting.sections.append(MinutesSection(topic=label))
            else:
                section.topic = label

    def end_speech(self, at: dt.datetime) -> None:
        if self.speech is not None and self.speech.ended_at is None:
            self.speech.ended_at = at
        self.speech = None

    def close_roll_call(self, at: dt.datetime | None) -> None:
        if self.roll_call is not None:
            self.roll_call.marks = dict(self.journal.attendance)
            if self.roll_call.closed_at is None and at is not None:
                self.roll_call.closed_at = at
        self.roll_call = None

    # -- reading ------------------------------------------------------------------------------

    def read(self, events: Iterable[JournalEvent]) -> Journal:
        last_at = None
        for event in events:
            last_at = event.at
            handler = RULES.get(event.kind)
            if handler is not None:
                handler(self, event)
            elif event.kind not in SILENT:
                if event.kind not in self.journal.unknown_kinds:
                    self.journal.unknown_kinds.append(event.kind)
                self.add(
                    event,
                    "other",
                    _("Journal entry “%(kind)s” (not yet described in the minutes).")
                    % {"kind": event.kind},
                )
        if self.roll_call is not None:
            self.roll_call.marks = dict(self.journal.attendance)
        if self.speech is not None and last_at is not None:
            # Still speaking when the minutes were made: counted up to the last entry.
            self.speech.ended_at = self.speech.ended_at or last_at
        for finish in self.finishers:
            finish()
        return self.journal


def read_journal(
    events: Iterable[JournalEvent], seats: dict[int, str], topics: dict[str, str]
) -> Journal:
    return Reader(seats, topics).read(events)


# ---------------------------------------------------------------------------------------------
# The rules, by kind


@rule("sitting_opened")
def _sitting_opened(r: Reader, e: JournalEvent) -> None:
    r.end_speech(e.at)
    r.close_roll_call(None)
    if r.sitting is not None and r.sitting.closed_at is None:
        r.sitting.closed_at = e.at
    r.sitting = MinutesSitting(number=e.payload.get("sitting", r.sitting_number + 1), opened_at=e.at)
    r.journal.sittings.append(r.sitting)
    r.sitting.sections.append(MinutesSection(topic=r.topic_label(r.topic)))
    r.journal.attendance = {}
    r.add(e, "procedure", _("The chair opened the sitting."))


@rule("roll_call_opened")
def _roll_call_opened(r: Reader, e: JournalEvent) -> None:
    sitting = r.ensure_sitting(e)
    if e.payload.get("reset", True):
        r.journal.attendance = {int(seat): "absent" for seat in e.payload.get("seats", [])}
    r.roll_call = RollCallRecord(opened_at=e.at, closed_at=None, marks={})
    sitting.roll_calls.append(r.roll_call)
    r.add(e, "attendance", _("The chair called the roll."))


@rule("attendance_marked")
def _attendance_marked(r: Reader, e: JournalEvent) -> None:
    seat, mark = int(e.payload["seat"]), e.payload["mark"]
    r.journal.attendance[seat] = mark
    if r.roll_call is not None and r.roll_call.closed_at is None:
        # Part of the roll call: its table says it. Kept for a possible correction.
        r.entries[e.seq] = MinutesEntry(at=e.at, seq=e.seq, category="attendance", text="")
        return
    r.add(
        e,
        "attendance",
        _("%(country)s was marked %(mark)s.")
        % {"country": r.country(seat), "mark": MARK_NAMES.get(mark, mark)},
    )


@rule("roll_call_closed")
def _roll_call_closed(r: Reader, e: JournalEvent) -> None:
    record = r.roll_call
    r.close_roll_call(e.at)
    if record is not None:
        record.present = e.payload.get("present")
        record.can_debate = e.payload.get("can_debate")
        record.can_vote = e.payload.get("can_vote")
    present = sum(1 for mark in r.journal.attendance.values() if mark in PRESENT_MARKS)
    text = _("The roll call closed: %(present)d delegations present.") % {"present": present}
    if e.payload.get("can_debate") is False:
        text += " " + _("There was no quorum to debate.")
    elif e.payload.get("can_vote") is False:
        text += " " + _("There was a quorum to debate but not to vote.")
    r.add(e, "attendance", text)


@rule("agenda_set")
def _agenda_set(r: Reader, e: JournalEvent) -> None:
    r.end_speech(e.at)
    r.set_topic(e.payload["topic"])
    how = _("by motion") if e.payload.get("by") == "motion" else _("by the chair")
    r.add(
        e,
        "procedure",
        _("The agenda was set (%(how)s): %(topic)s.")
        % {"how": how, "topic": r.topic_label(e.payload["topic"])},
    )


@rule("speakers_list_closed")
def _speakers_list_closed(r: Reader, e: JournalEvent) -> None:
    text = (
        _("The speakers' list was closed.")
        if e.payload.get("closed")
        else _("The speakers' list was reopened.")
    )
    r.add(e, "procedure", text)


@rule("speech_started")
def _speech_started(r: Reader, e: JournalEvent) -> None:
    r.end_speech(e.at)
    mode = e.payload.get("mode", "floor")
    speech = Speech(
        seq=e.seq,
        sitting=r.sitting_number,
        topic=r.topic,
        seat=int(e.payload["seat"]),
        mode=mode if mode in SPEECH_MODES else "floor",
        started_at=e.at,
    )
    _start_speech(r, e, speech)


def _start_speech(r: Reader, e: JournalEvent, speech: Speech) -> None:
    r.speech = speech
    r.journal.speeches.append(speech)
    entry = r.add(e, "speech")

    def describe() -> None:
        minutes, seconds = divmod(speech.seconds, 60)
        text = _("%(country)s spoke (%(mode)s) for %(min)d min %(sec)02d s.") % {
            "country": r.country(speech.seat),
            "mode": SPEECH_MODES[speech.mode],
            "min": minutes,
            "sec": seconds,
        }
        if speech.yielded_by is not None:
            text += " " + _("%(country)s had yielded the time.") % {
                "country": r.country(speech.yielded_by)
            }
        if speech.yielded_to == "delegate":
            text += " " + _("Yielded the remaining time to %(country)s.") % {
                "country": r.country(speech.yielded_seat)
            }
        elif speech.yielded_to == "questions":
            text += " " + _("Yielded to questions.")
            if speech.questioners:
                entry.details.append(
                    _("Questions from: %(countries)s.")
                    % {"countries": ", ".join(r.country(s) for s in speech.questioners)}
                )
        elif speech.yielded_to == "chair":
            text += " " + _("Yielded to the chair.")
        entry.text = text

    r.later(describe)


@rule("speech_yielded")
def _speech_yielded(r: Reader, e: JournalEvent) -> None:
    speech = r.speech
    to = e.payload.get("to")
    if speech is None:
        return
    speech.yielded_to = to or ""
    if to == "chair":
        r.end_speech(e.at)
    elif to == "delegate":
        target = int(e.payload["seat"])
        speech.yielded_seat = target
        r.end_speech(e.at)
        follow = Speech(
            seq=e.seq,
            sitting=r.sitting_number,
            topic=r.topic,
            seat=target,
            mode="yield",
            started_at=e.at,
            yielded_by=speech.seat,
        )
        _start_speech(r, e, follow)


@rule("question_recognised")
def _question_recognised(r: Reader, e: JournalEvent) -> None:
    if r.speech is not None:
        r.speech.questioners.append(int(e.payload["seat"]))


@rule("speech_ended")
def _speech_ended(r: Reader, e: JournalEvent) -> None:
    r.end_speech(e.at)


@rule("caucus_started")
def _caucus_started(r: Reader, e: JournalEvent) -> None:
    r.end_speech(e.at)
    p = e.payload
    minutes = p.get("total_seconds", 0) / 60
    if p.get("kind") == "moderated":
        text = _(
            "A moderated caucus began: %(total)s min, %(speech)d s per speech."
        ) % {"total": f"{minutes:g}", "speech": p.get("speaking_seconds") or 0}
    else:
        text = _("An unmoderated caucus began: %(total)s min.") % {"total": f"{minutes:g}"}
    if p.get("topic"):
        text += " " + _("Topic: “%(topic)s”.") % {"topic": p["topic"]}
    if p.get("proposer") is not None:
        text += " " + _("Proposed by %(country)s.") % {"country": r.country(p["proposer"])}
    r.caucus_entry = r.add(e, "caucus", text)


@rule("caucus_extended")
def _caucus_extended(r: Reader, e: JournalEvent) -> None:
    r.add(
        e,
        "caucus",
        _("The caucus was extended by %(total)s min.")
        % {"total": f"{e.payload.get('seconds', 0) / 60:g}"},
    )


@rule("caucus_ended")
def _caucus_ended(r: Reader, e: JournalEvent) -> None:
    r.end_speech(e.at)
    r.add(e, "caucus", _("The caucus ended."))


@rule("speaking_time_set")
def _speaking_time_set(r: Reader, e: JournalEvent) -> None:
    r.add(
        e,
        "procedure",
        _("The speaking time was set to %(seconds)d seconds.") % {"seconds": e.payload["seconds"]},
    )


@rule("session_suspended")
def _session_suspended(r: Reader, e: JournalEvent) -> None:
    seconds = e.payload.get("seconds")
    if seconds:
        text = _("The meeting was suspended for %(minutes)s min.") % {"minutes": f"{seconds / 60:g}"}
    else:
        text = _("The meeting was suspended.")
    r.add(e, "procedure", text)


@rule("session_resumed")
def _session_resumed(r: Reader, e: JournalEvent) -> None:
    r.add(e, "procedure", _("The meeting resumed."))


@rule("session_adjourned")
def _session_adjourned(r: Reader, e: JournalEvent) -> None:
    r.end_speech(e.at)
    r.close_roll_call(None)
    r.add(e, "procedure", _("The meeting was adjourned."))
    if r.sitting is not None:
        r.sitting.closed_at = e.at


@rule("debate_closed")
def _debate_closed(r: Reader, e: JournalEvent) -> None:
    r.end_speech(e.at)
    reason = str(e.payload.get("reason") or "")
    text = {
        "list_exhausted": _("The speakers' list was exhausted: debate closed."),
        "motion": _("Debate was closed by motion."),
    }.get(reason, _("The chair closed debate."))
    r.add(e, "procedure", text + " " + _("The committee moved into voting procedure."))


@rule("voting_procedure_ended")
def _voting_procedure_ended(r: Reader, e: JournalEvent) -> None:
    r.add(e, "procedure", _("Voting procedure ended."))
    if e.payload.get("topic_done"):
        r.set_topic("")


@rule("topic_tabled")
def _topic_tabled(r: Reader, e: JournalEvent) -> None:
    r.end_speech(e.at)
    r.add(
        e,
        "procedure",
        _("The debate on %(topic)s was tabled.") % {"topic": r.topic_label(e.payload.get("topic", ""))},
    )
    r.set_topic("")


# -- motions, rulings and appeals ---------------------------------------------------------------


def _motion_params(m: MotionRecord) -> str:
    p = m.params
    parts = []
    if "total_seconds" in p:
        parts.append(_("%(minutes)s min") % {"minutes": f"{p['total_seconds'] / 60:g}"})
    if "speaking_seconds" in p:
        parts.append(_("%(seconds)d s per speech") % {"seconds": p["speaking_seconds"]})
    if p.get("topic") and m.kind != "set_agenda":
        parts.append(f"“{p['topic']}”")
    if m.kind == "set_agenda" and p.get("topic"):
        parts.append(_("Topic %(letter)s") % {"letter": p["topic"]})
    return ", ".join(parts)


def _tally(result: dict[str, Any]) -> str:
    return _("%(yes)d in favour, %(no)d against, %(abstain)d abstentions") % {
        "yes": result.get("yes", 0),
        "no": result.get("no", 0),
        "abstain": result.get("abstain", 0),
    }


OUTCOMES = {
    "carried": gettext_lazy("carried"),
    "failed": gettext_lazy("failed"),
    "granted": gettext_lazy("granted by the chair without a vote"),
    "withdrawn": gettext_lazy("withdrawn"),
    "lapsed": gettext_lazy("lapsed when another motion passed"),
    "dilatory": gettext_lazy("ruled dilatory by the chair"),
    "out_of_order": gettext_lazy("ruled out of order by the chair"),
    "pending": gettext_lazy("not decided"),
}


@rule("motion_raised")
def _motion_raised(r: Reader, e: JournalEvent) -> None:
    m = e.payload["motion"]
    motion = MotionRecord(
        id=m["id"],
        seq=e.seq,
        sitting=r.sitting_number,
        topic=r.topic,
        kind=m["kind"],
        seat=int(m["seat"]),
        params=dict(m.get("params") or {}),
        raised_at=e.at,
    )
    r.motions[motion.id] = motion
    r.journal.motions.append(motion)
    entry = r.add(e, "motion")

    def describe() -> None:
        text = _("%(country)s moved %(name)s") % {
            "country": r.country(motion.seat),
            "name": MOTION_NAMES.get(motion.kind, motion.kind),
        }
        params = _motion_params(motion)
        if params:
            text += f" ({params})"
        text += "."
        if motion.seconded_by is not None:
            text += " " + _("Seconded by %(country)s.") % {"country": r.country(motion.seconded_by)}
        vote = motion.vote
        if vote is not None and vote.result is not None:
            text += " " + _("Vote: %(tally)s.") % {"tally": _tally(vote.result)}
        text += " " + _("The motion %(outcome)s.") % {"outcome": OUTCOMES[motion.outcome]}
        if motion.appealed_by is not None:
            text += " " + _("%(country)s appealed the ruling;") % {
                "country": r.country(motion.appealed_by)
            }
            text += " " + (
                _("the committee overruled the chair.")
                if motion.overruled
                else _("the ruling stood.")
            )
        entry.text = text

    r.later(describe)


@rule("motion_seconded")
def _motion_seconded(r: Reader, e: JournalEvent) -> None:
    motion = r.motions.get(e.payload["motion"])
    if motion is not None:
        motion.seconded_by = int(e.payload["seat"])


@rule("motion_dropped")
def _motion_dropped(r: Reader, e: JournalEvent) -> None:
    reason = e.payload.get("reason", "withdrawn")
    for motion_id in e.payload.get("motions", []):
        motion = r.motions.get(motion_id)
        if motion is not None and motion.outcome == "pending":
            motion.outcome = reason if reason in OUTCOMES else "withdrawn"
            if e.payload.get("ruling"):
                r.ruled = motion


@rule("ruling_appealed")
def _ruling_appealed(r: Reader, e: JournalEvent) -> None:
    if r.ruled is not None:
        r.ruled.appealed_by = int(e.payload["seat"])
    r.add(
        e,
        "point",
        _("%(country)s appealed the chair's ruling.") % {"country": r.country(e.payload["seat"])},
    )


@rule("ruling_settled")
def _ruling_settled(r: Reader, e: JournalEvent) -> None:
    overruled = bool(e.payload.get("overruled"))
    if r.ruled is not None:
        r.ruled.overruled = overruled
        if overruled:
            r.ruled.outcome = "pending"  # back on the floor
    if e.payload.get("by") == "appeal":
        text = (
            _("The committee overruled the chair; the motion is back on the floor.")
            if overruled
            else _("The chair's ruling stands.")
        )
    else:
        text = _("The chair's ruling stands (no appeal).")
    r.add(e, "point", text)
    r.ruled = None


# -- votes --------------------------------------------------------------------------------------


@rule("vote_opened")
def _vote_opened(r: Reader, e: JournalEvent) -> None:
    v = e.payload["vote"]
    vote = VoteRecord(
        id=v["id"],
        seq=e.seq,
        sitting=r.sitting_number,
        topic=r.topic,
        opened_at=e.at,
        question=v.get("question", ""),
        subject=v.get("subject", ""),
        motion=v.get("motion"),
        kind=v.get("kind"),
        eligible=[int(s) for s in v.get("eligible", [])],
        code=str(v.get("code") or v.get("title") or ""),
    )
    r.vote = vote
    r.journal.votes.append(vote)
    if vote.motion is not None and vote.motion in r.motions:
        r.motions[vote.motion].vote = vote


@rule("ballot_cast")
def _ballot_cast(r: Reader, e: JournalEvent) -> None:
    if r.vote is not None:
        by = _("own device") if e.seat is not None else (e.actor or _("the chair"))
        r.vote.ballots[int(e.payload["seat"])] = (e.payload["choice"], by)


@rule("placard_counted")
def _placard_counted(r: Reader, e: JournalEvent) -> None:
    if r.vote is not None:
        r.vote.placard = {k: int(e.payload.get(k, 0)) for k in ("yes", "no", "abstain")}


@rule("vote_cancelled")
def _vote_cancelled(r: Reader, e: JournalEvent) -> None:
    if r.vote is not None:
        r.vote.cancelled = True
        r.vote.closed_at = e.at
        r.add(
            e,
            "vote",
            _("The vote on %(what)s was cancelled.") % {"what": r.vote.description},
        )
    r.vote = None


@rule("vote_closed")
def _vote_closed(r: Reader, e: JournalEvent) -> None:
    result = e.payload["result"]
    vote = r.vote
    if vote is None or (result.get("vote") is not None and result.get("vote") != vote.id):
        # Granted without a vote (the profile leaves the motion to the chair).
        vote = None
    if vote is not None:
        vote.result = result
        vote.closed_at = e.at
    motion = r.motions.get(result.get("motion")) if result.get("subject") == "motion" else None
    if motion is not None and result.get("valid", True):
        if result.get("method") == "chair":
            motion.outcome = "granted"
        else:
            motion.outcome = "carried" if result.get("passed") else "failed"
    r.vote = None
    if vote is None:
        return
    table = []
    if vote.ballots:
        for seat in sorted(vote.eligible, key=r.country):
            choice, by = vote.ballots.get(seat, ("", ""))
            table.append((r.country(seat), choice, by))
    motion_entry = r.entries.get(motion.seq) if motion is not None else None
    if motion_entry is not None and result.get("valid", True):
        # The motion's own entry tells its vote (tally and result); the ballots go with it.
        motion_entry.table = table
        return
    if not result.get("valid", True):
        outcome = _("not valid (no quorum); to be retaken")
    elif result.get("passed"):
        outcome = _("carried")
    else:
        outcome = _("failed")
    method = {
        "placard": _("placards counted by the chair"),
        "device": _("votes cast on devices"),
        "roll_call": _("a roll-call vote"),
    }.get(result.get("method", ""), result.get("method", ""))
    text = _("Vote on %(what)s (%(method)s): %(tally)s; %(outcome)s.") % {
        "what": vote.description,
        "method": method,
        "tally": _tally(result),
        "outcome": outcome,
    }
    r.add(e, "vote", text, table=table)


# -- points -------------------------------------------------------------------------------------


@rule("point_raised")
def _point_raised(r: Reader, e: JournalEvent) -> None:
    p = e.payload["point"]
    point = PointRecord(
        id=p["id"],
        seq=e.seq,
        sitting=r.sitting_number,
        seat=int(p["seat"]),
        kind=p["kind"],
        text=p.get("text", ""),
        raised_at=e.at,
        during_vote=bool(p.get("during_vote")),
    )
    r.points[point.id] = point
    r.journal.points.append(point)
    entry = r.add(e, "point")

    def describe() -> None:
        text = _("%(country)s raised %(name)s.") % {
            "country": r.country(point.seat),
            "name": POINT_NAMES.get(point.kind, point.kind),
        }
        if point.text:
            entry.details.append(f"“{point.text}”")
        text += " " + {
            "answered": _("The chair answered it."),
            "dismissed": _("The chair ruled it out of order."),
            "withdrawn": _("It was withdrawn."),
        }.get(point.outcome, _("It was not taken up."))
        if point.reply:
            entry.details.append(_("The chair: “%(reply)s”") % {"reply": point.reply})
        entry.text = text

    r.later(describe)


@rule("point_settled")
def _point_settled(r: Reader, e: JournalEvent) -> None:
    point = r.points.get(e.payload["point"])
    if point is not None:
        point.outcome = e.payload.get("outcome", "answered")
        point.reply = e.payload.get("reply", "")
        point.settled_at = e.at


# -- corrections --------------------------------------------------------------------------------

UNDONE_NAMES = {
    "speaker_removed": gettext_lazy("a removal from the speakers' list"),
    "speaker_added": gettext_lazy("an addition to the speakers' list"),
    "speaker_moved": gettext_lazy("a change of order on the speakers' list"),
    "attendance_marked": gettext_lazy("an attendance mark"),
    "point_settled": gettext_lazy("the chair's decision on a point"),
}


@rule("corrected")
def _corrected(r: Reader, e: JournalEvent) -> None:
    p = e.payload
    inverse = p.get("inverse") or {}
    ip = inverse.get("payload") or {}
    detail = ""
    if inverse.get("kind") == "attendance_marked":
        seat = int(ip["seat"])
        r.journal.attendance[seat] = ip["mark"]
        detail = _("%(country)s is %(mark)s again.") % {
            "country": r.country(seat),
            "mark": MARK_NAMES.get(ip["mark"], ip["mark"]),
        }
    elif inverse.get("kind") == "point_restored":
        point_id = (ip.get("point_data") or {}).get("id")
        point = r.points.get(point_id) if isinstance(point_id, int) else None
        if point is not None:
            point.outcome = "pending"
            point.reply = ""
        detail = _("The point is waiting for the chair again.")
    elif inverse.get("kind") in ("speaker_added", "speaker_removed", "speaker_moved"):
        detail = _("Speakers' list entry of %(country)s restored.") % {
            "country": r.country(ip.get("seat"))
        }
    undone = str(p.get("undone_kind") or "")
    seq = p.get("seq")
    original = r.entries.get(seq) if isinstance(seq, int) else None
    if original is not None:
        original.corrected_by = e.seq
    text = _("Correction: the chair undid %(what)s (entry %(seq)s).") % {
        "what": UNDONE_NAMES.get(undone, undone),
        "seq": p.get("seq"),
    }
    r.add(e, "correction", text, details=[detail] if detail else [])


# Drafts, amendments, adoption without a vote and rule changes have their rules in their own
# modules (this one is long enough).
from exports import journal_consensus, journal_drafts, journal_explanations  # noqa: E402,F401
