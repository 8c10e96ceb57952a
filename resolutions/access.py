"""Who may see and change a paper. Views call these; services check the role again."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from committee.access import Access, access_committee
from committee.seats import seat_from_session
from resolutions.models import Paper


def access_papers(request: Any, committee_id: int) -> Access:
    """Papers are the committee's business: its chairs, organizers and delegates."""
    return access_committee(
        committee_id,
        user=request.user,
        seat=seat_from_session(request.session),
        need="participant",
    )


def access_paper(access: Access, paper_id: int) -> Paper:
    paper = (
        Paper.objects.select_related("committee", "topic", "created_by")
        .filter(pk=paper_id, committee=access.committee)
        .first()
    )
    if paper is None:
        raise Http404("No such paper in this committee.")
    return paper


def is_author(access: Access, paper: Paper) -> bool:
    return access.is_delegate and paper.authors.filter(pk=access.delegate_seat.pk).exists()
