# ruff: noqa: F811  (the persona fixtures are imported, then named as test arguments)
"""Who may open every page and call every mutating endpoint, persona by persona.

The table reads: (persona, method, url, expected). Expected is a status code, or "302 <where>"
for a redirect. Decisions asserted here:
- Chair-only pages (chair console, seat cards) and the organizer page need a login first:
  anybody not logged in, delegates included (they have no account), is sent to the login page;
  a logged-in account without the role gets 403.
- /delegate/ sends every browser not bound to a seat to /join/.
- /admin/ sends everyone who is not staff to the admin login.
- Revoke/reissue: only POST (an authenticated GET is 405), only organizers and this committee's
  chairs; a seat of another committee is 404, like a missing one.
- Exports (issue 12): adopted resolutions, one by one or bundled, are public; drafts are a 404
  for everyone but the committee's chairs and organizers; minutes, CSV, statistics and the awards
  sheet are for them only (login first, like the console). Ratings are for dais members (an
  organizer is not one); the rubric and the conference dashboard for organizers.
Websocket commands are in tests/test_ws_presence.py (a delegate sending a chair command).
"""

from __future__ import annotations

import pytest

from committee.models import Seat
from tests.personas import PERSONAS, World, world  # noqa: F401

pytestmark = pytest.mark.django_db

ORGANIZER, ICHAIR, UCHAIR, KENYA, JAPAN, OUTSIDER, USER = PERSONAS
CHAIRS_OK = (ORGANIZER, ICHAIR)
NOT_LOGGED_IN = (KENYA, JAPAN, OUTSIDER)
LOGGED_IN_NO_ROLE = (UCHAIR, USER)

HOME = "/"
COMMITTEE = "/committees/{interpol}/"
BRIEFING = "/committees/{interpol}/briefings/{briefing}/"
CHAIR = "/committees/{interpol}/chair/"
PROJECTOR = "/committees/{interpol}/projector/"
CARDS = "/committees/{interpol}/seats/cards/"
ORGANIZE = "/conferences/{conference}/organize/"
DELEGATE = "/delegate/"
JOIN = "/join/"
ADMIN = "/admin/"
REVOKE = "/committees/{interpol}/seats/{kenya}/revoke/"
REISSUE = "/committees/{interpol}/seats/{kenya}/reissue/"
LEAVE = "/delegate/leave/"


def everyone(method: str, url: str, expected: str) -> list[tuple[str, str, str, str]]:
    return [(persona, method, url, expected) for persona in PERSONAS]


def rows(method: str, url: str, **expected_by_group: str) -> list[tuple[str, str, str, str]]:
    """Rows for all personas from groups: ok (organizer, own chair), anon (not logged in),
    norole (logged in without a role), or single persona names."""
    groups = {"ok": CHAIRS_OK, "anon": NOT_LOGGED_IN, "norole": LOGGED_IN_NO_ROLE}
    table = {}
    for key, expected in expected_by_group.items():
        for persona in groups.get(key, (key,)):
            table[persona] = expected
    assert set(table) == set(PERSONAS), (url, sorted(set(PERSONAS) - set(table)))
    return [(persona, method, url, table[persona]) for persona in PERSONAS]


PAGES = [
    *everyone("GET", HOME, "200"),
    *everyone("GET", COMMITTEE, "200"),
    *everyone("GET", BRIEFING, "200"),
    *rows("GET", CHAIR, ok="200", norole="403", anon="302 login"),
    *everyone("GET", PROJECTOR, "200"),
    *rows("GET", CARDS, ok="200", norole="403", anon="302 login"),
    *rows(
        "GET", ORGANIZE, organizer="200", interpol_chair="403", norole="403", anon="302 login"
    ),
    *rows(
        "GET", DELEGATE, kenya="200", japan="200", ok="302 join", norole="302 join",
        outsider="302 join",
    ),
    *everyone("GET", JOIN, "200"),
    *rows(
        "GET", ADMIN, organizer="200", interpol_chair="302 admin-login", norole="302 admin-login",
        anon="302 admin-login",
    ),
    # The other committee's pages: its own chair is in, INTERPOL's chair is not.
    *rows(
        "GET", "/committees/{unodc}/chair/", organizer="200", unodc_chair="200",
        interpol_chair="403", user="403", anon="302 login",
    ),
    *rows(
        "GET", "/committees/{unodc}/seats/cards/", organizer="200", unodc_chair="200",
        interpol_chair="403", user="403", anon="302 login",
    ),
]

