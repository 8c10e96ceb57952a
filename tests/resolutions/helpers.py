from __future__ import annotations

from committee.access import CHAIR, DELEGATE, Access
from resolutions import services
from resolutions.models import Paper


def as_delegate(world, iso: str) -> Access:
    seat = world.observer if iso == world.observer.iso_code else world.seats[iso]
    return Access(committee=world.committee, role=DELEGATE, seat=seat)


def as_chair(world) -> Access:
    return Access(committee=world.committee, role=CHAIR)


def paper_with_clauses(world, author: str = "AR") -> Paper:
    access = as_delegate(world, author)
    paper = services.create_paper(access, None, topic="A", title="Counterfeit medicines")
    services.add_clause(access, None, paper.pk, kind="preambular", phrase="Alarmed by", text="the trade in fake medicines")
    first = services.add_clause(access, None, paper.pk, kind="operative", phrase="Urges", text="member countries to share data")
    services.add_clause(access, None, paper.pk, kind="operative", phrase="Requests", text="a yearly report")
    services.add_clause(access, None, paper.pk, kind="operative", parent=first.pk, text="through I-24/7")
    return paper


def sign_all(world, paper: Paper, sponsors: list[str], signatories: list[str]) -> None:
    for iso in sponsors:
        services.sign(as_delegate(world, iso), None, paper.pk, role="sponsor")
    for iso in signatories:
        services.sign(as_delegate(world, iso), None, paper.pk, role="signatory")
