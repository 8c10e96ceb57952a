"""Property tests for the pure text operations on a draft's operative lines
(committee/live/documents.py): numbering and punctuation, and amendments applied to them."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from committee.live.documents import apply_amendment_to_lines, relabel, remove_parts


@st.composite
def lines_s(draw):
    """Well-formed operative lines: the first at level 0, each at most one level deeper."""
    count = draw(st.integers(1, 12))
    levels = [0]
    for _ in range(count - 1):
        levels.append(draw(st.integers(0, min(2, levels[-1] + 1))))
    return relabel([{"id": i + 1, "level": lvl, "phrase": "Urges" if lvl == 0 else "", "text": f"t{i + 1}"}
                    for i, lvl in enumerate(levels)])


def _well_formed(lines):
    refs = [line["ref"] for line in lines]
    assert len(refs) == len(set(refs))
    if lines:
        assert lines[0]["level"] == 0 and lines[-1]["end"] == "."
        assert [line["end"] for line in lines].count(".") == 1
    for before, after in zip(lines, lines[1:], strict=False):
        assert after["level"] <= before["level"] + 1
        assert before["end"] == (":" if after["level"] > before["level"] else ";")
    tops = [line for line in lines if line["level"] == 0]
    assert [line["label"] for line in tops] == [f"{i}." for i in range(1, len(tops) + 1)]


@given(lines_s())
def test_numbering_and_punctuation(lines):
    _well_formed(lines)


@given(lines_s(), st.data())
def test_amendments_keep_the_text_well_formed(lines, data):
    target = data.draw(st.sampled_from([line["id"] for line in lines]))
    kind = data.draw(st.sampled_from(["add", "delete", "replace"]))
    after = apply_amendment_to_lines(lines, {"kind": kind, "target": target, "text": "new", "code": "X/AMD/1"})
    index = next(i for i, line in enumerate(lines) if line["id"] == target)
    subtree = 1
    while index + subtree < len(lines) and lines[index + subtree]["level"] > lines[index]["level"]:
        subtree += 1
    if kind == "add":
        assert len(after) == len(lines) + 1
        assert after[index + subtree]["text"] == "new" and after[index + subtree]["amended_by"] == ["X/AMD/1"]
    elif kind == "delete":
        assert len(after) == len(lines) - subtree
        assert all(line["id"] != target for line in after)
    else:
        assert [line["text"] for line in after] == [
            "new" if line["id"] == target else line["text"] for line in lines
        ]
    if after and after[0]["level"] == 0:
        _well_formed(after)
    # a missing target changes nothing but the labels
    same = apply_amendment_to_lines(lines, {"kind": "delete", "target": 999, "code": "Y"})
    assert [line["text"] for line in same] == [line["text"] for line in lines]


@given(lines_s(), st.data())
def test_removed_parts_take_their_sub_clauses(lines, data):
    tops = sum(1 for line in lines if line["level"] == 0)
    removed = data.draw(st.lists(st.integers(1, tops), unique=True))
    after = remove_parts(lines, removed)
    assert sum(1 for line in after if line["level"] == 0) == tops - len(removed)
    if after:
        _well_formed(after)


@given(lines_s(), st.data())
def test_added_clauses_get_stable_unique_ids_that_later_amendments_find(lines, data):
    """Each `add` gives its clause the id `amd<amendment id>`: unique, the same when the same
    amendments are applied again (a replay), and a later amendment can target it."""
    amendments: list[dict[str, Any]] = []
    for number in range(1, data.draw(st.integers(1, 5)) + 1):
        ids = [line["id"] for line in lines] + [f"amd{a['id']}" for a in amendments if a["kind"] == "add"]
        amendments.append({"id": 100 + number, "kind": "add", "target": data.draw(st.sampled_from(ids)), "text": f"n{number}", "code": f"X/AMD/{number}"})

    def apply_all(start):
        out = start
        for amendment in amendments:
            out = apply_amendment_to_lines(out, amendment)
        return out

    after = apply_all(lines)
    ids = [line["id"] for line in after]
    assert len(ids) == len(set(ids)) == len(lines) + len(amendments)
    assert {f"amd{a['id']}" for a in amendments} <= set(ids)
    assert apply_all(lines) == after  # deterministic: a replay gives the same ids
    last = f"amd{amendments[-1]['id']}"
    replaced = apply_amendment_to_lines(after, {"id": 999, "kind": "replace", "target": last, "text": "again", "code": "X/AMD/9"})
    line = next(x for x in replaced if x["id"] == last)
    assert line["text"] == "again" and line["amended_by"] == [amendments[-1]["code"], "X/AMD/9"]
    _well_formed(replaced)
