"""Service tests of every live command, through committee.services.check_live_command.

Each accepted case checks the state and the journal rows (consecutive seq, kind, actor and
seat); each refusal checks that nothing changed (same event_seq, same live_state, no row).
"""

from __future__ import annotations

import pathlib

import pytest

from committee import services
from committee.live.commands import COMMANDS, LiveError
from tests.live.factory import START_MS, World, accepted, refused

pytestmark = pytest.mark.django_db

VOTERS = ["AR", "BR", "CA", "DK", "EG", "FR", "GH"]


def test_it_has_a_test_for_every_command():
    text = "".join(p.read_text() for p in pathlib.Path(__file__).parent.glob("test_*.py"))
    missing = [name for name in COMMANDS if f'"{name}"' not in text]
    assert missing == []


# ---------------------------------------------------------------------------------------------
# Sitting and roll call


def test_it_opens_a_sitting(world: World):
    rows = accepted(world, world.chair, "sitting.open", ["sitting_opened"])
    assert rows[0].payload == {"sitting": 1}
    assert rows[0].actor_id == world.chair_user.pk and rows[0].seat_id is None
    assert world.state["sitting"] == 1
    refused(world, world.delegate("AR"), "sitting.open", "Only the chair")


def test_it_opens_the_roll_call(world: World):
    accepted(world, world.chair, "rollcall.open", ["sitting_opened", "roll_call_opened"])
    state = world.state
    assert state["roll_call"]["open"] is True
    assert set(state["attendance"].values()) == {"absent"}
    assert len(state["attendance"]) == 8  # the observer too
    refused(world, world.chair, "rollcall.open", "already open")
    refused(world, world.delegate("AR"), "rollcall.open", "Only the chair")


def test_it_records_roll_call_answers(world: World):
    world.as_chair("rollcall.open")
    rows = accepted(
        world,
        world.delegate("AR"),
        "rollcall.answer",
        ["attendance_marked"],
        mark="present_and_voting",
    )
    assert rows[0].seat_id == world.seat("AR")
    assert rows[0].payload["previous"] == "absent"
    assert world.state["attendance"][str(world.seat("AR"))] == "present_and_voting"
    # the same answer again changes nothing
    assert world.as_delegate("AR", "rollcall.answer", mark="present_and_voting").events == []
    refused(world, world.delegate("BR"), "rollcall.answer", "accept these answers", mark="absent")
    observer = world.delegate("VA")
    refused(world, observer, "rollcall.answer", "Observers", mark="present_and_voting")
    accepted(world, observer, "rollcall.answer", mark="present")
    refused(world, world.chair, "rollcall.answer", "Only a delegate", mark="present")
    rows = accepted(world, world.chair, "rollcall.close", ["roll_call_closed"])
    assert rows[0].payload == {"present": 1, "can_debate": False, "can_vote": False}
    refused(world, world.delegate("CA"), "rollcall.answer", "not open", mark="present")
    refused(world, world.chair, "rollcall.close", "not open")


def test_the_chair_marks_attendance(world: World):
    rows = accepted(
        world,
        world.chair,
        "rollcall.mark",
        ["attendance_marked"],
        seat=world.seat("BR"),
        mark="present",
    )
    assert rows[0].payload == {
        "seat": world.seat("BR"),
        "mark": "present",
        "previous": "absent",
        "by": "chair",
    }
    refused(
        world,
        world.delegate("BR"),
        "rollcall.mark",
        "Only the chair",
        seat=world.seat("BR"),
        mark="absent",
    )
    refused(
        world,
        world.chair,
        "rollcall.mark",
        "accept these answers",
        seat=world.seat("BR"),
        mark="here",
    )
    refused(
        world,
        world.chair,
        "rollcall.mark",
        "delegation of this committee",
        seat=999999,
        mark="present",
    )
    refused(
        world,
        world.chair,
        "rollcall.mark",
        "Observers",
        seat=world.observer.pk,
        mark="present_and_voting",
    )


# ---------------------------------------------------------------------------------------------
# Agenda and quorum


def test_the_agenda_needs_a_debate_quorum(world: World):
    world.mark_present("AR", "BR")  # 2 of 7; a third is needed to debate
    refused(world, world.chair, "agenda.set", "No quorum to debate: 2 present, 3 needed", topic="A")
    world.mark_present("CA")
    accepted(world, world.chair, "agenda.set", ["agenda_set"], topic="A")
    state = world.state
    assert state["topic"] == "A" and state["phase"] == "formal" and state["speakers"] == {"A": []}
    refused(world, world.chair, "agenda.set", "already on the floor", topic="A")
    refused(world, world.chair, "agenda.set", "Topic A or Topic B", topic="C")


def test_a_vote_needs_a_vote_quorum_where_the_profile_asks_it_of_every_decision(world: World):
    world.committee.rule_overrides = {"quorum_to_vote_scope": "all"}
    world.committee.save(update_fields=["rule_overrides"])
    world.open_debate("A", "AR", "BR", "CA")  # 3 present: debate yes (3), vote no (4)
    motion = world.raise_motion("AR", "unmoderated_caucus", "BR", total_seconds=600)
    refused(
        world, world.chair, "motion.vote", "No quorum to vote: 3 present, 4 needed", motion=motion
    )


def test_a_procedural_vote_needs_only_the_debate_quorum_under_unausa(world: World):
    """UNA-USA asks the quorum to vote of substantive decisions (procedure.md §1.2)."""
    world.open_debate("A", "AR", "BR", "CA")
    motion = world.raise_motion("AR", "unmoderated_caucus", "BR", total_seconds=600)
    accepted(world, world.chair, "motion.vote", ["vote_opened"], motion=motion)
    assert world.state["vote"]["decide_as"] == "unmoderated_caucus"


def test_a_per_motion_threshold_override_applies_to_its_vote(world: World):
    """The engine decides a motion's vote as that motion, so its own threshold counts."""
    world.committee.rule_overrides = {"motions": {"unmoderated_caucus": {"threshold": "two_thirds"}}}
    world.committee.save(update_fields=["rule_overrides"])
    world.open_debate("A", "AR", "BR", "CA", "DK", "EG", "FR", "GH")
    motion = world.raise_motion("AR", "unmoderated_caucus", "BR", total_seconds=600)
    accepted(world, world.chair, "motion.vote", motion=motion)
    for seat, choice in zip(("AR", "BR", "CA", "DK", "EG", "FR", "GH"), "yyyynnn", strict=True):
        accepted(world, world.delegate(seat), "vote.cast", choice={"y": "yes", "n": "no"}[choice])
    accepted(world, world.chair, "vote.close")
    result = world.state["results"][0]
    assert (result["yes"], result["no"], result["passed"]) == (4, 3, False)
    assert "two-thirds" in result["reason"]
    # The parts pages use to say the reason in their own language.
    assert (result["threshold"], result["tie"], result["required_yes"]) == ("two_thirds", False, 5)


