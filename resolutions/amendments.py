"""Amendments to approved drafts (procedure.md §6): friendly when every sponsor accepts them
from their devices (applied with no vote); otherwise unfriendly: their own supporters, the
chair's approval, a vote before the draft in the profile's order; second-degree amendments
where the profile allows them. Re-exported by `resolutions.services`."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from committee import services as live_services
from committee.access import Access
from committee.live import drafts as live_drafts
from committee.live.commands import CHAIR, DELEGATE, Actor, LiveError
from committee.live.documents import added_clause_id
from resolutions.document import flatten
from resolutions.models import Amendment, AmendmentResponse, Clause, Paper, Signature
from resolutions.services import (
    PaperError,
    _clean_phrase,
    _clean_text,
    _locked,
    _next_number,
    _renumber,
    _siblings,
    document,
)

# ---------------------------------------------------------------------------------------------
# Amendments (procedure.md §6): friendly when every sponsor accepts (applied with no vote);
# otherwise unfriendly: its own supporters, the chair's approval, a vote before the draft.

OPEN_DRAFT = (Paper.Status.DRAFT,)


def _ref_of(paper: Paper, clause: Clause) -> str:
    doc = document(paper)
    return next((line["ref"] for line in flatten(doc["operative"]) if line["id"] == clause.pk), "")


def live_clause_id(clause: Clause | None) -> int | str | None:
    """The id the live session knows a clause by: its own id, or, for a clause an amendment
    added, the id the live text gave it (`added_clause_id`, kept through `result_clause`)."""
    if clause is None:
        return None
    added = Amendment.objects.filter(result_clause=clause).values_list("pk", flat=True).first()
    return added_clause_id(added) if added is not None else clause.pk


def clause_for_live_id(paper: Paper, live_id: Any) -> Clause | None:
    """The paper's clause for an id of the live text (the inverse of `live_clause_id`)."""
    if live_id is None:
        return None
    if isinstance(live_id, str):
        number = live_id.removeprefix("amd")
        if not number.isdigit() or added_clause_id(int(number)) != live_id:
            return None
        added = Amendment.objects.filter(paper=paper, pk=int(number)).select_related("result_clause").first()
        return added.result_clause if added is not None else None
    return Clause.objects.filter(paper=paper, pk=live_id).first()


def _payload(amendment: Amendment) -> dict[str, Any]:
    return {
        "id": amendment.pk,
        "code": amendment.code,
        "kind": amendment.kind,
        "target": live_clause_id(amendment.target),
        "target_ref": amendment.target_ref,
        "phrase": amendment.phrase,
        "text": amendment.text,
        "seat": amendment.seat_id,
        "parent": amendment.parent_id,
    }


def propose_amendment(
    access: Access,
    user: Any,
    paper_id: int,
    *,
    kind: Any,
    target: Any,
    text: Any = "",
    phrase: Any = "",
    parent: Any = None,
) -> Amendment:
    if not access.is_delegate:
        raise PaperError(_("Only a delegate can propose an amendment."))
    if parent is not None:
        return _propose_second_degree(access, user, paper_id, parent=parent, text=text, phrase=phrase)
    if kind not in Amendment.Kind.values:
        raise PaperError(_("An amendment adds, deletes or replaces a clause."))
    with transaction.atomic():
        paper = _locked(paper_id)
        if paper.status not in OPEN_DRAFT:
            raise PaperError(_("Only a draft resolution on the floor can be amended."))
        clause = None
        if target not in (None, ""):
            clause = (
                Clause.objects.filter(paper=paper, pk=target, kind=Clause.Kind.OPERATIVE).first()
                if isinstance(target, int) and not isinstance(target, bool)
                else None
            )
            if clause is None:
                raise PaperError(_("That clause is not in the draft any more."))
        elif kind != Amendment.Kind.ADD:
            raise PaperError(_("Choose the clause to change."))
        text = _clean_text(text) if kind != Amendment.Kind.DELETE else ""
        phrase = _clean_phrase(phrase) if kind != Amendment.Kind.DELETE else ""
        amendment = Amendment.objects.create(
            paper=paper,
            number=_next_number(paper.committee, f"AMD/{paper.pk}"),
            kind=kind,
            target=clause,
            target_ref=_ref_of(paper, clause) if clause else "",
            phrase=phrase,
            text=text,
            seat=access.delegate_seat,
        )
        # A sponsor proposing counts as that sponsor's acceptance.
        if paper.signatures.filter(seat=access.delegate_seat, role=Signature.Role.SPONSOR).exists():
            AmendmentResponse.objects.create(amendment=amendment, seat=access.delegate_seat, kind="accept")
        _settle_friendly(access, user, paper, amendment)
    return amendment


