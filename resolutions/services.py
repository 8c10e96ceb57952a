"""Every change to a paper goes through here (views call it; the live session calls back).

Writes run inside `transaction.atomic()` with the paper row locked (the committee row first
when the live session is touched, the order `committee.services` uses), keep every save as a
`Revision`, and tell the paper's authors after commit.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from committee import broadcast
from committee import services as live_services
from committee.access import Access
from committee.countries import country_name, sorted_by_name
from committee.live import drafts as live_drafts
from committee.live.commands import CHAIR, Actor, LiveError
from resolutions import phrases
from resolutions.document import build_tree, clause_row, flatten
from resolutions.models import (
    Clause,
    Counter,
    DraftingSettings,
    Paper,
    Revision,
    Signature,
)

MAX_TEXT = 2000
MAX_PHRASE = 100
MAX_TITLE = 200
MAX_DEPTH = 3  # clause, sub-clause a), sub-sub-clause i.


class PaperError(Exception):
    """A refused change; nothing was saved. The message is for the person who asked."""


class UnknownPhrase(PaperError):
    """A warning the author may override (send again with `override_phrase`)."""

    def __init__(self, message: str, suggestions: list[str]):
        super().__init__(message)
        self.suggestions = suggestions


class EditConflict(PaperError):
    """Someone saved the clause first: both versions go back to the author, who chooses."""

    def __init__(self, message: str, mine: dict[str, Any], theirs: dict[str, Any] | None):
        super().__init__(message)
        self.mine = mine
        self.theirs = theirs


# ---------------------------------------------------------------------------------------------
# Reading


def extra_phrases(committee: Any, kind: str) -> list[str]:
    settings = DraftingSettings.objects.filter(committee=committee).first()
    if settings is None:
        return []
    value = settings.extra_preambular if kind == "preambular" else settings.extra_operative
    return [str(p) for p in value or [] if str(p).strip()]


def clause_rows(paper: Paper) -> list[dict[str, Any]]:
    return [clause_row(c) for c in paper.clauses.all().order_by("position", "pk")]


def _language(language: str | None) -> str:
    return (language or translation.get_language() or django_settings.LANGUAGE_CODE).split("-")[0].lower()


def body_name(committee: Any, language: str | None = None) -> str:
    """How the committee's documents open ("The INTERPOL General Assembly"), in `language`: the
    Spanish formal name, else the Spanish name, else the English ones."""
    if _language(language) == "es" and (committee.formal_name_es or committee.name_es):
        return str(committee.formal_name_es or committee.name_es)
    return str(committee.formal_name or committee.name)


def topic_title(topic: Any, language: str | None = None) -> str:
    if _language(language) == "es" and topic.title_es:
        return str(topic.title_es)
    return str(topic.title)


def seat_names(seats: Any, language: str | None = None) -> list[dict[str, Any]]:
    """[{"id", "country"}] with the countries' names in `language`, sorted in its order."""
    language = _language(language)
    rows = [{"id": s.pk, "country": country_name(s.iso_code, s.country, language)} for s in seats]
    return sorted_by_name(rows, lambda row: row["country"])


