"""Roll-call votes (procedure.md §4.2; scenarios 5, 13 and 14).

The chair calls each seat in turn. First-round answers: yes, no, abstain, pass, yes with rights,
no with rights. Seats that passed are called again in a second round, in the same order, and must
then vote yes or no (they cannot pass again or abstain). A "present and voting" seat never
abstains. A vote "with rights" counts as a plain yes or no; the seat is then granted a short
explanation after the tally, unless it passed in the first round and the profile refuses rights
to such seats (``rights_after_pass`` False, the Harvard practice). The UN calls members in English
alphabetical order from a member drawn by lot and takes only yes, no or abstention (r.127).

`RollCall` is a small state machine that serialises to JSON (`to_dict` / `from_dict`), so the
live session can keep it inside its state document between answers.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import ProcedureError

if TYPE_CHECKING:
    from .profile import Profile
    from .votes import Decision

#: Every answer a seat may give (the profile narrows them).
ANSWERS: tuple[str, ...] = ("yes", "no", "abstain", "pass", "yes_rights", "no_rights")

_VOTE_OF = {"yes": "yes", "yes_rights": "yes", "no": "no", "no_rights": "no", "abstain": "abstain"}
_WORDS = {
    "yes": "yes",
    "no": "no",
    "abstain": "abstain",
    "pass": "pass",
    "yes_rights": "yes with rights",
    "no_rights": "no with rights",
}


@dataclass(frozen=True)
class RollCallSeat:
    """A seat present for the vote: ``id`` (int or str), ``name`` (used for alphabetical order
    and messages), whether it answered "present and voting" at roll call of attendance, and
    ``french_name``, the country's French name the French orders sort by (INTERPOL RPGA 39(7);
    ``name`` when empty)."""

    id: int | str
    name: str
    present_and_voting: bool = False
    french_name: str = ""


@dataclass(frozen=True)
class Tally:
    """Votes counted so far. Passes (not yet answered in the second round) are not counted."""

    yes: int = 0
    no: int = 0
    abstain: int = 0


@dataclass(frozen=True)
class Recorded:
    """What `RollCall.answer` recorded: the seat, the answer as it stands in ``answers``
    ("yes", "no", "abstain", "pass", "yes_rights", "no_rights"), whether rights were granted, and
    a sentence for the chair."""

    seat_id: int | str
    answer: str
    rights_granted: bool
    message: str


def collation_key(name: str) -> tuple[str, str]:
    """Dictionary order for Latin-script names: accents and case are second-level differences
    ("Égypte" sorts with the E's, "Côte d'Ivoire" among the C's); the name itself breaks ties."""
    letters = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in letters if not unicodedata.combining(c)).casefold()
    return plain, name


def _alphabetical_key(seat: RollCallSeat) -> tuple[tuple[str, str], str]:
    # English alphabetical order (UN r.127) ignores accents and case. The id breaks ties
    # between identical names so the order is total.
    return collation_key(seat.name), str(seat.id)


def _french_key(seat: RollCallSeat) -> tuple[tuple[str, str], str]:
    # French alphabetical order of country names (INTERPOL RPGA 39(7)): "Allemagne" before
    # "Brésil", "Égypte" among the E's.
    return collation_key(seat.french_name or seat.name), str(seat.id)


