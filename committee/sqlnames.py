"""Quoted table and column names of a model, for the few plain SQL queries on the hot path of
every websocket command (the session, user and dais checks in committee/access.py): built by
the ORM, those queries cost more than their trip to the database."""

from __future__ import annotations

from typing import Any

from django.db import connection


def table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model: Any, field: str = "pk") -> str:
    meta = model._meta
    found = meta.pk if field == "pk" else meta.get_field(field)
    if found is None or not found.column:
        raise LookupError(f"{meta.label} has no column for {field}")
    return connection.ops.quote_name(found.column)
