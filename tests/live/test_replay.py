"""The journal is the truth: replaying it gives the live state.

1. A long, realistic session through the services: `replay_state(committee) == live_state`.
2. A hypothesis property test of the pure engine (`commands.handle` + `state.apply_event`):
   random commands from the chair and delegates, most of them refused, keep the invariants.
"""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from committee import protocol, services
from committee.live import commands
from committee.live import state as live_state
from committee.live.commands import CHAIR, DELEGATE, Actor, Context, LiveError, SeatInfo
from committee.procedure import get_profile
from tests.live.factory import World

VOTERS = ["AR", "BR", "CA", "DK", "EG", "FR", "GH"]


# ---------------------------------------------------------------------------------------------
# 1. A long session through the services


@pytest.mark.django_db
def test_replaying_a_long_session_gives_the_live_state(world: World, clock):
    w = world
    seat = w.seat

    def tick(seconds: float = 7) -> None:
        clock.advance(seconds)

    def vote(yes: list[str], no: list[str]) -> None:
        w.vote_all(yes, no)
        tick()
        w.as_chair("vote.close")

    w.as_chair("rollcall.open")
    for iso in VOTERS[:5]:
        w.as_delegate(iso, "rollcall.answer", mark="present")
        tick(1.3)
    w.as_delegate("FR", "rollcall.answer", mark="present_and_voting")
    w.as_delegate("VA", "rollcall.answer", mark="present")
    mark = w.as_chair("rollcall.mark", seat=seat("GH"), mark="present").events[0].seq
    w.as_chair("undo", seq=mark)
    w.as_chair("rollcall.mark", seat=seat("GH"), mark="present")
    w.as_chair("rollcall.close")
    # agenda by motion
    motion = w.raise_motion("AR", "set_agenda", "BR", topic="B")
    w.as_chair("motion.vote", motion=motion)
    vote(VOTERS, [])
    for iso in ("CA", "AR", "DK", "EG", "VA"):
        w.as_delegate(iso, "speakers.join")
        tick(0.4)
    removal = w.as_chair("speakers.remove", seat=seat("DK")).events[0].seq
    w.as_chair("undo", seq=removal)
    w.as_chair("speakers.move", seat=seat("VA"), position=0)
    w.as_chair("speech.next")
    tick(40)
    w.as_delegate("VA", "speech.yield", to="chair")
    w.as_chair("speech.next")
    tick(30)
    w.as_delegate("CA", "speech.yield", to="delegate", seat=seat("GH"))
    tick(20)
    w.as_chair("timer.pause", timer="speaker")
    w.as_chair("timer.adjust", timer="speaker", seconds=15)
    w.as_chair("timer.resume", timer="speaker")
    tick(50)
    w.as_chair("speech.next")
    tick(10)
    w.as_delegate("AR", "speech.yield", to="questions")
    w.as_delegate("BR", "hand.raise")
    w.as_chair("question.recognise", seat=seat("BR"))
    tick(12)
    w.as_chair("answer.start")
    tick(25)
    w.as_chair("speech.end")
    point = w.as_delegate("EG", "point.raise", kind="parliamentary_inquiry", text="Can we caucus?")
    w.as_chair("point.answer", point=point.events[0].payload["point"]["id"], reply="Move it.")
    # two motions; the higher one fails, the caucus passes
    mod = w.raise_motion("EG", "moderated_caucus", "FR", total_seconds=600, speaking_seconds=45)
    unmod = w.raise_motion("GH", "unmoderated_caucus", "AR", total_seconds=900)
    w.as_chair("motion.vote", motion=unmod)
    vote(["GH", "AR", "BR"], ["CA", "DK", "EG", "FR"])
    w.as_chair("motion.vote", motion=mod)
    vote(VOTERS[:5], VOTERS[5:])
    for iso in ("BR", "CA", "DK"):
        w.as_delegate(iso, "hand.raise")
    for iso in ("CA", "BR"):
        w.as_chair("speech.recognise", seat=seat(iso))
        tick(45)
    w.as_chair("session.suspend", seconds=600)
    tick(300)
    w.as_chair("session.resume")
    extend = w.raise_motion("AR", "extend_caucus", "BR", total_seconds=300)
    w.as_chair("motion.vote", motion=extend)
    vote(VOTERS, [])
    tick(900)
    w.as_chair("caucus.end")
    # a ruling, an appeal, the chair overruled
    dilatory = w.raise_motion("DK", "close_debate", "EG")
    w.as_chair("motion.rule", motion=dilatory, ruling="dilatory")
    w.as_delegate("DK", "ruling.appeal")
    w.as_chair("ruling.vote")
    vote(["AR", "BR", "CA", "DK", "EG"], ["FR", "GH"])
    w.as_chair("motion.vote", motion=dilatory)
    w.as_chair("vote.placard", yes=6, no=1)
    w.as_chair("vote.reveal")
    w.as_chair("vote.close")
    assert w.state["phase"] == "voting_procedure"
    w.as_chair("voting.end", topic_done=True)
    w.as_chair("agenda.set", topic="A")
    w.pass_motion("BR", "table_debate", "CA")
    w.as_chair("session.adjourn")
    w.as_chair("sitting.open")

    committee = w.refresh()
    assert committee.event_seq == len(w.journal()) > 100
    assert services.replay_state(committee) == committee.live_state
    assert committee.live_state["undone"] == [mark, removal]