MUTATIONS = [
    *rows("POST", REVOKE, ok="302 cards", norole="403", anon="302 login"),
    *rows("POST", REISSUE, ok="302 cards", norole="403", anon="302 login"),
    *rows("GET", REVOKE, ok="405", norole="405", anon="302 login"),
    *rows("GET", REISSUE, ok="405", norole="405", anon="302 login"),
    # A seat of another committee under INTERPOL's url: 404 for those who run INTERPOL.
    *rows(
        "POST", "/committees/{interpol}/seats/{unodc_seat}/revoke/", ok="404", norole="403",
        anon="302 login",
    ),
    *rows(
        "POST", "/committees/{interpol}/seats/{unodc_seat}/reissue/", ok="404", norole="403",
        anon="302 login",
    ),
    *rows(
        "POST", "/committees/{unodc}/seats/{unodc_seat}/revoke/", organizer="302 unodc-cards",
        unodc_chair="302 unodc-cards", interpol_chair="403", user="403", anon="302 login",
    ),
    *everyone("POST", JOIN, "302 delegate"),  # posts Kenya's code: anybody with it may join
    *everyone("POST", LEAVE, "302 home"),
    *everyone("GET", LEAVE, "405"),
]


EXPORTS = [
    *everyone("GET", "/committees/{interpol}/resolutions/", "200"),
    *everyone("GET", "/committees/{interpol}/resolutions/{adopted}/docx/", "200"),
    *everyone("GET", "/committees/{interpol}/resolutions/adopted/zip/", "200"),
    *everyone("GET", "/conferences/{conference}/resolutions/zip/", "200"),
    *rows("GET", "/committees/{interpol}/resolutions/{draft}/docx/", ok="200", norole="404", anon="404"),
    # INTERPOL's adopted resolution is not UNODC's.
    *everyone("GET", "/committees/{unodc}/resolutions/{adopted}/docx/", "404"),
    *rows("GET", "/committees/{interpol}/minutes/", ok="200", norole="403", anon="302 login"),
    *rows("GET", "/committees/{interpol}/minutes/docx/", ok="200", norole="403", anon="302 login"),
    *rows("GET", "/committees/{interpol}/export/", ok="200", norole="403", anon="302 login"),
    *rows("GET", "/committees/{interpol}/export/votes.csv", ok="200", norole="403", anon="302 login"),
    *rows("GET", "/committees/{interpol}/export/attendance.csv", ok="200", norole="403", anon="302 login"),
    *rows("GET", "/committees/{interpol}/stats/", ok="200", norole="403", anon="302 login"),
    *rows("GET", "/committees/{interpol}/stats/panel/", ok="200", norole="403", anon="302 login"),
    *rows("GET", "/committees/{interpol}/awards/", ok="200", norole="403", anon="302 login"),
    *rows(
        "GET", "/committees/{unodc}/minutes/", organizer="200", unodc_chair="200",
        interpol_chair="403", user="403", anon="302 login",
    ),
    *rows(
        "POST", "/committees/{interpol}/ratings/", interpol_chair="302 stats", organizer="403",
        norole="403", anon="302 login",
    ),
    *rows("GET", "/committees/{interpol}/ratings/", ok="405", norole="405", anon="302 login"),
    *rows(
        "POST", "/committees/{interpol}/awards/rubric/", organizer="302 awards",
        interpol_chair="403", norole="403", anon="302 login",
    ),
    *rows(
        "GET", "/conferences/{conference}/desk/", organizer="200", interpol_chair="403",
        norole="403", anon="302 login",
    ),
    *rows(
        "GET", "/conferences/{conference}/desk.json", organizer="200", interpol_chair="403",
        norole="403", anon="302 login",
    ),
]


def _url(template: str, w: World) -> str:
    return template.format(
        adopted=w.resolution("adopted").pk,
        draft=w.resolution("draft").pk,
        interpol=w.interpol.pk,
        unodc=w.unodc.pk,
        conference=w.conference.pk,
        briefing=w.briefing.pk,
        kenya=w.kenya.pk,
        unodc_seat=w.unodc_seats[0].pk,
    )


def _where(name: str, w: World, url: str) -> str:
    return {
        "login": f"/accounts/login/?next={url}",
        "admin-login": f"/admin/login/?next={url}",
        "join": "/join/",
        "delegate": "/delegate/",
        "home": "/",
        "cards": f"/committees/{w.interpol.pk}/seats/cards/",
        "unodc-cards": f"/committees/{w.unodc.pk}/seats/cards/",
        "stats": f"/committees/{w.interpol.pk}/stats/",
        "awards": f"/committees/{w.interpol.pk}/awards/",
    }[name]


