"""The played-out demo: two sittings of a committee, generated through `committee.services`
exactly as a chair's console and the delegates' phones send them, so the journal is real.

`play_demo(committee, chair)` is idempotent: a committee whose journal already has entries is
left alone. The clock is simulated (`committee.services.now_ms` is patched for the duration), so
that speeches last minutes, not microseconds, and the second sitting is on the next day.

`load_seeds --demo` runs the steps named in the setting `DAIS_DEMO_STEPS` (this module's
`demo_step` is one; `exports.demo_papers.papers_step`, the position papers, is another;
`exports.demo_resolutions.resolutions_step` plays a third sitting of drafts, amendments and
votes through `resolutions.services`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction

from committee import services
from committee.live.commands import CHAIR, DELEGATE, Actor
from committee.models import Committee, DaisMember

START = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)

# Who does what in the demo (ISO codes of the seeded INTERPOL roster).
SPEAKERS_A = ["KE", "NG", "FR", "JP", "BR", "IN", "ZA", "US"]
ABSENT_FIRST = ["PE", "VN"]


class Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.ms = int(start.timestamp() * 1000)

    def __call__(self) -> int:
        return self.ms

    def tick(self, seconds: float) -> None:
        self.ms += int(seconds * 1000)

    def jump_to(self, moment: dt.datetime) -> None:
        self.ms = max(self.ms, int(moment.timestamp() * 1000))


@contextmanager
def simulated_clock(start: dt.datetime) -> Iterator[Clock]:
    clock = Clock(start)
    with mock.patch.object(services, "now_ms", clock):
        yield clock


class Demo:
    def __init__(self, committee: Committee, chair_user: Any, clock: Clock) -> None:
        self.committee = committee
        self.chair = Actor(role=CHAIR, user_id=chair_user.pk)
        self.clock = clock
        self.seats = dict(committee.seats.values_list("iso_code", "pk"))
        self.voting = set(
            committee.seats.filter(status="voting").values_list("iso_code", flat=True)
        )

    # -- sending commands --------------------------------------------------------------------

    def run(self, actor: Actor, type_: str, *, wait: float = 5, **fields: Any) -> services.Outcome:
        self.clock.tick(wait)
        return services.check_live_command(self.committee.pk, actor, {"type": type_, **fields})

    def chair_does(self, type_: str, *, wait: float = 5, **fields: Any) -> services.Outcome:
        return self.run(self.chair, type_, wait=wait, **fields)

    def delegate(self, iso: str) -> Actor:
        return Actor(role=DELEGATE, seat=self.seats[iso])

    def delegate_does(self, iso: str, type_: str, *, wait: float = 3, **fields: Any):
        return self.run(self.delegate(iso), type_, wait=wait, **fields)

    @property
    def state(self) -> dict[str, Any]:
        self.committee.refresh_from_db(fields=["live_state"])
        return self.committee.live_state

    def present(self) -> list[str]:
        attendance = self.state["attendance"]
        return [
            iso
            for iso, pk in self.seats.items()
            if attendance.get(str(pk)) in ("present", "present_and_voting")
        ]

    # -- building blocks -----------------------------------------------------------------------

    def roll_call(self, absent: Sequence[str], late: Sequence[str] = ()) -> None:
        self.chair_does("rollcall.open", wait=30)
        for i, iso in enumerate(sorted(self.seats)):
            if iso in absent or iso in late:
                continue
            mark = "present_and_voting" if i % 5 == 0 and iso in self.voting else "present"
            self.delegate_does(iso, "rollcall.answer", wait=2, mark=mark)
        for iso in late:
            self.chair_does("rollcall.mark", seat=self.seats[iso], mark="present")
        self.chair_does("rollcall.close", wait=10)

    def motion(
        self,
        mover: str,
        kind: str,
        seconder: str,
        *,
        against: int = 0,
        **params: Any,
    ) -> dict[str, Any]:
        """A delegate moves, another seconds, the chair puts it to a vote, everyone present
        votes on their phone (`against` of them no), and the chair closes the vote."""
        outcome = self.delegate_does(mover, "motion.raise", kind=kind, params=params)
        motion = outcome.events[0].payload["motion"]
        if motion["needs_second"]:
            self.delegate_does(seconder, "motion.second", motion=motion["id"])
        outcome = self.chair_does("motion.vote", motion=motion["id"], wait=10)
        if outcome.events[-1].kind == "vote_opened":
            eligible = outcome.events[-1].payload["vote"]["eligible"]
            by_pk = {pk: iso for iso, pk in self.seats.items()}
            for n, pk in enumerate(eligible):
                choice = "no" if n < against else "yes"
                self.delegate_does(by_pk[pk], "vote.cast", wait=1, choice=choice)
            self.chair_does("vote.close", wait=5)
        return motion

    def speech(self, seconds: float, yield_to: str = "chair", **fields: Any) -> None:
        self.clock.tick(seconds)
        floor = self.state["floor"]
        if floor is None:
            return
        speaker = {pk: iso for iso, pk in self.seats.items()}[floor["seat"]]
        if yield_to == "chair":
            self.delegate_does(speaker, "speech.yield", wait=0, to="chair")
        elif yield_to == "delegate":
            self.delegate_does(speaker, "speech.yield", wait=0, to="delegate", seat=self.seats[fields["seat"]])
        elif yield_to == "questions":
            self.delegate_does(speaker, "speech.yield", wait=0, to="questions")
            self.chair_does("question.recognise", seat=self.seats[fields["questioner"]], wait=4)
            self.chair_does("answer.start", wait=20)
        else:
            self.chair_does("speech.end", wait=0)

    # -- the two sittings ----------------------------------------------------------------------

    def first_sitting(self) -> None:
        self.roll_call(absent=ABSENT_FIRST, late=["TH"])
        self.motion("KE", "set_agenda", "NG", against=3, topic="A")
        for iso in SPEAKERS_A:
            self.delegate_does(iso, "speakers.join")
        # A chair's slip, corrected: Peru marked present by mistake, then undone.
        slip = self.chair_does("rollcall.mark", seat=self.seats["PE"], mark="present")
        self.chair_does("undo", seq=slip.events[0].seq)
        self.chair_does("speech.next", wait=20)
        self.speech(85, "chair")
        self.chair_does("speech.next")
        self.speech(60, "delegate", seat="GH")
        self.speech(25, "end")
        self.chair_does("speech.next")
        self.speech(50, "questions", questioner="CN")
        self.speech(15, "end")
        self.delegate_does("MX", "point.raise", kind="parliamentary_inquiry", text="Will the speakers' list stay open after the caucus?")
        self.chair_does("point.answer", point=self.state["points"][-1]["id"], reply="Yes, it stays open.")
        self.motion("FR", "moderated_caucus", "JP", against=5, total_seconds=600, speaking_seconds=60, topic="Securing the medicine supply chain")
        for iso, seconds in (("ZA", 55), ("EG", 60), ("ID", 48), ("DE", 57)):
            if iso not in self.seats:
                continue
            self.delegate_does(iso, "hand.raise")
            self.chair_does("speech.recognise", seat=self.seats[iso])
            self.clock.tick(seconds)
        self.chair_does("caucus.end", wait=20)
        self.motion("BR", "unmoderated_caucus", "AR", against=len(self.present()), total_seconds=900)
        self.chair_does("speech.next", wait=10)
        self.speech(80, "chair")
        self.motion("US", "adjourn_meeting", "CA", against=2)

    def second_sitting(self) -> None:
        self.clock.jump_to(START + dt.timedelta(days=1))
        self.chair_does("sitting.open", wait=0)
        self.roll_call(absent=["VN"])
        self.chair_does("speech.next", wait=20)
        self.speech(75, "chair")
        self.delegate_does("SG", "point.raise", kind="personal_privilege")
        self.chair_does("point.answer", point=self.state["points"][-1]["id"], reply="The air conditioning will be adjusted.")
        self.motion("IN", "unmoderated_caucus", "AU", against=4, total_seconds=1200, topic="Drafting")
        self.clock.tick(1200)
        self.chair_does("caucus.end", wait=5)
        self.chair_does("speech.next")
        self.speech(90, "end")
        self.motion("NG", "close_debate", "KE", against=4)
        self.chair_does("voting.end", wait=300, topic_done=True)
        self.motion("KR", "set_agenda", "PH", against=1, topic="B")
        for iso in ("KR", "SG", "AU", "CN"):
            self.delegate_does(iso, "speakers.join")
        self.chair_does("speech.next")
        self.speech(88, "chair")
        self.chair_does("speech.next")
        self.speech(70, "end")
        self.chair_does("session.adjourn", wait=30)


def play_demo(committee: Committee, chair_user: Any | None = None) -> bool:
    """Play the two sittings if the committee's journal is empty. Returns whether it played."""
    if committee.event_seq:
        return False
    if chair_user is None:
        member = DaisMember.objects.filter(committee=committee).order_by("order", "pk").first()
        chair_user = member.user if member else get_user_model().objects.filter(is_staff=True).first()
    with simulated_clock(START) as clock, transaction.atomic():
        demo = Demo(committee, chair_user, clock)
        demo.first_sitting()
        demo.second_sitting()
    return True


def demo_step(committee_id: int) -> str:
    """The `DAIS_DEMO_STEPS` entry for `load_seeds --demo`."""
    committee = Committee.objects.get(pk=committee_id)
    played = play_demo(committee)
    committee.refresh_from_db()
    if played:
        return f"Demo: two sittings played ({committee.event_seq} journal entries)."
    return "Demo: already played (journal kept as it is)."
