from channels.generic.websocket import AsyncWebsocketConsumer


class CommitteeConsumer(AsyncWebsocketConsumer):
    pass
