"""Fixtures shared by the unit tests (the browser tests have their own in tests/e2e/).

Personas (chair, delegates, ...) live in tests/personas.py, not here.
"""

import pytest
from channels.layers import get_channel_layer


@pytest.fixture
async def channel_layer(settings):
    """A fresh in-memory channel layer for websocket tests, whatever REDIS_URL says.

    Changing CHANNEL_LAYERS through the settings fixture makes Channels drop its cached
    layers, so each test gets a new one bound to its own event loop.
    """
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    layer = get_channel_layer()
    await layer.flush()
    yield layer
    await layer.flush()


@pytest.fixture
def ws_headers():
    """Headers for a WebsocketCommunicator: the Origin that AllowedHostsOriginValidator wants (G3)."""
    return [(b"origin", b"http://127.0.0.1")]
