"""What a server process does to keep its pauses short: the garbage collector's settings
(config/gctuning.py, applied by config/asgi.py) and daphne's keep-alive pings spread over their
interval (committee.hub.stagger_pings). docs/performance.md, "Session 5"."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from committee.hub import stagger_pings
from config import gctuning
from tests.test_settings import run_settings

ROOT = Path(__file__).resolve().parent.parent

PRINT = (
    "import gc, json, config.asgi; "
    "print(json.dumps({'threshold': gc.get_threshold(), 'frozen': gc.get_freeze_count()}))"
)


def start_server_module(**env: str) -> subprocess.CompletedProcess[str]:
    """Import config.asgi (what daphne does) in a fresh interpreter."""
    return run_settings(PRINT, **env)


def test_a_server_process_freezes_its_start_up_objects_and_collects_less_often():
    result = start_server_module()
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert tuple(values["threshold"]) == gctuning.DEFAULT == (20_000, 10, 10)
    assert values["frozen"] > 10_000  # Django and the apps: never walked by a collection again


def test_the_thresholds_come_from_the_environment():
    result = start_server_module(DAIS_GC_THRESHOLD="12345, 9, 8")
    assert result.returncode == 0, result.stderr
    assert tuple(json.loads(result.stdout)["threshold"]) == (12345, 9, 8)


def test_python_keeps_cpythons_own_collector_untouched():
    result = start_server_module(DAIS_GC_THRESHOLD="python")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert tuple(values["threshold"]) == (700, 10, 10)
    assert values["frozen"] == 0


@pytest.mark.parametrize("value", ["20000", "20000,10", "0,10,10", "-5,10,10", "a,b,c", "1,2,3,4"])
def test_a_bad_threshold_stops_the_start_with_its_reason(value):
    result = start_server_module(DAIS_GC_THRESHOLD=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DAIS_GC_THRESHOLD must be three positive integers" in result.stderr


@given(st.tuples(*[st.integers(min_value=1, max_value=10**6)] * 3))
def test_parse_reads_back_any_three_positive_integers(values):
    assert gctuning.parse(",".join(map(str, values))) == values
    assert gctuning.parse(" , ".join(map(str, values))) == values


def test_parse_defaults():
    assert gctuning.parse(None) == gctuning.DEFAULT
    assert gctuning.parse("  ") == gctuning.DEFAULT
    assert gctuning.parse("Python") is None


# --- daphne's keep-alive pings -----------------------------------------------------------------


def daphne_socket(interval: float, connected_at: float) -> SimpleNamespace:
    """What stagger_pings reads of a daphne WebSocketProtocol (daphne sets `last_ping` when the
    socket connects and on every frame it receives; `server.ping_interval`, 20 s by default)."""
    return SimpleNamespace(server=SimpleNamespace(ping_interval=interval), last_ping=connected_at)


def pings_per_pass(sockets: list[SimpleNamespace], start: float, seconds: float) -> Counter[int]:
    """daphne's timeout_checker: every 2 s, one pass over every socket pings those whose last
    ping is older than the interval. Returns how many were pinged in each pass."""
    pinged: Counter[int] = Counter()
    for n in range(int(seconds / 2)):
        now = start + 2 * (n + 1)
        for s in sockets:
            if now - s.last_ping > s.server.ping_interval:
                s.last_ping = now
                pinged[n] += 1
    return pinged


def test_a_room_that_connected_at_once_is_not_pinged_all_in_one_pass():
    start = 1_000_000.0
    together = [daphne_socket(20, start) for _ in range(1000)]
    assert max(pings_per_pass(together, start, 120).values()) == 1000  # daphne alone: a burst

    staggered = [daphne_socket(20, start) for _ in range(1000)]
    for s in staggered:
        stagger_pings(s, now=start)
    passes = pings_per_pass(staggered, start, 120)
    # About a tenth of the room per pass (10 passes per interval), and every socket is still
    # pinged at least once per interval after its first.
    assert max(passes.values()) < 200
    assert sum(passes.values()) >= 1000 * (120 // 22)


@given(st.floats(min_value=0.5, max_value=3600), st.floats(min_value=0, max_value=2e9))
def test_a_staggered_socket_is_pinged_within_one_interval(interval, now):
    s = daphne_socket(interval, now)
    stagger_pings(s, now=now)
    assert now - interval <= s.last_ping <= now


@pytest.mark.parametrize(
    "protocol",
    [
        SimpleNamespace(last_ping=5.0),  # no server
        SimpleNamespace(server=SimpleNamespace(ping_interval=0), last_ping=5.0),  # pings off
        SimpleNamespace(server=SimpleNamespace(ping_interval=None), last_ping=5.0),
    ],
)
def test_a_protocol_without_pings_is_left_alone(protocol):
    stagger_pings(protocol, now=100.0)
    assert protocol.last_ping == 5.0
