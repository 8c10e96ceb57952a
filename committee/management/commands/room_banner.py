"""`manage.py room_banner`: what `make run` prints before it serves: the URL delegates open, with
its QR code for the terminal, where the chair logs in, and how to keep Dais on this machine."""

from __future__ import annotations

from typing import TextIO, cast

import segno
from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from committee import room
from committee.models import Committee


class Command(BaseCommand):
    help = "Print the URL delegates open (with a QR code) and the chair's pages, for `make run`."

    def add_arguments(self, parser):
        parser.add_argument("--no-qr", action="store_true", help="Leave out the QR code.")

    def handle(self, *args, **options):
        base = room.public_base_url()
        join = room.join_url()
        local = room.is_loopback(settings.DAIS_BIND or "127.0.0.1") and not settings.DAIS_PUBLIC_URL
        committee = Committee.objects.order_by("pk").first()
        line = "=" * 78
        out = self.stdout
        out.write(line)
        out.write(f" Dais is starting on {base}/" + ("  (this machine only)" if local else ""))
        out.write("")
        out.write(f"   Delegates open:   {join}")
        out.write("                     and type the code on their seat card (or scan it).")
        out.write(f"   Chair log in:     {base}{reverse('login')}")
        if committee is not None:
            out.write(
                f"   Seat cards:       {base}{reverse('seat_cards', args=[committee.pk])}"
            )
            out.write(f"   Projector:        {base}{reverse('projector', args=[committee.pk])}")
        out.write("   Seed logins:      .venv/bin/python manage.py seed_passwords")
        if local:
            out.write("   Phones cannot reach this address: run `make run` without HOST=127.0.0.1")
            out.write("   to serve on the room's network.")
        else:
            out.write("   To keep Dais on this machine only: make run HOST=127.0.0.1")
        out.write(" Stop with Ctrl+C.")
        out.write(line)
        if not options["no_qr"] and not local:
            out.write(" Delegates can scan this to open the join page:")
            segno.make(join, error="m").terminal(out=cast(TextIO, out._out), compact=True)
