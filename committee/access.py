"""Who may do what: one `access_*` helper per object, used by views and consumers alike.

Roles on a committee, from a viewer's point of view:
- "organizer": Django staff; everything on every committee (they set conferences up).
- "chair": a DaisMember of this committee (President, Chair or Rapporteur).
- "delegate": a browser bound to one of this committee's seats by its join code.
- "public": everyone else: the committee home, briefings and the projector only.

Unknown ids raise Http404. A known object the viewer may not act on raises PermissionDenied;
private objects (a seat of another committee) give the same 404 as a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from committee.models import Briefing, Committee, Conference, DaisMember, Seat
from committee.sqlnames import column, table

ORGANIZER = "organizer"
CHAIR = "chair"
DELEGATE = "delegate"
PUBLIC = "public"


@dataclass(frozen=True)
class Access:
    committee: Committee
    role: str
    seat: Seat | None = None

    @property
    def runs_committee(self) -> bool:
        return self.role in (ORGANIZER, CHAIR)

    @property
    def is_delegate(self) -> bool:
        return self.role == DELEGATE

    @property
    def delegate_seat(self) -> Seat:
        """The delegate's own seat (a DELEGATE access always holds one); refused for anyone else."""
        if self.role != DELEGATE or self.seat is None:
            raise PermissionDenied
        return self.seat


def committee_role(committee: Committee, user: Any, seat: Seat | None) -> str:
    if user is not None and user.is_authenticated:
        if user.is_staff:
            return ORGANIZER
        if DaisMember.objects.filter(committee=committee, user=user).exists():
            return CHAIR
    if seat is not None and seat.committee_id == committee.pk:
        return DELEGATE
    return PUBLIC


def access_committee(committee_id: int, *, user: Any, seat: Seat | None, need: str) -> Access:
    """The committee and the viewer's role on it; `need` is PUBLIC, DELEGATE, CHAIR or
    "participant" (a chair, an organizer or one of its delegates)."""
    committee = Committee.objects.select_related("conference").filter(pk=committee_id).first()
    if committee is None:
        raise Http404("No such committee.")
    role = committee_role(committee, user, seat)
    allowed = {
        PUBLIC: True,
        "participant": role in (ORGANIZER, CHAIR, DELEGATE),
        DELEGATE: role == DELEGATE,
        CHAIR: role in (ORGANIZER, CHAIR),
    }[need]
    if not allowed:
        raise PermissionDenied
    return Access(committee=committee, role=role, seat=seat if role == DELEGATE else None)


def access_committee_rules(committee_id: int, *, user: Any, edit: bool) -> Access:
    """The committee's organizer page. Organizers see and change the rules and the seats that
    hold a veto; the committee's chairs see them read-only (the rules are the conference's: a
    chair who could change a threshold in the middle of a session could decide its outcome)."""
    access = access_committee(committee_id, user=user, seat=None, need=CHAIR)
    if edit and access.role != ORGANIZER:
        raise PermissionDenied
    return access
_LOAD = object()  # access_live_session: read the session from its store


def access_live_session(
    session_key: str | None, actor: Any, *, session: Any = _LOAD, user: Any = _LOAD
) -> None:
    """Raise PermissionDenied unless the browser session behind an open socket still holds the
    login (chairs, organizers) or the seat (delegates) the socket was opened with. Checked on
    every websocket command: logging out or leaving the seat ends a socket's powers at once.
    `session`: the session's data already read (`live_sessions`; None: it no longer exists);
    `user`: for a chair, the active user with its password hash already read (None: inactive
    or gone). `live_session_columns` reads both inside another statement."""
    from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
    from django.utils.crypto import constant_time_compare
    from django.utils.translation import gettext as _

    from committee.seats import SEAT_KEY

    if actor is None:
        return
    if session is _LOAD and session_key:
        columns = live_session_columns(session_key, actor)
        if columns is not None:
            # One plain query: the session's data and, for a chair, the password hash.
            check_live_session_columns(session_key, actor, columns.read())
            return
        session = _session_store()(session_key)  # kept outside the database: its own store
    if session is _LOAD:
        session = None  # no session key: no session
    if actor.role != DELEGATE:
        if user is _LOAD:
            user = _active_user_for_hash(actor.user_id)
        if (
            session is None
            or user is None
            or str(session.get(SESSION_KEY)) != str(actor.user_id)
            or not constant_time_compare(
                session.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash()
            )
        ):
            raise PermissionDenied(_("You were logged out. Log in again to run the session."))
        return
    if session is None or session.get(SEAT_KEY) != actor.seat:
        raise PermissionDenied(_("This browser no longer holds a seat. Join again with your code."))
    # The seat's code version is checked under the committee lock (services), with the seat.


def live_sessions(session_keys: list[str | None]) -> dict[str, dict[str, Any]] | None:
    """The data of these browser sessions in one plain query (built by the ORM it cost more than
    its trip to the database, on every command of every socket), for checking one command or a
    batch (`access_live_session(..., session=found.get(key))`); a key missing from the result has
    no live session. None when the session engine keeps sessions outside the database: check
    each the ordinary way then."""
    from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
    from django.db import connection
    from django.utils import timezone

    store = _session_store()
    if not issubclass(store, DatabaseStore):
        return None
    keys = sorted({key for key in session_keys if key})
    if not keys:
        return {}
    model = store.get_model_class()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column(model)}, {column(model, 'session_data')} FROM {table(model)}"
            f" WHERE {column(model)} IN ({', '.join(['%s'] * len(keys))})"
            f" AND {column(model, 'expire_date')} > %s",
            [*keys, connection.ops.adapt_datetimefield_value(timezone.now())],
        )
        rows = cursor.fetchall()
    decoder = store()
    return {key: decoder.decode(data) for key, data in rows}