def test_a_motion_the_profile_leaves_to_the_chair_is_granted_without_a_vote(world: World):
    world.committee.rule_profile = "thimun"
    world.committee.save(update_fields=["rule_profile"])
    world.open_debate("A", "AR", "BR", "CA", "DK", "EG")
    motion = world.raise_motion("AR", "close_debate", "BR")
    accepted(world, world.chair, "motion.vote", ["vote_closed", "debate_closed"], motion=motion)
    assert world.state["phase"] == "voting_procedure"
    assert world.state["results"][0]["method"] == "chair"


# ---------------------------------------------------------------------------------------------
# The General Speakers' List


def test_delegates_join_and_leave_the_speakers_list(debate: World):
    w = debate
    rows = accepted(w, w.delegate("AR"), "speakers.join", ["speaker_added"])
    assert rows[0].seat_id == w.seat("AR")
    refused(w, w.delegate("AR"), "speakers.join", "Argentina is already on the speakers' list")
    accepted(w, w.delegate("BR"), "speakers.join")
    assert w.state["speakers"]["A"] == [w.seat("AR"), w.seat("BR")]
    accepted(w, w.delegate("AR"), "speakers.leave", ["speaker_removed"])
    refused(w, w.delegate("AR"), "speakers.leave", "not on the speakers' list")
    assert w.state["speakers"]["A"] == [w.seat("BR")]


def test_an_absent_seat_cannot_join_the_list(debate: World):
    refused(debate, debate.delegate("VA"), "speakers.join", "not marked present")


def test_the_list_needs_an_agenda(world: World):
    world.mark_present()
    refused(world, world.delegate("AR"), "speakers.join", "Set the agenda first")


def test_the_chair_adds_moves_and_removes_speakers(debate: World):
    w = debate
    for iso in ("AR", "BR", "CA"):
        w.as_chair("speakers.add", seat=w.seat(iso))
    accepted(w, w.chair, "speakers.add", ["speaker_added"], seat=w.seat("DK"), position=0)
    assert w.state["speakers"]["A"][0] == w.seat("DK")
    rows = accepted(w, w.chair, "speakers.move", ["speaker_moved"], seat=w.seat("DK"), position=3)
    assert rows[0].payload["previous"] == 0
    assert w.state["speakers"]["A"] == [w.seat(i) for i in ("AR", "BR", "CA", "DK")]
    refused(w, w.chair, "speakers.move", "not on the list", seat=w.seat("AR"), position=9)
    refused(w, w.delegate("AR"), "speakers.move", "Only the chair", seat=w.seat("AR"), position=1)
    accepted(w, w.chair, "speakers.remove", ["speaker_removed"], seat=w.seat("BR"))
    assert w.seat("BR") not in w.state["speakers"]["A"]
    refused(w, w.delegate("AR"), "speakers.add", "Only the chair", seat=w.seat("BR"))


def test_a_closed_list_runs_out_into_voting_procedure(debate: World):
    w = debate
    w.as_delegate("AR", "speakers.join")
    accepted(w, w.chair, "speakers.close", ["speakers_list_closed"], closed=True)
    refused(w, w.delegate("BR"), "speakers.join", "closed")
    accepted(w, w.chair, "speech.next", ["speech_started"])
    accepted(w, w.chair, "speech.next", ["speech_ended", "debate_closed"])
    assert w.state["phase"] == "voting_procedure"


def test_speech_next_gives_the_floor_to_the_first_speaker(debate: World, clock):
    w = debate
    refused(w, w.chair, "speech.next", "empty")
    w.as_delegate("AR", "speakers.join")
    w.as_delegate("BR", "speakers.join")
    rows = accepted(w, w.chair, "speech.next", ["speech_started"])
    assert rows[0].payload == {
        "seat": w.seat("AR"),
        "mode": "gsl",
        "seconds": 90,
        "from_list": True,
    }
    state = w.state
    assert state["floor"]["seat"] == w.seat("AR")
    assert state["speakers"]["A"] == [w.seat("BR")]
    assert state["timers"]["speaker"] == {
        "duration_ms": 90_000,
        "remaining_ms": 90_000,
        "ends_at": START_MS + 90_000,
        "running": True,
    }
    accepted(w, w.chair, "speech.next", ["speech_ended", "speech_started"])
    accepted(w, w.chair, "speech.end", ["speech_ended"])
    assert w.state["floor"] is None
    refused(w, w.chair, "speech.end", "Nobody has the floor")


def test_the_chair_recognises_a_speaker(debate: World):
    w = debate
    rows = accepted(
        w, w.chair, "speech.recognise", ["speech_started"], seat=w.seat("CA"), seconds=60
    )
    assert rows[0].payload["mode"] == "floor"
    assert w.state["timers"]["speaker"]["duration_ms"] == 60_000
    refused(w, w.chair, "speech.recognise", "not marked present", seat=w.observer.pk)


# ---------------------------------------------------------------------------------------------
# Yields


def _gsl_speech(w: World, iso: str = "AR") -> None:
    w.as_delegate(iso, "speakers.join")
    w.as_chair("speech.next")


