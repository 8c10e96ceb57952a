"""The rules editor on a committee's organizer page: every setting of the committee's rule
profile, grouped, with its documentation, the base profile's value and the committee's; the form
that changes them; and a summary in plain words of what differs from the base profile.

The committee's JSON overrides stay the storage: the form posts every value, and what differs
from the chosen base profile becomes the overrides (`rules_services.do_set_rules` writes them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee import rules_services, services
from committee.access import Access
from committee.procedure import (
    BUILTIN_PROFILES,
    MOTION_KINDS,
    MOTION_SETTING_DOCS,
    PROFILE_TITLES,
    QUESTIONS,
    SETTING_DOCS,
    THRESHOLDS,
    Difference,
    get_profile,
)
from committee.procedure import settings as spec

GROUPS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    (
        "quorum",
        gettext_lazy("Quorum and who takes part"),
        (
            "quorum_to_debate",
            "quorum_to_vote",
            "quorum_to_vote_scope",
            "roll_call_answers",
            "observers_may_move",
        ),
    ),
    (
        "votes",
        gettext_lazy("Votes"),
        (
            "vote_base",
            "procedural_threshold",
            "procedural_abstention",
            "substantive_threshold",
            "substantive_abstention",
            "amendment_threshold",
            "amendment_abstention",
            "important_threshold",
            "constitutional_threshold",
            "affirmative_votes",
            "veto_questions",
            "tie_rule",
            "consensus_questions",
            "objection_seconds",
            "roll_call_order",
            "roll_call_pass",
            "roll_call_rights",
            "rights_after_pass",
            "explanations_of_vote",
            "explanation_seconds",
        ),
    ),
    (
        "motions",
        gettext_lazy("Motions"),
        ("closure_effect", "reconsider_mover_majority", "caucus_max_seconds"),
    ),
    (
        "speakers",
        gettext_lazy("Speakers"),
        (
            "default_speaking_seconds",
            "yields",
            "general_speakers_list",
            "discretionary",
            "presidency_rotation",
        ),
    ),
    (
        "documents",
        gettext_lazy("Documents"),
        (
            "draft_fraction",
            "draft_minimum",
            "amendment_fraction",
            "amendment_minimum",
            "sponsor_cap",
            "several_drafts_may_pass",
            "second_degree_amendments",
            "amendment_order",
        ),
    ),
)

LABELS: dict[str, Any] = {
    "roll_call_answers": gettext_lazy("Roll-call answers"),
    "quorum_to_debate": gettext_lazy("Quorum to debate"),
    "quorum_to_vote": gettext_lazy("Quorum to vote"),
    "quorum_to_vote_scope": gettext_lazy("Decisions that need the quorum to vote"),
    "vote_base": gettext_lazy("Majorities counted of"),
    "procedural_threshold": gettext_lazy("Procedural votes"),
    "procedural_abstention": gettext_lazy("Abstaining on motions"),
    "substantive_threshold": gettext_lazy("Drafts"),
    "substantive_abstention": gettext_lazy("Abstaining on drafts"),
    "amendment_threshold": gettext_lazy("Amendments"),
    "amendment_abstention": gettext_lazy("Abstaining on amendments"),
    "important_threshold": gettext_lazy("Important questions"),
    "constitutional_threshold": gettext_lazy("Constitutional questions"),
    "affirmative_votes": gettext_lazy("Affirmative votes required"),
    "veto_questions": gettext_lazy("Questions a veto blocks"),
    "consensus_questions": gettext_lazy("Questions that may be adopted without a vote"),
    "objection_seconds": gettext_lazy("Time to object to an adoption without a vote (seconds)"),
    "tie_rule": gettext_lazy("A tie"),
    "roll_call_order": gettext_lazy("Roll-call order"),
    "roll_call_pass": gettext_lazy("Passing in a roll-call vote"),
    "roll_call_rights": gettext_lazy("Voting with rights"),
    "rights_after_pass": gettext_lazy("Rights after a pass"),
    "draft_fraction": gettext_lazy(
        "Sponsors and signatories a draft needs (fraction of those present)"
    ),
    "draft_minimum": gettext_lazy("Least sponsors and signatories of a draft"),
    "amendment_fraction": gettext_lazy("Supporters an amendment needs (fraction of those present)"),
    "amendment_minimum": gettext_lazy("Least supporters of an amendment"),
    "sponsor_cap": gettext_lazy("Most sponsors of a draft"),
    "several_drafts_may_pass": gettext_lazy("Several drafts may pass"),
    "second_degree_amendments": gettext_lazy("Amendments to amendments"),
    "amendment_order": gettext_lazy("Order of amendments"),
    "default_speaking_seconds": gettext_lazy("Default speaking time (seconds)"),
    "yields": gettext_lazy("Yields"),
    "observers_may_move": gettext_lazy("Observers may move motions and raise points of order"),
    "closure_effect": gettext_lazy("What closure does"),
    "reconsider_mover_majority": gettext_lazy("Only the majority may move to reconsider"),
    "caucus_max_seconds": gettext_lazy("Longest caucus (seconds)"),
    "general_speakers_list": gettext_lazy("General speakers' list"),
    "explanations_of_vote": gettext_lazy("Explanations of vote"),
    "explanation_seconds": gettext_lazy("Length of an explanation of vote (seconds)"),
    "presidency_rotation": gettext_lazy("Presidency"),
    "discretionary": gettext_lazy("Left to the President"),
}

MOTION_NOUNS: dict[str, Any] = {
    "appeal_chair": gettext_lazy("An appeal of the chair's ruling"),
    "adjourn_meeting": gettext_lazy("Adjourning the meeting"),
    "suspend_meeting": gettext_lazy("Suspending the meeting"),
    "table_debate": gettext_lazy("Adjourning debate"),
    "resume_debate": gettext_lazy("Resuming debate"),
    "close_debate": gettext_lazy("Closure"),
    "unmoderated_caucus": gettext_lazy("An unmoderated caucus"),
    "moderated_caucus": gettext_lazy("A moderated caucus"),
    "extend_caucus": gettext_lazy("Extending a caucus"),
    "set_speaking_time": gettext_lazy("Setting the speaking time"),
    "set_agenda": gettext_lazy("Setting the agenda"),
    "open_speakers_list": gettext_lazy("Opening the speakers' list"),
    "close_speakers_list": gettext_lazy("Closing the speakers' list"),
    "introduce_draft": gettext_lazy("Introducing a draft"),
    "introduce_amendment": gettext_lazy("Introducing an amendment"),
    "reconsider": gettext_lazy("Reconsideration"),
    "reorder_drafts": gettext_lazy("Reordering drafts"),
    "divide_question": gettext_lazy("Dividing the question"),
    "roll_call_vote": gettext_lazy("A roll-call vote"),
}

MOTION_FIELD_LABELS: dict[str, Any] = {
    "needs_second": gettext_lazy("Needs a second"),
    "speakers_for": gettext_lazy("Speakers for"),
    "speakers_against": gettext_lazy("Speakers against"),
    "threshold": gettext_lazy("Majority"),
    "precedence": gettext_lazy("Precedence"),
    "abstention_allowed": gettext_lazy("Abstention"),
    "in_profile": gettext_lazy("In order"),
}

# Words for values, so that the summary reads as sentences.
VALUE_WORDS: dict[str, Any] = {
    "simple_majority": gettext_lazy("a simple majority"),
    "two_thirds": gettext_lazy("two-thirds"),
    "majority_of_present": gettext_lazy("a majority of members present"),
    "two_thirds_of_present": gettext_lazy("two-thirds of members present"),
    "majority_of_members": gettext_lazy("a majority of all members"),
    "two_thirds_of_members": gettext_lazy("two-thirds of all members"),
    "affirmative_votes": gettext_lazy("a fixed number of yes votes"),
    "no_vote": gettext_lazy("no vote (the chair decides)"),
    "present_and_voting": gettext_lazy("those present and voting"),
    "present": gettext_lazy("those present"),
    "members": gettext_lazy("all members"),
    "all": gettext_lazy("all decisions"),
    "substantive": gettext_lazy("substantive decisions"),
    "fails": gettext_lazy("fails"),
    "revote": gettext_lazy("is voted again"),
    "alphabetical": gettext_lazy("English alphabetical"),
    "alphabetical_from_lot": gettext_lazy("English alphabetical from a seat drawn by lot"),
    "french_alphabetical": gettext_lazy("French alphabetical"),
    "french_alphabetical_from_lot": gettext_lazy("French alphabetical from a seat drawn by lot"),
    "as_given": gettext_lazy("as listed"),
    "submission": gettext_lazy("in order of submission"),
    "furthest_removed": gettext_lazy("furthest removed first"),
    "vote": gettext_lazy("moves to the vote"),
    "drop_item": gettext_lazy("drops the item with no vote"),
    "none": gettext_lazy("none"),
    "after": gettext_lazy("after the vote"),
    "before_and_after": gettext_lazy("before and after the vote"),
    "monthly_english_alphabetical": gettext_lazy("rotates monthly in English alphabetical order"),
    "inherit": gettext_lazy("as for its question"),
}

QUESTION_WORDS: dict[str, Any] = {
    "procedural": gettext_lazy("procedural"),
    "closure": gettext_lazy("closure"),
    "table": gettext_lazy("adjourning debate"),
    "reconsider": gettext_lazy("reconsideration"),
    "appeal": gettext_lazy("appeals"),
    "substantive": gettext_lazy("drafts"),
    "amendment": gettext_lazy("amendments"),
    "important": gettext_lazy("important questions"),
    "constitutional": gettext_lazy("constitutional questions"),
}

SUBSET_WORDS: dict[str, Any] = {
    "present": gettext_lazy("present"),
    "present_and_voting": gettext_lazy("present and voting"),
    "delegate": gettext_lazy("to a delegate"),
    "questions": gettext_lazy("to questions"),
    "chair": gettext_lazy("to the chair"),
    "default_speaking_seconds": gettext_lazy("speaking time"),
    "right_of_reply": gettext_lazy("right of reply"),
    "seconds": gettext_lazy("seconds"),
    "caucuses": gettext_lazy("caucuses"),
    **QUESTION_WORDS,
}

CHOICES: dict[str, tuple[str, ...]] = {
    "quorum_to_vote_scope": spec.QUORUM_SCOPES,
    "vote_base": spec.VOTE_BASES,
    "tie_rule": spec.TIE_RULES,
    "roll_call_order": spec.ROLL_CALL_ORDERS,
    "amendment_order": spec.AMENDMENT_ORDERS,
    "closure_effect": spec.CLOSURE_EFFECTS,
    "explanations_of_vote": spec.EXPLANATIONS,
    "presidency_rotation": spec.ROTATIONS,
    **{
        name: THRESHOLDS
        for name in (
            "procedural_threshold",
            "substantive_threshold",
            "amendment_threshold",
            "important_threshold",
            "constitutional_threshold",
        )
    },
}
SUBSETS: dict[str, tuple[str, ...]] = {
    "roll_call_answers": spec.ROLL_CALL_ANSWERS,
    "veto_questions": QUESTIONS,
    "consensus_questions": QUESTIONS,
    "yields": spec.YIELDS,
    "discretionary": spec.DISCRETION_ITEMS,
}
OPTIONAL_INTS = ("sponsor_cap", "caucus_max_seconds", "explanation_seconds")
MOTION_FIELDS = (
    "in_profile",
    "threshold",
    "needs_second",
    "speakers_for",
    "speakers_against",
    "precedence",
    "abstention_allowed",
)


def _kind(name: str, value: Any) -> str:
    if name in SUBSETS:
        return "subset"
    if name in CHOICES:
        return "choice"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int) or name in OPTIONAL_INTS:
        return "int"
    return "text"


def _word(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return _("none")
    if isinstance(value, list):
        return ", ".join(str(SUBSET_WORDS.get(v, v)) for v in value) or _("none")
    return str(VALUE_WORDS.get(value, value))


@dataclass
class Row:
    name: str
    label: str
    doc: str
    kind: str
    base: Any
    value: Any
    options: list[tuple[str, str]] = field(default_factory=list)
    error: str = ""

    @property
    def base_text(self) -> str:
        return _word(self.base)

    @property
    def differs(self) -> bool:
        return self.base != self.value

    @property
    def input_value(self) -> str:
        if self.value is None:
            return ""
        return str(self.value)


def _options(name: str) -> list[tuple[str, str]]:
    universe = SUBSETS.get(name) or CHOICES.get(name) or ()
    return [
        (value, str(SUBSET_WORDS.get(value) or VALUE_WORDS.get(value, value))) for value in universe
    ]


def _rows(base_data: dict[str, Any], data: dict[str, Any]) -> dict[str, Row]:
    rows = {}
    for name in SETTING_DOCS:
        if name == "motions":
            continue
        rows[name] = Row(
            name=name,
            label=str(LABELS[name]),
            doc=_(SETTING_DOCS[name]),
            kind=_kind(name, base_data[name]),
            base=base_data[name],
            value=data[name],
            options=_options(name),
        )
    return rows


def _motion_rows(base_data: dict[str, Any], data: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for kind in MOTION_KINDS:
        cells = []
        for key in MOTION_FIELDS:
            name = f"motions.{kind}.{key}"
            base, value = base_data["motions"][kind][key], data["motions"][kind][key]
            cells.append(
                {
                    "name": name,
                    "key": key,
                    "label": str(MOTION_FIELD_LABELS[key]),
                    "base": base,
                    "base_text": _word("inherit" if base is None else base),
                    "value": "inherit" if value is None else value,
                    "differs": base != value,
                }
            )
        out.append({"kind": kind, "label": str(MOTION_NOUNS[kind]), "cells": cells})
    return out


# ---------------------------------------------------------------------------------------------
# Summary in plain words


def describe(difference: Difference) -> str:
    """One sentence for one difference from the base profile."""
    setting, base, value = difference.setting, difference.base, difference.value
    if setting.startswith("motions."):
        _m, kind, key = setting.split(".")
        noun = MOTION_NOUNS[kind]
        if key == "threshold":
            return _("%(motion)s needs %(new)s instead of %(old)s.") % {
                "motion": noun,
                "new": _word("inherit" if value is None else value),
                "old": _word("inherit" if base is None else base),
            }
        if key == "in_profile":
            return (_("%(motion)s is in order.") if value else _("%(motion)s is not in order.")) % {
                "motion": noun
            }
        if key == "needs_second":
            return (
                _("%(motion)s needs a second.") if value else _("%(motion)s needs no second.")
            ) % {"motion": noun}
        return _("%(motion)s, %(field)s: %(new)s instead of %(old)s.") % {
            "motion": noun,
            "field": str(MOTION_FIELD_LABELS[key]).lower(),
            "new": _word(value),
            "old": _word(base),
        }
    return _("%(setting)s: %(new)s instead of %(old)s.") % {
        "setting": LABELS[setting],
        "new": _word(value),
        "old": _word(base),
    }


def summary(profile: Any) -> list[str]:
    return [describe(d) for d in profile.differences()]


# ---------------------------------------------------------------------------------------------
# Reading the form

_ERRORS = {
    "bool": gettext_lazy("choose yes or no"),
    "int": gettext_lazy("enter a whole number in the allowed range"),
    "optional_int": gettext_lazy(
        "enter a whole number in the allowed range, or leave it empty for none"
    ),
    "choice": gettext_lazy("choose one of the options"),
    "subset": gettext_lazy("choose among the options"),
    "fraction": gettext_lazy("enter a fraction between 0 and 1, such as 1/3"),
    "quorum_to_vote": gettext_lazy("enter “majority” or a fraction between 0 and 1, such as 1/3"),
}


class FormError(Exception):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def _label_of(name: str) -> str:
    if name.startswith("motions."):
        _m, kind, key = name.split(".")
        return f"{MOTION_NOUNS[kind]} – {MOTION_FIELD_LABELS[key]}"
    return str(LABELS.get(name, name))


def error_message(name: str, typed: Any = None) -> str:
    """ "Quorum to debate: enter a fraction between 0 and 1, such as 1/3 (“3/2”)."""
    if name.startswith("motions."):
        key = name.rsplit(".", 1)[1]
        what = {
            "threshold": "choice",
            "needs_second": "bool",
            "in_profile": "bool",
            "abstention_allowed": "choice",
        }.get(key, "int")
    elif name == "quorum_to_vote":
        what = "quorum_to_vote"
    elif name in ("quorum_to_debate", "draft_fraction", "amendment_fraction"):
        what = "fraction"
    elif name in OPTIONAL_INTS:
        what = "optional_int"
    elif name in SUBSETS:
        what = "subset"
    elif name in CHOICES:
        what = "choice"
    elif name in BUILTIN_PROFILES["unausa"] and isinstance(BUILTIN_PROFILES["unausa"][name], bool):
        what = "bool"
    else:
        what = "int"
    text = _("%(setting)s: %(problem)s.") % {"setting": _label_of(name), "problem": _ERRORS[what]}
    if typed not in (None, ""):
        text = text[:-1] + " " + _("(you entered “%(value)s”).") % {"value": typed}
    return text


