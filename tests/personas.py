"""A small factory and the personas of the permission tests.

Factory: `make_*` functions with `kwargs.setdefault`, cheap enough for every test.

Personas (keys of `World.client()`):
- "organizer"      Django staff: runs every committee and the organizer pages.
- "interpol_chair" a DaisMember of INTERPOL (the committee most tests are about).
- "unodc_chair"    a DaisMember of UNODC only: a chair, but of another committee.
- "kenya"          a browser bound to INTERPOL's Kenya seat by posting its code to /join/.
- "japan"          a browser bound to INTERPOL's Japan seat the same way.
- "outsider"       an anonymous browser.
- "user"           logged in, not staff, on no dais (an account that has no business here).

`world` builds a small INTERPOL (Kenya, Japan, one topic and briefing) plus UNODC (two seats);
`seeded_world` builds the real INTERPOL from `load_seeds()` (45 seats, ana.garcia ...) plus the
same UNODC, for the tests that are about the seeded committee.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from committee.models import Briefing, Committee, Conference, DaisMember, Seat, Topic
from committee.seats import new_join_code
from resolutions.models import Clause, Paper, Signature

PERSONAS = ("organizer", "interpol_chair", "unodc_chair", "kenya", "japan", "outsider", "user")
DELEGATES = ("kenya", "japan")

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


# ---------------------------------------------------------------------------------------------
# Factory


def make_conference(**kwargs: Any) -> Conference:
    n = _n()
    kwargs.setdefault("name", f"Conference {n}")
    kwargs.setdefault("slug", f"conference-{n}")
    return Conference.objects.create(**kwargs)


def make_committee(**kwargs: Any) -> Committee:
    n = _n()
    if "conference" not in kwargs:
        kwargs["conference"] = make_conference()
    kwargs.setdefault("name", f"Committee {n}")
    kwargs.setdefault("abbreviation", f"C{n}")
    kwargs.setdefault("slug", f"committee-{n}")
    kwargs.setdefault("formal_name", f"The Committee {n}")
    return Committee.objects.create(**kwargs)


def make_seat(committee: Committee, **kwargs: Any) -> Seat:
    kwargs.setdefault("iso_code", "KE")
    kwargs.setdefault("country", kwargs["iso_code"])
    kwargs.setdefault("join_code", new_join_code())
    return Seat.objects.create(committee=committee, **kwargs)


def make_user(**kwargs: Any) -> Any:
    kwargs.setdefault("username", f"user{_n()}")
    password = kwargs.pop("password", None)
    user = get_user_model()(**kwargs)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def make_chair(committee: Committee, user: Any = None, **kwargs: Any) -> DaisMember:
    kwargs.setdefault("role", DaisMember.Role.CHAIR)
    return DaisMember.objects.create(committee=committee, user=user or make_user(), **kwargs)


def make_topic(committee: Committee, **kwargs: Any) -> Topic:
    kwargs.setdefault("letter", "A")
    kwargs.setdefault("title", "Cybercrime")
    return Topic.objects.create(committee=committee, **kwargs)


def make_briefing(committee: Committee, **kwargs: Any) -> Briefing:
    n = _n()
    kwargs.setdefault("title", f"Briefing {n}")
    kwargs.setdefault("body", "First paragraph.\n\nSecond paragraph.")
    kwargs.setdefault("seed_file", f"briefing-{n}.md")
    return Briefing.objects.create(committee=committee, **kwargs)


def join_client(code: str, client: Client | None = None) -> Client:
    """A browser bound to the seat of `code` the way a delegate does it: POST /join/."""
    client = client or Client()
    response = client.post("/join/", {"code": code})
    assert response.status_code == 302, response.content[:500]
    assert response["Location"] == "/delegate/"
    return client


# ---------------------------------------------------------------------------------------------
# The world of the personas


@dataclass
class World:
    conference: Conference
    interpol: Committee
    unodc: Committee
    kenya: Seat
    japan: Seat
    unodc_seats: list[Seat]
    briefing: Briefing
    unodc_briefing: Briefing
    organizer: Any
    interpol_chair: Any
    unodc_chair: Any
    user: Any
    adopted: Paper | None = None  # INTERPOL/RES/1, adopted: public
    draft: Paper | None = None  # a draft: for the dais and organizers only
    # Set by the `paper_world` fixture of tests/test_permissions.py: name -> primary key.
    paper_ids: dict[str, int] = field(default_factory=dict)
    _clients: dict[str, Client] = field(default_factory=dict)

    def resolution(self, name: str) -> Paper:
        """`adopted` or `draft` (only `build_world` makes them, not the seeded world)."""
        found = {"adopted": self.adopted, "draft": self.draft}[name]
        assert found is not None, f"this world has no {name} resolution"
        return found

    def client(self, persona: str) -> Client:
        """The persona's browser, made on first use (delegates join by code then)."""
        if persona not in self._clients:
            self._clients[persona] = self._make_client(persona)
        return self._clients[persona]

    def _make_client(self, persona: str) -> Client:
        assert persona in PERSONAS, persona
        client = Client()
        if persona in DELEGATES:
            seat = getattr(self, persona)
            seat.refresh_from_db()
            return join_client(seat.join_code, client)
        if persona != "outsider":
            client.force_login(getattr(self, persona))
        return client

    def session_cookie(self, persona: str) -> bytes:
        """`sessionid=...` of the persona's browser, for a websocket's Cookie header."""
        client = self.client(persona)
        morsel = client.cookies.get("sessionid")
        assert morsel is not None, f"{persona} has no session"
        return f"sessionid={morsel.value}".encode()


