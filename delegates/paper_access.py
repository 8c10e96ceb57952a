"""Who may see and act on position papers (used by the paper views).

- A delegate: their own seat's papers, on topics of their committee (others: 404).
- The dais of the committee and organizers: every paper of the committee (another committee's
  paper under this committee's URL: 404).
- Everybody: the papers the dais published, latest version only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from committee.access import CHAIR, ORGANIZER, Access, committee_role
from committee.models import Seat, Topic
from delegates.paper_models import PaperVersion, PositionPaper


def access_own_topic(seat: Seat, topic_id: int) -> Topic:
    topic = Topic.objects.select_related("committee").filter(pk=topic_id).first()
    if topic is None or topic.committee_id != seat.committee_id:
        raise Http404("No such topic in your committee.")
    return topic


def access_paper(access: Access, paper_id: int) -> PositionPaper:
    """A paper of the committee the viewer runs."""
    if not access.runs_committee:
        raise PermissionDenied
    paper = (
        PositionPaper.objects.select_related("seat", "topic__committee")
        .filter(pk=paper_id, topic__committee=access.committee)
        .first()
    )
    if paper is None:
        raise Http404("No such paper in this committee.")
    return paper


def access_published_paper(committee_id: int, paper_id: int) -> PositionPaper:
    paper = (
        PositionPaper.objects.select_related("seat", "topic__committee")
        .filter(pk=paper_id, topic__committee_id=committee_id, published=True)
        .first()
    )
    if paper is None or not paper.version_count:
        raise Http404("No such published paper.")
    return paper


def access_version_file(version_id: int, *, user: Any, seat: Seat | None) -> PaperVersion:
    """An uploaded file, for its delegation, the committee's dais and organizers; anybody when
    the paper is published and this is its latest version. Others get the same 404 as a
    missing file (a paper's existence is private)."""
    version = (
        PaperVersion.objects.select_related("paper__seat", "paper__topic__committee")
        .filter(pk=version_id)
        .first()
    )
    if version is None or not version.is_upload or not version.file:
        raise Http404("No such file.")
    paper = version.paper
    if seat is not None and seat.pk == paper.seat_id:
        return version
    if committee_role(paper.topic.committee, user, None) in (ORGANIZER, CHAIR):
        return version
    if paper.published and version.number == paper.version_count:
        return version
    raise Http404("No such file.")
