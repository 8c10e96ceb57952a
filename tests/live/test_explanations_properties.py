"""Property test of explanations of vote through the pure engine (committee.live.commands.handle
and the reducer, no database): whatever delegates and the chair send, in any order, a seat waits
at most once, never after it has explained, never without rights where the rules ask for them,
and an explanation always gives the floor to the seat explaining."""

from __future__ import annotations

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from committee.live.commands import CHAIR, DELEGATE, Actor, Context, LiveError, SeatInfo, handle
from committee.live.state import apply_event, initial_state
from committee.procedure import get_profile

SEATS = {i: SeatInfo(id=i, country=f"Country {i}", voting=i != 6) for i in range(1, 7)}
RIGHTS = [2, 4]  # seats that voted "with rights"


def _after_a_substantive_vote(profile: str) -> tuple[dict, Context]:
    ctx = Context(profile=get_profile(profile), seats=SEATS, topics={"A": "T"}, members=5, now=1_000)
    state = initial_state()
    state["attendance"] = {str(i): "present" for i in SEATS}
    result = {"vote": 1, "subject": "proposal", "title": "Draft", "question": "substantive",
              "valid": True, "passed": True, "rights": RIGHTS}
    state = apply_event(state, {"kind": "vote_closed", "payload": {"result": result}, "at": 1_000})
    return state, ctx


COMMAND = st.one_of(
    st.tuples(st.sampled_from(list(SEATS)), st.sampled_from(["explanation.request", "explanation.withdraw"])),
    st.tuples(st.none(), st.sampled_from(["explanation.start", "speech.end", "explanations.close"])),
)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["unausa", "interpol"]), st.lists(COMMAND, max_size=25))
def test_the_queue_stays_sound_whatever_is_sent(profile, commands):
    state, ctx = _after_a_substantive_vote(profile)
    needs_rights = ctx.profile.explanations_need_rights
    with translation.override("en"):
        for seat, kind in commands:
            actor = Actor(role=CHAIR) if seat is None else Actor(role=DELEGATE, seat=seat)
            try:
                events = handle(state, ctx, actor, {"type": kind})
            except LiveError:
                continue
            for event in events:
                state = apply_event(state, {**event, "at": ctx.now})
                if event["kind"] == "explanation_started":
                    assert state["floor"]["seat"] == event["payload"]["seat"]
                    assert state["floor"]["mode"] == "explanation"
            window = state["explanations"]
            if window is None:
                continue
            queue, given_ = window["queue"], window["given"]
            assert len(queue) == len(set(queue)) and not set(queue) & set(given_)
            assert 6 not in queue  # the observer never explains a vote
            if needs_rights:
                assert set(queue) | set(given_) <= set(RIGHTS)
