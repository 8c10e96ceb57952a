"""Minutes, CSV and statistics from a real journal (commands through committee.services)."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import translation

from committee.models import CommitteeEvent
from exports import adapters, services
from exports.journal import RULES, SILENT
from exports.minutes import shown_sittings
from exports.stats import not_spoken_today, seat_stats
from tests.exports.readback import docx, pdf_text

pytestmark = pytest.mark.django_db


def play(world, clock):
    """A short sitting: roll call, agenda by motion, three speeches with each kind of yield,
    a point, a caucus by motion, a failed motion, a correction."""
    world.as_chair("rollcall.open")
    for iso in ("AR", "BR", "CA", "DK", "EG", "FR"):
        world.as_delegate(iso, "rollcall.answer", mark="present")
    world.as_chair("rollcall.close")
    world.pass_motion("AR", "set_agenda", "BR", topic="A")
    for iso in ("CA", "DK", "EG"):
        world.as_delegate(iso, "speakers.join")
    world.as_chair("speech.next")
    clock.advance(70)
    world.as_delegate("CA", "speech.yield", to="chair")
    world.as_chair("speech.next")
    clock.advance(30)
    world.as_delegate("DK", "speech.yield", to="delegate", seat=world.seat("FR"))
    clock.advance(20)
    world.as_chair("speech.end")
    world.as_chair("speech.next")
    clock.advance(40)
    world.as_delegate("EG", "speech.yield", to="questions")
    world.as_chair("question.recognise", seat=world.seat("AR"))
    world.as_chair("answer.start")
    clock.advance(15)
    world.as_chair("speech.end")
    world.as_delegate("BR", "point.raise", kind="information", text="=HYPERLINK(\"http://x\")")
    world.as_chair("point.answer", point=world.state["points"][0]["id"], reply="Noted.")
    world.pass_motion("FR", "moderated_caucus", "AR", total_seconds=300, speaking_seconds=60)
    world.as_chair("caucus.end")
    motion = world.raise_motion("CA", "unmoderated_caucus", "DK", total_seconds=600)
    world.as_chair("motion.vote", motion=motion)
    world.vote_all(["AR"], ["BR", "CA", "DK", "EG", "FR"])
    world.as_chair("vote.close")
    slip = world.as_chair("rollcall.mark", seat=world.seat("GH"), mark="present")
    world.as_chair("undo", seq=slip.events[0].seq)


@pytest.fixture
def played(world, clock):
    play(world, clock)
    return world


def _entries(committee, language="en"):
    with translation.override(language):
        minutes = adapters.minutes_doc(committee, language=language)
        return minutes, [e for s in minutes.sittings for sec in s.sections for e in sec.entries]


def test_every_kind_the_engine_emits_has_a_rule_or_is_silent():
    from committee.live.state import HANDLERS

    assert set(HANDLERS) <= set(RULES) | SILENT


def test_the_minutes_tell_every_speech_motion_point_and_correction(played):
    minutes, entries = _entries(played.committee)
    texts = [e.text for e in entries]
    speeches = [t for t in texts if " spoke (" in t]
    assert speeches == [
        "Canada spoke (speakers' list) for 1 min 10 s. Yielded to the chair.",
        "Denmark spoke (speakers' list) for 0 min 30 s. Yielded the remaining time to France.",
        "France spoke (time yielded by another delegation) for 0 min 20 s. Denmark had yielded the time.",
        "Egypt spoke (speakers' list) for 0 min 55 s. Yielded to questions.",
    ]
    motions = [t for t in texts if " moved " in t]
    assert motions[0].startswith("Argentina moved to set the agenda (Topic A). Seconded by Brazil. Vote: 6 in favour, 0 against")
    assert motions[0].endswith("The motion carried.")
    assert "France moved for a moderated caucus (5 min, 60 s per speech). Seconded by Argentina." in motions[1]
    assert motions[2].endswith("Vote: 1 in favour, 5 against, 0 abstentions. The motion failed.")
    point = next(e for e in entries if e.category == "point")
    assert point.text == "Brazil raised a point of information. The chair answered it."
    assert point.details == ['“=HYPERLINK("http://x")”', "The chair: “Noted.”"]
    corrected = next(e for e in entries if e.text == "Ghana was marked present.")
    correction = next(e for e in entries if e.category == "correction")
    assert corrected.corrected_by == correction.seq
    assert correction.details == ["Ghana is absent again."]
    # Every journal entry of a described kind shows up, once, in time order.
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    assert minutes.sittings[0].roll_calls[0].marks[played.seat("AR")] == "present"
    failed = next(e for e in entries if e.text.startswith("Canada moved"))
    assert ("Argentina", "yes", "own device") in failed.table
    assert ("Brazil", "no", "own device") in failed.table


def test_the_minutes_list_an_unknown_kind_plainly(played):
    committee = played.refresh()
    CommitteeEvent.objects.create(
        committee=committee, seq=committee.event_seq + 1, created_at=committee.events.last().created_at,
        kind="festival_opened", payload={"code": "DR/1"},
    )
    _minutes, entries = _entries(committee)
    assert entries[-1].category == "other"
    assert "festival_opened" in entries[-1].text
    # And the files are still made.
    assert "festival_opened" in pdf_text(services.minutes_file(committee, "pdf").content)


def test_the_minutes_files_in_both_languages(played):
    committee = played.refresh()
    text = pdf_text(services.minutes_file(committee, "pdf").content)
    assert "Minutes of proceedings" in text and "Sitting 1" in text
    assert "Canada spoke (speakers' list) for 1 min 10 s." in text
    assert "Against (5): Brazil, Canada, Denmark, Egypt, France." in text
    assert "Page 1 of" in text
    es = pdf_text(services.minutes_file(committee, "pdf", language="es").content)
    assert "Acta de la sesión" in es and "Sesión 1" in es
    assert "Canada hizo uso de la palabra (lista de oradores) durante 1 min 10 s." in es
    document = docx(services.minutes_file(committee, "docx").content)
    paragraphs = [p.text for p in document.paragraphs]
    assert any("Denmark spoke (speakers' list) for 0 min 30 s." in p for p in paragraphs)
    assert any("\tCorrection: the chair undid an attendance mark" in p for p in paragraphs)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0].startswith("Sitting 1")


def _rows(export) -> list[dict[str, str]]:
    text = export.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_files_match_the_journal(played):
    committee = played.refresh()
    speeches = _rows(services.csv_file(committee, "speeches"))
    assert [(r["country"], r["mode"], r["seconds"]) for r in speeches] == [
        ("Canada", "gsl", "70"), ("Denmark", "gsl", "30"), ("France", "yield", "20"), ("Egypt", "gsl", "55"),
    ]
    votes = _rows(services.csv_file(committee, "votes"))
    ballots = CommitteeEvent.objects.filter(committee=committee, kind="ballot_cast")
    assert len(votes) == ballots.count()
    by_seat = {
        (int(payload["vote"]), country): payload["choice"]
        for payload, country in ballots.values_list("payload", "seat__country")
    }
    assert {(int(r["vote"]), r["country"]): r["choice"] for r in votes} == by_seat
    assert {r["result"] for r in votes if r["vote"] == "3"} == {"failed"}
    attendance = _rows(services.csv_file(committee, "attendance"))
    assert len(attendance) == committee.seats.count()
    marks = {r["country"]: r["mark"] for r in attendance}
    assert marks["Argentina"] == "present" and marks["Ghana"] == "absent"
    time = {r["country"]: r for r in _rows(services.csv_file(committee, "speaking-time"))}
    assert time["Canada"]["seconds"] == "70" and time["France"]["speeches"] == "1"
    assert time["Argentina"]["motions_moved"] == "1" and time["Argentina"]["motions_passed"] == "1"
    assert time["Canada"]["motions_passed"] == "0" and time["Brazil"]["points"] == "1"


def test_a_hostile_country_name_is_neutralised_in_every_csv(played):
    committee = played.refresh()
    seat = committee.seats.get(iso_code="CA")
    seat.country = "=cmd|' /C calc'!A0"
    seat.delegate_name = "@SUM(1+1)"
    seat.save()
    from delegates import papers

    topic = committee.topics.get(letter="A")
    papers.check_submit_text(seat, topic, "=1+1 is our position.")
    paper = papers.paper_for(seat, topic)
    marks = {str(c.pk): str(c.max_points) for c in papers.rubric(committee)}
    papers.check_score(paper, played.chair_user, marks)
    for name in services.CSV_NAMES:
        text = services.csv_file(committee, name).content.decode("utf-8-sig")
        assert "=cmd" in text, name
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    rows = _rows(services.csv_file(committee, "papers"))
    mine = [r for r in rows if r["country"] == "'=cmd|' /C calc'!A0"]
    assert [(r["delegate"], r["topic"], r["status"], r["version"], r["score"], r["scorers"]) for r in mine] == [
        ("'@SUM(1+1)", "A", "submitted", "1", "100.0", "1"),
        ("'@SUM(1+1)", "B", "not_submitted", "", "", "0"),
    ]


def test_statistics_and_who_has_not_spoken(played, clock):
    journal = adapters.committee_journal(played.committee)
    stats = {s.country: s for s in seat_stats(journal)}
    assert (stats["Canada"].speeches, stats["Canada"].seconds) == (1, 70)
    assert stats["France"].motions_moved == 1 and stats["France"].motions_passed == 1
    today = journal.speeches[0].started_at.date()
    assert not_spoken_today(journal, today) == ["Argentina", "Brazil"]


def test_shown_sittings_give_headings_and_roll_call_rows(played):
    with translation.override("en"):
        minutes = adapters.minutes_doc(played.committee)
        sittings = shown_sittings(minutes)
    assert sittings[0].heading.startswith("Sitting 1 · ")
    assert sittings[0].roll_calls[0].summary == "6 of 8 delegations present."


def test_the_statistics_page_draws_a_bar_per_speaker(played, monkeypatch):
    from django.test import Client

    # "Today" is the day of the played sitting (the test clock is in 2030).
    day = adapters.committee_journal(played.committee).speeches[0].started_at.date()
    monkeypatch.setattr("exports.views.timezone.localdate", lambda: day)

    client = Client()
    client.force_login(played.chair_user)
    page = client.get(f"/committees/{played.committee.pk}/stats/").content.decode()
    assert page.count("<rect ") == 4  # Canada, Denmark, France, Egypt spoke
    assert "<title>Canada: 70 s</title>" in page
    quiet = page.split('data-testid="not-spoken"')[1].split("</ul>")[0]
    assert "Argentina" in quiet and "Brazil" in quiet and "Canada" not in quiet
    panel = client.get(f"/committees/{played.committee.pk}/stats/panel/").content.decode()
    assert "<html" not in panel and "<rect " in panel and 'name="seat-' in panel


def test_control_characters_a_delegate_typed_do_not_break_the_files(played):
    committee = played.refresh()
    # NUL cannot reach the journal (the protocol refuses it, PostgreSQL cannot store it); the
    # other control characters can, and must not break the files.
    played.as_delegate("BR", "point.raise", kind="information", text="bad\x0bchars\x1f <b>&amp;</b>")
    seat = committee.seats.get(iso_code="DK")
    seat.country = "Den\x07mark"
    seat.save()
    document = docx(services.minutes_file(committee, "docx").content)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "“badchars <b>&amp;</b>”" in text and "Denmark spoke" in text
    pdf = pdf_text(services.minutes_file(committee, "pdf").content)
    assert "badchars <b>&amp;</b>" in pdf