def _request(w: World, persona: str, method: str, url: str):
    client = w.client(persona)
    if method == "GET":
        return client.get(url)
    data = {"code": w.kenya.join_code} if url == JOIN else {}
    return client.post(url, data)


def _check(w: World, persona: str, method: str, template: str, expected: str) -> None:
    url = _url(template, w)
    response = _request(w, persona, method, url)
    status, _, where = expected.partition(" ")
    assert response.status_code == int(status), (persona, method, url, response.status_code)
    if where:
        assert response["Location"] == _where(where, w, url), (persona, url)


@pytest.mark.parametrize(("persona", "method", "url", "expected"), PAGES)
def test_it_serves_pages_by_role(world, persona, method, url, expected):
    _check(world, persona, method, url, expected)


@pytest.mark.parametrize(("persona", "method", "url", "expected"), EXPORTS)
def test_it_guards_exports(world, persona, method, url, expected):
    _check(world, persona, method, url, expected)


@pytest.mark.parametrize(("persona", "method", "url", "expected"), MUTATIONS)
def test_it_guards_mutating_endpoints(world, persona, method, url, expected):
    kenya_before = (world.kenya.join_code, world.kenya.code_version)
    other = world.unodc_seats[0]
    other_before = (other.join_code, other.code_version)
    _check(world, persona, method, url, expected)
    world.kenya.refresh_from_db()
    other.refresh_from_db()
    changed = {
        "kenya": (world.kenya.join_code, world.kenya.code_version) != kenya_before,
        "other": (other.join_code, other.code_version) != other_before,
    }
    # Only an accepted revoke/reissue changes a seat, and only the one in the url.
    accepted = expected in ("302 cards", "302 unodc-cards")
    assert changed["kenya"] == (accepted and "{kenya}" in url)
    assert changed["other"] == (accepted and "{unodc_seat}" in url)


def test_it_revokes_for_own_chair_and_not_for_other_chair(world):
    refused = world.client(UCHAIR).post(_url(REVOKE, world))
    assert refused.status_code == 403
    world.kenya.refresh_from_db()
    assert world.kenya.has_code

    response = world.client(ICHAIR).post(_url(REVOKE, world), follow=True)
    assert response.status_code == 200
    world.kenya.refresh_from_db()
    assert world.kenya.join_code == ""
    assert "The code of Kenya was revoked." in response.content.decode()


def test_it_reissues_for_organizer(world):
    old = world.kenya.join_code
    response = world.client(ORGANIZER).post(_url(REISSUE, world), follow=True)
    world.kenya.refresh_from_db()
    assert world.kenya.join_code and world.kenya.join_code != old
    assert world.kenya.join_code in response.content.decode()


def test_it_answers_404_for_unknown_seat_ids(world):
    client = world.client(ICHAIR)
    missing = Seat.objects.order_by("-pk").values_list("pk", flat=True)[0] + 100
    for action in ("revoke", "reissue"):
        url = f"/committees/{world.interpol.pk}/seats/{missing}/{action}/"
        assert client.post(url).status_code == 404


