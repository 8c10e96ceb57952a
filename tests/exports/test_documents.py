"""Pure parts of the exports: amendments merged or tracked, UN punctuation, CSV neutralising."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from exports.adapters import clauses_from_json, split_phrase
from exports.documents import operative_rows, operative_text, preambular_text, roman, sub_rows
from exports.tables import FORMULA_STARTS, neutralise, to_csv
from tests.exports.samples import amended_draft, resolution


def test_it_merges_adopted_amendments_and_drops_the_rest():
    rows = operative_rows(amended_draft(), tracked=False)
    texts = [(r.number, r.clause.phrase, r.clause.text, r.mark) for r in rows]
    assert texts == [
        (1, "Urges", "operative text number 1", ""),
        (2, "Encourages", "customs officers to be trained", ""),  # A/1 added after clause 1
        (3, "Encourages", "operative text number 2", ""),  # A/2 is pending: not merged
        (4, "Requests", "a yearly report", ""),  # A/3 replaced clause 3
        (5, "Decides", "operative text number 4", ""),  # A/4 was rejected
    ]
    assert [r.last for r in rows] == [False, False, False, False, True]


def test_it_tracks_adopted_and_pending_amendments_in_a_draft():
    rows = operative_rows(amended_draft(), tracked=True)
    marks = [(r.number, r.mark, r.amendment.label if r.amendment else "") for r in rows]
    assert marks == [
        (1, "", ""),
        (2, "ins", "A/1"),
        (None, "del", "A/2"),
        (None, "del", "A/3"),
        (3, "ins", "A/3"),
        (4, "", ""),
    ]
    assert rows[-1].last


def test_it_punctuates_like_the_un():
    doc = resolution(3)
    assert preambular_text(doc.preambular[0]) == "its earlier resolutions,"
    assert preambular_text(doc.preambular[1]) == "by falsified medicines,"
    first, middle, last = doc.operative
    assert operative_text(first, last=False) == "operative text number 1:"
    assert operative_text(middle, last=False) == "operative text number 2;"
    assert operative_text(last, last=True) == "operative text number 3."
    subs = sub_rows(first, last=True)
    assert [(s.depth, s.marker, s.text) for s in subs] == [
        (1, "a)", "through I-24/7;"),
        (1, "b)", "through Operation Pangea:"),
        (2, "i.", "every year;"),
        (2, "ii.", "with customs."),
    ]
    assert [roman(n) for n in (1, 4, 9, 14)] == ["i", "iv", "ix", "xiv"]


def test_it_reads_clauses_stored_as_strings_or_dicts():
    assert split_phrase("Deeply concerned by the rise") == ("Deeply concerned", "by the rise")
    assert split_phrase("Recalling, its resolution") == ("Recalling", "its resolution")
    pre, ops = clauses_from_json(
        ["Taking into account the report"],
        [{"phrase": "Urges", "text": "states", "subclauses": ["to act", {"text": "to share", "subclauses": ["now"]}]}, "Decides to remain seized"],
    )
    assert pre[0].phrase == "Taking into account" and pre[0].text == "the report"
    assert ops[0].subclauses[1].subclauses[0].text == "now"
    assert (ops[1].phrase, ops[1].text) == ("Decides", "to remain seized")


@given(st.text())
def test_a_neutralised_cell_never_starts_a_formula(value):
    cell = neutralise(value)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (value, "'" + value)


def test_it_neutralises_every_dangerous_start_and_leaves_numbers():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(start + "1+1") == "'" + start + "1+1"
    assert neutralise(-5) == -5
    text = to_csv(["a"], [["=cmd|' /C calc'!A0"]])
    assert text.splitlines()[1] == "'=cmd|' /C calc'!A0"
