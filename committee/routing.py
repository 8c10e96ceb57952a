from django.urls import path

from committee import consumers

websocket_urlpatterns = [
    # Chairs, organizers and delegates of this committee; outsiders are refused.
    path("ws/committees/<int:committee_id>/", consumers.CommitteeConsumer.as_asgi()),
    # The public projector feed: public state only, nothing can be sent.
    path(
        "ws/committees/<int:committee_id>/projector/",
        consumers.CommitteeConsumer.as_asgi(),
        {"projector": True},
    ),
]