def _propose_second_degree(access: Access, user: Any, paper_id: int, *, parent: Any, text: Any, phrase: Any) -> Amendment:
    """An amendment to a pending unfriendly amendment (where the profile allows a second
    degree): it revises the parent's text, needs its own supporters and the chair's approval,
    and is voted before its parent."""
    with transaction.atomic():
        paper = _locked(paper_id)
        if not live_services.profile_for(paper.committee).second_degree_amendments:
            raise PaperError(_("Amendments to amendments are out of order under these rules."))
        first = (
            Amendment.objects.filter(pk=parent, paper=paper).first()
            if isinstance(parent, int) and not isinstance(parent, bool)
            else None
        )
        if first is None or first.status not in (Amendment.Status.UNFRIENDLY, Amendment.Status.APPROVED):
            raise PaperError(_("Only an amendment on the floor can be amended."))
        if first.parent_id is not None:
            raise PaperError(_("An amendment to an amendment cannot be amended again."))
        if first.kind == Amendment.Kind.DELETE:
            raise PaperError(_("A deletion has no text to revise."))
        amendment = Amendment.objects.create(
            paper=paper,
            number=_next_number(paper.committee, f"AMD/{paper.pk}"),
            kind=Amendment.Kind.REPLACE,
            target=first.target,
            target_ref=first.target_ref,
            phrase=_clean_phrase(phrase),
            text=_clean_text(text),
            seat=access.delegate_seat,
            parent=first,
            status=Amendment.Status.UNFRIENDLY,
        )
    return amendment


def _sponsor_ids(paper: Paper) -> set[int]:
    return set(paper.signatures.filter(role=Signature.Role.SPONSOR).values_list("seat_id", flat=True))


def _settle_friendly(access: Access, user: Any, paper: Paper, amendment: Amendment) -> None:
    """Every sponsor accepted: journal it (the listener changes the text); one refusal makes it
    unfriendly."""
    from committee.procedure import amendment_is_friendly

    responses = dict(amendment.responses.values_list("seat_id", "kind"))
    sponsors = _sponsor_ids(paper)
    if any(responses.get(s) == "refuse" for s in sponsors):
        if amendment.status == Amendment.Status.PROPOSED:
            amendment.status = Amendment.Status.UNFRIENDLY
            amendment.save(update_fields=["status"])
        return
    accepted = [s for s, kind in responses.items() if kind == "accept"]
    if not amendment_is_friendly(sponsors, accepted):
        return
    actor = Actor(role=DELEGATE, seat=access.delegate_seat.pk) if access.is_delegate else Actor(role=CHAIR)

    def build(committee: Any, state: dict[str, Any], ctx: Any) -> list[dict[str, Any]]:
        return live_drafts.amend_friendly(state, ctx, paper.pk, _payload(amendment))

    try:
        live_services.check_document_command(paper.committee_id, actor, build)
    except LiveError as error:
        raise PaperError(str(error)) from error
    amendment.status = Amendment.Status.APPLIED
    amendment.save(update_fields=["status"])