def test_a_yield_to_a_delegate_carries_the_remaining_time(debate: World, clock):
    w = debate
    _gsl_speech(w)
    clock.advance(30)
    refused(
        w, w.delegate("BR"), "speech.yield", "who has the floor", to="delegate", seat=w.seat("BR")
    )
    refused(
        w, w.delegate("AR"), "speech.yield", "another delegation", to="delegate", seat=w.seat("AR")
    )
    refused(
        w, w.delegate("AR"), "speech.yield", "not marked present", to="delegate", seat=w.observer.pk
    )
    rows = accepted(
        w, w.delegate("AR"), "speech.yield", ["speech_yielded"], to="delegate", seat=w.seat("BR")
    )
    assert rows[0].seat_id == w.seat("AR")
    state = w.state
    assert state["floor"]["seat"] == w.seat("BR") and state["floor"]["yielded_by"] == w.seat("AR")
    assert state["floor"]["mode"] == "yield_delegate"
    assert state["timers"]["speaker"]["duration_ms"] == 60_000
    assert state["timers"]["speaker"]["ends_at"] == clock.now + 60_000
    # The delegate who received the time cannot yield it again, to anyone but the chair.
    refused(
        w,
        w.delegate("BR"),
        "speech.yield",
        "cannot be yielded again",
        to="delegate",
        seat=w.seat("CA"),
    )
    refused(w, w.delegate("BR"), "speech.yield", "cannot be yielded again", to="questions")
    accepted(w, w.delegate("BR"), "speech.yield", ["speech_yielded"], to="chair")
    assert w.state["floor"] is None
    assert w.state["timers"]["speaker"]["running"] is False


def test_a_yield_to_questions_stops_the_clock_until_an_answer(debate: World, clock):
    w = debate
    _gsl_speech(w)
    clock.advance(40)
    refused(w, w.chair, "question.recognise", "not yielded to questions", seat=w.seat("BR"))
    accepted(w, w.delegate("AR"), "speech.yield", ["speech_yielded"], to="questions")
    timer = w.state["timers"]["speaker"]
    assert timer["running"] is False and timer["remaining_ms"] == 50_000
    accepted(w, w.delegate("BR"), "hand.raise", ["hand_raised"])
    assert w.state["hands"] == [w.seat("BR")]
    clock.advance(20)  # the question is being asked: the clock stays stopped
    refused(w, w.chair, "answer.start", "Recognise a question first")
    refused(w, w.chair, "question.recognise", "cannot question themselves", seat=w.seat("AR"))
    accepted(w, w.chair, "question.recognise", ["question_recognised"], seat=w.seat("BR"))
    state = w.state
    assert state["floor"]["questioner"] == w.seat("BR") and state["hands"] == []
    assert state["timers"]["speaker"]["remaining_ms"] == 50_000
    accepted(w, w.chair, "answer.start", ["answer_started"])
    assert w.state["timers"]["speaker"]["ends_at"] == clock.now + 50_000
    refused(w, w.chair, "answer.start", "already answering")
    clock.advance(15)
    accepted(w, w.chair, "question.recognise", seat=w.seat("CA"))
    timer = w.state["timers"]["speaker"]
    assert timer["running"] is False and timer["remaining_ms"] == 35_000


def test_a_yield_to_the_chair_ends_the_speech(debate: World):
    w = debate
    _gsl_speech(w)
    accepted(w, w.chair, "speech.yield", ["speech_yielded"], to="chair")
    assert w.state["floor"] is None
    refused(w, w.delegate("AR"), "speech.yield", "Nobody has the floor", to="chair")


def test_a_speech_outside_the_list_cannot_be_yielded(debate: World):
    w = debate
    w.as_chair("speech.recognise", seat=w.seat("AR"))
    refused(w, w.delegate("AR"), "speech.yield", "speakers' list", to="questions")
    refused(w, w.delegate("AR"), "speech.yield", "Yield to another delegate", to="nobody")


# ---------------------------------------------------------------------------------------------
# Timers


def test_timer_pause_resume_adjust_and_reset(debate: World, clock):
    w = debate
    refused(w, w.chair, "timer.pause", "not running", timer="speaker")
    refused(w, w.chair, "timer.resume", "not set", timer="speaker")
    refused(w, w.chair, "timer.adjust", "not set", timer="speaker", seconds=10)
    refused(w, w.chair, "timer.reset", "not set", timer="speaker")
    refused(w, w.chair, "timer.pause", "speaker timer or the caucus timer", timer="clock")
    w.as_chair("speech.recognise", seat=w.seat("AR"), seconds=60)
    clock.advance(25)
    accepted(w, w.chair, "timer.pause", ["timer_paused"], timer="speaker")
    timer = w.state["timers"]["speaker"]
    assert timer == {
        "duration_ms": 60_000,
        "remaining_ms": 35_000,
        "ends_at": None,
        "running": False,
    }
    clock.advance(100)  # paused: no time passes for the speaker
    accepted(w, w.chair, "timer.adjust", ["timer_adjusted"], timer="speaker", seconds=10)
    timer = w.state["timers"]["speaker"]
    assert timer["remaining_ms"] == 45_000 and timer["duration_ms"] == 70_000
    accepted(w, w.chair, "timer.adjust", timer="speaker", seconds=-50)
    assert w.state["timers"]["speaker"]["remaining_ms"] == 0  # never below zero
    accepted(w, w.chair, "timer.adjust", timer="speaker", seconds=20)
    accepted(w, w.chair, "timer.resume", ["timer_resumed"], timer="speaker")
    assert w.state["timers"]["speaker"]["ends_at"] == clock.now + 20_000
    refused(w, w.chair, "timer.resume", "already running", timer="speaker")
    clock.advance(5)
    accepted(w, w.chair, "timer.adjust", timer="speaker", seconds=-10)
    assert w.state["timers"]["speaker"]["ends_at"] == clock.now + 5_000
    accepted(w, w.chair, "timer.adjust", timer="speaker", seconds=-60)
    assert w.state["timers"]["speaker"]["ends_at"] == clock.now  # never before now
    refused(w, w.chair, "timer.adjust", "whole number", timer="speaker", seconds=0)
    refused(w, w.chair, "timer.adjust", "whole number", timer="speaker", seconds=4000)
    accepted(w, w.chair, "timer.reset", ["timer_reset"], timer="speaker")
    timer = w.state["timers"]["speaker"]
    assert timer["running"] is False and timer["remaining_ms"] == timer["duration_ms"]
    refused(w, w.delegate("AR"), "timer.pause", "Only the chair", timer="speaker")


def test_adding_time_to_a_timer_that_ran_out_counts_from_now(debate: World, clock):
    w = debate
    w.as_chair("speech.recognise", seat=w.seat("AR"), seconds=60)
    clock.advance(120)  # a minute over
    w.as_chair("timer.adjust", timer="speaker", seconds=30)
    assert w.state["timers"]["speaker"]["ends_at"] == clock.now + 30_000


# ---------------------------------------------------------------------------------------------
# Caucuses, speaking time, the meeting