# ---------------------------------------------------------------------------------------------
# 2. The pure engine under random commands

SEATS = {
    1: SeatInfo(1, "Argentina", True),
    2: SeatInfo(2, "Brazil", True),
    3: SeatInfo(3, "Canada", True),
    4: SeatInfo(4, "Denmark", True),
    5: SeatInfo(5, "Egypt", True),
    6: SeatInfo(6, "Holy See", False),
}
SEAT_IDS = [1, 2, 3, 4, 5, 6]

seat_s = st.sampled_from([*SEAT_IDS, 99])
small = st.integers(min_value=0, max_value=6)
FIELDS = {
    "seat": seat_s,
    "mark": st.sampled_from(["present", "present_and_voting", "absent", "maybe"]),
    "topic": st.sampled_from(["A", "B", "C"]),
    "position": st.integers(min_value=-1, max_value=5),
    "closed": st.booleans(),
    "seconds": st.sampled_from([-120, -10, 0, 5, 10, 30, 90, 600, 5000]),
    "to": st.sampled_from(["delegate", "questions", "chair", "moon"]),
    "timer": st.sampled_from(["speaker", "caucus", "egg"]),
    "total_seconds": st.sampled_from([10, 30, 60, 300, 600]),
    "speaking_seconds": st.sampled_from([5, 10, 30, 45, 60]),
    "motion": st.integers(min_value=1, max_value=5),
    "ruling": st.sampled_from(["dilatory", "out_of_order", "nonsense"]),
    "choice": st.sampled_from(["yes", "no", "abstain", "pass"]),
    "yes": small,
    "no": small,
    "abstain": small,
    "point": st.integers(min_value=1, max_value=5),
    "text": st.sampled_from(["", "Why?", "x" * 501]),
    "reply": st.sampled_from(["", "Because."]),
    "seq": st.one_of(st.integers(min_value=1, max_value=60), st.sampled_from([11, 12])),
    "topic_done": st.booleans(),
    "revealed": st.booleans(),
}
KINDS = {
    "motion.raise": [*commands.LIVE_MOTIONS, "reconsider"],
    "caucus.start": ["moderated_caucus", "unmoderated_caucus", "tea"],
    "point.raise": [*commands.POINT_KINDS, "gossip"],
}
params_s = st.fixed_dictionaries(
    {},
    optional={
        "total_seconds": FIELDS["total_seconds"],
        "speaking_seconds": FIELDS["speaking_seconds"],
        "topic": FIELDS["topic"],
    },
)


# Every command, with the ones that lead deeper into a session more often and the ones that
# reset it (a new sitting, a new roll call, adjournment) less often.
DEEPER = [
    "motion.raise",
    "motion.second",
    "motion.vote",
    "vote.cast",
    "vote.cast",
    "vote.cast",
    "vote.cast",
    "vote.close",
    "speech.next",
    "speech.yield",
    "hand.raise",
    "question.recognise",
    "answer.start",
    "motion.rule",
    "ruling.appeal",
    "ruling.vote",
    "point.raise",
    "point.answer",
    "undo",
    "timer.pause",
    "timer.resume",
    "timer.adjust",
    "speech.recognise",
    "caucus.start",
    "vote.placard",
]
RARE = {"sitting.open", "rollcall.open", "session.adjourn"}
NAMES = [n for n in sorted(commands.COMMANDS) if n not in RARE] * 2 + DEEPER * 2 + sorted(RARE)


