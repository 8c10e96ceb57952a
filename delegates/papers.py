"""Position paper services: every change to a paper, its versions, the rubric, deadlines and
scores goes through here (views call these; nothing else writes the rows).

`check_*` validate and raise PaperRefused with a message for the person acting (and change
nothing); `do_*` perform an already-authorized change. Writes lock the paper (or the setup) row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.models import Committee, Seat, Topic
from delegates import paper_text
from delegates.paper_models import (
    DEFAULT_CRITERIA,
    PaperScore,
    PaperSetup,
    PaperVersion,
    PositionPaper,
    RubricCriterion,
    TopicDeadline,
    validate_time_zone,
)

Status = PositionPaper.Status


class PaperRefused(Exception):
    """A refused paper action, with a message for the person acting."""


# --- setup: rubric, time zone, deadlines ----------------------------------------------------


def setup_for(committee: Committee) -> PaperSetup:
    """The committee's paper setup, made with the default rubric on first use."""
    setup = PaperSetup.objects.filter(committee=committee).first()
    if setup is not None:
        return setup
    with transaction.atomic():
        setup, created = PaperSetup.objects.get_or_create(committee=committee)
        if created:
            RubricCriterion.objects.bulk_create(
                RubricCriterion(setup=setup, key=key, name=str(label), max_points=points, order=i)
                for i, (key, label, points) in enumerate(DEFAULT_CRITERIA)
            )
    return setup


def rubric(committee: Committee) -> list[RubricCriterion]:
    return list(setup_for(committee).criteria.all())


@dataclass(frozen=True)
class CriterionInput:
    """One row of the rubric form: pk None for a new criterion; delete to drop it."""

    pk: int | None
    name: str
    points: str
    delete: bool = False


def check_set_rubric(committee: Committee, rows: list[CriterionInput]) -> list[RubricCriterion]:
    """Replace the rubric. At least one criterion; every one named with positive whole points."""
    kept = [
        row for row in rows if not row.delete and (row.pk or row.name.strip() or row.points.strip())
    ]
    if not kept:
        raise PaperRefused(_("A rubric needs at least one criterion."))
    parsed = []
    for row in kept:
        name = row.name.strip()
        if not name:
            raise PaperRefused(_("Every criterion needs a name."))
        if len(name) > 120:
            raise PaperRefused(_("A criterion's name has at most 120 characters."))
        try:
            points = int(row.points.strip())
        except ValueError:
            raise PaperRefused(
                _("Points for “%(name)s” must be a whole number.") % {"name": name}
            ) from None
        if not 1 <= points <= 1000:
            raise PaperRefused(
                _("Points for “%(name)s” must be between 1 and 1000.") % {"name": name}
            )
        parsed.append((row.pk, name, points))
    setup = setup_for(committee)
    with transaction.atomic():
        setup = PaperSetup.objects.select_for_update().get(pk=setup.pk)
        existing = {c.pk: c for c in setup.criteria.all()}
        if any(pk is not None and pk not in existing for pk, _n, _p in parsed):
            raise PaperRefused(_("That criterion is not part of this committee's rubric."))
        keep_ids = {pk for pk, _n, _p in parsed if pk is not None}
        RubricCriterion.objects.filter(setup=setup).exclude(pk__in=keep_ids).delete()
        for order, (pk, name, points) in enumerate(parsed):
            if pk is None:
                RubricCriterion.objects.create(
                    setup=setup, name=name, max_points=points, order=order
                )
                continue
            criterion = existing[pk]
            if name != criterion.label and name != criterion.name:
                criterion.key = ""  # renamed: no longer the translated default
            if not criterion.key:
                criterion.name = name
            criterion.max_points, criterion.order = points, order
            criterion.save(update_fields=["key", "name", "max_points", "order"])
    return rubric(committee)


def check_set_time_zone(committee: Committee, value: str) -> PaperSetup:
    from django.core.exceptions import ValidationError

    value = (value or "").strip()
    try:
        validate_time_zone(value)
    except ValidationError as error:
        raise PaperRefused(error.messages[0]) from None
    setup = setup_for(committee)
    PaperSetup.objects.filter(pk=setup.pk).update(time_zone=value)
    setup.time_zone = value
    return setup


DEADLINE_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")


