"""A websocket command's layer sends leave the database thread (issue 13, "Ballots, second
pass"): the pool thread returns as soon as the command committed, the voter gets its `ok`, and
the event loop sends the frames afterwards, one committee's in commit order, none dropped
silently."""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

import pytest

from committee import broadcast, consumers


class SlowLayer:
    """A channel layer whose sends wait for `release` (the first `hold` of them) and record
    the order in which they completed."""

    def __init__(self, hold: int = 0, fail: set[str] | None = None) -> None:
        self.release = asyncio.Event()
        self.hold = hold
        self.fail = fail or set()
        self.sent: list[str] = []
        self.attempts: list[str] = []

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        text = message.get("text", message["type"])
        self.attempts.append(text)
        if self.hold > 0:
            self.hold -= 1
            await self.release.wait()
        if text in self.fail:
            raise ConnectionError("layer down")
        self.sent.append(text)


def _message(text: str) -> tuple[str, dict[str, Any]]:
    return ("dais.c1.chair", {"type": "hub.frame", "group": "dais.c1.chair", "text": text})


def test_one_committees_sends_keep_their_order_when_the_first_is_slow(monkeypatch):
    async def run() -> list[str]:
        layer = SlowLayer(hold=1)
        monkeypatch.setattr(broadcast, "get_channel_layer", lambda: layer)
        broadcast.send_in_order(1, [[_message("a")]])
        broadcast.send_in_order(1, [[_message("b")]])
        other = broadcast.send_in_order(2, [[_message("other committee")]])
        assert other is not None
        await other  # another committee does not wait for committee 1's slow send
        assert layer.sent == ["other committee"]
        layer.release.set()
        await broadcast.sent()
        return layer.sent

    assert asyncio.run(run()) == ["other committee", "a", "b"]


def test_a_failed_send_is_logged_retried_and_does_not_stop_the_next(monkeypatch, caplog):
    monkeypatch.setattr(broadcast, "RETRIES", 1)

    async def run() -> SlowLayer:
        layer = SlowLayer(fail={"a"})
        monkeypatch.setattr(broadcast, "get_channel_layer", lambda: layer)
        broadcast.send_in_order(1, [[_message("a")]])
        broadcast.send_in_order(1, [[_message("b")]])
        await broadcast.sent()
        return layer

    with caplog.at_level(logging.ERROR, logger="committee.broadcast"):
        layer = asyncio.run(run())
    assert layer.attempts == ["a", "a", "b"]  # retried, then the next one still went
    assert layer.sent == ["b"]
    assert "broadcast to dais.c1 failed" in caplog.text  # the committee's layer group


def test_outside_a_websocket_command_sends_go_at_once(monkeypatch):
    async def run() -> list[str]:
        layer = SlowLayer()
        monkeypatch.setattr(broadcast, "get_channel_layer", lambda: layer)
        # A view or a management command: sync code in a thread, no deferral set.
        await asyncio.to_thread(broadcast.send_messages, [_message("now")])
        return layer.sent

    assert asyncio.run(run()) == ["now"]


@pytest.mark.django_db(transaction=True)
def test_a_command_returns_before_its_frames_are_sent(monkeypatch):
    threads: list[str] = []

    def command() -> str:
        threads.append(threading.current_thread().name)
        broadcast.send_messages([_message("tally 1")])
        broadcast.close_seat_sockets(1, 7, 4003)
        return "committed"

    async def run() -> tuple[str, list[str], SlowLayer]:
        layer = SlowLayer(hold=1)
        monkeypatch.setattr(broadcast, "get_channel_layer", lambda: layer)
        # (Were the send made from the database thread, it would wait for `release`: timeout.)
        result = await asyncio.wait_for(consumers.command_in_lane(1, command), 5)
        before = list(layer.sent)  # the command came back while its send still waits
        layer.release.set()
        await broadcast.sent()
        assert broadcast.deferred_sends.get() is None  # not left set for the socket's next call
        return result, before, layer

    result, before, layer = asyncio.run(run())
    assert result == "committed"
    assert threads and threads[0].startswith("dais-db")
    assert before == []
    # In order: the seat's sockets close after the frame of the command that closed them.
    assert layer.sent == ["tally 1", "hub.close"]
    assert layer.attempts == ["tally 1", "hub.close"]


@pytest.mark.django_db(transaction=True)
def test_a_command_that_fails_after_a_commit_still_sends_what_committed(monkeypatch):
    def command() -> None:
        broadcast.send_messages([_message("committed first")])
        raise RuntimeError("then failed")

    async def run() -> list[str]:
        layer = SlowLayer()
        monkeypatch.setattr(broadcast, "get_channel_layer", lambda: layer)
        with pytest.raises(RuntimeError):
            await consumers.command_in_lane(1, command)
        await broadcast.sent()
        return layer.sent

    assert asyncio.run(run()) == ["committed first"]


@pytest.mark.django_db(transaction=True)
def test_a_command_whose_socket_is_cancelled_still_sends_its_frames(monkeypatch):
    started = threading.Event()
    finish = threading.Event()

    def command() -> None:
        started.set()
        finish.wait(5)
        broadcast.send_messages([_message("committed late")])

    async def run() -> list[str]:
        layer = SlowLayer()
        monkeypatch.setattr(broadcast, "get_channel_layer", lambda: layer)
        waiting = asyncio.ensure_future(consumers.command_in_lane(1, command))
        await asyncio.to_thread(started.wait, 5)
        waiting.cancel()  # the socket's task, killed while its command still runs
        with pytest.raises(asyncio.CancelledError):
            await waiting
        finish.set()
        for _ in range(100):
            await asyncio.sleep(0.02)
            await broadcast.sent()
            if layer.sent:
                break
        return layer.sent

    assert asyncio.run(run()) == ["committed late"]