@st.composite
def command_s(draw):
    """One command with the fields the protocol gives it (required always, optional often),
    from the chair or a delegate (mostly the right one), and the time that passes before it."""
    name = draw(st.sampled_from(NAMES))
    fields = {}
    for field, (_type, required) in protocol.SCHEMA[name].items():
        if field in ("kind", "params"):
            continue
        if (required or draw(st.booleans())) and field in FIELDS:
            fields[field] = draw(FIELDS[field])
    if name in KINDS:
        fields["kind"] = draw(st.sampled_from(KINDS[name]))
    if name == "motion.raise":
        fields["params"] = draw(params_s)
    if name == "caucus.start":
        fields.update(draw(params_s))
    wrong_role = draw(st.integers(0, 9)) == 0
    chair = (name not in commands.DELEGATE_COMMANDS) != wrong_role
    if name in ("speakers.join", "speakers.leave") and draw(st.booleans()):
        chair = True
        name = {"speakers.join": "speakers.add", "speakers.leave": "speakers.remove"}[name]
        fields["seat"] = draw(seat_s)
    if chair:
        actor = Actor(role=CHAIR, user_id=1)
    else:
        actor = Actor(role=DELEGATE, seat=draw(st.sampled_from(SEAT_IDS)))
    advance = draw(st.sampled_from([0, 500, 5_000, 60_000]))
    return actor, {"type": name, **fields}, advance


CHAIR_ACTOR = Actor(CHAIR, user_id=1)
DEBATE = [
    *[(CHAIR_ACTOR, {"type": "rollcall.mark", "seat": s, "mark": "present"}) for s in (1, 2, 3, 4)],
    (CHAIR_ACTOR, {"type": "rollcall.mark", "seat": 5, "mark": "present_and_voting"}),
    (CHAIR_ACTOR, {"type": "agenda.set", "topic": "A"}),
    (Actor(DELEGATE, seat=1), {"type": "speakers.join"}),
    (Actor(DELEGATE, seat=2), {"type": "speakers.join"}),
]
VOTING = [
    *DEBATE,
    (
        Actor(DELEGATE, seat=3),
        {
            "type": "motion.raise",
            "kind": "moderated_caucus",
            "params": {"total_seconds": 300, "speaking_seconds": 30},
        },
    ),
    (Actor(DELEGATE, seat=4), {"type": "motion.second", "motion": 1}),
    (Actor(DELEGATE, seat=2), {"type": "motion.raise", "kind": "close_debate", "params": {}}),
    (Actor(DELEGATE, seat=1), {"type": "motion.second", "motion": 2}),
    (CHAIR_ACTOR, {"type": "motion.vote", "motion": 2}),
]
CAUCUS = [
    *DEBATE,
    (
        CHAIR_ACTOR,
        {
            "type": "caucus.start",
            "kind": "moderated_caucus",
            "total_seconds": 120,
            "speaking_seconds": 30,
        },
    ),
    (Actor(DELEGATE, seat=3), {"type": "hand.raise"}),
    (Actor(DELEGATE, seat=4), {"type": "hand.raise"}),
]
QUESTIONS = [
    *DEBATE,
    (CHAIR_ACTOR, {"type": "speech.next"}),
    (Actor(DELEGATE, seat=1), {"type": "speech.yield", "to": "questions"}),
    (Actor(DELEGATE, seat=3), {"type": "hand.raise"}),
]
RULING = [
    *DEBATE,
    (
        Actor(DELEGATE, seat=3),
        {"type": "motion.raise", "kind": "unmoderated_caucus", "params": {"total_seconds": 300}},
    ),
    (Actor(DELEGATE, seat=4), {"type": "motion.second", "motion": 1}),
    (CHAIR_ACTOR, {"type": "motion.rule", "motion": 1, "ruling": "dilatory"}),
]
SUSPENDED = [*CAUCUS, (CHAIR_ACTOR, {"type": "session.suspend", "seconds": 600})]
PLACARDS = (CHAIR_ACTOR, {"type": "vote.placard", "yes": 5, "no": 0})
TABLING = [
    *DEBATE,
    (Actor(DELEGATE, seat=3), {"type": "motion.raise", "kind": "table_debate", "params": {}}),
    (Actor(DELEGATE, seat=4), {"type": "motion.second", "motion": 1}),
    (CHAIR_ACTOR, {"type": "motion.vote", "motion": 1}),
    PLACARDS,
]
EXTENDING = [
    *DEBATE,
    (
        CHAIR_ACTOR,
        {
            "type": "caucus.start",
            "kind": "moderated_caucus",
            "total_seconds": 120,
            "speaking_seconds": 30,
        },
    ),
    (
        Actor(DELEGATE, seat=3),
        {"type": "motion.raise", "kind": "extend_caucus", "params": {"total_seconds": 60}},
    ),
    (Actor(DELEGATE, seat=4), {"type": "motion.second", "motion": 1}),
    (CHAIR_ACTOR, {"type": "motion.vote", "motion": 1}),
    PLACARDS,
]
POINTS = [
    *DEBATE,
    (Actor(DELEGATE, seat=3), {"type": "point.raise", "kind": "order", "text": "?"}),
    (
        Actor(DELEGATE, seat=4),
        {"type": "point.raise", "kind": "parliamentary_inquiry", "text": "?"},
    ),
    (CHAIR_ACTOR, {"type": "point.dismiss", "point": 1}),  # journal seq 11
    (CHAIR_ACTOR, {"type": "point.answer", "point": 2}),  # journal seq 12
]
# Most random commands are refused at once; a warm start reaches deeper states.
WARM = {
    "cold": [],
    "debate": DEBATE,
    "voting": VOTING,
    "caucus": CAUCUS,
    "questions": QUESTIONS,
    "ruling": RULING,
    "suspended": SUSPENDED,
    "tabling": TABLING,
    "extending": EXTENDING,
    "points": POINTS,
}


