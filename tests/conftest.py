"""Fixtures shared by the unit tests (the browser tests have their own in tests/e2e/).

Personas (chair, delegates, ...) live in tests/personas.py, not here.
"""

import asyncio
import os
from pathlib import Path

import pytest
from channels.layers import get_channel_layer
from hypothesis import settings as hypothesis_settings

# Hypothesis's per-example deadline (200 ms) measures the machine, not the property: on a
# shared two-core runner a pure example can take 400 ms and fail at random. No deadline.
hypothesis_settings.register_profile("dais", deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dais"))


def pytest_configure(config):
    # Tests serve static files from the finders; whitenoise only notes that STATIC_ROOT
    # (filled by collectstatic in `make run`) does not exist.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_keepdb):
    """One test database per pytest process (test_db_<pid>.sqlite3, test_dais_<pid>).

    Engineers run pytest side by side in one checkout; a shared test database file gets
    deleted or locked under a neighbour's run ("disk I/O error"). With --reuse-db the
    name stays fixed, so the database can be reused.
    """
    from django.conf import settings

    if django_db_keepdb:
        return
    for db in settings.DATABASES.values():
        name = db.get("TEST", {}).get("NAME")
        if not name or name == ":memory:":
            continue
        if db["ENGINE"].endswith("sqlite3"):
            path = Path(name)
            db["TEST"]["NAME"] = str(path.with_name(f"{path.stem}_{os.getpid()}{path.suffix}"))
        else:
            db["TEST"]["NAME"] = f"{name}_{os.getpid()}"


@pytest.fixture(autouse=True)
def state_dir(settings, tmp_path):
    """Each test keeps generated passwords (and keys) in its own state folder, not in .state/."""
    settings.DAIS_STATE_DIR = tmp_path / "state"
    return settings.DAIS_STATE_DIR


@pytest.fixture
async def channel_layer(settings):
    """A fresh in-memory channel layer for websocket tests, whatever REDIS_URL says.

    Changing CHANNEL_LAYERS through the settings fixture makes Channels drop its cached
    layers, so each test gets a new one bound to its own event loop.
    """
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    layer = get_channel_layer()
    assert layer is not None
    await layer.flush()
    yield layer
    await layer.flush()
    # The websockets' database calls still running (a presence frame being read after the last
    # socket left) finish inside the test: none may touch the database after it.
    from committee import dbcalls, presence

    presence.cancel_pending()
    await asyncio.get_running_loop().run_in_executor(None, dbcalls.drain)


@pytest.fixture
def ws_headers():
    """Headers for a WebsocketCommunicator: the Origin that AllowedHostsOriginValidator wants (G3)."""
    return [(b"origin", b"http://127.0.0.1")]


@pytest.fixture(autouse=True)
def _pool_connections_closed():
    """The websockets' database pool keeps its threads' connections across calls
    (committee/dbcalls.py): none may outlive a test (on PostgreSQL an open one keeps the test
    database from being flushed or dropped)."""
    yield
    from committee import dbcalls

    dbcalls.drain()


@pytest.fixture(autouse=True)
def _fresh_snapshots():
    """Snapshots are cached per process, keyed by what they show (committee.services); a test
    database reuses ids, and a test may write a state directly: each test starts without any."""
    from committee import services

    services.forget_snapshots()
    yield
    services.forget_snapshots()


@pytest.fixture(autouse=True)
def _fresh_socket_counts():
    """Sockets per address are counted per process (committee.consumers): a test that leaves a
    socket open must not make a later one hit the cap."""
    from committee import consumers

    consumers._sockets_by_address.clear()
    yield
    consumers._sockets_by_address.clear()
