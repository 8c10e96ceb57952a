"""ASGI entry point: HTTP through Django, websockets through Channels.

The chain follows channels' docs: origin check, then cookies, sessions and auth (so a consumer
sees both the chair's user and a delegate's session-bound seat), then the URL router.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Django must be set up before the consumers (and so the models) are imported.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from committee.dbcalls import AuthMiddlewareStack, WireMiddleware  # noqa: E402
from committee.routing import websocket_urlpatterns  # noqa: E402
from config.bodylimit import BodyLimitMiddleware, install_daphne_guard  # noqa: E402
from config.gctuning import tune_for_server  # noqa: E402

# Bodies over their cap are refused before anything buffers them (config/bodylimit.py).
install_daphne_guard()

application = ProtocolTypeRouter(
    {
        "http": BodyLimitMiddleware(django_asgi_app),
        # WireMiddleware keeps the server's own send for the hub (committee/dbcalls.py); the
        # auth stack is channels' with the user loaded lazily, on the websockets' database pool.
        "websocket": WireMiddleware(
            AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)

# Last, once everything the process keeps is built (config/gctuning.py).
tune_for_server(settings.DAIS_GC_THRESHOLD)
