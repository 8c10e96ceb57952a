"""Forget every recorded websocket connection.

Connections are rows so that all worker processes agree on who is connected; a server that
stops without closing its sockets leaves rows behind. Run this before starting the workers
(`make run` does), never while they serve."""

from django.core.management.base import BaseCommand

from committee.models import LiveConnection


class Command(BaseCommand):
    help = "Forget recorded websocket connections (run before the server starts)."

    def handle(self, *args, **options):
        count, _ = LiveConnection.objects.all().delete()
        self.stdout.write(f"Forgot {count} stale connection(s).")