def test_the_chair_runs_a_moderated_caucus(debate: World, clock):
    w = debate
    refused(
        w, w.chair, "caucus.start", "moderated or an unmoderated", kind="chat", total_seconds=600
    )
    refused(
        w, w.chair, "caucus.start", "between 10 seconds", kind="moderated_caucus", total_seconds=600
    )
    rows = accepted(
        w,
        w.chair,
        "caucus.start",
        ["caucus_started"],
        kind="moderated_caucus",
        total_seconds=600,
        speaking_seconds=45,
        topic="Supply chains",
    )
    assert rows[0].payload["slots"] == 13
    state = w.state
    assert state["phase"] == "moderated"
    assert state["caucus"]["slots"] == 13 and state["caucus"]["speeches"] == 0
    assert state["timers"]["caucus"]["ends_at"] == clock.now + 600_000
    refused(
        w, w.chair, "caucus.start", "already running", kind="unmoderated_caucus", total_seconds=600
    )
    refused(w, w.chair, "speech.next", "formal debate")
    # placards
    accepted(w, w.delegate("BR"), "hand.raise", ["hand_raised"])
    assert w.as_delegate("BR", "hand.raise").events == []
    accepted(w, w.delegate("CA"), "hand.raise")
    accepted(w, w.delegate("CA"), "hand.lower", ["hand_lowered"])
    refused(w, w.delegate("VA"), "hand.raise", "not marked present")
    rows = accepted(w, w.chair, "speech.recognise", ["speech_started"], seat=w.seat("BR"))
    assert rows[0].payload["mode"] == "caucus" and rows[0].payload["seconds"] == 45
    state = w.state
    assert state["caucus"]["speeches"] == 1 and state["hands"] == []
    assert w.as_chair("hand.lower", seat=w.seat("DK")).events == []  # no hand up: nothing
    refused(w, w.delegate("BR"), "speech.yield", "speakers' list", to="questions")
    accepted(w, w.chair, "caucus.end", ["caucus_ended"])
    state = w.state
    assert state["phase"] == "formal" and state["caucus"] is None and state["floor"] is None
    refused(w, w.chair, "caucus.end", "No caucus")


def test_the_slots_of_a_moderated_caucus_run_out(debate: World):
    w = debate
    w.as_chair("caucus.start", kind="moderated_caucus", total_seconds=60, speaking_seconds=30)
    w.as_chair("speech.recognise", seat=w.seat("AR"))
    w.as_chair("speech.recognise", seat=w.seat("BR"))
    refused(w, w.chair, "speech.recognise", "All 2 speeches", seat=w.seat("CA"))


def test_there_are_no_speeches_in_an_unmoderated_caucus(debate: World):
    w = debate
    accepted(
        w, w.chair, "caucus.start", ["caucus_started"], kind="unmoderated_caucus", total_seconds=900
    )
    assert w.state["phase"] == "unmoderated"
    refused(w, w.chair, "speech.recognise", "unmoderated", seat=w.seat("AR"))
    refused(w, w.delegate("AR"), "hand.raise", "Placards")


def test_hands_outside_a_caucus_are_refused(debate: World):
    refused(debate, debate.delegate("AR"), "hand.raise", "Placards")
    assert debate.as_delegate("AR", "hand.lower").events == []


def test_the_chair_sets_the_speaking_time(debate: World):
    w = debate
    rows = accepted(w, w.chair, "speaking_time.set", ["speaking_time_set"], seconds=60)
    assert rows[0].payload == {"seconds": 60, "by": "chair"}
    refused(w, w.chair, "speaking_time.set", "between 10 seconds", seconds=5)
    _gsl_speech(w)
    assert w.state["timers"]["speaker"]["duration_ms"] == 60_000


def test_suspend_pauses_the_timers_and_resume_restarts_them(debate: World, clock):
    w = debate
    w.as_chair("caucus.start", kind="moderated_caucus", total_seconds=600, speaking_seconds=60)
    w.as_chair("speech.recognise", seat=w.seat("AR"))
    clock.advance(10)
    rows = accepted(w, w.chair, "session.suspend", ["session_suspended"], seconds=900)
    state = w.state
    assert state["phase"] == "suspended" and state["resume_phase"] == "moderated"
    assert state["suspension"]["until"] == clock.now + 900_000
    assert state["timers"]["caucus"]["running"] is False
    assert state["timers"]["caucus"]["remaining_ms"] == 590_000
    assert state["timers"]["speaker"]["remaining_ms"] == 50_000
    refused(w, w.chair, "session.suspend", "not in session")
    refused(w, w.chair, "timer.resume", "suspended", timer="caucus")
    refused(
        w,
        w.delegate("BR"),
        "motion.raise",
        "suspended",
        kind="moderated_caucus",
        params={"total_seconds": 300, "speaking_seconds": 30},
    )
    clock.advance(900)
    accepted(w, w.chair, "session.resume", ["session_resumed"])
    state = w.state
    assert state["phase"] == "moderated" and state["suspension"] is None
    assert state["timers"]["caucus"]["ends_at"] == clock.now + 590_000
    assert state["timers"]["speaker"]["ends_at"] == clock.now + 50_000
    refused(w, w.chair, "session.resume", "not suspended")
    assert rows[0].payload == {"seconds": 900}


def test_a_timer_the_chair_paused_stays_paused_after_a_suspension(debate: World, clock):
    w = debate
    w.as_chair("caucus.start", kind="unmoderated_caucus", total_seconds=600)
    clock.advance(60)
    w.as_chair("timer.pause", timer="caucus")
    w.as_chair("session.suspend")
    clock.advance(60)
    w.as_chair("session.resume")
    timer = w.state["timers"]["caucus"]
    assert timer["running"] is False and timer["remaining_ms"] == 540_000


def test_the_chair_adjourns_and_opens_a_new_sitting(debate: World):
    """Business carries over: the topic on the floor is debated again in the new sitting."""
    w = debate
    accepted(w, w.chair, "session.adjourn", ["session_adjourned"])
    assert w.state["phase"] == "adjourned"
    refused(w, w.chair, "session.adjourn", "already adjourned")
    refused(w, w.delegate("AR"), "motion.raise", "adjourned", kind="suspend_meeting")
    refused(w, w.chair, "rollcall.open", "adjourned")
    accepted(w, w.chair, "sitting.open", ["sitting_opened"])
    state = w.state
    assert state["phase"] == "formal" and state["sitting"] == 1 and state["attendance"] == {}


