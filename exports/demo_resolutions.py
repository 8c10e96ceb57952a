"""The demo's drafting day: working papers to resolutions, played through `resolutions.services`
and the live session exactly as the delegates' phones and the chair's console send them.

A third sitting (the day after `exports.demo`'s two): delegates write a working paper on Topic A,
sign it, the chair approves it as a draft and introduces it; a friendly amendment is accepted by
every sponsor, an unfriendly one is supported, approved and voted down; the draft is adopted by
roll call as INTERPOL/RES/1. On Topic B a draft is rejected. `resolutions_step` is the
`DAIS_DEMO_STEPS` entry; it plays once (a committee with papers is left alone).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from committee.access import CHAIR, DELEGATE, Access
from committee.live.votes import roll_call_view
from committee.models import Committee, DaisMember
from exports.demo import START, Demo, simulated_clock
from resolutions import services as papers
from resolutions.models import Clause, Paper

DAY = START + dt.timedelta(days=2)
PAPER_A: dict[str, Any] = {
    "title": "Combating counterfeit medicines in Africa",
    "authors": ["KE", "NG", "FR"],
    "sponsors": ["KE", "NG", "FR"],
    "signatories": ["GH", "ZA", "JP", "BR", "IN", "EG", "MX", "DE", "AR", "ID"],
    "preambular": [
        ("KE", "Recalling", "INTERPOL's role in Operation Pangea against the illicit online sale of medicines"),
        ("NG", "Deeply concerned", "that falsified and substandard medicines endanger patients across Africa"),
        ("FR", "Noting with deep concern", "the links between medicine counterfeiting and organized crime"),
    ],
    "operative": [
        ("KE", "Urges", "member countries to share seizure data through I-24/7",
         ["within thirty days of a seizure", "with the national medicines regulator"]),
        ("NG", "Encourages", "joint operations between police, customs and health regulators", []),
        ("FR", "Requests", "the General Secretariat to train investigators in pharmaceutical crime", []),
        ("KE", "Resolves", "to remain actively seized of the matter", []),
    ],
}
PAPER_B: dict[str, Any] = {
    "title": "Cybercrime in the Asia-Pacific region",
    "authors": ["KR", "SG"],
    "sponsors": ["KR", "SG"],
    "signatories": ["AU", "JP", "PH", "TH", "IN", "ID", "VN", "CN"],
    "preambular": [("KR", "Alarmed by", "the growth of ransomware attacks on hospitals in the region")],
    "operative": [
        ("KR", "Calls upon", "member countries to join the Cybercrime Knowledge Exchange", []),
        ("SG", "Recommends", "a regional cyber incident desk in Singapore", []),
    ],
}
NO_ON_DRAFT_A = ["CN", "RU", "VN"]
ABSTAIN_ON_DRAFT_A = ["US", "SA", "TR"]


class Drafting(Demo):
    def __init__(self, committee: Committee, chair_user: Any, clock: Any) -> None:
        super().__init__(committee, chair_user, clock)
        self.chair_user = chair_user
        self.chair_access = Access(committee=committee, role=CHAIR)

    def seat_access(self, iso: str) -> Access:
        return Access(committee=self.committee, role=DELEGATE, seat=self.committee.seats.get(iso_code=iso))

    def there(self, isos: list[str]) -> list[str]:
        present = set(self.present())
        return [iso for iso in isos if iso in present]

    # -- a working paper, written on the delegates' phones, signed, approved ------------------

    def write(self, topic: str, spec: dict[str, Any]) -> Paper:
        first = self.there(spec["authors"])[0]
        paper = papers.create_paper(self.seat_access(first), None, topic=topic, title=spec["title"])
        for iso in self.there(spec["authors"])[1:]:
            papers.invite_author(self.seat_access(first), None, paper.pk, self.seats[iso])
        authors = set(self.there(spec["authors"]))
        for iso, phrase, text in spec["preambular"]:
            who = iso if iso in authors else first
            papers.add_clause(self.seat_access(who), None, paper.pk, kind="preambular", phrase=phrase, text=text)
        for iso, phrase, text, subs in spec["operative"]:
            who = iso if iso in authors else first
            clause = papers.add_clause(self.seat_access(who), None, paper.pk, kind="operative", phrase=phrase, text=text)
            for sub in subs:
                papers.add_clause(self.seat_access(who), None, paper.pk, kind="operative", parent=clause.pk, text=sub)
            self.clock.tick(120)
        for iso in self.there(spec["sponsors"]):
            papers.sign(self.seat_access(iso), None, paper.pk, role="sponsor")
        for iso in self.there(spec["signatories"]):
            papers.sign(self.seat_access(iso), None, paper.pk, role="signatory")
        self.clock.tick(60)
        return papers.approve(self.chair_access, self.chair_user, paper.pk)

    # -- votes --------------------------------------------------------------------------------

    def devices_vote(self, no: int) -> None:
        """The vote just opened: the first `no` eligible delegations vote no, the rest yes."""
        eligible = self.state["vote"]["eligible"]
        by_pk = {pk: iso for iso, pk in self.seats.items()}
        for n, pk in enumerate(eligible):
            self.delegate_does(by_pk[pk], "vote.cast", wait=1, choice="no" if n < no else "yes")
        self.chair_does("vote.close", wait=5)

    def roll_call_vote(self) -> None:
        """Each delegation answers when called, from its own phone."""
        by_pk = {pk: iso for iso, pk in self.seats.items()}
        while True:
            view = roll_call_view(self.state["vote"])
            if view is None or view["current"] is None:
                break
            iso = by_pk[view["current"]]
            mark = self.state["attendance"].get(str(view["current"]))
            answer = "yes"
            if iso in NO_ON_DRAFT_A:
                answer = "no"
            elif iso in ABSTAIN_ON_DRAFT_A and mark == "present":
                answer = "abstain"
            self.delegate_does(iso, "vote.answer", wait=4, answer=answer)
        self.chair_does("vote.close", wait=10)

    # -- the day ------------------------------------------------------------------------------

    def topic_a(self) -> None:
        if self.state["topic"] != "A":
            self.chair_does("agenda.set", topic="A")
        draft = self.write("A", PAPER_A)
        self.chair_does("draft.introduce", draft=draft.pk, wait=30)
        self.chair_does("draft.focus", draft=draft.pk, clause="1")
        ops = {c.phrase: c for c in Clause.objects.filter(paper=draft, kind="operative", parent=None)}
        # Friendly: Ghana asks for a yearly report; every sponsor accepts on their phone.
        friendly = papers.propose_amendment(
            self.seat_access("GH"), None, draft.pk, kind="add", target=ops["Requests"].pk,
            phrase="Further requests", text="the Secretary General to report on progress at the next session",
        )
        for iso in self.there(PAPER_A["sponsors"]):
            self.clock.tick(20)
            papers.respond_amendment(self.seat_access(iso), None, friendly.pk, response="accept")
        # Unfriendly: the United States would delete the joint operations clause; Kenya refuses.
        unfriendly = papers.propose_amendment(
            self.seat_access("US"), None, draft.pk, kind="delete", target=ops["Encourages"].pk,
        )
        papers.respond_amendment(self.seat_access("KE"), None, unfriendly.pk, response="refuse")
        for iso in self.there(["CA", "AU", "SA", "TR", "RU"]):
            papers.respond_amendment(self.seat_access(iso), None, unfriendly.pk, response="support")
        papers.approve_amendment(self.chair_access, self.chair_user, unfriendly.pk)
        self.chair_does("draft.focus", draft=None)
        self.chair_does("debate.close", wait=60)
        # The amendment is voted first, on devices, and fails; then the draft, by roll call.
        self.chair_does("draft.vote", draft=draft.pk)
        self.devices_vote(no=len(self.state["vote"]["eligible"]) * 2 // 3)
        self.chair_does("draft.vote", draft=draft.pk, roll_call=True)
        self.roll_call_vote()
        self.chair_does("voting.end", wait=60, topic_done=True)

    def topic_b(self) -> None:
        self.chair_does("agenda.set", topic="B")
        draft = self.write("B", PAPER_B)
        self.chair_does("draft.introduce", draft=draft.pk, wait=30)
        self.chair_does("debate.close", wait=300)
        self.chair_does("draft.vote", draft=draft.pk)
        self.devices_vote(no=len(self.state["vote"]["eligible"]) * 3 // 5)
        self.chair_does("voting.end", wait=60, topic_done=True)

    def third_sitting(self) -> None:
        self.clock.jump_to(DAY)
        self.chair_does("sitting.open", wait=0)
        self.roll_call(absent=[])
        self.topic_a()
        self.topic_b()
        self.chair_does("session.adjourn", wait=30)


def play_drafting(committee: Committee, chair_user: Any | None = None) -> bool:
    """Play the drafting sitting once; a committee that has papers already is left alone."""
    if Paper.objects.filter(committee=committee).exists():
        return False
    if committee.topics.filter(letter__in=("A", "B")).count() < 2:
        return False
    if chair_user is None:
        member = DaisMember.objects.filter(committee=committee).order_by("order", "pk").first()
        chair_user = member.user if member else get_user_model().objects.filter(is_staff=True).first()
    # After the other sittings: the simulated clock starts where the journal ends.
    last = committee.events.order_by("-seq").values_list("created_at", flat=True).first()
    start = max(DAY, last + dt.timedelta(hours=1)) if last else DAY
    with simulated_clock(start) as clock, transaction.atomic():
        Drafting(committee, chair_user, clock).third_sitting()
    return True


def resolutions_step(committee_id: int) -> str:
    """The `DAIS_DEMO_STEPS` entry: after `exports.demo.demo_step`."""
    committee = Committee.objects.get(pk=committee_id)
    if not play_drafting(committee):
        return "Demo drafting: already played (papers kept as they are)."
    adopted = Paper.objects.filter(committee=committee, status=Paper.Status.ADOPTED).count()
    return f"Demo drafting: a sitting of drafts played ({adopted} resolution adopted)."
