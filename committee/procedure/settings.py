"""The settings a rule profile is made of, their documentation, and the validation of overrides.

A profile is plain data in two forms:

* the **data form**: a JSON-ready dict (fractions as strings such as "1/5", sets as sorted lists,
  motion rules as nested dicts). Built-in profiles are written in it (`profiles.py`), overrides
  use it, and `Settings.to_data()` returns it.
* the **typed form**: the frozen `Settings` dataclass below, which the engine reads.

`clean_overrides` checks an override dict against the data form of a base profile and returns
it normalised, or raises ``ValueError("<setting name>: <what is wrong>")``; nested motion
settings are named with dots, e.g. ``motions.close_debate.threshold``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from fractions import Fraction
from typing import Any

from .motions import MOTION_KINDS, NO_VOTE, QUESTIONS, THRESHOLDS

ROLL_CALL_ANSWERS: tuple[str, ...] = ("present", "present_and_voting")
YIELDS: tuple[str, ...] = ("delegate", "questions", "chair")
VOTE_BASES: tuple[str, ...] = ("present_and_voting", "present", "members")
TIE_RULES: tuple[str, ...] = ("fails", "revote")
ROLL_CALL_ORDERS: tuple[str, ...] = (
    "alphabetical",
    "alphabetical_from_lot",
    "french_alphabetical",
    "french_alphabetical_from_lot",
    "as_given",
)
AMENDMENT_ORDERS: tuple[str, ...] = ("submission", "furthest_removed")
QUORUM_SCOPES: tuple[str, ...] = ("all", "substantive")
CLOSURE_EFFECTS: tuple[str, ...] = ("vote", "drop_item")
EXPLANATIONS: tuple[str, ...] = ("none", "after", "before_and_after")
ROTATIONS: tuple[str, ...] = ("none", "monthly_english_alphabetical")
#: What a profile may leave "at the President's discretion": the value stays the app default and
#: the console offers the chair the choice, showing the default as such.
DISCRETION_ITEMS: tuple[str, ...] = (
    "default_speaking_seconds",
    "right_of_reply",
    "seconds",
    "caucuses",
)


def _(text: str) -> str:
    """Marks a documentation string for translation (makemessages extracts `_("...")`); the
    engine stays free of Django and returns the English text, the app translates it on display."""
    return text


class FrozenMap(Mapping[str, Any]):
    """A read-only, hashable mapping, so that `Settings` can be a frozen, hashable dataclass."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(tuple(self._data.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


@dataclass(frozen=True)
class MotionSettings:
    """A profile's raw settings for one motion kind (data form: a dict with these keys).

    ``threshold`` None and ``abstention_allowed`` None mean "as for the motion's question": the
    profile's ``procedural_threshold`` / ``procedural_abstention`` for procedural motions, the
    amendment settings for ``introduce_amendment``. `Profile.motion_rule` resolves them.
    """

    needs_second: bool
    speakers_for: int
    speakers_against: int
    threshold: str | None
    precedence: int
    abstention_allowed: bool | None
    in_profile: bool


MOTION_SETTING_DOCS: dict[str, str] = {
    "needs_second": _("Another delegation must second the motion before it is taken."),
    "speakers_for": _(
        "Speeches in favour heard before the vote (UN r.116: two on adjourning debate)."
    ),
    "speakers_against": _("Speeches against heard before the vote (UN r.117: two on closure)."),
    "threshold": _(
        "simple_majority, two_thirds, majority_of_present, two_thirds_of_present, "
        "majority_of_members, two_thirds_of_members, affirmative_votes, no_vote "
        "(granted or refused without a vote), or null (as for the motion's question)."
    ),
    "precedence": _(
        "Rank among pending motions; lower is put to the vote first (procedure.md §2.3)."
    ),
    "abstention_allowed": _(
        "Whether a 'present' seat may abstain; null: as for the motion's question."
    ),
    "in_profile": _("False when the rule set has no such motion (the UI then does not offer it)."),
}


