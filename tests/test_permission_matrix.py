"""The permission matrix (issue 8, hardening): every URL and every websocket message type,
times every persona, against the exact allowed set.

URLs are discovered from the resolver and message types from committee.protocol.SCHEMA: a new
URL or message type without a row here fails `test_every_url_has_a_row` /
`test_every_message_type_has_a_row`. (The admin is one row: its own pages are guarded by
Django's admin permissions, behind the admin login.)

Personas (on INTERPOL, the committee the URLs name):
  organizer      Django staff
  chair          a DaisMember of INTERPOL
  other_chair    a DaisMember of UNODC only
  delegate       a browser bound to INTERPOL's Kenya seat
  other_delegate a browser bound to a UNODC seat
  anonymous      no login, no seat
  revoked        a browser that joined as INTERPOL's Japan, whose code was then revoked
  removed_chair  logged in as a chair of INTERPOL who was then removed from its dais
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver

from committee import protocol
from committee import seats as seat_services
from committee.models import DaisMember
from config.asgi import application
from delegates import papers
from tests.paper_helpers import PDF_BYTES, upload
from tests.personas import build_world, join_client, make_chair, make_user
from tests.wsutil import refusal_code

PERSONAS = (
    "organizer", "chair", "other_chair", "delegate", "other_delegate", "anonymous", "revoked",
    "removed_chair",
)
RUNS = {"organizer", "chair"}
LOGGED_IN_NO_ROLE = {"other_chair", "removed_chair"}
NO_LOGIN = {"delegate", "other_delegate", "anonymous", "revoked"}


@dataclass
class Matrix:
    world: Any
    clients: dict[str, Client]

    position_paper: Any = None  # Kenya's position paper on INTERPOL's topic (one version)

    def url(self, route: str) -> str:
        w = self.world
        paper = w.draft.pk if route.startswith("committees/<int:committee_id>/drafts/") else (
            self.position_paper.paper.pk
        )
        return "/" + (
            route.replace("<int:committee_id>", str(w.interpol.pk))
            .replace("<int:briefing_id>", str(w.briefing.pk))
            .replace("<int:seat_id>", str(w.kenya.pk))
            .replace("<int:conference_id>", str(w.conference.pk))
            .replace("<int:paper_id>", str(paper))
            .replace("<int:resolution_id>", str(w.adopted.pk))
            .replace("<str:fmt>", "zip" if "/resolutions/<str:fmt>" in route
                      or "adopted/<str:fmt>" in route else "docx")
            .replace("<str:name>", "attendance")
            .replace("<int:topic_id>", str(self.position_paper.paper.topic_id))
            .replace("<int:number>", str(self.position_paper.number))
            .replace("<int:version_id>", str(self.position_paper.pk))
        )


def build_matrix(*, remove_chair: bool = True) -> Matrix:
    cache.clear()
    w = build_world()
    clients = {
        "organizer": Client(), "chair": Client(), "other_chair": Client(),
        "removed_chair": Client(), "anonymous": Client(),
    }
    clients["organizer"].force_login(w.organizer)
    clients["chair"].force_login(w.interpol_chair)
    clients["other_chair"].force_login(w.unodc_chair)
    removed = make_user(username="removed.chair")
    make_chair(w.interpol, removed)
    clients["removed_chair"].force_login(removed)
    if remove_chair:
        remove_the_chair()
    clients["delegate"] = join_client(w.kenya.join_code)
    clients["other_delegate"] = join_client(w.unodc_seats[0].join_code)
    clients["revoked"] = join_client(w.japan.join_code)
    seat_services.do_revoke_code(w.japan)
    topic = w.interpol.topics.get()
    # An uploaded file (MEDIA_ROOT is each test's own folder), so papers/files/ serves one.
    return Matrix(w, clients, papers.check_submit_upload(w.kenya, topic, upload(PDF_BYTES)))


def remove_the_chair() -> None:
    DaisMember.objects.filter(user__username="removed.chair").delete()


# ---------------------------------------------------------------------------------------------
# HTTP: route -> {method: {persona: "status[ where]"}}


def by(**groups: str) -> dict[str, str]:
    named = {"runs": RUNS, "norole": LOGGED_IN_NO_ROLE, "nologin": NO_LOGIN, "all": set(PERSONAS)}
    table: dict[str, str] = {}
    for key, expected in groups.items():
        for persona in named.get(key, {key}):
            table[persona] = expected
    assert set(table) == set(PERSONAS), sorted(set(PERSONAS) - set(table))
    return table


CHAIR_PAGE = by(runs="200", norole="403", nologin="302 login")
REVOKE = {
    "GET": by(runs="405", norole="405", nologin="302 login"),
    "POST": by(runs="302 cards", norole="403", nologin="302 login"),
}
URLS: dict[str, dict[str, dict[str, str]]] = {
    "admin/": {
        "GET": by(organizer="200", chair="302 admin-login", norole="302 admin-login",
                  nologin="302 admin-login"),
    },
    "accounts/login/": {"GET": by(all="200"), "POST": by(all="200")},  # empty form: shown again
    "accounts/logout/": {"GET": by(all="405"), "POST": by(all="302 home")},
    "i18n/setlang/": {"GET": by(all="302 home"), "POST": by(all="302 home")},
    "jsi18n/": {"GET": by(all="200")},
    "join/": {"GET": by(all="200"), "POST": by(all="400")},  # no code: the form again
    "delegate/": {
        "GET": by(delegate="200", other_delegate="200", revoked="302 join", anonymous="302 join",
                  runs="302 join", norole="302 join"),
    },
    "delegate/leave/": {"GET": by(all="405"), "POST": by(all="302 home")},
    "": {"GET": by(all="200")},
    "committees/<int:committee_id>/": {"GET": by(all="200")},
    "committees/<int:committee_id>/briefings/<int:briefing_id>/": {"GET": by(all="200")},
    "committees/<int:committee_id>/chair/": {"GET": CHAIR_PAGE},
    "committees/<int:committee_id>/projector/": {"GET": by(all="200")},
    "committees/<int:committee_id>/seats/cards/": {"GET": CHAIR_PAGE},
    "committees/<int:committee_id>/seats/<int:seat_id>/revoke/": REVOKE,
    "committees/<int:committee_id>/seats/<int:seat_id>/reissue/": REVOKE,
    "conferences/<int:conference_id>/organize/": {
        "GET": by(organizer="200", chair="403", norole="403", nologin="302 login"),
    },
    # Later apps (position papers in delegates, resolutions, exports), read from each view's
    # access helper: papers and exports are private to the dais and organizers (the ratings are
    # the chairs' own, the rubric, vetoes and desk the organizer's); drafts are for the
    # committee's participants; adopted resolutions are public; a paper's file goes to its
    # delegation, the dais and organizers (404 to anyone else, as for an unpublished paper).
    "accounts/start/": {
        "GET": by(nologin="302 login", organizer="302 organize", chair="302 console", other_chair="302 other-console", removed_chair="302 home"),
        "POST": by(nologin="302 login", organizer="302 organize", chair="302 console", other_chair="302 other-console", removed_chair="302 home"),
    },
    "committees/<int:committee_id>/awards/": {
        "GET": by(runs="200", norole="403", nologin="302 login"),
        "POST": by(runs="200", norole="403", nologin="302 login"),
    },
    "committees/<int:committee_id>/awards/rubric/": {
        "GET": by(runs="405", norole="405", nologin="302 login"),
        "POST": by(norole="403", nologin="302 login", organizer="302 awards", chair="403"),
    },
    "committees/<int:committee_id>/drafts/": {
        "GET": by(runs="200", norole="403", delegate="200", other_delegate="403", anonymous="403", revoked="403"),
        "POST": by(runs="400", norole="403", delegate="400", other_delegate="403", anonymous="403", revoked="403"),
    },
    "committees/<int:committee_id>/drafts/<int:paper_id>/": {
        "GET": by(runs="200", norole="403", delegate="200", other_delegate="403", anonymous="403", revoked="403"),
        "POST": by(runs="200", norole="403", delegate="200", other_delegate="403", anonymous="403", revoked="403"),
    },
    "committees/<int:committee_id>/drafts/<int:paper_id>/action/": {
        "GET": by(all="405"),
        "POST": by(runs="400", norole="403", delegate="400", other_delegate="403", anonymous="403", revoked="403"),
    },
    "committees/<int:committee_id>/drafts/<int:paper_id>/amendments/": {
        "GET": by(all="405"),
        "POST": by(runs="302 draft", norole="403", delegate="302 draft", other_delegate="403", anonymous="403", revoked="403"),
    },
    "committees/<int:committee_id>/drafts/<int:paper_id>/approve/": {
        "GET": by(all="405"),
        "POST": by(runs="302 draft", norole="403", delegate="302 draft", other_delegate="403", anonymous="403", revoked="403"),
    },
    "committees/<int:committee_id>/drafts/<int:paper_id>/document/": {
        "GET": by(runs="200", norole="403", delegate="200", other_delegate="403", anonymous="403", revoked="403"),
        "POST": by(all="405"),
    },
    "committees/<int:committee_id>/drafts/<int:paper_id>/history/": {
        "GET": by(runs="200", norole="403", delegate="200", other_delegate="403", anonymous="403", revoked="403"),
        "POST": by(runs="200", norole="403", delegate="200", other_delegate="403", anonymous="403", revoked="403"),
    },
    "committees/<int:committee_id>/export/": {
        "GET": by(runs="200", norole="403", nologin="302 login"),
        "POST": by(runs="200", norole="403", nologin="302 login"),
    },
    "committees/<int:committee_id>/export/<str:name>.csv": {
        "GET": by(runs="200", norole="403", nologin="302 login"),
        "POST": by(runs="200", norole="403", nologin="302 login"),
    },
    "committees/<int:committee_id>/minutes/": {
        "GET": by(runs="200", norole="403", nologin="302 login"),
        "POST": by(runs="200", norole="403", nologin="302 login"),
    },
    "committees/<int:committee_id>/minutes/<str:fmt>/": {
        "GET": by(runs="200", norole="403", nologin="302 login"),
        "POST": by(runs="200", norole="403", nologin="302 login"),
    },
    "committees/<int:committee_id>/organize/": {
        "GET": by(runs="200", norole="403", nologin="302 login"),
        "POST": by(norole="403", nologin="302 login", organizer="400", chair="403"),
    },
    "committees/<int:committee_id>/organize/vetoes/": {
        "GET": by(runs="405", norole="405", nologin="302 login"),
        "POST": by(norole="403", nologin="302 login", organizer="302 seats", chair="403"),
    },
    "committees/<int:committee_id>/papers/": {
        "GET": by(runs="200", norole="403", nologin="302 login"),
        "POST": by(runs="200", norole="403", nologin="302 login"),
    },
    "committees/<int:committee_id>/papers/<int:paper_id>/": {
        "GET": by(runs="200", norole="403", nologin="302 login"),
        "POST": by(runs="200", norole="403", nologin="302 login"),
    },
    "committees/<int:committee_id>/papers/<int:paper_id>/decision/": {
        "GET": by(runs="405", norole="405", nologin="302 login"),
        "POST": by(runs="302 paper", norole="403", nologin="302 login"),
    },
    "committees/<int:committee_id>/papers/<int:paper_id>/notes/": {
        "GET": by(runs="405", norole="405", nologin="302 login"),
        "POST": by(runs="302 paper", norole="403", nologin="302 login"),
    },
    "committees/<int:committee_id>/papers/<int:paper_id>/publish/": {
        "GET": by(runs="405", norole="405", nologin="302 login"),
        "POST": by(runs="302 paper", norole="403", nologin="302 login"),
    },
    "committees/<int:committee_id>/papers/<int:paper_id>/score/": {
        "GET": by(runs="405", norole="405", nologin="302 login"),
        "POST": by(runs="302 paper", norole="403", nologin="302 login"),
    },
    "committees/<int:committee_id>/papers/published/": {
        "GET": by(all="200"),
        "POST": by(all="200"),
    },
    "committees/<int:committee_id>/papers/published/<int:paper_id>/": {
        "GET": by(all="404"),
        "POST": by(all="404"),
    },
    "committees/<int:committee_id>/papers/release/": {
        "GET": by(runs="405", norole="405", nologin="302 login"),
        "POST": by(runs="302 papers", norole="403", nologin="302 login"),
    },
    "committees/<int:committee_id>/papers/setup/": {
        "GET": by(runs="200", norole="403", nologin="302 login"),
        "POST": by(runs="200", norole="403", nologin="302 login"),
    },
    "committees/<int:committee_id>/papers/zip/": {
        "GET": by(runs="200", norole="403", nologin="302 login"),
        "POST": by(runs="200", norole="403", nologin="302 login"),
    },
    "committees/<int:committee_id>/ratings/": {
        "GET": by(runs="405", norole="405", nologin="302 login"),
        "POST": by(norole="403", nologin="302 login", organizer="403", chair="302 stats"),
    },
    "committees/<int:committee_id>/resolutions/": {
        "GET": by(all="200"),
        "POST": by(all="200"),
    },
    "committees/<int:committee_id>/resolutions/<int:resolution_id>/<str:fmt>/": {
        "GET": by(all="200"),
        "POST": by(all="200"),
    },
    "committees/<int:committee_id>/resolutions/adopted/<str:fmt>/": {
        "GET": by(all="200"),
        "POST": by(all="200"),
    },
    "committees/<int:committee_id>/stats/": {
        "GET": by(runs="200", norole="403", nologin="302 login"),
        "POST": by(runs="200", norole="403", nologin="302 login"),
    },
    "committees/<int:committee_id>/stats/panel/": {
        "GET": by(runs="200", norole="403", nologin="302 login"),
        "POST": by(runs="200", norole="403", nologin="302 login"),
    },
    "conferences/<int:conference_id>/desk.json": {
        "GET": by(norole="403", nologin="302 login", organizer="200", chair="403"),
        "POST": by(norole="403", nologin="302 login", organizer="200", chair="403"),
    },
    "conferences/<int:conference_id>/desk/": {
        "GET": by(norole="403", nologin="302 login", organizer="200", chair="403"),
        "POST": by(norole="403", nologin="302 login", organizer="200", chair="403"),
    },
    "conferences/<int:conference_id>/papers/": {
        "GET": by(norole="403", nologin="302 login", organizer="200", chair="403"),
        "POST": by(norole="403", nologin="302 login", organizer="200", chair="403"),
    },
    "conferences/<int:conference_id>/papers/zip/": {
        "GET": by(norole="403", nologin="302 login", organizer="200", chair="403"),
        "POST": by(norole="403", nologin="302 login", organizer="200", chair="403"),
    },
    "conferences/<int:conference_id>/resolutions/<str:fmt>/": {
        "GET": by(all="200"),
        "POST": by(all="200"),
    },
    "delegate/papers/": {
        "GET": by(runs="302 join", norole="302 join", delegate="200", other_delegate="200", anonymous="302 join", revoked="302 join"),
        "POST": by(runs="302 join", norole="302 join", delegate="200", other_delegate="200", anonymous="302 join", revoked="302 join"),
    },
    "delegate/papers/<int:topic_id>/": {
        "GET": by(runs="302 join", norole="302 join", delegate="200", other_delegate="404", anonymous="302 join", revoked="302 join"),
        "POST": by(runs="302 join", norole="302 join", delegate="200", other_delegate="404", anonymous="302 join", revoked="302 join"),
    },
    "delegate/papers/<int:topic_id>/draft/": {
        "GET": by(all="405"),
        "POST": by(runs="403", norole="403", delegate="302 my-paper", other_delegate="404", anonymous="403", revoked="403"),
    },
    "delegate/papers/<int:topic_id>/submit/": {
        "GET": by(all="405"),
        "POST": by(runs="403", norole="403", delegate="400", other_delegate="404", anonymous="403", revoked="403"),
    },
    "delegate/papers/<int:topic_id>/upload/": {
        "GET": by(all="405"),
        "POST": by(runs="403", norole="403", delegate="302 my-paper", other_delegate="404", anonymous="403", revoked="403"),
    },
    "delegate/papers/<int:topic_id>/versions/<int:number>/": {
        "GET": by(runs="302 join", norole="302 join", delegate="200", other_delegate="404", anonymous="302 join", revoked="302 join"),
        "POST": by(runs="302 join", norole="302 join", delegate="200", other_delegate="404", anonymous="302 join", revoked="302 join"),
    },
    "favicon.ico": {
        "GET": by(all="301 favicon"),
        "POST": by(all="301 favicon"),
    },
    "papers/files/<int:version_id>/": {
        "GET": by(runs="200", norole="404", delegate="200", other_delegate="404", anonymous="404", revoked="404"),
        "POST": by(runs="200", norole="404", delegate="200", other_delegate="404", anonymous="404", revoked="404"),
    },
    "papers/preview/": {
        "GET": by(all="405"),
        "POST": by(runs="200", norole="200", delegate="200", other_delegate="200", anonymous="403", revoked="403"),
    },
}


def discovered_routes() -> list[str]:
    def walk(patterns: list[Any], prefix: str = "") -> list[str]:
        routes = []
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                routes += [route] if route.startswith("admin/") else walk(pattern.url_patterns, route)
            else:
                routes.append(route)
        return routes

    return walk(get_resolver().url_patterns)


def test_every_url_has_a_row():
    assert sorted(discovered_routes()) == sorted(URLS)


def _where(name: str, m: Matrix, url: str) -> str:
    w = m.world
    c = w.interpol.pk
    return {
        "login": f"/accounts/login/?next={url}",
        "admin-login": f"/admin/login/?next={url}",
        "join": "/join/",
        "home": "/",
        "cards": f"/committees/{c}/seats/cards/",
        "organize": f"/conferences/{w.conference.pk}/organize/",
        "console": f"/committees/{c}/chair/",
        "other-console": f"/committees/{w.unodc.pk}/chair/",
        "awards": f"/committees/{c}/awards/",
        "draft": f"/committees/{c}/drafts/{w.draft.pk}/",
        "paper": f"/committees/{c}/papers/{m.position_paper.paper.pk}/",
        "papers": f"/committees/{c}/papers/",
        "stats": f"/committees/{c}/stats/",
        "seats": f"/committees/{c}/organize/#seats",
        "my-paper": f"/delegate/papers/{m.position_paper.paper.topic_id}/",
        "favicon": "/static/img/favicon.svg",
    }[name]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(URLS))
def test_http_matrix(route):
    """Each cell rolled back (a revoke in one cell must not change another)."""
    failures = []
    m = build_matrix()
    url = m.url(route)
    for method, expected_by_persona in URLS[route].items():
        for persona in PERSONAS:
            client = m.clients[persona]
            with transaction.atomic():
                response = client.get(url) if method == "GET" else client.post(url, {})
                transaction.set_rollback(True)
            status, _, where = expected_by_persona[persona].partition(" ")
            got = str(response.status_code)
            if where and got.startswith("3"):
                got += " " + ("ok" if response["Location"] == _where(where, m, url) else response["Location"])
                status += " ok"
            if got != status:
                failures.append((method, persona, expected_by_persona[persona], got))
    # The other methods are refused (or the same page) for everyone; 5xx never.
    assert failures == [], failures


# ---------------------------------------------------------------------------------------------
# Websocket: message type -> personas whose message reaches the engine as their role. Everyone
# else is refused: at the door (close 4403, personas without a role on the committee), by role
# ("Only the chair ..." / "Only a delegate ..."), or as a removed chair. The projector socket,
# open to all, answers every command with "The projector only listens".

CHAIR_ONLY = {"organizer", "chair"}
DELEGATE_ONLY = {"delegate"}
EVERYONE_CONNECTED = {"organizer", "chair", "delegate", "removed_chair"}

MESSAGES: dict[str, set[str]] = {
    "ping": EVERYONE_CONNECTED,
    "sync": EVERYONE_CONNECTED,
    "sitting.open": CHAIR_ONLY,
    "rollcall.open": CHAIR_ONLY,
    "rollcall.mark": CHAIR_ONLY,
    "rollcall.answer": DELEGATE_ONLY,
    "rollcall.close": CHAIR_ONLY,
    "agenda.set": CHAIR_ONLY,
    "speakers.add": CHAIR_ONLY,
    # A chair's join/leave/withdraw reach the engine, which then refuses a chair for having no
    # seat of its own (no seat named, not the delegation that raised it).
    "speakers.join": CHAIR_ONLY | DELEGATE_ONLY,
    "speakers.remove": CHAIR_ONLY,
    "speakers.leave": CHAIR_ONLY | DELEGATE_ONLY,
    "speakers.move": CHAIR_ONLY,
    "speakers.close": CHAIR_ONLY,
    "speech.next": CHAIR_ONLY,
    "speech.recognise": CHAIR_ONLY,
    "speech.end": CHAIR_ONLY,
    "speech.yield": CHAIR_ONLY | DELEGATE_ONLY,
    "question.recognise": CHAIR_ONLY,
    "answer.start": CHAIR_ONLY,
    "hand.raise": DELEGATE_ONLY,
    "hand.lower": CHAIR_ONLY | DELEGATE_ONLY,
    "timer.pause": CHAIR_ONLY,
    "timer.resume": CHAIR_ONLY,
    "timer.adjust": CHAIR_ONLY,
    "timer.reset": CHAIR_ONLY,
    "caucus.start": CHAIR_ONLY,
    "caucus.end": CHAIR_ONLY,
    "speaking_time.set": CHAIR_ONLY,
    "session.suspend": CHAIR_ONLY,
    "session.resume": CHAIR_ONLY,
    "session.adjourn": CHAIR_ONLY,
    "debate.close": CHAIR_ONLY,
    "voting.end": CHAIR_ONLY,
    "motion.raise": CHAIR_ONLY | DELEGATE_ONLY,
    "motion.second": CHAIR_ONLY | DELEGATE_ONLY,
    "motion.withdraw": CHAIR_ONLY | DELEGATE_ONLY,
    "motion.rule": CHAIR_ONLY,
    "motion.vote": CHAIR_ONLY,
    "ruling.appeal": DELEGATE_ONLY,
    "ruling.clear": CHAIR_ONLY,
    "ruling.vote": CHAIR_ONLY,
    "vote.cast": DELEGATE_ONLY,
    "vote.placard": CHAIR_ONLY,
    "vote.reveal": CHAIR_ONLY,
    "vote.close": CHAIR_ONLY,
    "vote.cancel": CHAIR_ONLY,
    "point.raise": DELEGATE_ONLY,
    "point.answer": CHAIR_ONLY,
    "point.dismiss": CHAIR_ONLY,
    "point.withdraw": CHAIR_ONLY | DELEGATE_ONLY,
    "undo": CHAIR_ONLY,
    # A vote's answer (votes.py): a delegate for its own seat, the chair for a seat it names.
    "vote.answer": CHAIR_ONLY | DELEGATE_ONLY,
    "vote.enter": CHAIR_ONLY,
    # Questions the chair puts and adoption without a vote (consensus.py): only the objection is
    # a delegate's.
    "proposal.vote": CHAIR_ONLY,
    "consensus.propose": CHAIR_ONLY,
    "consensus.object": DELEGATE_ONLY,
    "consensus.close": CHAIR_ONLY,
    "consensus.withdraw": CHAIR_ONLY,
    # Explanations of vote (explanations.py): a delegate asks for its own seat (or the chair for
    # a seat it names); the chair gives the floor and closes them.
    "explanation.request": CHAIR_ONLY | DELEGATE_ONLY,
    "explanation.withdraw": CHAIR_ONLY | DELEGATE_ONLY,
    "explanation.start": CHAIR_ONLY,
    "explanations.close": CHAIR_ONLY,
    # Drafts on the floor (drafts.py): the chair's alone.
    "draft.introduce": CHAIR_ONLY,
    "draft.focus": CHAIR_ONLY,
    "draft.vote": CHAIR_ONLY,
}
ROLE_REFUSALS = (
    "Only the chair can do that.",
    "Only a delegate can do that.",
    "no longer on this committee's dais",
    "The projector only listens.",
)
SAMPLE = {
    "t": 1, "seat": None, "mark": "present", "topic": "A", "position": 0, "closed": True,
    "seconds": 30, "to": "chair", "timer": "speaker", "kind": "moderated", "total_seconds": 600,
    "motion": 1, "ruling": "in_order", "choice": "yes", "yes": 1, "no": 0, "point": 1,
    "seq": 1, "last_seq": 0, "draft": 1, "title": "A question", "question": "procedural",
    "answer": "yes",
}


def sample(kind: str, seat: int) -> dict[str, Any]:
    message: dict[str, Any] = {"type": kind}
    for name, (_type, required) in protocol.SCHEMA[kind].items():
        if required:
            message[name] = seat if name == "seat" else SAMPLE[name]
    if kind == "motion.raise":
        message["kind"] = "unmoderated_caucus"
        message["params"] = {"total_seconds": 600}
    if kind == "point.raise":
        message["kind"] = "order"
    return message


def test_every_message_type_has_a_row():
    assert sorted(protocol.SCHEMA) == sorted(MESSAGES)


async def _reply(communicator: WebsocketCommunicator, message: dict[str, Any]) -> dict[str, Any]:
    await communicator.send_json_to({**message, "ref": "m"})
    while True:
        frame = await communicator.receive_json_from(timeout=5)
        if frame["type"] in ("ok", "error", "pong", "snapshot") and (
            frame.get("ref") in ("m", None)
        ):
            return frame


def _reached(frame: dict[str, Any]) -> bool:
    if frame["type"] != "error":
        return True
    return not any(refusal in frame["message"] for refusal in ROLE_REFUSALS)


@pytest.mark.django_db(transaction=True)
async def test_websocket_matrix(channel_layer, ws_headers):
    m = await database_sync_to_async(build_matrix)(remove_chair=False)
    committee = m.world.interpol.pk
    kenya = m.world.kenya.pk
    cookies = {
        persona: f"sessionid={client.cookies['sessionid'].value}".encode()
        for persona, client in m.clients.items()
        if "sessionid" in client.cookies
    }
    got: dict[str, set[str]] = {kind: set() for kind in MESSAGES}
    for persona in PERSONAS:
        headers = [*ws_headers, *([(b"cookie", cookies[persona])] if persona in cookies else [])]
        communicator = WebsocketCommunicator(application, f"/ws/committees/{committee}/", headers)
        try:
            connected, _code = await communicator.connect(timeout=5)
            assert connected
            first = await communicator.receive_output(timeout=5)
            if first["type"] == "websocket.close":  # refused at the door, after the handshake
                assert first["code"] == 4403, (persona, first)
                assert persona not in EVERYONE_CONNECTED, persona
                continue
            if persona == "removed_chair":  # removed from the dais while connected
                await database_sync_to_async(remove_the_chair)()
            for kind in MESSAGES:
                frame = await _reply(communicator, sample(kind, kenya))
                if _reached(frame):
                    got[kind].add(persona)
        finally:
            await communicator.disconnect()
    # The projector socket: anyone may open it, no command gets through.
    projector = WebsocketCommunicator(
        application, f"/ws/committees/{committee}/projector/", ws_headers
    )
    assert (await projector.connect(timeout=5))[0]
    await projector.receive_json_from(timeout=5)
    for kind in MESSAGES:
        frame = await _reply(projector, sample(kind, kenya))
        assert frame["type"] in ("pong", "snapshot") or not _reached(frame), (kind, frame)
    await projector.disconnect()
    mismatches = {kind: (sorted(got[kind]), sorted(MESSAGES[kind])) for kind in MESSAGES
                  if got[kind] != MESSAGES[kind]}
    assert mismatches == {}


@pytest.mark.django_db(transaction=True)
async def test_no_one_outside_the_committee_passes_the_door(channel_layer, ws_headers):
    m = await database_sync_to_async(build_matrix)()
    for persona in ("other_chair", "other_delegate", "anonymous", "revoked"):
        client = m.clients[persona]
        cookie = (
            [(b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())]
            if "sessionid" in client.cookies else []
        )
        communicator = WebsocketCommunicator(
            application, f"/ws/committees/{m.world.interpol.pk}/", [*ws_headers, *cookie]
        )
        assert await refusal_code(communicator) == 4403, persona
        await communicator.disconnect()