def document(paper: Paper, language: str | None = None) -> dict[str, Any]:
    """The paper for pages and frames: heading, clauses in order, signatures. The committee's
    name, the topic and the countries are in `language` (default: the active one), countries
    sorted in its order; everything else is the paper's own text."""
    language = _language(language)
    signatures = list(paper.signatures.select_related("seat"))
    rows = clause_rows(paper)
    if paper.status != Paper.Status.WORKING_PAPER:
        # Which amendments changed which clause (replaced, or added by an amendment).
        marks: dict[int, list[str]] = {}
        for amendment in paper.amendments.filter(status__in=("applied", "adopted")).order_by("number"):
            clause_id = amendment.result_clause_id if amendment.kind == "add" else amendment.target_id
            if clause_id is not None:
                marks.setdefault(clause_id, []).append(amendment.code)
        for row in rows:
            row["amended_by"] = marks.get(row["id"], [])
    tree = build_tree(rows)
    with translation.override(language):
        status_label = str(paper.get_status_display())
    return {
        "id": paper.pk,
        "code": paper.code,
        "wp_code": paper.wp_code,
        "draft_code": paper.draft_code,
        "resolution_code": paper.resolution_code,
        "title": paper.title,
        "status": paper.status,
        "status_label": status_label,
        "language": language,
        "committee": body_name(paper.committee, language),
        "topic": {"letter": paper.topic.letter, "title": topic_title(paper.topic, language)},
        "revision": paper.revision,
        "editable": paper.editable,
        "authors": seat_names(paper.authors.all(), language),
        "sponsors": seat_names(
            [s.seat for s in signatures if s.role == Signature.Role.SPONSOR], language
        ),
        "signatories": seat_names(
            [s.seat for s in signatures if s.role == Signature.Role.SIGNATORY], language
        ),
        **tree,
    }


def history(paper: Paper) -> list[Revision]:
    return list(paper.revisions.select_related("seat", "user").order_by("-number"))


# ---------------------------------------------------------------------------------------------
# Helpers


def _actor_fields(access: Access, user: Any) -> dict[str, Any]:
    return {
        "seat": access.delegate_seat if access.is_delegate else None,
        "user": user if user is not None and getattr(user, "is_authenticated", False) else None,
    }


def _next_number(committee: Any, key: str) -> int:
    counter, _created = Counter.objects.select_for_update().get_or_create(
        committee=committee, key=key
    )
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value


def _locked(paper_id: int) -> Paper:
    return Paper.objects.select_for_update().select_related("committee", "topic").get(pk=paper_id)


def _require_author(access: Access, paper: Paper) -> None:
    if not access.is_delegate or not paper.authors.filter(pk=access.delegate_seat.pk).exists():
        raise PaperError(_("Only the paper's authors can change its text."))


def _require_editable(paper: Paper) -> None:
    if not paper.editable:
        raise PaperError(
            _("%(code)s is no longer a working paper: its text changes only by amendments.")
            % {"code": paper.code}
        )


def _clean_text(value: Any) -> str:
    if not isinstance(value, str):
        raise PaperError(_("Write the clause's text."))
    text = " ".join(value.split())
    while text and text[-1] in ",;":
        text = text[:-1].rstrip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    if not text:
        raise PaperError(_("Write the clause's text."))
    if len(text) > MAX_TEXT:
        raise PaperError(
            _("A clause holds at most %(max)d characters.") % {"max": MAX_TEXT}
        )
    return text