class RollCall:
    """A roll-call vote in progress.

    Attributes: ``order`` (seat ids in call order), ``current`` (seat being called; None when
    done), ``round`` (1, or 2 for the seats that passed), ``done``, ``answers`` (seat id ->
    answer), ``tally`` (`Tally`), ``rights_granted`` (seat ids, in the order granted),
    ``second_round`` (seat ids that passed, in call order). Build one with `Profile.roll_call`.
    """

    def __init__(
        self,
        profile: Profile,
        seats: Iterable[RollCallSeat],
        *,
        question: str,
        round: int = 1,
        position: int = 0,
        answers: Mapping[Any, str] | None = None,
        second_round: Iterable[Any] = (),
        rights_granted: Iterable[Any] = (),
        history: Iterable[tuple[int, Any, str]] = (),
    ) -> None:
        profile.abstention_allowed(question, present_and_voting=False)  # unknown -> ValueError
        self._profile = profile
        self._question = question
        self._seats: dict[Any, RollCallSeat] = {}
        for seat in seats:
            if not isinstance(seat, RollCallSeat):
                raise TypeError(f"expected RollCallSeat, not {type(seat).__name__}")
            if isinstance(seat.id, bool) or not isinstance(seat.id, int | str):
                raise ValueError(f"seat id must be an int or a str, not {seat.id!r}")
            if seat.id in self._seats:
                raise ValueError(f"seat {seat.id!r} appears twice")
            self._seats[seat.id] = seat
        self._round = round
        self._position = position
        self._answers: dict[Any, str] = dict(answers or {})
        self._second_round = list(second_round)
        self._rights = list(rights_granted)
        self._history = [tuple(h) for h in history]

    @classmethod
    def create(
        cls,
        profile: Profile,
        seats: Iterable[RollCallSeat],
        *,
        question: str = "substantive",
        start: Hashable | None = None,
        rng: random.Random | None = None,
    ) -> RollCall:
        """Put the seats in call order per ``roll_call_order`` and start round 1.

        The "_from_lot" orders start from ``start`` if given, else from a seat drawn with
        ``rng`` (pass a seeded `random.Random` for a reproducible draw). ``start`` given to the
        other orders rotates the list the same way.
        """
        seats = list(seats)
        order = profile.settings.roll_call_order
        if order.startswith("french_"):
            seats.sort(key=_french_key)
        elif order != "as_given":
            seats.sort(key=_alphabetical_key)
        if start is None and order.endswith("_from_lot") and seats:
            start = (rng or random.Random()).choice(seats).id
        if start is not None:
            ids = [seat.id for seat in seats]
            if start not in ids:
                raise ValueError(f"start seat {start!r} is not among the seats")
            at = ids.index(start)
            seats = seats[at:] + seats[:at]
        return cls(profile, seats, question=question)

    # --- state ---

    @property
    def question(self) -> str:
        return self._question

    @property
    def seats(self) -> list[RollCallSeat]:
        """The seats in call order."""
        return list(self._seats.values())

    @property
    def order(self) -> list[Any]:
        return list(self._seats)

    @property
    def round(self) -> int:
        return self._round

    @property
    def second_round(self) -> list[Any]:
        return list(self._second_round)

    @property
    def current(self) -> Any | None:
        calling = self.order if self._round == 1 else self._second_round
        return calling[self._position] if self._position < len(calling) else None

    @property
    def done(self) -> bool:
        return self.current is None

    @property
    def answers(self) -> dict[Any, str]:
        return dict(self._answers)

    @property
    def rights_granted(self) -> list[Any]:
        return list(self._rights)

    @property
    def tally(self) -> Tally:
        votes = [_VOTE_OF.get(answer) for answer in self._answers.values()]
        return Tally(votes.count("yes"), votes.count("no"), votes.count("abstain"))

    def decision(self, *, members: int) -> Decision:
        """Decide the vote from the tally, with everyone called counted as present."""
        t = self.tally
        return self._profile.decide(
            self._question,
            yes=t.yes,
            no=t.no,
            abstain=t.abstain,
            present=len(self._seats),
            members=members,
        )

    # --- answering ---

    def answer(self, seat_id: Any, answer: str) -> Recorded:
        """Record the answer of the seat being called and move to the next.

        Raises `ProcedureError` (nothing recorded) when the roll call is over, the seat is not
        the one being called, or the answer is not allowed: an unknown answer, pass when the
        profile has none or in the second round, abstain by a "present and voting" seat, where
        nobody may abstain, or in the second round, and votes with rights where the profile
        has none.
        """
        current = self.current
        if current is None:
            raise ProcedureError("The roll call is over.")
        if seat_id != current:
            name = self._seats[seat_id].name if seat_id in self._seats else repr(seat_id)
            raise ProcedureError(
                f"Out of turn: {self._seats[current].name} is being called, not {name}."
            )
        seat = self._seats[current]
        if answer not in ANSWERS:
            raise ProcedureError(
                f"{answer!r} is not a roll-call answer; use one of {', '.join(ANSWERS)}."
            )
        settings = self._profile.settings
        if answer in ("yes_rights", "no_rights") and not settings.roll_call_rights:
            raise ProcedureError("These rules have no votes with rights: answer yes or no.")
        rights = answer in ("yes_rights", "no_rights")
        message = f"{seat.name}: {_WORDS[answer]}."

        if self._round == 2:
            # Procedure.md §4.2: "On the second call they must vote yes or no. They cannot pass
            # again or abstain."
            if answer in ("pass", "abstain"):
                raise ProcedureError(
                    f"{seat.name} passed once; on the second call only yes or no is accepted."
                )
            if rights and not settings.rights_after_pass:
                vote = _VOTE_OF[answer]
                message = (
                    f"{seat.name}: {vote}, recorded; rights refused because the "
                    f"delegation passed in the first round."
                )
                answer, rights = vote, False
        elif answer == "pass":
            if not settings.roll_call_pass:
                raise ProcedureError("These rules have no pass: answer now.")
            self._second_round.append(current)
        elif answer == "abstain" and not self._profile.abstention_allowed(
            self._question, present_and_voting=seat.present_and_voting
        ):
            if seat.present_and_voting:
                raise ProcedureError(
                    f"{seat.name} is present and voting and cannot abstain: answer yes or no."
                )
            raise ProcedureError("Nobody may abstain on this vote: answer yes or no.")

        self._history.append((self._round, current, answer))
        self._answers[current] = answer
        if rights:
            self._rights.append(current)
        self._advance()
        return Recorded(current, answer, rights, message)

    def _advance(self) -> None:
        self._position += 1
        if self._round == 1 and self._position >= len(self._seats) and self._second_round:
            self._round, self._position = 2, 0

    # --- serialisation ---

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready state. Seat ids keep their type: answers are a list of [id, answer]
        pairs, since JSON object keys would turn int ids into strings."""
        return {
            "question": self._question,
            "seats": [
                {"id": s.id, "name": s.name, "present_and_voting": s.present_and_voting}
                for s in self._seats.values()
            ],
            "round": self._round,
            "position": self._position,
            "answers": [[seat_id, answer] for seat_id, answer in self._answers.items()],
            "second_round": list(self._second_round),
            "rights_granted": list(self._rights),
            "history": [list(h) for h in self._history],
        }

    @classmethod
    def from_dict(cls, profile: Profile, data: Mapping[str, Any]) -> RollCall:
        """Rebuild a roll call from `to_dict` output; ``ValueError`` if the data is malformed."""
        try:
            seats = [
                RollCallSeat(s["id"], s["name"], bool(s["present_and_voting"]))
                for s in data["seats"]
            ]
            call = cls(
                profile,
                seats,
                question=data["question"],
                round=int(data["round"]),
                position=int(data["position"]),
                answers={seat_id: answer for seat_id, answer in data["answers"]},
                second_round=data["second_round"],
                rights_granted=data["rights_granted"],
                history=[(int(r), seat_id, a) for r, seat_id, a in data.get("history", [])],
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"malformed roll-call data: {exc!r}") from None
        known = set(call._seats)
        if (
            call._round not in (1, 2)
            or not set(call._answers) <= known
            or not set(call._second_round) <= known
            or not set(call._rights) <= known
            or any(a not in ANSWERS for a in call._answers.values())
            or call._position < 0
        ):
            raise ValueError("malformed roll-call data: unknown seats, answers or round")
        return call
