"""Serving a room: which address phones reach this machine on, and the URL delegates open.

Used by the settings (accepted hosts, the DEBUG guard) before Django is set up, so nothing here
imports Django at module level.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import socket
from pathlib import Path
from urllib.parse import urlsplit

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and the localhost names; False for 0.0.0.0 (every address)."""
    host = host.strip().strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def primary_address() -> str | None:
    """The machine's address on the network its default route leaves by (the room's Wi-Fi).

    Connecting a UDP socket sends nothing; it only asks the kernel which source address it would
    use. None when the machine has no network but loopback."""
    for probe in ("10.255.255.255", "192.0.2.1"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe_socket:
                probe_socket.connect((probe, 9))
                address = probe_socket.getsockname()[0]
        except OSError:
            continue
        if address and not is_loopback(address) and address != "0.0.0.0":
            return address
    return None


def network_hosts(bind: str) -> list[str]:
    """Host names a phone in the room may use to reach a server bound to `bind`."""
    if is_loopback(bind):
        return []
    hosts: list[str] = []
    if bind not in {"0.0.0.0", "::", ""}:
        hosts.append(bind)
    address = primary_address()
    if address:
        hosts.append(address)
    name = socket.gethostname()
    if name and not is_loopback(name):
        hosts += [name, f"{name}.local"]
    return list(dict.fromkeys(hosts))


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def network_base_url(bind: str, port: str | int) -> str | None:
    """http://<address>:<port> for a server bound to a non-loopback `bind`, else None."""
    if not bind or is_loopback(bind):
        return None
    address = bind if bind not in {"0.0.0.0", "::"} else primary_address()
    if not address:
        return None
    if ":" in address:
        address = f"[{address}]"
    return f"http://{address}:{port}"


def state_secret_key(state_dir: Path) -> str:
    """The secret key kept in the local state folder, generated on first use (mode 0600)."""
    path = Path(state_dir) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first: read theirs
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
    key = path.read_text().strip()
    if len(key) < 32:
        raise ValueError(f"{path} holds no usable secret key; delete it to make a new one.")
    return key


# --- used once Django is set up -----------------------------------------------------------------


def public_base_url(request=None) -> str:
    """Where phones reach Dais: DAIS_PUBLIC_URL, else the network address `make run` serves on,
    else the address this request came in on (a local `make dev`)."""
    from django.conf import settings

    if settings.DAIS_PUBLIC_URL:
        return settings.DAIS_PUBLIC_URL
    url = network_base_url(settings.DAIS_BIND, settings.DAIS_PORT)
    if url:
        return url
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return f"http://127.0.0.1:{settings.DAIS_PORT}"


def join_url(request=None, code: str = "") -> str:
    from django.urls import reverse
    from django.utils.http import urlencode

    url = public_base_url(request) + reverse("join")
    return f"{url}?{urlencode({'code': code})}" if code else url


def qr_svg(url: str, title: str, scale: int = 3) -> str:
    """An inline SVG QR code of `url` (no style attributes: the page's CSP allows none)."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=scale, title=title, svgclass="qr", omitsize=True)