def _read_value(name: str, kind: str, post: Any) -> Any:
    if kind == "subset":
        return post.getlist(name)
    raw = post.get(name)
    if raw is None:
        raise FormError(name, error_message(name))
    raw = raw.strip()
    if kind == "bool":
        if raw not in ("true", "false"):
            raise FormError(name, error_message(name, raw))
        return raw == "true"
    if kind == "int":
        if raw == "" and name in OPTIONAL_INTS:
            return None
        try:
            return int(raw)
        except ValueError:
            raise FormError(name, error_message(name, raw)) from None
    return raw


def read_form(base: str, post: Any) -> dict[str, Any]:
    """The overrides the posted form asks for (what differs from `base`), validated.
    Raises FormError naming the first bad setting."""
    base_data = BUILTIN_PROFILES[base]
    overrides: dict[str, Any] = {}
    for name in SETTING_DOCS:
        if name == "motions":
            continue
        value = _read_value(name, _kind(name, base_data[name]), post)
        if value != base_data[name]:
            overrides[name] = value
    motions: dict[str, dict[str, Any]] = {}
    for kind in MOTION_KINDS:
        for key in MOTION_FIELDS:
            name = f"motions.{kind}.{key}"
            base_value = base_data["motions"][kind][key]
            if key in ("needs_second", "in_profile"):
                value = _read_value(name, "bool", post)
            elif key == "abstention_allowed":
                raw = _read_value(name, "text", post)
                if raw not in ("inherit", "true", "false"):
                    raise FormError(name, error_message(name, raw))
                value = None if raw == "inherit" else raw == "true"
            elif key == "threshold":
                value = _read_value(name, "text", post)
                value = None if value == "inherit" else value
            else:
                value = _read_value(name, "int", post)
            if value != base_value:
                motions.setdefault(kind, {})[key] = value
    if motions:
        overrides["motions"] = motions
    try:
        return get_profile(base, overrides).overrides
    except ValueError as error:
        name = str(error).split(":", 1)[0]
        typed = post.get(name) if name in post else None
        raise FormError(name, error_message(name, typed)) from None


