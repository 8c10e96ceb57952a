"""From the database to the pure documents of `exports.documents` and `exports.journal`.

`resolution_doc()` reads today's `committee.models.Resolution` (clauses in its `preamble` and
`operative` JSON). The resolutions app (issue 11) replaces it at merge with one that reads its
clause, amendment and vote models; everything downstream takes a `ResolutionDoc` and stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from committee.models import Committee, CommitteeEvent, Resolution
from exports.documents import (
    MinutesDoc,
    OperativeClause,
    PreambularClause,
    ResolutionDoc,
    SubClause,
    VoteResult,
)
from exports.documents import (
    Status as DocStatus,
)
from exports.journal import Journal, JournalEvent, read_journal

# Opening phrases of more than one word, so that a clause stored as one string splits right.
MULTI_WORD_PHRASES = sorted(
    [
        "Deeply concerned",
        "Deeply convinced",
        "Deeply disturbed",
        "Deeply regretting",
        "Fully aware",
        "Fully believing",
        "Further recalling",
        "Guided by",
        "Having adopted",
        "Having considered",
        "Having examined",
        "Having received",
        "Keeping in mind",
        "Noting with concern",
        "Noting with satisfaction",
        "Noting with deep concern",
        "Taking into account",
        "Taking into consideration",
        "Taking note",
        "Bearing in mind",
        "Calls upon",
        "Calls for",
        "Further invites",
        "Further proclaims",
        "Further reminds",
        "Further recommends",
        "Further requests",
        "Further resolves",
        "Solemnly affirms",
        "Strongly condemns",
        "Draws the attention",
        "Tomando en cuenta",
        "Teniendo en cuenta",
        "Profundamente preocupada",
        "Observando con preocupación",
        "Hace un llamamiento",
        "Exhorta a",
    ],
    key=len,
    reverse=True,
)


def split_phrase(text: str) -> tuple[str, str]:
    """("Recalling", "its resolution ...") from "Recalling its resolution ..."."""
    text = " ".join(str(text).split())
    for phrase in MULTI_WORD_PHRASES:
        if text.lower().startswith(phrase.lower() + " ") or text.lower() == phrase.lower():
            return text[: len(phrase)], text[len(phrase) :].strip()
    head, _sep, rest = text.partition(" ")
    return head.rstrip(","), rest


def _phrase_text(item: Any) -> tuple[str, str]:
    if isinstance(item, dict):
        phrase = str(item.get("phrase") or "").strip()
        text = str(item.get("text") or "").strip()
        if not phrase:
            return split_phrase(text)
        return phrase, text
    return split_phrase(str(item))


def _subclauses(items: Any, depth: int = 1) -> tuple[SubClause, ...]:
    out = []
    for item in items or []:
        if isinstance(item, dict):
            children = _subclauses(item.get("subclauses"), depth + 1) if depth < 2 else ()
            out.append(
                SubClause(
                    text=str(item.get("text") or ""),
                    phrase=str(item.get("phrase") or ""),
                    subclauses=children,
                )
            )
        else:
            out.append(SubClause(text=str(item)))
    return tuple(out)


def clauses_from_json(
    preamble: Iterable[Any], operative: Iterable[Any]
) -> tuple[tuple[PreambularClause, ...], tuple[OperativeClause, ...]]:
    """Clauses from JSON lists: each item a string ("Recalling its ...") or a dict
    {"phrase", "text", "subclauses": [string or {"text", "subclauses"}]}."""
    pre = tuple(PreambularClause(*_phrase_text(item)) for item in preamble or [])
    ops = []
    for item in operative or []:
        phrase, text = _phrase_text(item)
        subs = _subclauses(item.get("subclauses")) if isinstance(item, dict) else ()
        ops.append(OperativeClause(phrase=phrase, text=text, subclauses=subs))
    return pre, tuple(ops)


STATUS: dict[str, DocStatus] = {
    Resolution.Status.ADOPTED: "adopted",
    Resolution.Status.REJECTED: "rejected",
}


def resolution_doc(
    resolution: Resolution, *, language: str = "en", vote: VoteResult | None = None
) -> ResolutionDoc:
    """Today's Resolution row as a document. The row has no vote or amendments yet: a caller
    that knows them passes `vote` (the resolutions app will read its own models)."""
    committee = resolution.committee
    pre, ops = clauses_from_json(resolution.preamble, resolution.operative)
    status = STATUS.get(resolution.status, "draft")
    adopted = status == "adopted"
    date = timezone.localtime(resolution.updated_at).date() if resolution.updated_at else timezone.localdate()
    return ResolutionDoc(
        code=(resolution.adopted_code if adopted and resolution.adopted_code else resolution.code)
        or resolution.title,
        date=date,
        committee=committee.name,
        body=committee.formal_name or committee.name,
        topic=resolution.topic.title,
        title=resolution.title,
        conference=committee.conference.name,
        sponsors=tuple(s.country for s in resolution.sponsors.order_by("country")),
        signatories=tuple(s.country for s in resolution.signatories.order_by("country")),
        preambular=pre,
        operative=ops,
        status=status,
        adopted_on=date if adopted else None,
        vote=vote,
        language=language,
    )


def resolutions_of(committee: Committee, *, adopted_only: bool) -> list[Resolution]:
    rows = committee.resolutions.select_related("topic", "committee__conference").order_by(
        "topic__order", "pk"
    )
    if adopted_only:
        rows = rows.filter(status=Resolution.Status.ADOPTED)
    return list(rows)


def document_fates(committee: Committee) -> list[tuple[str, str, str]]:
    """(code, title, fate) of the documents the committee has seen: for the minutes."""
    shown = committee.resolutions.exclude(status=Resolution.Status.WORKING_PAPER).order_by("pk")
    return [
        (r.adopted_code or r.code, r.title, str(r.get_status_display())) for r in shown
    ]


# ---------------------------------------------------------------------------------------------
# The journal


def journal_events(committee: Committee, *, upto: int | None = None) -> list[JournalEvent]:
    rows = CommitteeEvent.objects.filter(committee=committee).select_related("actor")
    if upto is not None:
        rows = rows.filter(seq__lte=upto)
    events = []
    for row in rows.order_by("seq").iterator(chunk_size=2000):
        actor = ""
        if row.actor is not None:
            actor = row.actor.get_full_name() or row.actor.get_username()
        events.append(
            JournalEvent(
                seq=row.seq,
                kind=row.kind,
                payload=row.payload,
                at=timezone.localtime(row.created_at),
                actor=actor,
                seat=row.seat_id,
            )
        )
    return events


def seat_names(committee: Committee) -> dict[int, str]:
    return dict(committee.seats.values_list("pk", "country"))


def topic_titles(committee: Committee) -> dict[str, str]:
    return dict(committee.topics.values_list("letter", "title"))


def committee_journal(committee: Committee) -> Journal:
    return read_journal(journal_events(committee), seat_names(committee), topic_titles(committee))


def minutes_doc(committee: Committee, *, language: str = "en") -> MinutesDoc:
    """Call inside `translation.override(language)`: the entries are written in it."""
    journal = committee_journal(committee)
    return MinutesDoc(
        committee=committee.name,
        body=committee.formal_name or committee.name,
        conference=committee.conference.name,
        seats=journal.seats,
        sittings=journal.sittings,
        documents=document_fates(committee),
        language=language,
        generated_at=timezone.localtime(),
    )
