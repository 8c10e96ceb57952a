"""Issue 8 against a real daphne (and Chromium where a page's behaviour is the point):
bodies refused before daphne buffers them, oversized websocket frames closed with 1009 (not a
dropped connection, 1006) or 4413, a page ahead of the server taking its snapshot, and a page whose
chair was logged out showing why and no longer retrying.

Run in its own process: `python -m pytest tests/e2e/test_reliability.py` (stack notes G5).
"""

from __future__ import annotations

import json
import socket
import time
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect
from websockets.typing import Origin

from tests.e2e.helpers import PHONE, committee, login_chair

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 10_000  # ms


def wait_until(page, expression: str, timeout_ms: int = TIMEOUT) -> None:
    """Poll `expression` with page.evaluate: the pages' Content-Security-Policy forbids the
    eval that page.wait_for_function would use for a string."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def _address(base: str) -> tuple[str, int]:
    url = urlparse(base)
    assert url.hostname is not None and url.port is not None, base
    return url.hostname, url.port


def test_daphne_refuses_an_oversized_body_before_reading_it(live_server_url):
    """300 MB announced, nothing sent: the answer comes at once instead of after the body."""
    with socket.create_connection(_address(live_server_url), timeout=10) as conn:
        conn.sendall(
            b"POST /join/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 314572800\r\n\r\n"
        )
        started = time.monotonic()
        reply = conn.recv(4096)
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert time.monotonic() - started < 5


def _projector_socket(base: str, committee_id: int):
    url = base.replace("http://", "ws://") + f"/ws/committees/{committee_id}/projector/"
    return connect(url, origin=Origin(base), max_size=None, open_timeout=10)


@pytest.mark.parametrize("size", [100 * 1024, 2 * 1024 * 1024])
def test_an_oversized_frame_closes_the_socket_with_its_code(live_server_url, seeded, size):
    with _projector_socket(live_server_url, committee().pk) as ws:
        assert json.loads(ws.recv(timeout=10))["type"] == "snapshot"
        ws.send("x" * 5000)  # over the message limit: an error, the socket lives
        assert json.loads(ws.recv(timeout=10))["type"] == "error"
        ws.send("x" * size)
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                ws.recv(timeout=10)
    # daphne's own limit (1 MiB) closes with 1009; the consumer's (64 KiB) with 4413.
    expected = 1009 if size > 1024 * 1024 else 4413
    assert closed.value.rcvd is not None and closed.value.rcvd.code == expected


def test_a_page_ahead_of_the_server_takes_its_snapshot(live_server_url, seeded, page):
    """After a database crash the journal may end below the seq a page holds (finding 4)."""
    page.goto(f"{live_server_url}/committees/{committee().pk}/projector/")
    # The socket opens before its first snapshot arrives: wait for both.
    wait_until(page, "document.documentElement.dataset.connection === 'open' && !!Dais.live.state")
    server_seq = committee().event_seq
    page.evaluate("() => { Dais.live.lastSeq = 99999; Dais.live.state.phase = 'stale'; Dais.ping(); }")
    wait_until(page, f"Dais.live.lastSeq === {server_seq}")
    assert page.evaluate("Dais.live.state.phase") != "stale"


def test_a_logged_out_chair_is_told_why_and_the_page_stops_retrying(
    live_server_url, seeded, page
):
    from django.contrib.sessions.models import Session

    committee_id = committee().pk
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    login_chair(page, live_server_url)
    page.goto(f"{live_server_url}/committees/{committee_id}/chair/")
    wait_until(page, "document.documentElement.dataset.connection === 'open'")
    seq = committee().event_seq
    Session.objects.all().delete()  # logged out elsewhere
    page.evaluate("() => Dais.send({ type: 'rollcall.open' })")
    banner = page.locator("#live-banner")
    expect(banner).to_contain_text("may not follow this committee live", timeout=TIMEOUT)
    page.wait_for_timeout(3000)
    assert page.evaluate("document.documentElement.dataset.connection") == "closed"
    assert committee().event_seq == seq  # the command was refused
    assert violations == []  # the console runs under the strict CSP without a complaint


def test_the_language_menu_works_without_inline_script(live_server_url, seeded, page):
    """The menu's onchange= moved to static/js/site.js (CSP forbids inline handlers)."""
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server_url}/committees/{committee().pk}/")
    page.select_option("#language-select", "es")
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("html")).to_have_attribute("lang", "es", timeout=TIMEOUT)
    page.screenshot(path="/tmp/reliab-committee-es.png")
    page.goto(f"{live_server_url}/committees/{committee().pk}/projector/")
    wait_until(page, "document.documentElement.dataset.connection === 'open'")
    page.screenshot(path="/tmp/reliab-projector-es.png")
    assert violations == []