@dataclass(frozen=True)
class SessionColumns:
    """Select-list columns that read what `access_live_session` checks (the browser session's
    data; for a chair, the user's password hash) inside another statement: with a command's
    seats and topics (committee/hotpath.py `lock_for_command`), one trip to the database fewer
    on every command."""

    sql: str
    params: list[Any]

    def read(self) -> dict[str, Any]:
        """Their values by name, read in a statement of their own."""
        from committee.hotpath import select_columns

        return select_columns([self.sql], self.params)


def live_session_columns(session_key: str | None, actor: Any) -> SessionColumns | None:
    """The columns `dais_session` (the session's stored data, NULL when it no longer exists or
    has expired) and, for a chair or an organizer, `dais_password` (NULL when the user is
    inactive or gone), for `check_live_session_columns`. None when the session engine keeps
    sessions outside the database (check with `access_live_session` then)."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
    from django.db import connection
    from django.utils import timezone

    store = _session_store()
    if not issubclass(store, DatabaseStore):
        return None
    model, user = store.get_model_class(), get_user_model()
    sql = (
        f"(SELECT s.{column(model, 'session_data')} FROM {table(model)} s"
        f" WHERE s.{column(model)} = %s AND s.{column(model, 'expire_date')} > %s) AS dais_session"
    )
    params = [session_key, connection.ops.adapt_datetimefield_value(timezone.now())]
    if actor.role != DELEGATE:
        sql += (
            f", (SELECT u.{column(user, 'password')} FROM {table(user)} u"
            f" WHERE u.{column(user)} = %s AND u.{column(user, 'is_active')}) AS dais_password"
        )
        params.append(actor.user_id)
    return SessionColumns(sql, params)


def check_live_session_columns(session_key: str | None, actor: Any, read: dict[str, Any]) -> None:
    """`access_live_session` on what `live_session_columns` read (`read`: their values by
    name)."""
    data = read["dais_session"]
    session = None if data is None else _session_store()().decode(data)
    user = None
    if actor.role != DELEGATE and read["dais_password"] is not None:
        from django.contrib.auth import get_user_model

        user = get_user_model()(pk=actor.user_id, password=read["dais_password"])
    access_live_session(session_key, actor, session=session, user=user)


def may_chair_sql(committee: str) -> str:
    """An SQL condition: the user whose id is its one parameter is active and either staff (an
    organizer) or on the dais of the committee whose id is the SQL expression `committee`."""
    from django.contrib.auth import get_user_model

    user = get_user_model()
    return (
        f"EXISTS (SELECT 1 FROM {table(user)} u WHERE u.{column(user)} = %s"
        f" AND u.{column(user, 'is_active')} AND (u.{column(user, 'is_staff')} OR EXISTS"
        f" (SELECT 1 FROM {table(DaisMember)} d WHERE d.{column(DaisMember, 'committee')} = {committee}"
        f" AND d.{column(DaisMember, 'user')} = u.{column(user)})))"
    )


def may_still_chair(user_id: Any, committee_id: int) -> bool:
    """Is this user still active and staff (an organizer) or on this committee's dais? One plain
    query, as in `live_sessions`. (A chair's command asks it with the committee's row lock:
    committee/hotpath.py `lock_committee`.)"""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {may_chair_sql('%s')}", [user_id, committee_id])
        row = cursor.fetchone()
    return bool(row and row[0])


def _active_user_for_hash(user_id: Any) -> Any:
    """The active user `user_id` with just its password hash loaded (all the session's auth
    hash is made of), or None. One plain query, as in `live_sessions`."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    model = get_user_model()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column(model, 'password')} FROM {table(model)}"
            f" WHERE {column(model)} = %s AND {column(model, 'is_active')}",
            [user_id],
        )
        row = cursor.fetchone()
    return None if row is None else model(pk=user_id, password=row[0])


def _session_store() -> Any:
    from importlib import import_module

    from django.conf import settings

    return import_module(settings.SESSION_ENGINE).SessionStore


def access_seat(access: Access, seat_id: int) -> Seat:
    """A seat of the committee the chair runs (404 for seats of other committees)."""
    if not access.runs_committee:
        raise PermissionDenied
    seat = Seat.objects.filter(pk=seat_id, committee=access.committee).first()
    if seat is None:
        raise Http404("No such seat in this committee.")
    return seat


def access_briefing(access: Access, briefing_id: int) -> Briefing:
    briefing = Briefing.objects.filter(pk=briefing_id, committee=access.committee).first()
    if briefing is None:
        raise Http404("No such briefing.")
    return briefing


def access_conference(conference_id: int, *, user: Any) -> Conference:
    """Organizer pages: staff only."""
    conference = Conference.objects.filter(pk=conference_id).first()
    if conference is None:
        raise Http404("No such conference.")
    if not (user.is_authenticated and user.is_staff):
        raise PermissionDenied
    return conference