# ---------------------------------------------------------------------------------------------
# The page


def _keep_what_was_typed(
    rows: dict[str, Row], motion_rows: list[dict[str, Any]], post: Any
) -> None:
    """A refused form shows what the organizer typed, not the stored values."""
    for name, row in rows.items():
        if row.kind == "subset":
            row.value = post.getlist(name)
        elif name in post:
            raw = post.get(name)
            row.value = {"true": True, "false": False}.get(raw, raw) if row.kind == "bool" else raw
    for motion in motion_rows:
        for cell in motion["cells"]:
            if cell["name"] in post:
                raw = post.get(cell["name"])
                cell["value"] = {"true": True, "false": False}.get(raw, raw)


def render_page(
    request: HttpRequest, access: Access, *, can_edit: bool, status: int = 200
) -> HttpResponse:
    committee = access.committee
    profile = services.profile_for(committee)
    base = committee.rule_profile
    error: FormError | None = None
    if request.method == "POST":
        chosen = request.POST.get("rule_profile", "")
        changing_base = "change_base" in request.POST
        try:
            if chosen not in BUILTIN_PROFILES:
                raise FormError("rule_profile", _("Rule profile: choose one of the profiles."))
            overrides = {} if changing_base else read_form(chosen, request.POST)
            new = rules_services.do_set_rules(
                committee.pk, base=chosen, overrides=overrides, user_id=request.user.pk
            )
        except FormError as caught:
            error = caught
            status = 400
        else:
            messages.success(
                request,
                _("Rules saved. They apply from the next decision.")
                if not changing_base
                else _("Base profile changed to %(title)s.") % {"title": _(new.title)},
            )
            return redirect(reverse("committee_organize", args=[committee.pk]) + "#rules")
    base_data = BUILTIN_PROFILES[base]
    data = profile.settings.to_data()
    rows = _rows(base_data, data)
    motion_rows = _motion_rows(base_data, data)
    if error is not None:
        _keep_what_was_typed(rows, motion_rows, request.POST)
        if error.name in rows:
            rows[error.name].error = error.message
    groups = [
        {"key": key, "title": title, "rows": [rows[name] for name in names]}
        for key, title, names in GROUPS
    ]
    seats = list(committee.seats.order_by("country"))
    return render(
        request,
        "committee/committee_organize.html",
        {
            "access": access,
            "committee": committee,
            "can_edit": can_edit,
            "profile": profile,
            "profile_title": _(profile.title),
            "profiles": [(name, _(title)) for name, title in PROFILE_TITLES.items()],
            "groups": groups,
            "motion_rows": motion_rows,
            "summary": summary(profile),
            "error": error,
            "seats": seats,
            "presidency": rules_services.presidency_of(committee),
            "veto_in_profile": bool(profile.settings.veto_questions),
            "thresholds": [(t, _word(t)) for t in (*THRESHOLDS, "no_vote")],
            "motion_docs": [
                (MOTION_FIELD_LABELS[key], _(MOTION_SETTING_DOCS[key])) for key in MOTION_FIELDS
            ],
        },
        status=status,
    )