def parse_deadline(text: str, zone: Any) -> dt.datetime | None:
    """A deadline typed as local time of the conference (YYYY-MM-DD HH:MM); "" clears it."""
    text = (text or "").strip()
    if not text:
        return None
    for fmt in DEADLINE_FORMATS:
        try:
            naive = dt.datetime.strptime(text, fmt)  # noqa: DTZ007 (made aware just below)
        except ValueError:
            continue
        return timezone.make_aware(naive, zone)
    raise PaperRefused(
        _("“%(value)s” is not a date and time. Use the form 2026-03-14 18:00.")
        % {"value": text[:40]}
    )


def check_set_deadline(topic: Topic, text: str) -> TopicDeadline | None:
    """Set (or clear, with an empty text) the paper deadline of one topic."""
    setup = setup_for(topic.committee)
    due_at = parse_deadline(text, setup.zone)
    with transaction.atomic():
        if due_at is None:
            TopicDeadline.objects.filter(topic=topic).delete()
            return None
        deadline, _created = TopicDeadline.objects.update_or_create(
            topic=topic, defaults={"due_at": due_at}
        )
    return deadline


def deadline_of(topic: Topic) -> dt.datetime | None:
    deadline = TopicDeadline.objects.filter(topic=topic).first()
    return deadline.due_at if deadline else None


# --- the delegate: drafts and submissions ---------------------------------------------------


def _topic_of_seat(seat: Seat, topic: Topic | int) -> Topic:
    topic_id = topic.pk if isinstance(topic, Topic) else topic
    found = Topic.objects.select_related("committee").filter(pk=topic_id).first()
    if found is None or found.committee_id != seat.committee_id:
        raise PaperRefused(_("That topic is not one of your committee's topics."))
    return found


def paper_for(seat: Seat, topic: Topic | int) -> PositionPaper:
    """The seat's paper on a topic of its committee (an empty draft on first use)."""
    topic = _topic_of_seat(seat, topic)
    paper, _created = PositionPaper.objects.get_or_create(seat=seat, topic=topic)
    return paper


def _locked_paper(seat: Seat, topic: Topic | int) -> PositionPaper:
    paper = paper_for(seat, topic)
    return (
        PositionPaper.objects.select_for_update().select_related("topic", "seat").get(pk=paper.pk)
    )


def _check_text(body: str) -> str:
    if len(body) > paper_text.MAX_TEXT_CHARS:
        raise PaperRefused(
            _("The text is longer than %(n)d characters.") % {"n": paper_text.MAX_TEXT_CHARS}
        )
    reason = paper_text.hostile_reason(body)
    if reason:
        raise PaperRefused(_("Not saved: %(reason)s Remove it and try again.") % {"reason": reason})
    return body


def check_save_draft(seat: Seat, topic: Topic | int, body: str) -> PositionPaper:
    """Keep the text being written (autosave). Drafts may be empty; versions are untouched."""
    body = _check_text(body or "")
    with transaction.atomic():
        paper = _locked_paper(seat, topic)
        paper.draft = body
        paper.draft_saved_at = timezone.now()
        paper.save(update_fields=["draft", "draft_saved_at"])
    return paper


def _refuse_if_accepted(paper: PositionPaper) -> None:
    if paper.status == Status.ACCEPTED:
        raise PaperRefused(_("This paper was accepted; it cannot be submitted again."))


def _add_version(paper: PositionPaper, **fields: Any) -> PaperVersion:
    """Write the next version (the paper row is locked by the caller)."""
    now = timezone.now()
    due_at = deadline_of(paper.topic)
    late_by = now - due_at if due_at is not None and now > due_at else None
    paper.version_count += 1
    file = fields.pop("file_data", None)
    version = PaperVersion(
        paper=paper,
        number=paper.version_count,
        submitted_at=now,
        due_at=due_at,
        late_by=late_by,
        **fields,
    )
    if file is not None:
        version.file.save("upload", ContentFile(file), save=False)
    version.save()
    paper.status = Status.SUBMITTED
    paper.save(update_fields=["version_count", "status"])
    return version


def check_submit_text(seat: Seat, topic: Topic | int, body: str) -> PaperVersion:
    """Submit the Markdown as a new version (the draft becomes what was submitted)."""
    body = _check_text(body or "")
    if not body.strip():
        raise PaperRefused(_("The paper is empty. Write your paper before submitting it."))
    with transaction.atomic():
        paper = _locked_paper(seat, topic)
        _refuse_if_accepted(paper)
        paper.draft, paper.draft_saved_at = body, timezone.now()
        paper.save(update_fields=["draft", "draft_saved_at"])
        return _add_version(
            paper,
            kind=PaperVersion.Kind.MARKDOWN,
            text=body,
            word_count=paper_text.count_words(body),
        )


