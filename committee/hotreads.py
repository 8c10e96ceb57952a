"""Plain-SQL reads on the hot path of every committee command: the committee's seats and topics.

Built by the ORM, these two reads cost more than their trips to the database, on every command
of every socket (docs/performance.md, "Session 6"). They return what the ORM's `values_list`
returned (booleans as booleans on every database); names come from the models (sqlnames).
"""

from __future__ import annotations

from django.db import connection

from committee.models import Seat, Topic
from committee.sqlnames import column, table

SeatRow = tuple[int, str, str, str, int, bool, str]  # pk, country, status, code, version, veto, ISO

_SEAT_FIELDS = ("pk", "country", "status", "join_code", "code_version", "holds_veto", "iso_code")


def seat_rows(committee_id: int) -> list[SeatRow]:
    """The committee's seats as plain tuples (not model instances: a vote is 200 commands),
    ordered by the country's stored name."""
    columns = ", ".join(column(Seat, field) for field in _SEAT_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {table(Seat)} WHERE {column(Seat, 'committee')} = %s"
            f" ORDER BY {column(Seat, 'country')}, {column(Seat)}",
            [committee_id],
        )
        return [
            (pk, country, status, code, version, bool(veto), iso)
            for pk, country, status, code, version, veto, iso in cursor.fetchall()
        ]


def topic_titles(committee_id: int) -> dict[str, str]:
    """The committee's topics, letter -> title, in the topics' own order."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column(Topic, 'letter')}, {column(Topic, 'title')} FROM {table(Topic)}"
            f" WHERE {column(Topic, 'committee')} = %s"
            f" ORDER BY {column(Topic, 'order')}, {column(Topic, 'letter')}",
            [committee_id],
        )
        return dict(cursor.fetchall())