def _clean_phrase(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PaperError(_("The opening phrase is text."))
    phrase = " ".join(value.split())
    if len(phrase) > MAX_PHRASE:
        raise PaperError(
            _("An opening phrase holds at most %(max)d characters.") % {"max": MAX_PHRASE}
        )
    return phrase


def check_phrase(paper: Paper, kind: str, phrase: str, language: str) -> None:
    extra = extra_phrases(paper.committee, kind)
    if phrase and phrases.is_known(kind, phrase, extra):
        return
    hints = phrases.suggestions(kind, phrase, language, extra)
    if not phrase:
        message = _("This clause has no opening phrase.")
    elif kind == "preambular":
        message = _("“%(phrase)s” is not a standard preambular phrase.") % {"phrase": phrase}
    else:
        message = _("“%(phrase)s” is not a standard operative phrase.") % {"phrase": phrase}
    raise UnknownPhrase(message, hints)


def _bump(paper: Paper) -> int:
    Paper.objects.filter(pk=paper.pk).update(revision=F("revision") + 1)
    paper.refresh_from_db(fields=["revision"])
    return paper.revision


def _record(
    paper: Paper,
    access: Access,
    user: Any,
    action: str,
    clause_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> Revision:
    number = _bump(paper)
    revision = Revision.objects.create(
        paper=paper,
        number=number,
        action=action,
        clause_id=clause_id,
        before=before,
        after=after,
        **_actor_fields(access, user),
    )
    seat = access.delegate_seat.pk if access.is_delegate and access.seat is not None else None
    _tell_authors(paper, {"action": action, "clause": clause_id, "by": _by(access), "seat": seat})
    return revision


def _by(access: Access) -> str:
    return access.delegate_seat.country if access.is_delegate and access.delegate_seat else _("the chair")


def _tell_authors(paper: Paper, change: dict[str, Any]) -> None:
    """After commit: the new document to every device of every author (their seat group)."""
    seats = list(paper.authors.values_list("pk", flat=True))
    seats += list(paper.signatures.values_list("seat_id", flat=True))
    frame = {
        "type": "paper",
        "paper": paper.pk,
        "revision": paper.revision,
        "change": change,
        # One frame for every author whatever their page's language: names in the site's
        # language; each page shows them in its own (paper.js, from its config's `names`).
        "document": document(paper, django_settings.LANGUAGE_CODE),
    }
    frames = [(broadcast.seat_group(paper.committee_id, s), frame) for s in sorted(set(seats))]
    transaction.on_commit(lambda: broadcast.send_now(frames))


def _siblings(paper: Paper, kind: str, parent_id: int | None):
    return Clause.objects.filter(paper=paper, kind=kind, parent_id=parent_id).order_by(
        "position", "pk"
    )


def _renumber(paper: Paper, kind: str, parent_id: int | None, order: list[int]) -> None:
    for index, clause_id in enumerate(order):
        Clause.objects.filter(pk=clause_id).update(position=index)


def _clause(paper: Paper, clause_id: Any) -> Clause:
    if isinstance(clause_id, bool) or not isinstance(clause_id, int):
        raise PaperError(_("That clause is not in this paper."))
    clause = Clause.objects.filter(paper=paper, pk=clause_id).first()
    if clause is None:
        raise PaperError(_("That clause is not in this paper any more."))
    return clause


def _depth(clause: Clause) -> int:
    depth = 1
    parent = clause.parent
    while parent is not None:
        depth += 1
        parent = parent.parent
    return depth


def _check_version(clause: Clause, base_version: Any, mine: dict[str, Any]) -> None:
    if isinstance(base_version, bool) or not isinstance(base_version, int):
        raise PaperError(_("Reload the paper: the version of the clause is missing."))
    if clause.version != base_version:
        raise EditConflict(
            _("Someone else saved this clause while you were editing it. Both versions are shown: choose which to keep."),
            mine=mine,
            theirs=clause_row(clause),
        )


# ---------------------------------------------------------------------------------------------
# Working papers


def create_paper(access: Access, user: Any, *, topic: Any, title: Any) -> Paper:
    if not access.is_delegate:
        raise PaperError(_("Only a delegate can start a working paper."))
    committee = access.committee
    topic_obj = committee.topics.filter(letter=topic).first() if isinstance(topic, str) else None
    if topic_obj is None:
        raise PaperError(_("Choose one of the committee's topics."))
    title = " ".join(str(title or "").split()) if isinstance(title, str) else ""
    if not title:
        raise PaperError(_("Give the working paper a title."))
    if len(title) > MAX_TITLE:
        raise PaperError(_("A title holds at most %(max)d characters.") % {"max": MAX_TITLE})
    with transaction.atomic():
        number = _next_number(committee, f"WP/{topic_obj.letter}")
        paper = Paper.objects.create(
            committee=committee,
            topic=topic_obj,
            title=title,
            number=number,
            created_by=access.delegate_seat,
        )
        paper.authors.add(access.delegate_seat)
        _record(paper, access, user, "create", None, None, {"title": title})
    return paper


def invite_author(access: Access, user: Any, paper_id: int, seat_id: Any) -> None:
    with transaction.atomic():
        paper = _locked(paper_id)
        _require_author(access, paper)
        _require_editable(paper)
        seat = (
            paper.committee.seats.filter(pk=seat_id).first()
            if isinstance(seat_id, int) and not isinstance(seat_id, bool)
            else None
        )
        if seat is None:
            raise PaperError(_("Choose a delegation of this committee."))
        if paper.authors.filter(pk=seat.pk).exists():
            raise PaperError(
                _("%(country)s is already an author.") % {"country": seat.country}
            )
        paper.authors.add(seat)
        _record(paper, access, user, "invite", None, None, {"author": seat.country})


def add_clause(
    access: Access,
    user: Any,
    paper_id: int,
    *,
    kind: Any,
    text: Any,
    phrase: Any = "",
    parent: Any = None,
    position: Any = None,
    override_phrase: bool = False,
    language: str = "en",
) -> Clause:
    with transaction.atomic():
        paper = _locked(paper_id)
        _require_author(access, paper)
        _require_editable(paper)
        parent_clause = None
        if parent is not None:
            parent_clause = _clause(paper, parent)
            if parent_clause.kind != Clause.Kind.OPERATIVE:
                raise PaperError(_("Preambular clauses have no sub-clauses."))
            if _depth(parent_clause) >= MAX_DEPTH:
                raise PaperError(_("Sub-clauses go two levels deep: a), then i."))
            kind = parent_clause.kind
        if kind not in Clause.Kind.values:
            raise PaperError(_("A clause is preambular or operative."))
        text = _clean_text(text)
        phrase = _clean_phrase(phrase) if parent_clause is None else ""
        if parent_clause is None and not override_phrase:
            check_phrase(paper, kind, phrase, language)
        siblings = list(_siblings(paper, kind, parent_clause.pk if parent_clause else None))
        if position is None:
            position = len(siblings)
        if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position <= len(siblings):
            raise PaperError(_("That position is not in the paper."))
        clause = Clause.objects.create(
            paper=paper, kind=kind, parent=parent_clause, position=position, phrase=phrase, text=text
        )
        order = [c.pk for c in siblings]
        order.insert(position, clause.pk)
        _renumber(paper, kind, clause.parent_id, order)
        clause.refresh_from_db()
        _record(paper, access, user, "add", clause.pk, None, clause_row(clause))
    return clause


def edit_clause(
    access: Access,
    user: Any,
    paper_id: int,
    clause_id: Any,
    *,
    base_version: Any,
    text: Any,
    phrase: Any = None,
    override_phrase: bool = False,
    language: str = "en",
) -> Clause:
    with transaction.atomic():
        paper = _locked(paper_id)
        _require_author(access, paper)
        _require_editable(paper)
        clause = _clause(paper, clause_id)
        new_text = _clean_text(text)
        new_phrase = clause.phrase if phrase is None else _clean_phrase(phrase)
        if clause.parent_id is not None:
            new_phrase = ""
        mine = {**clause_row(clause), "text": new_text, "phrase": new_phrase}
        _check_version(clause, base_version, mine)
        if clause.parent_id is None and not override_phrase and new_phrase != clause.phrase:
            check_phrase(paper, clause.kind, new_phrase, language)
        if new_text == clause.text and new_phrase == clause.phrase:
            return clause
        before = clause_row(clause)
        clause.text, clause.phrase, clause.version = new_text, new_phrase, clause.version + 1
        clause.save(update_fields=["text", "phrase", "version"])
        _record(paper, access, user, "edit", clause.pk, before, clause_row(clause))
    return clause


def move_clause(access: Access, user: Any, paper_id: int, clause_id: Any, *, position: Any) -> Clause:
    with transaction.atomic():
        paper = _locked(paper_id)
        _require_author(access, paper)
        _require_editable(paper)
        clause = _clause(paper, clause_id)
        order = [c.pk for c in _siblings(paper, clause.kind, clause.parent_id)]
        if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position < len(order):
            raise PaperError(_("That position is not in the paper."))
        before = clause_row(clause)
        if order.index(clause.pk) == position:
            return clause
        order.remove(clause.pk)
        order.insert(position, clause.pk)
        _renumber(paper, clause.kind, clause.parent_id, order)
        clause.refresh_from_db()
        _record(paper, access, user, "move", clause.pk, before, clause_row(clause))
    return clause


def split_clause(
    access: Access, user: Any, paper_id: int, clause_id: Any, *, base_version: Any, at: Any
) -> Clause:
    """Cut a clause in two at character `at`: the second half becomes the next clause (without
    an opening phrase: the authors give it one). Sub-clauses stay with the first half."""
    with transaction.atomic():
        paper = _locked(paper_id)
        _require_author(access, paper)
        _require_editable(paper)
        clause = _clause(paper, clause_id)
        _check_version(clause, base_version, clause_row(clause))
        if isinstance(at, bool) or not isinstance(at, int) or not 0 < at < len(clause.text):
            raise PaperError(_("Split the clause somewhere inside its text."))
        first, second = clause.text[:at].strip(), clause.text[at:].strip()
        if not first or not second:
            raise PaperError(_("Split the clause somewhere inside its text."))
        first, second = _clean_text(first), _clean_text(second)
        before = clause_row(clause)
        clause.text, clause.version = first, clause.version + 1
        clause.save(update_fields=["text", "version"])
        order = [c.pk for c in _siblings(paper, clause.kind, clause.parent_id)]
        new = Clause.objects.create(
            paper=paper, kind=clause.kind, parent=clause.parent, position=0, phrase="", text=second
        )
        order.insert(order.index(clause.pk) + 1, new.pk)
        _renumber(paper, clause.kind, clause.parent_id, order)
        new.refresh_from_db()
        _record(
            paper, access, user, "split", clause.pk, before,
            {"first": clause_row(clause), "second": clause_row(new)},
        )
    return new


def delete_clause(access: Access, user: Any, paper_id: int, clause_id: Any, *, base_version: Any) -> None:
    with transaction.atomic():
        paper = _locked(paper_id)
        _require_author(access, paper)
        _require_editable(paper)
        clause = _clause(paper, clause_id)
        _check_version(clause, base_version, clause_row(clause))
        before = clause_row(clause)
        before["children"] = [clause_row(c) for c in clause.children.all()]
        kind, parent_id = clause.kind, clause.parent_id
        clause.delete()
        _renumber(paper, kind, parent_id, [c.pk for c in _siblings(paper, kind, parent_id)])
        _record(paper, access, user, "delete", before["id"], before, None)


# ---------------------------------------------------------------------------------------------
# Signatures and approval


def sign(access: Access, user: Any, paper_id: int, *, role: Any, seat_id: Any = None) -> Signature:
    """A delegate signs for their own seat, from their own device."""
    if not access.is_delegate:
        raise PaperError(_("Only a delegate can sign, from their own device."))
    if seat_id is not None and seat_id != access.delegate_seat.pk:
        raise PaperError(_("A delegation signs only for itself."))
    if role not in Signature.Role.values:
        raise PaperError(_("Sign as a sponsor or as a signatory."))
    with transaction.atomic():
        paper = _locked(paper_id)
        if paper.status != Paper.Status.WORKING_PAPER:
            raise PaperError(_("%(code)s is already approved: signatures are closed.") % {"code": paper.code})
        if paper.signatures.filter(seat=access.delegate_seat).exists():
            raise PaperError(_("Your delegation has already signed this paper."))
        if role == Signature.Role.SPONSOR:
            cap = live_services.profile_for(paper.committee).settings.sponsor_cap
            sponsors = paper.signatures.filter(role=Signature.Role.SPONSOR).count()
            if cap is not None and sponsors >= cap:
                raise PaperError(
                    _("This paper already has %(cap)d sponsors, the most the rules allow. Sign as a signatory.")
                    % {"cap": cap}
                )
        signature = Signature.objects.create(paper=paper, seat=access.delegate_seat, role=role)
        _record(paper, access, user, "sign", None, None, {"seat": access.delegate_seat.country, "role": role})
    return signature


def withdraw_signature(access: Access, user: Any, paper_id: int) -> None:
    if not access.is_delegate:
        raise PaperError(_("Only a delegate can withdraw their signature."))
    with transaction.atomic():
        paper = _locked(paper_id)
        if paper.status != Paper.Status.WORKING_PAPER:
            raise PaperError(
                _("%(code)s is already approved: signatures can no longer be withdrawn.") % {"code": paper.code}
            )
        signature = paper.signatures.filter(seat=access.delegate_seat).first()
        if signature is None:
            raise PaperError(_("Your delegation has not signed this paper."))
        before = {"seat": access.delegate_seat.country, "role": signature.role}
        signature.delete()
        _record(paper, access, user, "unsign", None, before, None)


def draft_snapshot(paper: Paper) -> dict[str, Any]:
    """What the live session keeps of an approved draft (so the journal holds the document)."""
    doc = document(paper)
    return {
        "id": paper.pk,
        "code": paper.draft_code,
        "prefix": paper.prefix,
        "topic": paper.topic.letter,
        "title": paper.title,
        "sponsors": [s["id"] for s in doc["sponsors"]],
        "signatories": [s["id"] for s in doc["signatories"]],
        "preambular": [
            {"phrase": c["phrase"], "text": c["text"], "end": c["end"]} for c in doc["preambular"]
        ],
        "operative": flatten(doc["operative"]),
    }


def approve(access: Access, user: Any, paper_id: int) -> Paper:
    """The chair approves a working paper as a draft: sponsors plus signatories must reach the
    profile's threshold of the seats present. The draft gets its code and enters the journal."""
    if not access.runs_committee:
        raise PaperError(_("Only the chair can approve a draft."))
    actor = Actor(role=CHAIR, user_id=user.pk if user is not None else None)
    approved: dict[str, Paper] = {}

    def build(committee: Any, state: dict[str, Any], ctx: Any) -> list[dict[str, Any]]:
        paper = _locked(paper_id)
        if paper.committee_id != committee.pk:
            raise LiveError(_("That paper is not in this committee."))
        if paper.status != Paper.Status.WORKING_PAPER:
            raise LiveError(_("%(code)s is already approved.") % {"code": paper.code})
        if not paper.clauses.filter(kind=Clause.Kind.OPERATIVE).exists():
            raise LiveError(_("A draft needs at least one operative clause."))
        sponsors = paper.signatures.filter(role=Signature.Role.SPONSOR).count()
        signatories = paper.signatures.filter(role=Signature.Role.SIGNATORY).count()
        live_drafts.check_support(state, ctx, sponsors=sponsors, signatories=signatories)
        paper.draft_number = _next_number(committee, f"DR/{paper.topic.letter}")
        paper.status = Paper.Status.DRAFT
        paper.approved_at = timezone.now()
        paper.save(update_fields=["draft_number", "status", "approved_at"])
        approved["paper"] = paper
        return live_drafts.register(state, ctx, draft_snapshot(paper))

    try:
        with transaction.atomic():
            live_services.check_document_command(access.committee.pk, actor, build)
            paper = approved["paper"]
            _record(paper, access, user, "approve", None, None, {"code": paper.draft_code})
    except LiveError as error:
        raise PaperError(str(error)) from error
    return paper


# ---------------------------------------------------------------------------------------------
# Amendments live in resolutions/amendments.py (same entry point: `services.propose_amendment`...).

from resolutions.amendments import (  # noqa: E402  (after the helpers it uses)
    apply_to_clauses,
    approve_amendment,
    propose_amendment,
    respond_amendment,
)

__all__ = [
    "PaperError",
    "UnknownPhrase",
    "EditConflict",
    "add_clause",
    "apply_to_clauses",
    "approve",
    "approve_amendment",
    "create_paper",
    "delete_clause",
    "document",
    "edit_clause",
    "history",
    "invite_author",
    "move_clause",
    "propose_amendment",
    "respond_amendment",
    "sign",
    "split_clause",
    "withdraw_signature",
]
