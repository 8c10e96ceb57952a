"""Who may export what (used by the views; the management command is for the shell's owner).

- Adopted resolutions: everyone (delegates, the public), one by one or bundled.
- Drafts and rejected drafts, minutes, CSV, statistics, the awards sheet: organizers and the
  committee's own chairs.
- Chairs' ratings: dais members of the committee only (organizers see the combined sheet).
- The organizer's dashboard: organizers (staff).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from committee.access import CHAIR, PUBLIC, Access, access_committee
from committee.models import DaisMember
from resolutions.models import Paper


def access_exports(committee_id: int, *, user: Any, seat: Any, private: bool) -> Access:
    """`private`: minutes, CSV, drafts, statistics (organizers and this committee's chairs)."""
    return access_committee(committee_id, user=user, seat=seat, need=CHAIR if private else PUBLIC)


def access_resolution(access: Access, resolution_id: int) -> Paper:
    """A draft or resolution (`Paper`) of the committee: adopted ones for everyone, drafts and
    rejected or lapsed ones for organizers and the committee's chairs. Anything else (a working
    paper, a draft for a delegate) is a 404, as if it did not exist."""
    paper = (
        Paper.objects.select_related("topic", "committee__conference")
        .filter(pk=resolution_id, committee=access.committee)
        .first()
    )
    if paper is None or paper.status == Paper.Status.WORKING_PAPER:
        raise Http404("No such resolution.")
    if paper.status != Paper.Status.ADOPTED and not access.runs_committee:
        raise Http404("No such resolution.")
    return paper


def require_dais_member(access: Access, user: Any) -> None:
    if not DaisMember.objects.filter(committee=access.committee, user=user).exists():
        raise PermissionDenied