@dataclass(frozen=True)
class Settings:
    """Every setting of a rule profile. Field names are the override keys; see `SETTING_DOCS`."""

    roll_call_answers: tuple[str, ...]
    quorum_to_debate: str
    quorum_to_vote: str
    quorum_to_vote_scope: str
    vote_base: str
    procedural_threshold: str
    procedural_abstention: bool
    substantive_threshold: str
    substantive_abstention: bool
    amendment_threshold: str
    amendment_abstention: bool
    important_threshold: str
    constitutional_threshold: str
    affirmative_votes: int
    veto_questions: frozenset[str]
    consensus_questions: frozenset[str]
    objection_seconds: int
    tie_rule: str
    roll_call_order: str
    roll_call_pass: bool
    roll_call_rights: bool
    rights_after_pass: bool
    draft_fraction: str
    draft_minimum: int
    amendment_fraction: str
    amendment_minimum: int
    sponsor_cap: int | None
    several_drafts_may_pass: bool
    second_degree_amendments: bool
    amendment_order: str
    default_speaking_seconds: int
    yields: frozenset[str]
    observers_may_move: bool
    closure_effect: str
    reconsider_mover_majority: bool
    caucus_max_seconds: int | None
    general_speakers_list: bool
    explanations_of_vote: str
    explanation_seconds: int | None
    presidency_rotation: str
    discretionary: frozenset[str]
    motions: FrozenMap

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Settings:
        """Build the typed form from complete, already cleaned data."""
        values = dict(data)
        values["roll_call_answers"] = tuple(values["roll_call_answers"])
        for name in _SETS:
            values[name] = frozenset(values[name])
        values["motions"] = FrozenMap(
            {kind: MotionSettings(**values["motions"][kind]) for kind in MOTION_KINDS}
        )
        return cls(**values)

    def to_data(self) -> dict[str, Any]:
        """The complete data form (JSON-ready); feeding it back as overrides rebuilds these settings."""
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "roll_call_answers":
                value = list(value)
            elif f.name in _SETS:
                value = [y for y in _SETS[f.name] if y in value]
            elif f.name == "motions":
                value = {
                    kind: {m.name: getattr(rule, m.name) for m in fields(MotionSettings)}
                    for kind, rule in value.items()
                }
            data[f.name] = value
        return data


#: Settings held as sets, with the universe that fixes their order in the data form.
_SETS: dict[str, tuple[str, ...]] = {
    "veto_questions": QUESTIONS,
    "consensus_questions": QUESTIONS,
    "yields": YIELDS,
    "discretionary": DISCRETION_ITEMS,
}


# --- cleaners: each takes a raw value and returns its data form, or raises ValueError(reason) ---

Cleaner = Callable[[Any], Any]


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {value!r}")
    return value


def _int(low: int, high: int | None = None, *, optional: bool = False) -> Cleaner:
    def clean(value: Any) -> int | None:
        if value is None and optional:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"must be a whole number, not {value!r}")
        if value < low or (high is not None and value > high):
            upper = f" and at most {high}" if high is not None else ""
            raise ValueError(f"must be at least {low}{upper}, not {value}")
        return value

    return clean


def _choice(*options: str, optional: bool = False) -> Cleaner:
    def clean(value: Any) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or value not in options:
            raise ValueError(f"must be one of {', '.join(options)}, not {value!r}")
        return value

    return clean


def parse_fraction(value: Any) -> Fraction:
    """Read "1/5", "0.2", "20%", 0.2 or Fraction(1, 5) as an exact fraction between 0 and 1."""
    if isinstance(value, bool):
        raise ValueError(f"must be a fraction such as '1/5', not {value!r}")
    try:
        if isinstance(value, str) and value.strip().endswith("%"):
            result = Fraction(value.strip()[:-1].strip()) / 100
        elif isinstance(value, float):
            # Through str() so that 0.2 means 1/5, not the binary float nearest to it.
            result = Fraction(str(value))
        else:
            result = Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError):
        raise ValueError(f"must be a fraction such as '1/5', not {value!r}") from None
    if not 0 <= result <= 1:
        raise ValueError(f"must be between 0 and 1, not {value!r}")
    return result


def _fraction(value: Any) -> str:
    return str(parse_fraction(value))


