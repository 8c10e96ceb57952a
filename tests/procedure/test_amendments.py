"""Vote plans for drafts: amendment order, second degree, moot amendments, division, text."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from committee.procedure import (
    Amendment,
    Clause,
    ProcedureError,
    VotePlan,
    apply_amendment,
    apply_results,
    get_profile,
    vote_plan,
)


def _next_key(plan: VotePlan, results: Mapping[str, bool]) -> str | None:
    """The key of the next vote, or None when voting is over."""
    step = plan.next_vote(results)
    return step.key if step is not None else None


MUN, UN, HAR, THI = (get_profile(n) for n in ("unausa", "un", "hmun", "thimun"))
DRAFT = [Clause(1, "Requests ...;"), Clause(2, "Urges ...;"), Clause(3, "Decides ....")]


def texts(outcome):
    return [c.text for c in outcome.clauses]


def test_without_amendments_the_draft_is_voted_once():
    plan = vote_plan(MUN, DRAFT)
    assert [s.key for s in plan.steps] == ["draft"]
    step = plan.next_vote({})
    assert step is not None and step.description == "The draft as amended"
    outcome = apply_results(plan, {})
    assert outcome.status == "pending" and outcome.adopted is None
    outcome = apply_results(plan, {"draft": False})
    assert outcome.status == "rejected" and outcome.reason == "Rejected: the draft was voted down."


def test_submission_order_with_second_degree_before_each_parent():
    amendments = [
        Amendment("A", "add", target=1, text="Invites ...;"),
        Amendment("B", "delete", target=3),
        Amendment("A.1", "replace", parent="A", text="Further invites ...;"),
    ]
    plan = vote_plan(THI, DRAFT, amendments)
    assert [s.key for s in plan.steps] == ["amendment:A.1", "amendment:A", "amendment:B", "draft"]
    outcome = plan.outcome(
        {"amendment:A.1": True, "amendment:A": True, "amendment:B": False, "draft": True}
    )
    assert outcome.adopted
    assert texts(outcome) == ["Requests ...;", "Further invites ...;", "Urges ...;", "Decides ...."]
    assert [c.number for c in outcome.clauses] == [1, 2, 3, 4]


def test_second_degree_amendments_are_out_of_order_where_the_profile_has_none():
    amendments = [
        Amendment("A", "replace", target=2, text="x"),
        Amendment("A.1", "replace", parent="A", text="y"),
    ]
    for profile in (HAR, UN):
        with pytest.raises(ProcedureError, match="out of order"):
            vote_plan(profile, DRAFT, amendments)


def test_third_degree_and_malformed_second_degree_are_refused():
    base = [
        Amendment("A", "replace", target=2, text="x"),
        Amendment("A.1", "replace", parent="A", text="y"),
    ]
    with pytest.raises(ProcedureError, match="third-degree"):
        vote_plan(THI, DRAFT, [*base, Amendment("A.1.1", "replace", parent="A.1", text="z")])
    with pytest.raises(ProcedureError, match="not on the floor"):
        vote_plan(THI, DRAFT, [Amendment("A.1", "replace", parent="Z", text="y")])
    with pytest.raises(ProcedureError, match="must revise the text"):
        vote_plan(
            THI,
            DRAFT,
            [Amendment("D", "delete", target=1), Amendment("D.1", "replace", parent="D", text="y")],
        )


def test_amendments_to_missing_clauses_and_bad_divisions_are_refused():
    with pytest.raises(ProcedureError, match="operative clause 9"):
        vote_plan(MUN, DRAFT, [Amendment(1, "delete", target=9)])
    with pytest.raises(ProcedureError, match="no operative clause 7"):
        vote_plan(MUN, DRAFT, divided=[7])
    with pytest.raises(ProcedureError, match="two divided parts"):
        vote_plan(MUN, DRAFT, divided=[(1, 2), 2])
    with pytest.raises(ValueError, match="unique"):
        vote_plan(MUN, DRAFT, [Amendment(1, "delete", target=1), Amendment(1, "delete", target=2)])
    with pytest.raises(ValueError, match="kind"):
        vote_plan(MUN, DRAFT, [Amendment(1, "rewrite", target=1)])


def test_a_replaced_clause_can_still_be_deleted_but_not_replaced_again():
    amendments = [
        Amendment(1, "replace", target=2, text="Encourages ...;"),
        Amendment(2, "replace", target=2, text="Invites ...;"),
        Amendment(3, "delete", target=2),
    ]
    plan = vote_plan(MUN, DRAFT, amendments)
    results = {"amendment:1": True}
    assert _next_key(plan, results) == "amendment:3"
    outcome = plan.outcome({**results, "amendment:3": True, "draft": True})
    assert outcome.skipped == ("amendment:2",)
    assert texts(outcome) == ["Requests ...;", "Decides ...."]


def test_the_chair_can_rule_amendments_mutually_exclusive():
    amendments = [
        Amendment(1, "add", target=None, text="Calls for ...;", excludes=(2,)),
        Amendment(2, "add", target=None, text="Demands ...;"),
    ]
    plan = vote_plan(MUN, DRAFT, amendments)
    assert _next_key(plan, {"amendment:1": True}) == "draft"
    assert _next_key(plan, {"amendment:1": False}) == "amendment:2"


def test_furthest_removed_uses_explicit_distances_before_the_default():
    amendments = [
        Amendment(1, "delete", target=1),
        Amendment(2, "add", target=0, text="x", distance=9),
    ]
    assert [s.key for s in vote_plan(UN, DRAFT, amendments).steps][:2] == [
        "amendment:2",
        "amendment:1",
    ]
    assert [s.key for s in vote_plan(MUN, DRAFT, amendments).steps][:2] == [
        "amendment:1",
        "amendment:2",
    ]


def test_added_clauses_keep_their_order_and_position():
    amendments = [
        Amendment(1, "add", target=0, text="First;"),
        Amendment(2, "add", target=0, text="Second;"),
        Amendment(3, "add", target=2, text="After two;"),
    ]
    plan = vote_plan(MUN, DRAFT, amendments)
    outcome = plan.outcome(
        {"amendment:1": True, "amendment:2": True, "amendment:3": True, "draft": True}
    )
    assert texts(outcome) == [
        "First;",
        "Second;",
        "Requests ...;",
        "Urges ...;",
        "After two;",
        "Decides ....",
    ]


def test_division_after_amendments_uses_the_amended_text_and_skips_deleted_parts():
    amendments = [
        Amendment(1, "replace", target=1, text="Asks ...;"),
        Amendment(2, "delete", target=3),
    ]
    plan = vote_plan(MUN, DRAFT, amendments, divided=[1, 3])
    assert [s.key for s in plan.steps] == [
        "amendment:1",
        "amendment:2",
        "part:1",
        "part:3",
        "draft",
    ]
    results = {"amendment:1": True, "amendment:2": True, "part:1": True}
    assert _next_key(plan, results) == "draft"
    outcome = plan.outcome({**results, "draft": True})
    assert outcome.skipped == ("part:3",) and texts(outcome) == ["Asks ...;", "Urges ...;"]


def test_important_questions_need_what_they_need_on_amendments_and_parts():
    plan = vote_plan(UN, DRAFT, [Amendment(1, "delete", target=1)], divided=[2], important=True)
    assert {s.question for s in plan.steps} == {"important"}


def test_friendly_amendments_are_applied_without_a_vote():
    changed = apply_amendment(DRAFT, Amendment("f", "replace", target=2, text="Strongly urges;"))
    assert [c.text for c in changed] == ["Requests ...;", "Strongly urges;", "Decides ...."]
    added = apply_amendment(DRAFT, Amendment("g", "add", target=None, text="Last."))
    assert [c.number for c in added] == [1, 2, 3, 4]
    with pytest.raises(ProcedureError):
        apply_amendment(DRAFT, Amendment("h", "replace", parent="f", text="x"))