def test_the_chair_closes_debate_and_ends_voting_procedure(debate: World):
    w = debate
    refused(w, w.chair, "voting.end", "not in voting procedure")
    accepted(w, w.chair, "debate.close", ["debate_closed"])
    assert w.state["phase"] == "voting_procedure"
    refused(w, w.chair, "debate.close", "already in voting procedure")
    refused(
        w,
        w.delegate("AR"),
        "motion.raise",
        "voting procedure",
        kind="moderated_caucus",
        params={"total_seconds": 300, "speaking_seconds": 30},
    )
    accepted(w, w.chair, "voting.end", ["voting_procedure_ended"], topic_done=True)
    state = w.state
    assert state["phase"] == "idle" and state["topic"] is None


# ---------------------------------------------------------------------------------------------
# Motions


def test_motion_refusals(debate: World):
    w = debate
    w.as_chair("rollcall.mark", seat=w.seat("GH"), mark="absent")
    refused(
        w, w.delegate("GH"), "motion.raise", "Ghana is not marked present", kind="suspend_meeting"
    )
    refused(w, w.delegate("AR"), "motion.raise", "not available", kind="introduce_amendment")
    refused(
        w,
        w.delegate("AR"),
        "motion.raise",
        "between 30 seconds",
        kind="unmoderated_caucus",
        params={"total_seconds": 5},
    )
    rows = accepted(
        w,
        w.delegate("AR"),
        "motion.raise",
        ["motion_raised"],
        kind="unmoderated_caucus",
        params={"total_seconds": 600},
    )
    motion = rows[0].payload["motion"]
    assert motion["seat"] == w.seat("AR") and motion["seconded_by"] is None
    refused(w, w.delegate("AR"), "motion.raise", "already has a motion", kind="suspend_meeting")
    refused(
        w, w.delegate("AR"), "motion.second", "cannot second its own motion", motion=motion["id"]
    )
    refused(w, w.delegate("GH"), "motion.second", "not marked present", motion=motion["id"])
    refused(w, w.delegate("BR"), "motion.second", "no longer on the floor", motion=999)
    refused(w, w.chair, "motion.vote", "not been seconded", motion=motion["id"])
    rows = accepted(w, w.delegate("BR"), "motion.second", ["motion_seconded"], motion=motion["id"])
    assert rows[0].seat_id == w.seat("BR")
    refused(w, w.delegate("CA"), "motion.second", "Brazil already seconded", motion=motion["id"])
    refused(
        w,
        w.delegate("CA"),
        "motion.withdraw",
        "Only the delegation that raised",
        motion=motion["id"],
    )
    accepted(w, w.chair, "motion.vote", ["vote_opened"], motion=motion["id"])
    refused(w, w.delegate("CA"), "motion.raise", "vote is in progress", kind="suspend_meeting")
    refused(w, w.delegate("CA"), "motion.second", "vote is in progress", motion=motion["id"])
    w.as_chair("vote.cancel")
    accepted(w, w.delegate("AR"), "motion.withdraw", ["motion_dropped"], motion=motion["id"])
    assert w.state["motions"] == []


def test_the_chair_enters_a_motion_for_a_placard(debate: World):
    w = debate
    rows = accepted(
        w, w.chair, "motion.raise", ["motion_raised"], kind="suspend_meeting", seat=w.seat("CA")
    )
    assert rows[0].payload["motion"]["seat"] == w.seat("CA")
    accepted(
        w,
        w.chair,
        "motion.second",
        ["motion_seconded"],
        motion=rows[0].payload["motion"]["id"],
        seat=w.seat("DK"),
    )
    accepted(
        w, w.chair, "motion.withdraw", ["motion_dropped"], motion=rows[0].payload["motion"]["id"]
    )


def test_a_moderated_caucus_motion_passes_and_lower_motions_lapse(debate: World, clock):
    w = debate
    mod = w.raise_motion("AR", "moderated_caucus", "BR", total_seconds=600, speaking_seconds=45)
    speaking = w.raise_motion("CA", "set_speaking_time", "DK", speaking_seconds=60)
    accepted(w, w.chair, "motion.vote", ["vote_opened"], motion=mod)
    w.vote_all(["AR", "BR", "CA", "DK"], ["EG", "FR", "GH"])  # 4 of 7: SM needs 4
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "caucus_started", "motion_dropped"])
    assert rows[0].payload["result"]["passed"] is True
    assert rows[1].payload["slots"] == 13 and rows[1].payload["proposer"] == w.seat("AR")
    assert rows[2].payload == {"motions": [speaking], "reason": "lapsed"}
    state = w.state
    assert state["phase"] == "moderated" and state["motions"] == [] and state["vote"] is None
    assert state["timers"]["caucus"] == {
        "duration_ms": 600_000,
        "remaining_ms": 600_000,
        "ends_at": clock.now + 600_000,
        "running": True,
    }


def test_a_failed_motion_leaves_the_floor(debate: World):
    w = debate
    mod = w.raise_motion("AR", "unmoderated_caucus", "BR", total_seconds=600)
    w.as_chair("motion.vote", motion=mod)
    w.vote_all(["AR", "BR", "CA"], ["DK", "EG", "FR", "GH"])
    rows = accepted(w, w.chair, "vote.close", ["vote_closed"])
    assert rows[0].payload["result"]["passed"] is False
    assert w.state["motions"] == [] and w.state["phase"] == "formal"


def test_an_unmoderated_caucus_motion_and_its_extension(debate: World, clock):
    w = debate
    w.pass_motion("AR", "unmoderated_caucus", "BR", total_seconds=600)
    state = w.state
    assert state["phase"] == "unmoderated" and state["caucus"]["kind"] == "unmoderated"
    clock.advance(610)  # the caucus ran out; the extension counts from now
    w.pass_motion("CA", "extend_caucus", "DK", total_seconds=300)
    state = w.state
    assert state["caucus"]["total_seconds"] == 900
    assert state["timers"]["caucus"]["ends_at"] == clock.now + 300_000
    assert "caucus_extended" in w.kinds()


def test_extending_a_moderated_caucus_adds_slots(debate: World):
    w = debate
    w.pass_motion("AR", "moderated_caucus", "BR", total_seconds=600, speaking_seconds=45)
    w.pass_motion("CA", "extend_caucus", "DK", total_seconds=300)
    assert w.state["caucus"]["slots"] == 20  # 900 // 45


