"""From the database to the pure documents of `exports.documents` and `exports.journal`.

`resolution_doc()` reads a `resolutions.models.Paper`: its clause tree, signatures, pending
amendments, and the vote that decided it from the committee's journal (`draft_decided`,
`vote_closed`'s result, `roll_call_answered`). Everything downstream takes a `ResolutionDoc`.
`clauses_from_json()` reads clauses kept as JSON (imports, tests).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from committee.models import Committee, CommitteeEvent
from exports.documents import Amendment as DocAmendment
from exports.documents import (
    MinutesDoc,
    OperativeClause,
    PreambularClause,
    ResolutionDoc,
    RollCallEntry,
    SubClause,
    VoteResult,
)
from exports.documents import (
    Status as DocStatus,
)
from exports.journal import Journal, JournalEvent, read_journal
from resolutions.document import build_tree, clause_row
from resolutions.models import Paper, Signature
from resolutions.services import body_name, topic_title
from resolutions.services import seat_names as localised_seats

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
    Paper.Status.ADOPTED: "adopted",
    Paper.Status.REJECTED: "rejected",
    Paper.Status.LAPSED: "rejected",
}
SHOWN = (Paper.Status.DRAFT, Paper.Status.ADOPTED, Paper.Status.REJECTED, Paper.Status.LAPSED)
CHOICE = {"yes": "yes", "yes_rights": "yes", "no": "no", "no_rights": "no", "abstain": "abstain"}


def _sub(node: dict[str, Any]) -> SubClause:
    return SubClause(
        text=node["text"], phrase=node["phrase"], subclauses=tuple(_sub(c) for c in node["children"])
    )


def clauses_of(paper: Paper) -> tuple[tuple[PreambularClause, ...], tuple[OperativeClause, ...]]:
    """The clause tree (`resolutions.document`): preambular clauses with their phrases, operative
    clauses with sub-clauses two levels deep. Adopted amendments are already in the clauses."""
    tree = build_tree([clause_row(c) for c in paper.clauses.all()])
    pre = tuple(PreambularClause(n["phrase"], n["text"]) for n in tree["preambular"])
    ops = tuple(
        OperativeClause(
            phrase=n["phrase"], text=n["text"], subclauses=tuple(_sub(c) for c in n["children"])
        )
        for n in tree["operative"]
    )
    return pre, ops


def _pending_amendments(paper: Paper) -> tuple[DocAmendment, ...]:
    """Amendments not yet decided, tracked beside the draft's clauses (adopted and friendly ones
    are already merged into the clauses)."""
    tops = list(paper.clauses.filter(kind="operative", parent=None).order_by("position", "pk"))
    number = {c.pk: i + 1 for i, c in enumerate(tops)}
    out = []
    pending = paper.amendments.filter(
        status__in=("proposed", "unfriendly", "approved"), parent=None
    ).select_related("seat", "paper__committee", "paper__topic")
    for a in pending.order_by("number"):
        if a.target_id is not None and a.target_id not in number:
            continue  # a sub-clause: the tracked view shows top-level clauses
        clause = number.get(a.target_id, len(tops)) if a.target_id is not None else len(tops)
        out.append(
            DocAmendment(
                kind=a.kind,  # type: ignore[arg-type]
                clause=clause, text=a.text, phrase=a.phrase, status="pending",
                sponsor=a.seat.country, label=a.code,
            )
        )
    return tuple(out)


def vote_of(paper: Paper) -> tuple[VoteResult | None, Any]:
    """The vote that decided the draft, from the journal: `draft_decided` (its result and time),
    the roll call from the last `roll_call_answered` of that vote."""
    decided = (
        CommitteeEvent.objects.filter(
            committee_id=paper.committee_id, kind="draft_decided", payload__draft=paper.pk
        )
        .order_by("-seq")
        .first()
    )
    if decided is None:
        return None, None
    at = timezone.localtime(decided.created_at)
    result = decided.payload.get("result")
    if not result:
        return None, at
    roll_call: tuple[RollCallEntry, ...] = ()
    vote_id = result.get("vote")
    if vote_id is not None and result.get("method") == "roll_call":
        answered = (
            CommitteeEvent.objects.filter(
                committee_id=paper.committee_id,
                kind="roll_call_answered",
                payload__vote=vote_id,
                seq__lt=decided.seq,
            )
            .order_by("-seq")
            .first()
        )
        if answered is not None:
            data = answered.payload.get("roll_call") or {}
            answers = {str(seat): answer for seat, answer in data.get("answers", [])}
            roll_call = tuple(
                RollCallEntry(
                    str(seat.get("name") or seat.get("id")),
                    CHOICE.get(answers.get(str(seat.get("id")), ""), ""),  # type: ignore[arg-type]
                )
                for seat in data.get("seats", [])
            )
    vote = VoteResult(
        yes=int(result.get("yes", 0)),
        no=int(result.get("no", 0)),
        abstain=int(result.get("abstain", 0)),
        method=str(result.get("method") or "placard"),
        roll_call=roll_call,
    )
    return vote, at


def resolution_doc(paper: Paper, *, language: str = "en") -> ResolutionDoc:
    """A paper as a document: the adopted text (amendments merged) with its vote and roll call,
    or a draft with its pending amendments to track."""
    committee = paper.committee
    pre, ops = clauses_of(paper)
    status = STATUS.get(paper.status, "draft")
    vote, decided_at = vote_of(paper)
    adopted = status == "adopted"
    when = decided_at or (timezone.localtime(paper.approved_at) if paper.approved_at else None)
    date = when.date() if when else timezone.localdate()
    signatures = list(paper.signatures.select_related("seat"))

    def countries(role: str) -> tuple[str, ...]:
        rows = localised_seats([s.seat for s in signatures if s.role == role], language)
        return tuple(row["country"] for row in rows)

    return ResolutionDoc(
        code=paper.code,
        date=date,
        committee=committee.name_es if language == "es" and committee.name_es else committee.name,
        body=body_name(committee, language),
        topic=topic_title(paper.topic, language),
        title=paper.title,
        conference=committee.conference.name,
        sponsors=countries(Signature.Role.SPONSOR),
        signatories=countries(Signature.Role.SIGNATORY),
        preambular=pre,
        operative=ops,
        status=status,  # one of the three: STATUS or "draft"
        adopted_on=date if adopted else None,
        vote=vote,
        amendments=() if status != "draft" else _pending_amendments(paper),
        language=language,
    )


def resolutions_of(committee: Committee, *, adopted_only: bool) -> list[Paper]:
    """Drafts and what became of them (working papers are not documents of the committee yet)."""
    rows = Paper.objects.filter(committee=committee).select_related("topic", "committee__conference")
    rows = rows.filter(status=Paper.Status.ADOPTED) if adopted_only else rows.filter(status__in=SHOWN)
    return list(rows.order_by("topic__order", "draft_number", "pk"))


def document_fates(committee: Committee) -> list[tuple[str, str, str]]:
    """(code, title, fate) of the drafts the committee has seen, for the minutes: an adopted one
    under its resolution code with the draft's code beside its fate."""
    shown = Paper.objects.filter(committee=committee, status__in=SHOWN).select_related("topic")
    out = []
    for paper in shown.order_by("draft_number", "pk"):
        fate = str(paper.get_status_display())
        if paper.resolution_code:
            fate = _("%(fate)s (draft %(draft)s)") % {"fate": fate, "draft": paper.draft_code}
        out.append((paper.code, paper.title, fate))
    return out


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