def test_it_unbinds_the_seat_on_leave(world):
    kenya = world.client(KENYA)
    assert kenya.get(DELEGATE).status_code == 200
    response = kenya.post(LEAVE, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "You left your seat on this device." in response.content.decode()
    assert kenya.get(DELEGATE)["Location"] == "/join/"
    # Leaving one browser leaves the other delegations alone.
    assert world.client(JAPAN).get(DELEGATE).status_code == 200


def test_it_keeps_a_chair_logged_in_after_joining_a_seat(world):
    """A chair who also types a code stays the chair (the session key is cycled, not flushed)."""
    chair = world.client(ICHAIR)
    assert chair.post(JOIN, {"code": world.kenya.join_code}).status_code == 302
    assert chair.get(_url(CHAIR, world)).status_code == 200
    # /delegate/ (where joining leads) sends them to their console instead of a 403.
    assert chair.get(DELEGATE)["Location"] == _url(CHAIR, world)
    # A chair of another committee who holds a code is that seat's delegate.
    other = world.client(UCHAIR)
    assert other.post(JOIN, {"code": world.japan.join_code}).status_code == 302
    assert other.get(DELEGATE).status_code == 200


# --- Position papers (delegates/paper_*.py) ----------------------------------------------------
# Decisions: a delegate's paper pages need a bound seat (others go to /join/; a write without one
# answers 403 with the text kept); a topic of another committee is 404. Dais pages are like the
# chair console (login first, 403 without the role, another committee's paper 404). Files: the
# delegation, the dais and organizers; anybody else gets the same 404 as a missing file.
# Organizer pages and the conference zip: staff only.

PAPERS = "/delegate/papers/"
MY_PAPER = "/delegate/papers/{topic}/"
MY_OTHER = "/delegate/papers/{utopic}/"
MY_VERSION = "/delegate/papers/{topic}/versions/1/"
FILE = "/papers/files/{kfile}/"
PUBLISHED = "/committees/{interpol}/papers/published/"
PUBLISHED_ONE = "/committees/{interpol}/papers/published/{kpaper}/"
MATRIX = "/committees/{interpol}/papers/"
DETAIL = "/committees/{interpol}/papers/{kpaper}/"
DETAIL_OTHER = "/committees/{interpol}/papers/{upaper}/"
SETUP = "/committees/{interpol}/papers/setup/"
ZIP = "/committees/{interpol}/papers/zip/"
CONF_PAPERS = "/conferences/{conference}/papers/"
CONF_ZIP = "/conferences/{conference}/papers/zip/"

PAPER_PAGES = [
    *rows("GET", PAPERS, kenya="200", japan="200", ok="302 join", norole="302 join", outsider="302 join"),
    *rows("GET", MY_PAPER, kenya="200", japan="200", ok="302 join", norole="302 join", outsider="302 join"),
    *rows("GET", MY_OTHER, kenya="404", japan="404", ok="302 join", norole="302 join", outsider="302 join"),
    *rows("GET", MY_VERSION, kenya="200", japan="404", ok="302 join", norole="302 join", outsider="302 join"),
    *rows("GET", FILE, kenya="200", ok="200", japan="404", norole="404", outsider="404"),
    *everyone("GET", PUBLISHED, "200"),
    *everyone("GET", PUBLISHED_ONE, "404"),  # not published
    *rows("GET", MATRIX, ok="200", norole="403", anon="302 login"),
    *rows("GET", DETAIL, ok="200", norole="403", anon="302 login"),
    *rows("GET", DETAIL_OTHER, ok="404", norole="403", anon="302 login"),
    *rows("GET", SETUP, ok="200", norole="403", anon="302 login"),
    *rows("GET", ZIP, ok="200", norole="403", anon="302 login"),
    *rows("GET", "/committees/{unodc}/papers/", organizer="200", unodc_chair="200",
          interpol_chair="403", user="403", anon="302 login"),
    *rows("GET", CONF_PAPERS, organizer="200", interpol_chair="403", norole="403", anon="302 login"),
    *rows("GET", CONF_ZIP, organizer="200", interpol_chair="403", norole="403", anon="302 login"),
]

PAPER_MUTATIONS = [
    *rows("POST", "/delegate/papers/{topic}/draft/", kenya="302 my-paper", japan="302 my-paper",
          ok="403", norole="403", outsider="403"),
    *rows("POST", "/delegate/papers/{topic}/submit/", kenya="302 my-paper", japan="302 my-paper",
          ok="403", norole="403", outsider="403"),
    *rows("POST", "/delegate/papers/{utopic}/submit/", kenya="404", japan="404",
          ok="403", norole="403", outsider="403"),
    *rows("POST", "/delegate/papers/{topic}/upload/", kenya="302 my-paper", japan="302 my-paper",
          ok="403", norole="403", outsider="403"),
    *rows("POST", "/papers/preview/", kenya="200", japan="200", ok="200", norole="200",
          outsider="403"),
    *rows("POST", DETAIL + "decision/", ok="302 detail", norole="403", anon="302 login"),
    *rows("POST", DETAIL + "notes/", ok="302 detail", norole="403", anon="302 login"),
    *rows("POST", DETAIL + "score/", ok="302 detail", norole="403", anon="302 login"),
    *rows("POST", DETAIL + "publish/", ok="302 detail", norole="403", anon="302 login"),
    *rows("POST", DETAIL_OTHER + "decision/", ok="404", norole="403", anon="302 login"),
    *rows("POST", "/committees/{interpol}/papers/release/", ok="302 matrix", norole="403",
          anon="302 login"),
    *rows("POST", SETUP, ok="302 setup", norole="403", anon="302 login"),
    *rows("GET", DETAIL + "decision/", ok="405", norole="405", anon="302 login"),
]


@pytest.fixture
def paper_world(world, settings, tmp_path):
    from delegates import papers
    from tests.paper_helpers import PDF_BYTES, upload
    from tests.personas import make_topic

    settings.MEDIA_ROOT = tmp_path
    topic = world.interpol.topics.get()
    version = papers.check_submit_upload(world.kenya, topic, upload(PDF_BYTES))
    unodc_topic = make_topic(world.unodc, letter="A", title="Drugs")
    other = papers.check_submit_text(world.unodc_seats[0], unodc_topic, "Brazil's paper")
    world.paper_ids = {
        "topic": topic.pk,
        "utopic": unodc_topic.pk,
        "kpaper": version.paper.pk,
        "kfile": version.pk,
        "upaper": other.paper.pk,
    }
    return world


def _paper_url(template: str, w: World) -> str:
    return template.format(
        interpol=w.interpol.pk, unodc=w.unodc.pk, conference=w.conference.pk, **w.paper_ids
    )


def _paper_data(w: World, url: str) -> dict:
    from delegates import papers

    if url.endswith("/decision/"):
        return {"decision": "request_changes", "comment": "More sources."}
    if url.endswith("/score/"):
        return {f"mark-{c.pk}": "5" for c in papers.rubric(w.interpol)}
    if url.endswith("/notes/"):
        return {"notes": "Private."}
    if url.endswith(("/publish/", "/release/")):
        return {"published": "1", "released": "1"}
    if url.endswith("/upload/"):
        from tests.paper_helpers import PDF_BYTES, upload

        return {"file": upload(PDF_BYTES)}
    if url.endswith("/setup/"):
        topic = w.interpol.topics.get()
        data = {"time_zone": "Europe/Madrid", f"deadline-{topic.pk}": "2026-03-14T18:00"}
        for c in papers.rubric(w.interpol):
            data[f"criterion-{c.pk}-name"] = c.label
            data[f"criterion-{c.pk}-points"] = "10"
        return data
    return {"body": "A paper."}


def _paper_where(name: str, w: World, url: str) -> str:
    ids = w.paper_ids
    return {
        "login": f"/accounts/login/?next={url}",
        "join": "/join/",
        "my-paper": f"/delegate/papers/{ids['topic']}/",
        "detail": f"/committees/{w.interpol.pk}/papers/{ids['kpaper']}/",
        "matrix": f"/committees/{w.interpol.pk}/papers/",
        "setup": f"/committees/{w.interpol.pk}/papers/setup/",
    }[name]


def _paper_snapshot() -> list:
    from delegates.paper_models import (
        PaperScore,
        PaperSetup,
        PaperVersion,
        PositionPaper,
        TopicDeadline,
    )

    return [
        sorted(
            PositionPaper.objects.values_list(
                "pk", "status", "draft", "version_count", "comment", "private_notes", "published"
            )
        ),
        PaperVersion.objects.count(),
        PaperScore.objects.count(),
        sorted(PaperSetup.objects.values_list("pk", "scores_released", "time_zone")),
        TopicDeadline.objects.count(),
    ]


def _check_paper(w: World, persona: str, method: str, template: str, expected: str):
    url = _paper_url(template, w)
    client = w.client(persona)
    response = client.get(url) if method == "GET" else client.post(url, _paper_data(w, url))
    status, _, where = expected.partition(" ")
    assert response.status_code == int(status), (persona, method, url, response.status_code)
    if where:
        assert response["Location"] == _paper_where(where, w, url), (persona, url)
    return response


@pytest.mark.parametrize(("persona", "method", "url", "expected"), PAPER_PAGES)
def test_it_serves_paper_pages_by_role(paper_world, persona, method, url, expected):
    response = _check_paper(paper_world, persona, method, url, expected)
    if url == FILE and expected == "200":
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("persona", "method", "url", "expected"), PAPER_MUTATIONS)
def test_it_guards_paper_endpoints(paper_world, persona, method, url, expected):
    from delegates import papers

    papers.setup_for(paper_world.interpol)  # the default rubric exists before the snapshot
    before = _paper_snapshot()
    _check_paper(paper_world, persona, method, url, expected)
    changed = _paper_snapshot() != before
    accepted = expected.startswith("302") and "login" not in expected and "join" not in expected
    assert changed == accepted, (persona, url, expected)