def respond_amendment(access: Access, user: Any, amendment_id: Any, *, response: Any) -> Amendment:
    """Sponsors accept or refuse from their devices; other delegations support."""
    if not access.is_delegate:
        raise PaperError(_("Only a delegate can answer an amendment, from their own device."))
    if response not in AmendmentResponse.Kind.values:
        raise PaperError(_("Accept, refuse or support the amendment."))
    with transaction.atomic():
        amendment = (
            Amendment.objects.select_for_update()
            .filter(pk=amendment_id, paper__committee=access.committee)
            .first()
            if isinstance(amendment_id, int)
            else None
        )
        if amendment is None:
            raise PaperError(_("That amendment does not exist."))
        paper = _locked(amendment.paper_id)
        if paper.status not in OPEN_DRAFT:  # decided: a late "accept" must not rewrite it
            raise PaperError(_("Only a draft resolution on the floor can be amended."))
        sponsor = access.delegate_seat.pk in _sponsor_ids(paper)
        if response in ("accept", "refuse") and not sponsor:
            raise PaperError(_("Only the draft's sponsors accept or refuse an amendment."))
        if response == "support" and sponsor:
            raise PaperError(_("Sponsors accept or refuse; other delegations support."))
        if response == "support" and amendment.status != Amendment.Status.UNFRIENDLY:
            raise PaperError(_("Only an unfriendly amendment collects supporters."))
        if response in ("accept", "refuse") and amendment.status != Amendment.Status.PROPOSED:
            raise PaperError(_("The sponsors have already answered this amendment."))
        if amendment.responses.filter(seat=access.delegate_seat).exists():
            raise PaperError(_("Your delegation has already answered this amendment."))
        AmendmentResponse.objects.create(amendment=amendment, seat=access.delegate_seat, kind=response)
        _settle_friendly(access, user, paper, amendment)
    amendment.refresh_from_db()
    return amendment


def approve_amendment(access: Access, user: Any, amendment_id: Any) -> Amendment:
    if not access.runs_committee:
        raise PaperError(_("Only the chair can approve an amendment."))
    actor = Actor(role=CHAIR, user_id=user.pk if user is not None else None)
    amendment = Amendment.objects.filter(pk=amendment_id, paper__committee=access.committee).first()
    if amendment is None:
        raise PaperError(_("That amendment does not exist."))
    if amendment.status != Amendment.Status.UNFRIENDLY:
        raise PaperError(_("Only an unfriendly amendment waits for the chair's approval."))

    def build(committee: Any, state: dict[str, Any], ctx: Any) -> list[dict[str, Any]]:
        supporters = amendment.responses.filter(kind="support").count() + 1  # with its proposer
        return live_drafts.register_amendment(
            state, ctx, amendment.paper_id, _payload(amendment), supporters=supporters
        )

    try:
        with transaction.atomic():
            live_services.check_document_command(access.committee.pk, actor, build)
            amendment.status = Amendment.Status.APPROVED
            amendment.save(update_fields=["status"])
    except LiveError as error:
        raise PaperError(str(error)) from error
    return amendment


def apply_to_clauses(paper: Paper, amendment: dict[str, Any]) -> None:
    new = _apply_to_clauses(paper, amendment)
    if new is not None:
        Amendment.objects.filter(pk=amendment["id"]).update(result_clause=new)


def _apply_to_clauses(paper: Paper, amendment: dict[str, Any]) -> Clause | None:
    """The draft's rows after an adopted or friendly amendment (the live text changes in step)."""
    kind = amendment["kind"]
    clause = clause_for_live_id(paper, amendment.get("target"))
    if kind == "replace" and clause is not None:
        clause.text = amendment["text"]
        if clause.parent_id is None and amendment.get("phrase"):
            clause.phrase = amendment["phrase"]
        clause.version += 1
        clause.save(update_fields=["text", "phrase", "version"])
    elif kind == "delete" and clause is not None:
        parent_id = clause.parent_id
        clause.delete()
        _renumber(paper, "operative", parent_id, [c.pk for c in _siblings(paper, "operative", parent_id)])
    elif kind == "add":
        parent_id = clause.parent_id if clause is not None else None
        order = [c.pk for c in _siblings(paper, "operative", parent_id)]
        new = Clause.objects.create(
            paper=paper, kind="operative", parent_id=parent_id, position=0,
            phrase=amendment.get("phrase", "") if parent_id is None else "", text=amendment["text"],
        )
        order.insert(order.index(clause.pk) + 1 if clause is not None else len(order), new.pk)
        _renumber(paper, "operative", parent_id, order)
        Paper.objects.filter(pk=paper.pk).update(revision=F("revision") + 1)
        return new
    Paper.objects.filter(pk=paper.pk).update(revision=F("revision") + 1)
    return None