def _quorum_to_vote(value: Any) -> str:
    if value == "majority":
        return "majority"
    try:
        return _fraction(value)
    except ValueError:
        raise ValueError(
            f"must be 'majority' or a fraction of the members such as '1/3', not {value!r}"
        ) from None


def _subset(universe: tuple[str, ...], *, nonempty: bool) -> Cleaner:
    def clean(value: Any) -> list[str]:
        if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
            raise ValueError(f"must be a list drawn from {', '.join(universe)}, not {value!r}")
        unknown = [v for v in value if v not in universe]
        if unknown:
            raise ValueError(f"unknown value {unknown[0]!r}; allowed: {', '.join(universe)}")
        if nonempty and not value:
            raise ValueError("must not be empty")
        return [v for v in universe if v in value]

    return clean


_threshold = _choice(*THRESHOLDS)

#: name -> (cleaner, documentation). The order is the order of `Settings`' fields.
SETTING_SPECS: dict[str, tuple[Cleaner, str]] = {
    "roll_call_answers": (
        _subset(ROLL_CALL_ANSWERS, nonempty=True),
        _("Answers allowed at roll call: present, present_and_voting (THIMUN: present only)."),
    ),
    "quorum_to_debate": (
        _fraction,
        _(
            "Fraction of the voting members who must be present to open and debate "
            "(UN r.108: 1/4; UN r.67 plenary and UNA: 1/3). '0' for none."
        ),
    ),
    "quorum_to_vote": (
        _quorum_to_vote,
        _(
            "Members who must be present to take a decision: 'majority' (more than half, UN r.67/108) "
            "or a fraction such as '1/3'."
        ),
    ),
    "quorum_to_vote_scope": (
        _choice(*QUORUM_SCOPES),
        _(
            "Which decisions need the quorum to vote: all (UN r.67: 'any decision') or substantive "
            "(drafts, parts and amendments only, as in most MUN rule books)."
        ),
    ),
    "vote_base": (
        _choice(*VOTE_BASES),
        _(
            "What a majority is counted of: present_and_voting (yes + no; UN r.126: abstainers are "
            "not voting), present (abstentions act like no votes) or members (all voting members)."
        ),
    ),
    "procedural_threshold": (
        _threshold,
        _(
            "Threshold of the 'procedural' question and of motions without a threshold of their own."
        ),
    ),
    "procedural_abstention": (
        _bool,
        _("Whether anyone may abstain on motions (MUN: never, procedure.md §1.1; UN: yes)."),
    ),
    "substantive_threshold": (
        _threshold,
        _("Threshold to adopt a draft or a divided part (UN r.125)."),
    ),
    "substantive_abstention": (
        _bool,
        _("Whether 'present' seats may abstain on drafts ('present and voting' seats never may)."),
    ),
    "amendment_threshold": (_threshold, _("Threshold to adopt an unfriendly amendment.")),
    "amendment_abstention": (
        _bool,
        _("Whether 'present' seats may abstain on amendments (THIMUN: no, procedure.md §4.1)."),
    ),
    "important_threshold": (
        _threshold,
        _(
            "Threshold of 'important' questions (UN Charter Art. 18(2), r.83: two-thirds); abstention "
            "follows substantive_abstention."
        ),
    ),
    "constitutional_threshold": (
        _threshold,
        _(
            "Threshold of 'constitutional' questions, such as amending the INTERPOL Constitution "
            "(Art. 42: two-thirds of all Members, whatever the turnout)."
        ),
    ),
    "affirmative_votes": (
        _int(1, 1000),
        _(
            "Yes votes the 'affirmative_votes' threshold needs whatever the turnout (UN Charter "
            "Art. 27(2)-(3): nine of the fifteen members of the Security Council)."
        ),
    ),
    "veto_questions": (
        _subset(QUESTIONS, nonempty=False),
        _(
            "Questions on which a no vote by a seat that holds a veto blocks the decision (UN "
            "Charter Art. 27(3): non-procedural ones); empty for no veto. Abstaining is no veto."
        ),
    ),
    "consensus_questions": (
        _subset(QUESTIONS, nonempty=False),
        _(
            "Questions the chair may propose to adopt without a vote: with no objection within "
            "objection_seconds it is adopted 'without a vote'; one objection means a vote."
        ),
    ),
    "objection_seconds": (
        _int(3, 300),
        _("Seconds delegates have to object to an adoption without a vote."),
    ),
    "tie_rule": (
        _choice(*TIE_RULES),
        _(
            "fails (UN r.133: a tie rejects the proposal) or revote (a tie is voted again once and "
            "a second tie fails). A tie never passes."
        ),
    ),
    "roll_call_order": (
        _choice(*ROLL_CALL_ORDERS),
        _(
            "alphabetical (English names), alphabetical_from_lot (UN r.127: from a member drawn "
            "by lot), french_alphabetical (French names: INTERPOL RPGA 39(7), 19), "
            "french_alphabetical_from_lot or as_given. Accents and case do not change the order."
        ),
    ),
    "roll_call_pass": (_bool, _("Whether a seat may answer 'pass' in the first round.")),
    "roll_call_rights": (_bool, _("Whether 'yes with rights' / 'no with rights' are accepted.")),
    "rights_after_pass": (
        _bool,
        _(
            "Whether a seat that passed may still be granted rights (HAR: no; the vote is recorded "
            "and the rights refused)."
        ),
    ),
    "draft_fraction": (
        _fraction,
        _(
            "Sponsors plus signatories a draft needs, as a fraction of members present "
            "(UNA: 1/5, procedure.md §5.1); rounded up."
        ),
    ),
    "draft_minimum": (_int(0), _("Fixed minimum of sponsors plus signatories for a draft.")),
    "amendment_fraction": (
        _fraction,
        _(
            "Sponsors plus signatories an unfriendly amendment needs, as a fraction of members present."
        ),
    ),
    "amendment_minimum": (_int(0), _("Fixed minimum of supporters for an unfriendly amendment.")),
    "sponsor_cap": (
        _int(1, optional=True),
        _("Most sponsors (THIMUN: main submitters) a draft may have; null for no cap."),
    ),
    "several_drafts_may_pass": (
        _bool,
        _("Whether voting goes on after one draft on the topic is adopted (UN/UNA: yes)."),
    ),
    "second_degree_amendments": (
        _bool,
        _("Whether amendments to a pending amendment are in order (THIMUN: yes; HAR: no)."),
    ),
    "amendment_order": (
        _choice(*AMENDMENT_ORDERS),
        _("submission (MUN) or furthest_removed (UN r.130: furthest removed in substance first)."),
    ),
    "default_speaking_seconds": (
        _int(1, 3600),
        _("Speaking time on the general speakers' list until a motion changes it (UNA: 90)."),
    ),
    "yields": (
        _subset(YIELDS, nonempty=False),
        _("Yields allowed at the end of a speech: delegate, questions, chair (UN: none)."),
    ),
    "observers_may_move": (
        _bool,
        _(
            "Whether observers may move motions, raise points of order and appeal (INTERPOL GR 8: "
            "no). Observers never vote and never count towards the quorum."
        ),
    ),
    "closure_effect": (
        _choice(*CLOSURE_EFFECTS),
        _(
            "What carried closure does: vote (Model UN 'close debate': the committee moves to the "
            "vote) or drop_item (INTERPOL RPGA 29(1): the item is dropped until a later session, "
            "with no vote on it)."
        ),
    ),
    "reconsider_mover_majority": (
        _bool,
        _(
            "Whether the mover of a reconsideration must have voted with the majority on the "
            "decision it reopens."
        ),
    ),
    "caucus_max_seconds": (
        _int(60, 24 * 3600, optional=True),
        _("Longest caucus (total time) a motion may ask for; null for no cap."),
    ),
    "general_speakers_list": (
        _bool,
        _(
            "Whether a topic has a general speakers' list (Security Council: no, the President "
            "calls speakers in the order they ask, PRoP 27)."
        ),
    ),
    "explanations_of_vote": (
        _choice(*EXPLANATIONS),
        _(
            "When delegations may explain their vote: none, after (INTERPOL RPGA 39(8)) or "
            "before_and_after (Security Council practice)."
        ),
    ),
    "explanation_seconds": (
        _int(10, 1800, optional=True),
        _(
            "How long each explanation of vote may last, in seconds (UN GA decision 34/401: ten "
            "minutes); null for the committee's speaking time."
        ),
    ),
    "presidency_rotation": (
        _choice(*ROTATIONS),
        _(
            "How the presidency passes: none, or monthly_english_alphabetical (Security Council "
            "PRoP 18); informative, the organizer may ignore it."
        ),
    ),
    "discretionary": (
        _subset(DISCRETION_ITEMS, nonempty=False),
        _(
            "What the rules leave to the President: default_speaking_seconds, right_of_reply, "
            "seconds, caucuses. The app default applies and the console marks it as the chair's "
            "choice."
        ),
    ),
    "motions": (
        lambda value: value,  # checked field by field in clean_overrides
        "Per motion kind: a dict of needs_second, speakers_for, speakers_against, threshold, "
        "precedence, abstention_allowed, in_profile.",
    ),
}

