"""Sample documents for the export tests (pure, no database)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from exports.documents import (
    Amendment,
    OperativeClause,
    PreambularClause,
    ResolutionDoc,
    RollCallEntry,
    SubClause,
    VoteResult,
)

PHRASES = ["Urges", "Encourages", "Requests", "Decides", "Calls upon", "Recommends"]


def resolution(n_operative: int = 4, **kwargs: Any) -> ResolutionDoc:
    operative = []
    for i in range(1, n_operative + 1):
        subs: tuple[SubClause, ...] = ()
        if i == 1:
            subs = (
                SubClause("through I-24/7"),
                SubClause("through Operation Pangea", subclauses=(SubClause("every year"), SubClause("with customs"))),
            )
        operative.append(
            OperativeClause(PHRASES[(i - 1) % len(PHRASES)], f"operative text number {i}", subs)
        )
    sample = ResolutionDoc(
        code="INTERPOL/RES/1",
        date=dt.date(2026, 12, 2),
        committee="INTERPOL General Assembly",
        body="The INTERPOL General Assembly",
        topic="Counterfeit medicines in Africa",
        title="Combating counterfeit medicines",
        conference="Dais MUN 2026",
        sponsors=("Kenya", "Nigeria"),
        signatories=("France", "Japan"),
        preambular=(
            PreambularClause("Recalling", "its earlier resolutions."),
            PreambularClause("Deeply concerned", "by falsified medicines"),
        ),
        operative=tuple(operative),
        status="adopted",
        adopted_on=dt.date(2026, 12, 3),
        vote=VoteResult(
            30, 5, 4, "roll_call",
            (RollCallEntry("Kenya", "yes"), RollCallEntry("Japan", "no"), RollCallEntry("France", "abstain")),
        ),
        amendments=(),
    )
    return dataclasses.replace(sample, **kwargs)


def amended_draft() -> ResolutionDoc:
    return resolution(
        code="INTERPOL/DR/1",
        status="draft",
        adopted_on=None,
        vote=None,
        amendments=(
            Amendment("add", 1, "customs officers to be trained", "Encourages", status="adopted", friendly=True, label="A/1"),
            Amendment("delete", 2, status="pending", label="A/2"),
            Amendment("replace", 3, "a yearly report", "Requests", status="adopted", label="A/3"),
            Amendment("delete", 4, status="rejected", label="A/4"),
        ),
    )