def test_an_extension_without_a_caucus_is_refused(debate: World):
    w = debate
    refused(
        w,
        w.delegate("AR"),
        "motion.raise",
        "no caucus to extend",
        kind="extend_caucus",
        params={"total_seconds": 300},
    )
    w.as_chair("caucus.start", kind="unmoderated_caucus", total_seconds=600)
    motion = w.raise_motion("AR", "extend_caucus", "BR", total_seconds=300)
    w.as_chair("caucus.end")
    refused(w, w.chair, "motion.vote", "no caucus to extend", motion=motion)


def test_set_speaking_time_by_motion(debate: World):
    w = debate
    w.pass_motion("AR", "set_speaking_time", "BR", speaking_seconds=45)
    assert w.state["speaking_seconds"] == 45


def test_close_debate_by_motion_needs_two_thirds(debate: World):
    w = debate
    motion = w.raise_motion("AR", "close_debate", "BR")
    w.as_chair("motion.vote", motion=motion)
    w.vote_all(["AR", "BR", "CA", "DK"], ["EG", "FR", "GH"])
    rows = accepted(w, w.chair, "vote.close", ["vote_closed"])
    assert (
        rows[0].payload["result"]["required_yes"] == 5 and not rows[0].payload["result"]["passed"]
    )
    w.pass_motion("AR", "close_debate", "BR")
    assert w.state["phase"] == "voting_procedure"


def test_table_debate_by_motion(debate: World):
    w = debate
    w.pass_motion("AR", "table_debate", "BR")
    state = w.state
    assert state["topic"] is None and state["tabled"] == ["A"] and state["phase"] == "idle"


def test_set_agenda_by_motion(world: World):
    w = world
    w.mark_present()
    w.pass_motion("AR", "set_agenda", "BR", topic="B")
    assert w.state["topic"] == "B" and w.state["phase"] == "formal"
    refused(
        w,
        w.delegate("CA"),
        "motion.raise",
        "agenda is already set",
        kind="set_agenda",
        params={"topic": "A"},
    )


def test_suspend_and_adjourn_by_motion(debate: World):
    w = debate
    w.pass_motion("AR", "suspend_meeting", "BR", total_seconds=600)
    assert w.state["phase"] == "suspended"
    # Only adjournment is in order while suspended.
    motion = w.raise_motion("CA", "adjourn_meeting", "DK")
    w.as_chair("motion.vote", motion=motion)
    w.vote_all(VOTERS, [])
    w.as_chair("vote.close")
    state = w.state
    assert state["phase"] == "adjourned" and state["suspension"] is None


def test_closing_and_reopening_the_list_by_motion(debate: World):
    w = debate
    refused(w, w.delegate("AR"), "motion.raise", "already open", kind="open_speakers_list")
    w.pass_motion("AR", "close_speakers_list", "BR")
    assert w.state["list_closed"]["A"] is True
    w.pass_motion("AR", "open_speakers_list", "BR")
    assert w.state["list_closed"]["A"] is False


def test_motions_are_voted_in_order_of_precedence(debate: World):
    w = debate
    mod = w.raise_motion("AR", "moderated_caucus", "BR", total_seconds=600, speaking_seconds=60)
    suspend = w.raise_motion("CA", "suspend_meeting", "DK", total_seconds=600)
    refused(w, w.chair, "motion.vote", "higher precedence", motion=mod)
    w.as_chair("motion.vote", motion=suspend)
    w.vote_all(["AR", "BR", "CA"], ["DK", "EG", "FR", "GH"])
    w.as_chair("vote.close")  # fails: the moderated caucus is next
    accepted(w, w.chair, "motion.vote", ["vote_opened"], motion=mod)


def test_an_unseconded_motion_does_not_block_a_seconded_one(debate: World):
    w = debate
    mod = w.raise_motion("AR", "moderated_caucus", "BR", total_seconds=600, speaking_seconds=60)
    w.raise_motion("CA", "suspend_meeting")  # not seconded
    accepted(w, w.chair, "motion.vote", ["vote_opened"], motion=mod)


def test_same_kind_motions_longer_first(debate: World):
    w = debate
    short = w.raise_motion("AR", "moderated_caucus", "BR", total_seconds=600, speaking_seconds=30)
    long = w.raise_motion("CA", "moderated_caucus", "DK", total_seconds=900, speaking_seconds=60)
    refused(w, w.chair, "motion.vote", "higher precedence", motion=short)
    w.as_chair("motion.vote", motion=long)


# ---------------------------------------------------------------------------------------------
# Votes


def _open_motion_vote(w: World) -> int:
    motion = w.raise_motion("AR", "unmoderated_caucus", "BR", total_seconds=600)
    w.as_chair("motion.vote", motion=motion)
    return motion


def test_ballots(debate: World):
    w = debate
    w.as_chair("rollcall.mark", seat=w.seat("GH"), mark="absent")
    _open_motion_vote(w)
    vote = w.state["vote"]
    assert sorted(vote["eligible"]) == sorted(w.seat(i) for i in VOTERS[:6])
    assert vote["may_abstain"] == [] and vote["question"] == "procedural"
    refused(w, w.chair, "vote.cast", "Only a delegate", choice="yes")
    refused(w, w.delegate("GH"), "vote.cast", "no vote here", choice="yes")
    refused(w, w.delegate("VA"), "vote.cast", "no vote here", choice="yes")
    refused(
        w, w.delegate("AR"), "vote.cast", "Nobody abstains on a procedural vote", choice="abstain"
    )
    refused(w, w.delegate("AR"), "vote.cast", "yes, no or abstain", choice="maybe")
    rows = accepted(w, w.delegate("AR"), "vote.cast", ["ballot_cast"], choice="yes")
    assert rows[0].payload == {"vote": 1, "seat": w.seat("AR"), "choice": "yes"}
    refused(w, w.delegate("AR"), "vote.cast", "already voted", choice="no")
    refused(w, w.chair, "rollcall.mark", "during a vote", seat=w.seat("GH"), mark="present")
    refused(
        w, w.delegate("BR"), "point.raise", "point of order", kind="parliamentary_inquiry", text="?"
    )
    accepted(
        w, w.delegate("BR"), "point.raise", ["point_raised"], kind="order", text="Doors are open"
    )
    w.vote_all(["BR", "CA", "DK", "EG"], ["FR"])
    w.as_chair("vote.close")
    refused(w, w.delegate("FR"), "vote.cast", "No vote is open", choice="no")


