"""A decided draft's page: amendments left waiting can no longer be answered (the page offers no
buttons and shows them as moot; the service refuses a late answer and the text stays), and the
history page speaks the page's language (countries, signature roles, the chair)."""

from __future__ import annotations

import pytest
from django.utils import translation

from resolutions import services
from resolutions.models import Amendment, Clause, Paper
from tests.live.factory import World
from tests.resolutions.helpers import as_chair, as_delegate, paper_with_clauses, sign_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    translation.activate("en")


def _join(client, seat, language: str = "en") -> None:
    session = client.session
    session["dais_seat_id"] = seat.pk
    session["dais_seat_code_version"] = seat.code_version
    session.save()
    client.cookies["django_language"] = language


def _adopted_with_a_waiting_amendment(w: World) -> tuple[Paper, int]:
    paper = paper_with_clauses(w, "AR")
    sign_all(w, paper, ["AR"], ["BR", "CA"])
    draft = services.approve(as_chair(w), None, paper.pk)
    urges = Clause.objects.get(paper=draft, phrase="Urges")
    waiting = services.propose_amendment(
        as_delegate(w, "DK"), None, draft.pk, kind="replace", target=urges.pk, phrase="Urges", text="late text"
    )
    w.as_chair("draft.introduce", draft=draft.pk)
    w.as_chair("debate.close")
    w.as_chair("draft.vote", draft=draft.pk)
    w.vote_all(["AR", "BR", "CA", "DK", "EG"], ["FR"])
    w.as_chair("vote.close")
    draft.refresh_from_db()
    assert draft.status == Paper.Status.ADOPTED
    return draft, waiting.pk


def test_a_waiting_amendment_of_an_adopted_resolution_is_moot_and_refused(debate, client):
    w = debate
    draft, waiting = _adopted_with_a_waiting_amendment(w)
    _join(client, w.seats["AR"])  # the sponsor, who could have accepted it before
    page = client.get(f"/committees/{w.committee.pk}/drafts/{draft.pk}/").content.decode()
    assert 'value="accept"' not in page
    # The decision marked it moot in the database (resolutions/listeners.py), not only on the page.
    assert '<span class="badge status-moot">Moot</span>' in page
    assert Amendment.objects.get(pk=waiting).status == Amendment.Status.MOOT
    assert "Waiting for the sponsors" not in page
    with pytest.raises(services.PaperError, match="Only a draft resolution on the floor"):
        services.respond_amendment(as_delegate(w, "AR"), None, waiting, response="accept")
    assert Clause.objects.filter(paper=draft, text="late text").count() == 0
    assert Clause.objects.filter(paper=draft, text="member countries to share data").count() == 1


def test_the_history_page_speaks_the_pages_language(debate, client):
    w = debate
    paper = paper_with_clauses(w, "AR")
    services.invite_author(as_delegate(w, "AR"), None, paper.pk, w.seats["BR"].pk)
    sign_all(w, paper, ["AR"], ["BR", "CA"])
    services.approve(as_chair(w), None, paper.pk)
    _join(client, w.seats["AR"], "es")
    page = client.get(f"/committees/{w.committee.pk}/drafts/{paper.pk}/history/").content.decode()
    assert "Brasil: Signatario" in page and "Argentina: Patrocinador" in page
    assert "Invitó a Brasil" in page
    assert "Brazil" not in page and "signatory" not in page and "sponsor" not in page
    assert "· ·" not in page and "· la mesa ·" in page  # the chair approved it (no user given)