def check_submit_upload(
    seat: Seat, topic: Topic | int, stream: IO[bytes] | None, *, name: str = "", size: int = 0
) -> PaperVersion:
    """Submit a PDF or DOCX (checked by content, at most 5 MB) as a new version."""
    if stream is None:
        raise PaperRefused(_("Choose a PDF or DOCX file to upload."))
    _topic_of_seat(seat, topic)
    try:
        upload = paper_text.check_upload(stream, size)
    except paper_text.UploadRefused as refusal:
        raise PaperRefused(str(refusal)) from None
    with transaction.atomic():
        paper = _locked_paper(seat, topic)
        _refuse_if_accepted(paper)
        return _add_version(
            paper,
            kind=upload.kind,
            text=upload.text,
            word_count=paper_text.count_plain_words(upload.text) if upload.kind == "docx" else None,
            file_data=upload.data,
            file_size=len(upload.data),
            original_name=(name or "")[-255:],
        )


# --- the dais: review, notes, scores, release, publish --------------------------------------

DECISIONS = {"accept": Status.ACCEPTED, "request_changes": Status.CHANGES_REQUESTED}


def check_review(paper: PositionPaper, reviewer: Any, decision: str, comment: str) -> PositionPaper:
    """Accept, or request changes with a comment the delegation sees."""
    status = DECISIONS.get(decision)
    if status is None:
        raise PaperRefused(_("Choose accept or request changes."))
    comment = (comment or "").strip()
    if status == Status.CHANGES_REQUESTED and not comment:
        raise PaperRefused(_("Say what should change: a request for changes needs a comment."))
    if len(comment) > 10_000:
        raise PaperRefused(_("The comment is longer than 10,000 characters."))
    with transaction.atomic():
        paper = PositionPaper.objects.select_for_update().get(pk=paper.pk)
        if not paper.version_count:
            raise PaperRefused(_("Nothing was submitted yet, so there is nothing to review."))
        paper.status, paper.comment = status, comment
        paper.reviewed_at, paper.reviewed_by = timezone.now(), reviewer
        paper.save(update_fields=["status", "comment", "reviewed_at", "reviewed_by"])
    return paper


def check_save_notes(paper: PositionPaper, notes: str) -> PositionPaper:
    notes = notes or ""
    if len(notes) > 20_000:
        raise PaperRefused(_("The notes are longer than 20,000 characters."))
    PositionPaper.objects.filter(pk=paper.pk).update(private_notes=notes)
    paper.private_notes = notes
    return paper


def check_score(paper: PositionPaper, scorer: Any, marks: dict[str, str]) -> PaperScore:
    """One dais member's marks, one per criterion of the committee's rubric, within its range."""
    if not paper.version_count:
        raise PaperRefused(_("Nothing was submitted yet, so there is nothing to score."))
    criteria = rubric(paper.topic.committee)
    clean: dict[str, int] = {}
    for criterion in criteria:
        raw = (marks.get(str(criterion.pk)) or "").strip()
        if not raw:
            raise PaperRefused(_("Give a mark for “%(name)s”.") % {"name": criterion.label})
        try:
            value = int(raw)
        except ValueError:
            raise PaperRefused(
                _("The mark for “%(name)s” must be a whole number.") % {"name": criterion.label}
            ) from None
        if not 0 <= value <= criterion.max_points:
            raise PaperRefused(
                _("The mark for “%(name)s” must be between 0 and %(max)d.")
                % {"name": criterion.label, "max": criterion.max_points}
            )
        clean[str(criterion.pk)] = value
    with transaction.atomic():
        paper = PositionPaper.objects.select_for_update().get(pk=paper.pk)
        if not paper.version_count:
            raise PaperRefused(_("Nothing was submitted yet, so there is nothing to score."))
        score, _created = PaperScore.objects.update_or_create(
            paper=paper,
            scorer=scorer,
            defaults={"marks": clean, "total": sum(clean.values()), "scored_at": timezone.now()},
        )
    return score