def _substantive_vote(w: World) -> None:
    """A draft-resolution vote (drafts arrive later, so the state is built here)."""
    w.mark_present("AR", "BR", "CA", "DK", "EG", "FR")
    w.mark_present("GH", mark="present_and_voting")
    committee = w.refresh()
    state = committee.live_state
    eligible = [w.seat(i) for i in VOTERS]
    state["vote_counter"] += 1
    state["vote"] = {
        "id": state["vote_counter"],
        "subject": "draft",
        "motion": None,
        "kind": "draft",
        "question": "substantive",
        "eligible": eligible,
        "may_abstain": [s for s in eligible if s != w.seat("GH")],
        "opened_at": START_MS,
        "ballots": {},
        "placard": None,
        "revealed": False,
    }
    committee.live_state = state
    committee.save(update_fields=["live_state"])


def test_present_and_voting_cannot_abstain_on_a_substantive_vote(debate: World):
    w = debate
    _substantive_vote(w)
    refused(w, w.delegate("GH"), "vote.cast", "present and voting", choice="abstain")
    accepted(w, w.delegate("AR"), "vote.cast", ["ballot_cast"], choice="abstain")
    accepted(w, w.delegate("GH"), "vote.cast", ["ballot_cast"], choice="no")


def test_the_chair_counts_placards_reveals_and_cancels(debate: World):
    w = debate
    _open_motion_vote(w)
    refused(w, w.chair, "vote.placard", "only 7 delegations", yes=5, no=3)
    refused(w, w.chair, "vote.placard", "Nobody may abstain", yes=4, no=2, abstain=1)
    refused(w, w.chair, "vote.placard", "whole numbers", yes=-1, no=2)
    rows = accepted(w, w.chair, "vote.placard", ["placard_counted"], yes=4, no=3)
    assert w.state["vote"]["placard"] == {"yes": 4, "no": 3, "abstain": 0}
    refused(w, w.delegate("AR"), "vote.cast", "counted placards", choice="yes")
    refused(w, w.delegate("AR"), "vote.placard", "Only the chair", yes=4, no=3)
    accepted(w, w.chair, "vote.reveal", ["vote_revealed"], revealed=True)
    assert w.state["vote"]["revealed"] is True
    accepted(w, w.chair, "vote.cancel", ["vote_cancelled"])
    assert w.state["vote"] is None and len(w.state["motions"]) == 1
    refused(w, w.chair, "vote.cancel", "No vote is open")
    refused(w, w.chair, "vote.close", "No vote is open")
    refused(w, w.chair, "vote.reveal", "No vote is open")
    assert rows


def test_an_incomplete_procedural_vote_is_invalid(debate: World):
    w = debate
    _open_motion_vote(w)
    w.vote_all(["AR", "BR", "CA", "DK"], ["EG"])
    # Never declared invalid without a warning: the chair records the others or confirms.
    message = refused(w, w.chair, "vote.close", "Only 5 of 7 have voted")
    assert "invalid" in message
    rows = accepted(w, w.chair, "vote.close", ["vote_closed"], confirm=True)
    result = rows[0].payload["result"]
    assert result["valid"] is False and result["passed"] is False
    assert result["cast"] == 5 and result["eligible"] == 7
    assert len(w.state["motions"]) == 1  # the chair retakes the vote


# ---------------------------------------------------------------------------------------------
# Rulings and appeals


def _rule_dilatory(w: World) -> int:
    motion = w.raise_motion("AR", "unmoderated_caucus", "BR", total_seconds=600)
    rows = accepted(w, w.chair, "motion.rule", ["motion_dropped"], motion=motion, ruling="dilatory")
    assert rows[0].payload["ruling"] == "dilatory"
    state = w.state
    assert state["motions"] == [] and state["ruling"]["motion"]["id"] == motion
    return motion


def test_an_appeal_overrules_the_chair(debate: World):
    w = debate
    refused(w, w.delegate("AR"), "ruling.appeal", "no ruling")
    refused(w, w.chair, "ruling.vote", "Nobody has appealed")
    motion = _rule_dilatory(w)
    refused(w, w.chair, "motion.rule", "no longer on the floor", motion=motion, ruling="dilatory")
    rows = accepted(w, w.delegate("AR"), "ruling.appeal", ["ruling_appealed"])
    assert rows[0].seat_id == w.seat("AR")
    refused(w, w.delegate("BR"), "ruling.appeal", "already been appealed")
    other = w.raise_motion("CA", "suspend_meeting", "DK")
    refused(w, w.chair, "motion.rule", "appeal", motion=other, ruling="out_of_order")
    rows = accepted(w, w.chair, "ruling.vote", ["vote_opened"])
    assert rows[0].payload["vote"]["question"] == "appeal"
    w.vote_all(["AR", "BR", "CA", "DK", "EG"], ["FR", "GH"])  # 5 of 7: two thirds overrule
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "ruling_settled"])
    assert rows[1].payload == {"overruled": True, "by": "appeal"}
    state = w.state
    assert state["ruling"] is None
    assert sorted(m["id"] for m in state["motions"]) == sorted([motion, other])


def test_an_appeal_upholds_the_chair(debate: World):
    w = debate
    _rule_dilatory(w)
    w.as_delegate("AR", "ruling.appeal")
    w.as_chair("ruling.vote")
    w.vote_all(["AR", "BR", "CA", "DK"], ["EG", "FR", "GH"])  # 4 < 5
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "ruling_settled"])
    assert rows[1].payload["overruled"] is False
    assert w.state["ruling"] is None and w.state["motions"] == []


def test_the_chair_clears_an_unappealed_ruling(debate: World):
    w = debate
    _rule_dilatory(w)
    refused(w, w.delegate("VA"), "ruling.appeal", "not marked present")
    accepted(w, w.chair, "ruling.clear", ["ruling_settled"])
    assert w.state["ruling"] is None
    refused(w, w.chair, "ruling.clear", "no ruling")


def test_a_ruling_must_be_dilatory_or_out_of_order(debate: World):
    w = debate
    motion = w.raise_motion("AR", "suspend_meeting")
    refused(w, w.chair, "motion.rule", "dilatory or out of order", motion=motion, ruling="rude")
    refused(w, w.delegate("BR"), "motion.rule", "Only the chair", motion=motion, ruling="dilatory")


