"""The committee websocket: thin. It authenticates, joins the hub, sends a snapshot, and
passes validated messages to committee.services. See committee/README.md for the protocol."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation

from committee import broadcast, protocol, services
from committee.access import CHAIR, DELEGATE, ORGANIZER, access_committee
from committee.hub import get_hub
from committee.live.commands import Actor, LiveError
from committee.seats import seat_from_session

logger = logging.getLogger(__name__)

CLOSE_NOT_FOUND = 4404
CLOSE_FORBIDDEN = 4403


@dataclass(frozen=True)
class Grant:
    committee_id: int
    audience: str  # "chair", "delegates" or "public"
    actor: Actor | None  # None for the projector: it only listens
    seat_version: int | None


def _grant(committee_id: int, scope: dict[str, Any], projector: bool) -> Grant:
    if projector:
        access_committee(committee_id, user=None, seat=None, need="public")
        return Grant(committee_id, "public", None, None)
    user = scope.get("user")
    seat = seat_from_session(scope.get("session"))
    access = access_committee(committee_id, user=user, seat=seat, need="participant")
    if access.role in (ORGANIZER, CHAIR):
        assert user is not None  # only a signed-in user is a chair or an organizer
        return Grant(committee_id, "chair", Actor(role=CHAIR, user_id=user.pk), None)
    assert access.role == DELEGATE and seat is not None
    return Grant(committee_id, "delegates", Actor(role=DELEGATE, seat=seat.pk), seat.code_version)


def _language(scope: dict[str, Any]) -> str:
    """The page's language: the language cookie, else the browser's Accept-Language."""
    cookie = (scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME)
    candidates = [cookie] if cookie else []
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            candidates += [
                part.split(";")[0].strip() for part in value.decode("latin-1").split(",")
            ]
    for candidate in candidates:
        try:
            return translation.get_supported_language_variant(candidate)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def _run_command(
    language: str, grant: Grant, actor: Actor, message: dict[str, Any]
) -> services.Outcome:
    # Activated here, in the worker thread, so that refusals come back in the page's language.
    with translation.override(language):
        return services.check_live_command(
            grant.committee_id, actor, message, seat_version=grant.seat_version
        )


class CommitteeConsumer(AsyncWebsocketConsumer):
    grant: Grant | None = None
    groups_joined: tuple[str, ...] = ()
    language: str = "en"

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        try:
            grant = await database_sync_to_async(_grant)(
                kwargs["committee_id"], self.scope, bool(kwargs.get("projector"))
            )
        except Http404:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        except PermissionDenied:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.grant = grant
        self.language = _language(self.scope)
        await self.accept()
        groups = [broadcast.audience_group(grant.committee_id, grant.audience)]
        seat_id = grant.actor.seat if grant.actor else None
        if seat_id is not None:
            groups.append(broadcast.seat_group(grant.committee_id, seat_id))
        # Join first, snapshot second: nothing committed in between can be missed.
        hub = get_hub()
        for group in groups:
            await hub.join(group, self)
        self.groups_joined = tuple(groups)
        if grant.actor is not None:
            await database_sync_to_async(services.do_record_connection)(
                grant.committee_id,
                role=grant.actor.role,
                seat_id=seat_id,
                user_id=grant.actor.user_id,
                channel_name=self.channel_name,
            )
        await self._send_snapshot(grant)

    async def disconnect(self, code: int) -> None:
        hub = get_hub()
        for group in self.groups_joined:
            await hub.leave(group, self)
        self.groups_joined = ()
        if self.grant is not None and self.grant.actor is not None:
            await database_sync_to_async(services.do_forget_connection)(self.channel_name)

    async def _send_snapshot(self, grant: Grant) -> None:
        frame = await database_sync_to_async(services.snapshot_frame)(
            grant.committee_id,
            audience=grant.audience,
            seat_id=grant.actor.seat if grant.actor else None,
        )
        await self.send(text_data=broadcast.encode(frame))

    async def _reply(self, frame: dict[str, Any]) -> None:
        await self.send(text_data=broadcast.encode(frame))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        grant = self.grant
        if grant is None:
            return
        if text_data is None or len(text_data) > protocol.MAX_MESSAGE_BYTES:
            await self._reply(
                {"type": "error", "ref": None, "message": "Message too large or not text."}
            )
            return
        try:
            data = json.loads(text_data)
        except ValueError:
            await self._reply({"type": "error", "ref": None, "message": "Messages are JSON."})
            return
        ref = protocol.reference(data)
        try:
            message = protocol.parse(data)
        except protocol.ProtocolError as error:
            await self._reply({"type": "error", "ref": ref, "message": str(error)})
            return
        if message["type"] == "ping":
            await self._reply({"type": "pong", "t": message["t"], "server_now": services.now_ms()})
            return
        if message["type"] == "sync":
            await self._send_snapshot(grant)
            return
        if grant.actor is None:
            await self._reply({"type": "error", "ref": ref, "message": "The projector only listens."})
            return
        try:
            outcome = await database_sync_to_async(_run_command)(
                self.language, grant, grant.actor, message
            )
        except LiveError as error:
            await self._reply({"type": "error", "ref": ref, "message": str(error)})
            return
        await self._reply({"type": "ok", "ref": ref, "seq": outcome.seq})
