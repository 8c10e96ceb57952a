"""Working papers, drafts and resolutions: the pages (thin; the services do the work).

Editing actions are POSTs of JSON from static/js/paper.js; each answers with JSON: 200 and the
document, 400 with a message, 409 with both versions of a clause, 422 with an opening-phrase
warning the author may override.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from committee import services as live_services
from resolutions import phrases, services
from resolutions.access import access_paper, access_papers, is_author
from resolutions.document import flatten
from resolutions.models import Amendment, Paper, Signature


def paper_list(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = access_papers(request, committee_id)
    error = ""
    if request.method == "POST":
        try:
            paper = services.create_paper(
                access, request.user, topic=request.POST.get("topic"), title=request.POST.get("title")
            )
        except services.PaperError as refusal:
            error = str(refusal)
        else:
            return redirect("draft_paper", committee_id, paper.pk)
    papers = Paper.objects.filter(committee=access.committee).select_related("topic", "committee")
    mine = set()
    if access.is_delegate:
        mine = set(access.delegate_seat.papers.values_list("pk", flat=True))
    return render(
        request,
        "resolutions/paper_list.html",
        {
            "access": access,
            "committee": access.committee,
            "papers": papers,
            "mine": mine,
            "topics": access.committee.topics.order_by("order"),
            "error": error,
        },
        status=400 if error else 200,
    )


def _config(request: HttpRequest, access: Any, paper: Paper) -> dict[str, Any]:
    language = translation.get_language() or "en"
    base = reverse("draft_paper", args=[access.committee.pk, paper.pk])
    return {
        "paper": paper.pk,
        "committee": access.committee.pk,
        "document_url": base + "document/",
        "action_url": base + "action/",
        "socket": f"/ws/committees/{access.committee.pk}/",
        "can_edit": is_author(access, paper) and paper.editable,
        "seat": access.delegate_seat.pk if access.is_delegate else None,
        # Live frames carry the site language's names: the page shows its own.
        "language": language,
        "committee_name": services.body_name(access.committee, language),
        "names": {str(row["id"]): row["country"] for row in services.seat_names(access.committee.seats.all(), language)},
    }


def paper_detail(request: HttpRequest, committee_id: int, paper_id: int) -> HttpResponse:
    access = access_papers(request, committee_id)
    paper = access_paper(access, paper_id)
    language = translation.get_language() or "en"
    document = services.document(paper, language)
    signature = (
        paper.signatures.filter(seat=access.delegate_seat).first() if access.is_delegate else None
    )
    support = None
    if access.runs_committee and paper.status == Paper.Status.WORKING_PAPER:
        state = live_services.current_state(access.committee)
        ctx = live_services.live_context(access.committee)
        present = len([s for s in ctx.seats.values() if s.voting and state["attendance"].get(str(s.id)) in ("present", "present_and_voting")])
        sponsors = paper.signatures.filter(role=Signature.Role.SPONSOR).count()
        signatories = paper.signatures.filter(role=Signature.Role.SIGNATORY).count()
        support = {
            "present": present,
            "needed": ctx.profile.draft_threshold(present),
            "have": sponsors + signatories,
        }
    return render(
        request,
        "resolutions/paper_detail.html",
        {
            "reason": _decision_reason(access, paper),
            "access": access,
            "committee": access.committee,
            "paper": paper,
            "document": document,
            "config": _config(request, access, paper),
            "preambular_phrases": phrases.phrases_for(
                "preambular", language, services.extra_phrases(access.committee, "preambular")
            ),
            "operative_phrases": phrases.phrases_for(
                "operative", language, services.extra_phrases(access.committee, "operative")
            ),
            # Whom an author may invite: the delegations not yet among the authors.
            "seats": services.seat_names(access.committee.seats.exclude(papers=paper), language),
            "signature": signature,
            "support": support,
            "is_author": is_author(access, paper),
            "amendments": _amendments(access, paper),
            "lines": flatten(document["operative"]) if paper.status == Paper.Status.DRAFT else [],
            "amendment_kinds": Amendment.Kind.choices,
            "second_degree": live_services.profile_for(access.committee).second_degree_amendments,
        },
    )


def _decision_reason(access: Any, paper: Paper) -> str | None:
    """Why a rejected draft failed with no vote on the whole, as the live session recorded it
    (`reason` of `draft_decided`: "all_parts_rejected", "no_operative_clause")."""
    if paper.status != Paper.Status.REJECTED:
        return None
    draft = live_services.current_state(access.committee).get("drafts", {}).get(str(paper.pk))
    reason = draft.get("reason") if draft else None
    return str(reason) if reason else None


def _amendments(access: Any, paper: Paper) -> list[dict[str, Any]]:
    sponsors = set(paper.signatures.filter(role=Signature.Role.SPONSOR).values_list("seat_id", flat=True))
    open_draft = paper.status == Paper.Status.DRAFT
    still_open = (Amendment.Status.PROPOSED, Amendment.Status.UNFRIENDLY, Amendment.Status.APPROVED)
    rows = []
    for amendment in paper.amendments.select_related("seat", "paper__committee", "paper__topic"):
        responses = {r.seat_id: r.kind for r in amendment.responses.all()}
        mine = responses.get(access.delegate_seat.pk) if access.is_delegate else None
        rows.append(
            {
                "amendment": amendment,
                "supporters": sum(1 for k in responses.values() if k == "support") + 1,
                "accepted": sum(1 for s, k in responses.items() if k == "accept" and s in sponsors),
                "sponsors": len(sponsors),
                "can_answer": open_draft and access.is_delegate and access.delegate_seat.pk in sponsors
                and mine is None and amendment.status == Amendment.Status.PROPOSED,
                "can_support": open_draft and access.is_delegate and access.delegate_seat.pk not in sponsors
                and mine is None and amendment.seat_id != access.delegate_seat.pk
                and amendment.status == Amendment.Status.UNFRIENDLY,
                "can_approve": open_draft and access.runs_committee and amendment.status == Amendment.Status.UNFRIENDLY,
                # Still waiting when the draft was decided (drafts decided before the listener marked
                # them moot): it will never be voted, shown as moot.
                "left_over": not open_draft and amendment.status in still_open,
            }
        )
    return rows


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
def amendment_action(request: HttpRequest, committee_id: int, paper_id: int) -> HttpResponse:
    """Plain forms: propose, accept / refuse (sponsors), support (others), approve (chair)."""
    access = access_papers(request, committee_id)
    paper = access_paper(access, paper_id)
    action = request.POST.get("action")
    try:
        if action == "propose":
            services.propose_amendment(
                access, request.user, paper.pk, kind=request.POST.get("kind"),
                target=_int(request.POST.get("target")), text=request.POST.get("text", ""),
                phrase=request.POST.get("phrase", ""), parent=_int(request.POST.get("parent")),
            )
            messages.success(request, _("Amendment proposed."))
        elif action in ("accept", "refuse", "support"):
            services.respond_amendment(access, request.user, _int(request.POST.get("amendment")), response=action)
            messages.success(request, _("Your answer is recorded."))
        elif action == "approve":
            services.approve_amendment(access, request.user, _int(request.POST.get("amendment")))
            messages.success(request, _("Amendment approved: it is voted before the draft."))
        else:
            messages.error(request, _("That request is not understood."))
    except services.PaperError as refusal:
        messages.error(request, str(refusal))
    return redirect("draft_paper", committee_id, paper_id)


@require_GET
def paper_document(request: HttpRequest, committee_id: int, paper_id: int) -> JsonResponse:
    """The whole document: how a page that missed a frame (or reconnected) catches up."""
    access = access_papers(request, committee_id)
    paper = access_paper(access, paper_id)
    return JsonResponse({"document": services.document(paper)})


ACTIONS = {"add", "edit", "move", "split", "delete", "invite", "sign", "unsign"}


def _run(access: Any, user: Any, paper: Paper, action: str, data: dict[str, Any]) -> None:
    language = translation.get_language() or "en"
    override = data.get("override_phrase") is True
    if action == "add":
        services.add_clause(
            access, user, paper.pk, kind=data.get("kind"), text=data.get("text"),
            phrase=data.get("phrase", ""), parent=data.get("parent"), position=data.get("position"),
            override_phrase=override, language=language,
        )
    elif action == "edit":
        services.edit_clause(
            access, user, paper.pk, data.get("clause"), base_version=data.get("version"),
            text=data.get("text"), phrase=data.get("phrase"), override_phrase=override,
            language=language,
        )
    elif action == "move":
        services.move_clause(access, user, paper.pk, data.get("clause"), position=data.get("position"))
    elif action == "split":
        services.split_clause(
            access, user, paper.pk, data.get("clause"), base_version=data.get("version"), at=data.get("at")
        )
    elif action == "delete":
        services.delete_clause(access, user, paper.pk, data.get("clause"), base_version=data.get("version"))
    elif action == "invite":
        services.invite_author(access, user, paper.pk, data.get("seat"))
    elif action == "sign":
        services.sign(access, user, paper.pk, role=data.get("role"), seat_id=data.get("seat"))
    elif action == "unsign":
        services.withdraw_signature(access, user, paper.pk)


@require_POST
def paper_action(request: HttpRequest, committee_id: int, paper_id: int) -> JsonResponse:
    access = access_papers(request, committee_id)
    paper = access_paper(access, paper_id)
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("action") not in ACTIONS:
        return JsonResponse({"error": "bad_request", "message": _("That request is not understood.")}, status=400)
    try:
        _run(access, request.user, paper, data["action"], data)
    except services.EditConflict as conflict:
        return JsonResponse(
            {"error": "conflict", "message": str(conflict), "mine": conflict.mine, "theirs": conflict.theirs},
            status=409,
        )
    except services.UnknownPhrase as warning:
        return JsonResponse(
            {"error": "unknown_phrase", "message": str(warning), "suggestions": warning.suggestions},
            status=422,
        )
    except services.PaperError as refusal:
        return JsonResponse({"error": "refused", "message": str(refusal)}, status=400)
    paper.refresh_from_db()
    return JsonResponse({"document": services.document(paper)})


@require_POST
def paper_approve(request: HttpRequest, committee_id: int, paper_id: int) -> HttpResponse:
    access = access_papers(request, committee_id)
    paper = access_paper(access, paper_id)
    try:
        paper = services.approve(access, request.user, paper.pk)
    except services.PaperError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("Approved as draft resolution %(code)s.") % {"code": paper.draft_code}
        )
    return redirect("draft_paper", committee_id, paper_id)


def paper_history(request: HttpRequest, committee_id: int, paper_id: int) -> HttpResponse:
    access = access_papers(request, committee_id)
    paper = access_paper(access, paper_id)
    # Revisions keep countries as they were stored (English) and roles as codes: the page's words.
    names = {s.country: s.local_country for s in access.committee.seats.all()}
    roles = dict(Signature.Role.choices)
    rows = []
    for revision in services.history(paper):
        after = revision.after if isinstance(revision.after, dict) else {}
        rows.append(
            {
                "revision": revision,
                "author": names.get(after.get("author", ""), after.get("author", "")),
                "signer": names.get(after.get("seat", ""), after.get("seat", "")),
                "role": roles.get(after.get("role", "")),
            }
        )
    return render(
        request,
        "resolutions/paper_history.html",
        {"access": access, "committee": access.committee, "paper": paper, "revisions": rows},
    )
