"""Motions: the fixed facts about each kind, the resolved rule a profile gives it, ordering maths.

What a motion *is* (which question it is voted as, whether it only exists in voting procedure,
whether it carries times) is fixed here. What a profile *decides* about it (second, speakers,
threshold, precedence, abstention, whether it exists at all) lives in the profile data
(`committee.procedure.profiles`) and is resolved into a `MotionRule` by `Profile.motion_rule`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Every motion kind, in the app-default precedence order (procedure.md §2.3: "points >
#: adjourn meeting > suspend meeting > adjourn/table debate > close debate > unmoderated caucus >
#: moderated caucus > extend caucus > set speaking time > open/close speakers' list >
#: introduce draft/amendment; in voting procedure only: reorder drafts > divide the question >
#: roll-call vote"). The kinds the reference lists outside that chain are slotted in where a chair
#: would take them: an appeal is decided at once, right after the ruling it challenges (UN
#: r.113: "shall be immediately put to the vote"), resuming debate sits beside tabling it,
#: setting the agenda before the speakers' list it opens, reconsideration after new business.
MOTION_KINDS: tuple[str, ...] = (
    "appeal_chair",
    "adjourn_meeting",
    "suspend_meeting",
    "table_debate",
    "resume_debate",
    "close_debate",
    "unmoderated_caucus",
    "moderated_caucus",
    "extend_caucus",
    "set_speaking_time",
    "set_agenda",
    "open_speakers_list",
    "close_speakers_list",
    "introduce_draft",
    "introduce_amendment",
    "reconsider",
    "reorder_drafts",
    "divide_question",
    "roll_call_vote",
)

#: The questions `Profile.decide` knows. "procedural" is any motion without a question of its own;
#: "closure", "table", "reconsider" and "appeal" are the motions whose threshold varies most
#: between rule sets; "substantive" is a draft resolution or a divided part of one; "amendment" an
#: unfriendly amendment; "important" the UN's two-thirds questions (Charter Art. 18(2), r.83);
#: "constitutional" a question the rules put to a majority of all members whatever the turnout
#: (INTERPOL Constitution Art. 42: two-thirds of the Members for an amendment of the Constitution).
QUESTIONS: tuple[str, ...] = (
    "procedural",
    "closure",
    "table",
    "reconsider",
    "appeal",
    "substantive",
    "amendment",
    "important",
    "constitutional",
)

#: Questions voted on motions rather than on text: no "present and voting" exemption from the
#: duty to vote applies to them, and (outside the UN) nobody may abstain (procedure.md §1.1).
PROCEDURAL_QUESTIONS: frozenset[str] = frozenset(
    {"procedural", "closure", "table", "reconsider", "appeal"}
)

#: The motion whose profile rule defines each motion-backed question's threshold and abstention.
QUESTION_MOTION: dict[str, str] = {
    "closure": "close_debate",
    "table": "table_debate",
    "reconsider": "reconsider",
    "appeal": "appeal_chair",
}


@dataclass(frozen=True)
class MotionFacts:
    """What a motion kind is, whatever the profile.

    ``question``: the `decide` question the motion is voted as. ``voting_procedure_only``: the
    motion is only in order once voting procedure has begun (procedure.md §2.1, "Voting procedure
    only"). ``timed``: it carries a total time and/or a speaking time.
    """

    question: str
    voting_procedure_only: bool = False
    timed: bool = False


MOTION_FACTS: dict[str, MotionFacts] = {
    "appeal_chair": MotionFacts("appeal"),
    "adjourn_meeting": MotionFacts("procedural"),
    "suspend_meeting": MotionFacts("procedural", timed=True),
    "table_debate": MotionFacts("table"),
    "resume_debate": MotionFacts("procedural"),
    "close_debate": MotionFacts("closure"),
    "unmoderated_caucus": MotionFacts("procedural", timed=True),
    "moderated_caucus": MotionFacts("procedural", timed=True),
    "extend_caucus": MotionFacts("procedural", timed=True),
    "set_speaking_time": MotionFacts("procedural", timed=True),
    "set_agenda": MotionFacts("procedural"),
    "open_speakers_list": MotionFacts("procedural"),
    "close_speakers_list": MotionFacts("procedural"),
    "introduce_draft": MotionFacts("procedural"),
    # The vote an unfriendly amendment gets is the amendment vote itself (procedure.md §6).
    "introduce_amendment": MotionFacts("amendment"),
    "reconsider": MotionFacts("reconsider"),
    "reorder_drafts": MotionFacts("procedural", voting_procedure_only=True),
    "divide_question": MotionFacts("procedural", voting_procedure_only=True),
    "roll_call_vote": MotionFacts("procedural", voting_procedure_only=True),
}

assert tuple(MOTION_FACTS) == MOTION_KINDS  # one list, kept in step by hand

#: Threshold names, by their base: "simple_majority" and "two_thirds" count of the profile's
#: ``vote_base`` (those voting, unless a profile says otherwise); "..._of_present" of the voting
#: members present, whatever the profile's base; "..._of_members" of all voting members, whatever
#: the turnout; "affirmative_votes" a fixed number of yes votes (the profile's
#: ``affirmative_votes``, UN Charter Art. 27: nine of fifteen) whatever the turnout.
#: "no_vote" is for motions only: granted or refused without a vote, either automatically
#: (UN r.127: a roll call is had on request) or at the chair's discretion.
THRESHOLDS: tuple[str, ...] = (
    "simple_majority",
    "two_thirds",
    "majority_of_present",
    "two_thirds_of_present",
    "majority_of_members",
    "two_thirds_of_members",
    "affirmative_votes",
)
NO_VOTE = "no_vote"


@dataclass(frozen=True)
class MotionRule:
    """The rule a profile gives one motion kind, fully resolved (no "inherit" markers left).

    Fields: ``kind``; ``needs_second``; ``speakers_for`` / ``speakers_against`` (speeches before
    the vote: UN r.116 "two in favour and two against" on adjourning debate, r.117 "two speakers
    opposing" on closure); ``question`` (the `decide` question it is voted as); ``threshold``
    (one of `THRESHOLDS`, or "no_vote"); ``precedence`` (lower is put to the vote first);
    ``abstention_allowed`` (may a "present" seat abstain on it); ``voting_procedure_only``;
    ``in_profile`` (False when the rule set has no such motion, e.g. caucuses under UN rules).
    """

    kind: str
    needs_second: bool
    speakers_for: int
    speakers_against: int
    question: str
    threshold: str
    precedence: int
    abstention_allowed: bool
    voting_procedure_only: bool
    in_profile: bool

    @property
    def voted(self) -> bool:
        """Whether the motion is put to a vote at all (threshold other than "no_vote")."""
        return self.threshold != NO_VOTE


@dataclass(frozen=True)
class Motion:
    """A pending motion on the floor, as `Profile.order_motions` takes it.

    ``total_seconds`` and ``speaking_seconds`` matter only for ordering motions of the same rank
    (longer total time first, then longer speaking time: procedure.md §2.3). ``ref`` is free for the
    caller (a database id, a mover) and is ignored by comparisons; `order_motions` returns the very
    objects it was given, so identity works too.
    """

    kind: str
    total_seconds: int | None = None
    speaking_seconds: int | None = None
    ref: object = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in MOTION_FACTS:
            raise ValueError(f"unknown motion kind {self.kind!r}; known: {', '.join(MOTION_KINDS)}")
        for name in ("total_seconds", "speaking_seconds"):
            value = getattr(self, name)
            if value is not None and (
                not isinstance(value, int) or isinstance(value, bool) or value < 0
            ):
                raise ValueError(f"{name} must be a non-negative whole number of seconds")


def moderated_caucus_slots(total_seconds: int, speaking_seconds: int) -> int:
    """Speaker slots in a moderated caucus: floor(total / speaking time) (procedure.md §2.1).

    The remainder is simply unused: 600 s at 45 s each gives 13 speakers and 15 s left over
    (scenario 15). Both times must be positive whole seconds.
    """
    for name, value in (("total_seconds", total_seconds), ("speaking_seconds", speaking_seconds)):
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ValueError(f"{name} must be a positive whole number of seconds")
    return total_seconds // speaking_seconds


#: Plain-English names for messages a chair reads out ("the motion to ...").
MOTION_LABELS: dict[str, str] = {
    "appeal_chair": "appeal the decision of the chair",
    "adjourn_meeting": "adjourn the meeting",
    "suspend_meeting": "suspend the meeting",
    "table_debate": "table (adjourn) debate",
    "resume_debate": "resume debate",
    "close_debate": "close debate",
    "unmoderated_caucus": "hold an unmoderated caucus",
    "moderated_caucus": "hold a moderated caucus",
    "extend_caucus": "extend the caucus",
    "set_speaking_time": "set the speaking time",
    "set_agenda": "set the agenda",
    "open_speakers_list": "open the speakers' list",
    "close_speakers_list": "close the speakers' list",
    "introduce_draft": "introduce a draft resolution",
    "introduce_amendment": "introduce an amendment",
    "reconsider": "reconsider",
    "reorder_drafts": "reorder the draft resolutions",
    "divide_question": "divide the question",
    "roll_call_vote": "vote by roll call",
}

assert tuple(MOTION_LABELS) == MOTION_KINDS