MOTION_SETTING_SPECS: dict[str, Cleaner] = {
    "needs_second": _bool,
    "speakers_for": _int(0, 10),
    "speakers_against": _int(0, 10),
    "threshold": _choice(*THRESHOLDS, NO_VOTE, optional=True),
    "precedence": _int(0, 1000),
    "abstention_allowed": lambda v: None if v is None else _bool(v),
    "in_profile": _bool,
}

#: name -> one-line documentation of every top-level setting.
SETTING_DOCS: dict[str, str] = {name: doc for name, (_, doc) in SETTING_SPECS.items()}

assert tuple(SETTING_SPECS) == tuple(f.name for f in fields(Settings))
assert tuple(MOTION_SETTING_SPECS) == tuple(f.name for f in fields(MotionSettings))


def _unknown(name: str, known: Any) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return "unknown setting" + (f" (did you mean {close[0]}?)" if close else "")


def clean_overrides(overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """Check overrides setting by setting and return them in data form.

    Raises ``ValueError("<setting name>: <what is wrong>")`` for the first bad setting, unknown
    names included.
    """
    if overrides is None:
        return {}
    if not isinstance(overrides, Mapping):
        raise ValueError(f"overrides: must be a dict of settings, not {type(overrides).__name__}")
    cleaned: dict[str, Any] = {}
    for name, value in overrides.items():
        if name not in SETTING_SPECS:
            raise ValueError(f"{name}: {_unknown(str(name), SETTING_SPECS)}")
        if name == "motions":
            cleaned[name] = _clean_motion_overrides(value)
            continue
        cleaner, _ = SETTING_SPECS[name]
        try:
            cleaned[name] = cleaner(value)
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
    return cleaned


def _clean_motion_overrides(value: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(value, Mapping):
        raise ValueError("motions: must be a dict of motion kind -> settings")
    cleaned: dict[str, dict[str, Any]] = {}
    for kind, settings in value.items():
        if kind not in MOTION_KINDS:
            close = difflib.get_close_matches(str(kind), MOTION_KINDS, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ValueError(f"motions.{kind}: unknown motion kind{hint}")
        if not isinstance(settings, Mapping):
            raise ValueError(f"motions.{kind}: must be a dict of motion settings")
        cleaned[kind] = {}
        for field_name, field_value in settings.items():
            path = f"motions.{kind}.{field_name}"
            if field_name not in MOTION_SETTING_SPECS:
                raise ValueError(f"{path}: {_unknown(str(field_name), MOTION_SETTING_SPECS)}")
            try:
                cleaned[kind][field_name] = MOTION_SETTING_SPECS[field_name](field_value)
            except ValueError as exc:
                raise ValueError(f"{path}: {exc}") from None
    return cleaned


def merge(base: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Apply cleaned overrides to complete data: top-level settings replace, motion settings merge."""
    merged = {name: value for name, value in base.items() if name != "motions"}
    motions = {kind: dict(rule) for kind, rule in base["motions"].items()}
    for name, value in overrides.items():
        if name == "motions":
            for kind, rule in value.items():
                motions[kind].update(rule)
        else:
            merged[name] = value
    merged["motions"] = motions
    return merged