def do_release_scores(committee: Committee, released: bool = True) -> PaperSetup:
    """Show (or hide again) the dais's scores to every delegation of the committee at once."""
    setup = setup_for(committee)
    with transaction.atomic():
        setup = PaperSetup.objects.select_for_update().get(pk=setup.pk)
        setup.scores_released = released
        setup.scores_released_at = timezone.now() if released else None
        setup.save(update_fields=["scores_released", "scores_released_at"])
    return setup


def check_publish(paper: PositionPaper, published: bool = True) -> PositionPaper:
    """Publish a paper to the committee (every delegate and the public page), or withdraw it."""
    with transaction.atomic():
        paper = PositionPaper.objects.select_for_update().get(pk=paper.pk)
        if published and not paper.version_count:
            raise PaperRefused(_("Only a submitted paper can be published."))
        paper.published = published
        paper.published_at = timezone.now() if published else None
        paper.save(update_fields=["published", "published_at"])
    return paper


# --- reading --------------------------------------------------------------------------------


def mean_total(scores: list[PaperScore]) -> Decimal | None:
    if not scores:
        return None
    mean = Decimal(sum(s.total for s in scores)) / len(scores)
    return mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rubric_total(criteria: list[RubricCriterion]) -> int:
    return sum(c.max_points for c in criteria)


def seat_scores(committee: Committee) -> dict[int, float]:
    """Each seat's papers as a share of the rubric's points (0 to 1): per paper the mean of the
    dais's totals, averaged over the seat's scored papers. Seats with no score are left out.
    (The awards sheet reads this through the setting `EXPORTS_PAPER_SCORES`.)"""
    full = rubric_total(rubric(committee))
    shares: dict[int, list[float]] = {}
    for paper in PositionPaper.objects.filter(topic__committee=committee).prefetch_related(
        "scores"
    ):
        mean = mean_total(list(paper.scores.all()))
        if mean is not None and full:
            shares.setdefault(paper.seat_id, []).append(min(1.0, float(mean) / full))
    return {seat: sum(values) / len(values) for seat, values in shares.items()}


def latest_version(paper: PositionPaper) -> PaperVersion | None:
    return paper.versions.order_by("-number").first()


@dataclass
class MatrixCell:
    topic: Topic
    paper: PositionPaper | None
    latest: PaperVersion | None
    score: Decimal | None
    scorers: int

    @property
    def submitted(self) -> bool:
        return self.latest is not None

    @property
    def status(self) -> str:
        return self.paper.status if self.paper else Status.DRAFT

    @property
    def status_rank(self) -> int:
        """For sorting: not submitted, changes requested, submitted, accepted."""
        if not self.submitted:
            return 0
        ranks: dict[str, int] = {
            Status.CHANGES_REQUESTED: 1,
            Status.SUBMITTED: 2,
            Status.ACCEPTED: 3,
        }
        return ranks.get(self.status, 2)

    @property
    def status_label(self) -> str:
        if not self.submitted:
            return _("Not submitted")
        return str(Status(self.status).label)


@dataclass
class MatrixRow:
    seat: Seat
    cells: list[MatrixCell]

    @property
    def missing(self) -> int:
        return sum(1 for cell in self.cells if not cell.submitted)


def paper_matrix(committee: Committee) -> tuple[list[Topic], list[MatrixRow]]:
    """Seats by topics, with each paper's latest version and mean score (few queries)."""
    topics = list(committee.topics.all())
    seats = list(committee.seats.all())
    papers = {
        (p.seat_id, p.topic_id): p
        for p in PositionPaper.objects.filter(topic__committee=committee).prefetch_related("scores")
    }
    latest: dict[int, PaperVersion] = {}
    for version in PaperVersion.objects.filter(paper__topic__committee=committee).order_by(
        "paper_id", "number"
    ):
        latest[version.paper_id] = version
    rows = []
    for seat in seats:
        cells = []
        for topic in topics:
            paper = papers.get((seat.pk, topic.pk))
            scores = list(paper.scores.all()) if paper else []
            cells.append(
                MatrixCell(
                    topic=topic,
                    paper=paper,
                    latest=latest.get(paper.pk) if paper else None,
                    score=mean_total(scores),
                    scorers=len(scores),
                )
            )
        rows.append(MatrixRow(seat=seat, cells=cells))
    return topics, rows


def time_left(due_at: dt.datetime | None, now: dt.datetime | None = None) -> dt.timedelta | None:
    if due_at is None:
        return None
    return due_at - (now or timezone.now())