def make_unodc(conference: Conference) -> tuple[Committee, list[Seat], Any, Briefing]:
    """A second, small committee: two seats and a chair of its own."""
    unodc = make_committee(
        conference=conference,
        name="United Nations Office on Drugs and Crime",
        abbreviation="UNODC",
        slug="unodc",
        formal_name="The UNODC",
        voting_members=2,
    )
    seats = [
        make_seat(unodc, iso_code="BR", country="Brazil"),
        make_seat(unodc, iso_code="FR", country="France"),
    ]
    chair = make_user(username="unodc.chair", first_name="Uma", last_name="Nodc")
    make_chair(unodc, chair, role=DaisMember.Role.PRESIDENT)
    return unodc, seats, chair, make_briefing(unodc, title="UNODC briefing")


def make_papers(committee: Committee, topic: Topic, kenya: Seat, japan: Seat) -> tuple[Paper, Paper]:
    """INTERPOL/RES/1 (adopted from INTERPOL/DR/A/1) and INTERPOL/DR/A/2 (a draft), as the
    resolutions app leaves them (the live flow that gets there is tested in tests/live and
    tests/exports/test_resolution_flow.py)."""
    adopted = Paper.objects.create(
        committee=committee, topic=topic, title="Cybercrime", status=Paper.Status.ADOPTED,
        number=1, draft_number=1, resolution_number=1, created_by=kenya, approved_at=timezone.now(),
    )
    adopted.authors.add(kenya)
    Clause.objects.create(paper=adopted, kind="preambular", phrase="Recalling", text="its mandate")
    Clause.objects.create(paper=adopted, kind="operative", phrase="Urges", text="member countries to cooperate")
    Signature.objects.create(paper=adopted, seat=kenya, role=Signature.Role.SPONSOR)
    Signature.objects.create(paper=adopted, seat=japan, role=Signature.Role.SIGNATORY)
    draft = Paper.objects.create(
        committee=committee, topic=topic, title="A draft", status=Paper.Status.DRAFT,
        number=2, draft_number=2, created_by=japan, approved_at=timezone.now(),
    )
    draft.authors.add(japan)
    Clause.objects.create(paper=draft, kind="operative", phrase="Requests", text="a report")
    Signature.objects.create(paper=draft, seat=japan, role=Signature.Role.SPONSOR)
    return adopted, draft


def build_world() -> World:
    conference = make_conference(name="Test MUN", slug="test-mun")
    interpol = make_committee(
        conference=conference,
        name="INTERPOL General Assembly",
        abbreviation="INTERPOL",
        slug="interpol",
        formal_name="The INTERPOL General Assembly",
        voting_members=2,
    )
    kenya = make_seat(interpol, iso_code="KE", country="Kenya")
    japan = make_seat(interpol, iso_code="JP", country="Japan")
    topic = make_topic(interpol)
    briefing = make_briefing(interpol, title="Cybercrime in East Africa", topic=topic)
    interpol_chair = make_user(username="interpol.chair", first_name="Ana", last_name="Garcia")
    make_chair(interpol, interpol_chair, role=DaisMember.Role.PRESIDENT)
    unodc, unodc_seats, unodc_chair, unodc_briefing = make_unodc(conference)
    adopted, draft = make_papers(interpol, topic, kenya, japan)
    return World(
        adopted=adopted,
        draft=draft,
        conference=conference,
        interpol=interpol,
        unodc=unodc,
        kenya=kenya,
        japan=japan,
        unodc_seats=unodc_seats,
        briefing=briefing,
        unodc_briefing=unodc_briefing,
        organizer=make_user(username="organizer.test", is_staff=True),
        interpol_chair=interpol_chair,
        unodc_chair=unodc_chair,
        user=make_user(username="nobody.special"),
    )


def build_seeded_world() -> World:
    """INTERPOL as `load_seeds()` makes it, plus the UNODC of the factory."""
    from committee.seeding import load_seeds

    report = load_seeds(password="interpol-2026")
    assert report.committee_id is not None
    interpol = Committee.objects.get(pk=report.committee_id)
    briefing = interpol.briefings.first()
    assert briefing is not None
    User = get_user_model()
    unodc, unodc_seats, unodc_chair, unodc_briefing = make_unodc(interpol.conference)
    return World(
        conference=interpol.conference,
        interpol=interpol,
        unodc=unodc,
        kenya=interpol.seats.get(iso_code="KE"),
        japan=interpol.seats.get(iso_code="JP"),
        unodc_seats=unodc_seats,
        briefing=briefing,
        unodc_briefing=unodc_briefing,
        organizer=User.objects.get(username="organizer"),
        interpol_chair=User.objects.get(username="ana.garcia"),
        unodc_chair=unodc_chair,
        user=make_user(username="nobody.special"),
    )


def clear_throttle() -> None:
    """Join failures are counted per address in the cache; every world starts from zero."""
    cache.clear()


@pytest.fixture
def world(db) -> Iterator[World]:
    clear_throttle()
    yield build_world()
    clear_throttle()


@pytest.fixture
def seeded_world(db) -> Iterator[World]:
    clear_throttle()
    yield build_seeded_world()
    clear_throttle()
