"""Quoted table and column names of a model, for the few plain SQL queries on the hot path of
every websocket command (the session, user and dais checks in committee/access.py): built by
the ORM, those queries cost more than their trip to the database. Each name is worked out once
per database vendor (a command asked for some forty of them)."""

from __future__ import annotations

import functools
from typing import Any

from django.db import connection


def table(model: Any) -> str:
    return _table(connection.vendor, model)


def column(model: Any, field: str = "pk") -> str:
    return _column(connection.vendor, model, field)


@functools.cache
def _table(vendor: str, model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@functools.cache
def _column(vendor: str, model: Any, field: str) -> str:
    meta = model._meta
    found = meta.pk if field == "pk" else meta.get_field(field)
    if found is None or not found.column:
        raise LookupError(f"{meta.label} has no column for {field}")
    return connection.ops.quote_name(found.column)