def check_invariants(state: dict) -> None:
    assert json.loads(json.dumps(state)) == state
    for topic, speakers in state["speakers"].items():
        assert len(speakers) == len(set(speakers)), (topic, speakers)
        assert set(speakers) <= set(SEAT_IDS)
    vote = state["vote"]
    if vote is not None:
        assert isinstance(vote, dict)
        assert {int(s) for s in vote["ballots"]} <= set(vote["eligible"])
        assert set(vote["eligible"]) <= {s for s, info in SEATS.items() if info.voting}
        assert set(vote["ballots"].values()) <= {"yes", "no", "abstain"}
        for seat, choice in vote["ballots"].items():
            assert choice != "abstain" or int(seat) in vote["may_abstain"]
    for name, timer in state["timers"].items():
        assert timer["remaining_ms"] >= 0 and timer["duration_ms"] >= 0, (name, timer)
        assert (timer["ends_at"] is not None) == timer["running"], (name, timer)
    assert len({m["id"] for m in state["motions"]}) == len(state["motions"])
    assert len({p["id"] for p in state["points"]}) == len(state["points"])
    assert len(state["hands"]) == len(set(state["hands"]))
    phase = state["phase"]
    assert phase in (
        "idle",
        "formal",
        "moderated",
        "unmoderated",
        "suspended",
        "voting_procedure",
        "adjourned",
    )
    running_phase = state["resume_phase"] if phase == "suspended" else phase
    assert (state["caucus"] is not None) == (running_phase in ("moderated", "unmoderated")), state
    if state["caucus"] is not None:
        assert state["caucus"]["kind"] == running_phase
    if phase in ("formal", "moderated", "unmoderated", "voting_procedure"):
        assert state["topic"] in ("A", "B")
    if phase == "idle":
        assert state["topic"] is None, state
    if state["vote"] is not None:
        assert phase not in ("suspended", "adjourned")
    if state["vote"] is not None:  # nobody enters or leaves during a vote
        present = {int(k) for k, v in state["attendance"].items() if v != "absent"}
        assert set(state["vote"]["eligible"]) == present & {s for s, i in SEATS.items() if i.voting}
    if state["hands"]:
        floor = state["floor"]
        in_questions = floor is not None and floor["mode"] == "questions"
        in_moderated = state["caucus"] is not None and state["caucus"]["kind"] == "moderated"
        assert in_questions or in_moderated, state
    if state["floor"] is not None:
        assert phase not in ("unmoderated", "adjourned"), state
    if phase != "suspended":
        assert state["suspension"] is None and state["resume_phase"] is None, state


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(warm=st.sampled_from(sorted(WARM)), steps=st.lists(command_s(), min_size=1, max_size=150))
def test_random_commands_keep_the_invariants(warm, steps):
    journal: list[dict] = []

    def lookup(seq: int):
        return journal[seq - 1] if 1 <= seq <= len(journal) else None

    ctx = Context(
        profile=get_profile("unausa"),
        seats=SEATS,
        topics={"A": "Medicines", "B": "Cybercrime"},
        members=5,
        now=1_900_000_000_000,
        journal=lookup,
    )
    state = live_state.initial_state()
    plan = [(actor, command, 1000) for actor, command in WARM[warm]]
    for actor, command, advance in plan + steps:
        ctx.now += advance
        before = copy.deepcopy(state)
        try:
            events = commands.handle(state, ctx, actor, command)
        except LiveError as error:
            assert str(error)
            assert state == before  # a refusal changes nothing
            continue
        assert state == before  # handle never changes its input
        for event in events:
            stamped = {**event, "at": ctx.now}
            state = live_state.apply_event(state, stamped)
            journal.append({**stamped, "seq": len(journal) + 1})
        check_invariants(state)
    assert live_state.replay(journal) == state