# ---------------------------------------------------------------------------------------------
# Points


def test_points_raise_answer_dismiss_withdraw(debate: World):
    w = debate
    refused(w, w.delegate("AR"), "point.raise", "kind of point", kind="complaint")
    refused(w, w.delegate("AR"), "point.raise", "Write your question", kind="parliamentary_inquiry")
    refused(w, w.chair, "point.raise", "Only a delegate", kind="order")
    rows = accepted(
        w,
        w.delegate("AR"),
        "point.raise",
        ["point_raised"],
        kind="parliamentary_inquiry",
        text="May we vote on both topics?",
    )
    first = rows[0].payload["point"]["id"]
    assert w.state["points"][0]["text"] == "May we vote on both topics?"
    rows = accepted(w, w.chair, "point.answer", ["point_settled"], point=first, reply="No.")
    assert rows[0].payload["outcome"] == "answered" and rows[0].payload["reply"] == "No."
    refused(w, w.chair, "point.answer", "no longer waiting", point=first)
    second = (
        w.as_delegate("BR", "point.raise", kind="personal_privilege")
        .events[0]
        .payload["point"]["id"]
    )
    refused(w, w.delegate("AR"), "point.withdraw", "Only the delegation", point=second)
    refused(w, w.delegate("BR"), "point.dismiss", "Only the chair", point=second)
    accepted(w, w.delegate("BR"), "point.withdraw", ["point_settled"], point=second)
    third = w.as_delegate("CA", "point.raise", kind="order").events[0].payload["point"]["id"]
    accepted(w, w.chair, "point.dismiss", ["point_settled"], point=third)
    assert w.state["points"] == []
    for _i in range(3):
        w.as_delegate("DK", "point.raise", kind="order")
    refused(w, w.delegate("DK"), "point.raise", "three points", kind="order")


# ---------------------------------------------------------------------------------------------
# Undo


def test_undo_a_speaker_removal(debate: World):
    w = debate
    w.as_delegate("AR", "speakers.join")
    w.as_delegate("BR", "speakers.join")
    removal = w.as_chair("speakers.remove", seat=w.seat("AR")).events[0].seq
    rows = accepted(w, w.chair, "undo", ["corrected"], seq=removal)
    assert rows[0].payload["undone_kind"] == "speaker_removed"
    state = w.state
    assert state["speakers"]["A"] == [w.seat("AR"), w.seat("BR")]
    assert state["undone"] == [removal]
    refused(w, w.chair, "undo", "already undone", seq=removal)
    refused(w, w.delegate("AR"), "undo", "Only the chair", seq=removal)
    refused(w, w.chair, "undo", "cannot be undone", seq=rows[0].seq)  # a correction itself
    refused(w, w.chair, "undo", "cannot be undone", seq=9999)


def test_undo_a_roll_call_mark(debate: World):
    w = debate
    mark = w.as_chair("rollcall.mark", seat=w.seat("GH"), mark="absent").events[0].seq
    accepted(w, w.chair, "undo", ["corrected"], seq=mark)
    assert w.state["attendance"][str(w.seat("GH"))] == "present"
    refused(w, w.chair, "undo", "already undone", seq=mark)
    assert services.replay_state(w.refresh()) == w.state


def test_undo_a_dismissed_point(debate: World):
    w = debate
    point = w.as_delegate("AR", "point.raise", kind="order").events[0].payload["point"]
    settled = w.as_chair("point.dismiss", point=point["id"]).events[0].seq
    accepted(w, w.chair, "undo", ["corrected"], seq=settled)
    assert [p["id"] for p in w.state["points"]] == [point["id"]]


def test_unknown_command_is_refused(world: World):
    refused(world, world.chair, "nap")
    with pytest.raises(LiveError):
        world.run(world.delegate("AR"), "nap")


def test_ending_a_caucus_during_a_suspension_keeps_the_meeting_suspended(debate: World):
    w = debate
    w.as_chair("caucus.start", kind="unmoderated_caucus", total_seconds=600)
    w.as_chair("session.suspend")
    accepted(w, w.chair, "caucus.end", ["caucus_ended"])
    state = w.state
    assert state["phase"] == "suspended" and state["resume_phase"] == "formal"
    w.as_chair("session.resume")
    state = w.state
    assert state["phase"] == "formal" and state["suspension"] is None
    assert state["timers"]["caucus"]["running"] is False


def test_no_caucus_in_voting_procedure(debate: World):
    w = debate
    w.as_chair("debate.close")
    refused(
        w, w.chair, "caucus.start", "voting procedure", kind="unmoderated_caucus", total_seconds=600
    )


def test_nobody_answers_the_roll_call_during_a_vote(world: World):
    w = world
    w.as_chair("rollcall.open")
    for iso in VOTERS[:6]:
        w.as_delegate(iso, "rollcall.answer", mark="present")
    w.as_chair("agenda.set", topic="A")
    motion = w.raise_motion("AR", "unmoderated_caucus", "BR", total_seconds=600)
    w.as_chair("motion.vote", motion=motion)
    refused(w, w.delegate("GH"), "rollcall.answer", "during a vote", mark="present")


def test_question_hands_go_with_the_speech(debate: World):
    w = debate
    _gsl_speech(w)
    w.as_delegate("AR", "speech.yield", to="questions")
    w.as_delegate("BR", "hand.raise")
    w.as_delegate("AR", "speech.yield", to="chair")
    assert w.state["hands"] == [] and w.state["floor"] is None


def test_a_revoked_code_stops_commands_before_the_socket_closes(debate: World):
    """The close frame may still be on its way: the service refuses the old binding itself."""
    from committee.models import Seat
    from committee.seats import do_reissue_code

    seat = Seat.objects.get(pk=debate.seat("AR"))
    old_version = seat.code_version
    debate.committee.refresh_from_db()
    do_reissue_code(seat)
    seq, state = debate.seq, debate.state
    with pytest.raises(LiveError, match="join code was revoked"):
        services.check_live_command(
            debate.committee.pk,
            debate.delegate("AR"),
            {"type": "speakers.join"},
            seat_version=old_version,
        )
    assert (debate.seq, debate.state) == (seq, state)
    # The new binding works.
    services.check_live_command(
        debate.committee.pk,
        debate.delegate("AR"),
        {"type": "speakers.join"},
        seat_version=Seat.objects.get(pk=seat.pk).code_version,
    )
