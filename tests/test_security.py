# ruff: noqa: F811  (the persona fixtures are imported, then named as test arguments)
"""Issue 8, findings 5, 6 and 9: request bodies capped before buffering, login throttling,
a strict Content-Security-Policy with no inline code, no-store on pages with join codes, and
`check --deploy` clean with production settings."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from config.asgi import application
from tests.personas import make_user, world  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------------------------
# Finding 5: request bodies


async def _call(scope_headers: list[tuple[bytes, bytes]], chunks: list[bytes], path="/join/"):
    """Run one HTTP request through config.asgi; return (status, bytes of body read)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), *scope_headers],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    read = 0
    queue = list(chunks)

    async def receive():
        nonlocal read
        if not queue:  # Django listens for a disconnect while it answers: never comes
            await asyncio.Event().wait()
        chunk = queue.pop(0)
        read += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": bool(queue)}

    sent = []

    async def send(message):
        sent.append(message)

    await application(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], read


MB = 1024 * 1024


@pytest.mark.django_db(transaction=True)
async def test_an_oversized_content_length_is_refused_before_reading(settings):
    settings.DAIS_MAX_FORM_BODY_BYTES = 256 * 1024
    chunks = [b"x" * MB] * 20
    status, read = await _call(
        [(b"content-type", b"application/x-www-form-urlencoded"), (b"content-length", b"314572800")],
        chunks,
    )
    assert (status, read) == (413, 0)


@pytest.mark.django_db(transaction=True)
async def test_a_streamed_body_is_refused_once_past_the_cap(settings):
    settings.DAIS_MAX_FORM_BODY_BYTES = 256 * 1024
    chunks = [b"x" * (64 * 1024)] * 320  # 20 MB, no Content-Length
    status, read = await _call([(b"content-type", b"application/x-www-form-urlencoded")], chunks)
    assert status == 413
    assert read <= 256 * 1024 + 64 * 1024


@pytest.mark.django_db(transaction=True)
async def test_uploads_keep_their_own_larger_cap(settings):
    """A 5 MB position paper (multipart) passes the body cap; 7 MB does not."""
    settings.DAIS_MAX_BODY_BYTES = 6 * MB
    multipart = (b"content-type", b"multipart/form-data; boundary=xyz")
    status, _read = await _call([multipart, (b"content-length", str(5 * MB).encode())], [b"x" * (5 * MB)])
    assert status != 413
    status, read = await _call([multipart, (b"content-length", str(7 * MB).encode())], [b"x" * (7 * MB)])
    assert (status, read) == (413, 0)


# ---------------------------------------------------------------------------------------------
# Finding 6: login throttling


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _login(client: Client, username: str, password: str, **extra):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, **extra
    )


@pytest.mark.django_db
def test_logins_are_throttled_per_account_with_a_clear_message(settings):
    settings.AXES_FAILURE_LIMIT = 5
    make_user(username="chair.x", password="right-password-1")
    client = Client()
    for _ in range(4):
        assert _login(client, "chair.x", "wrong").status_code == 200  # the form again
    assert _login(client, "chair.x", "wrong").status_code == 429  # the fifth locks
    # Now even the right password is refused, from any address, with a message.
    for address in ("127.0.0.1", "10.1.1.1"):
        response = _login(Client(), "chair.x", "right-password-1", REMOTE_ADDR=address)
        assert response.status_code == 429
        assert "Too many failed log-in attempts" in response.content.decode()
        assert "_auth_user_id" not in Client().session


@pytest.mark.django_db
def test_logins_are_throttled_per_address(settings):
    settings.AXES_FAILURE_LIMIT = 5
    make_user(username="someone", password="right-password-2")
    for n in range(5):  # a different account each time: the address is what counts
        _login(Client(), f"guess{n}", "wrong", REMOTE_ADDR="10.2.2.2")
    assert _login(Client(), "someone", "right-password-2", REMOTE_ADDR="10.2.2.2").status_code == 429
    assert _login(Client(), "someone", "right-password-2", REMOTE_ADDR="10.3.3.3").status_code == 302


@pytest.mark.django_db
def test_the_lockout_message_is_in_spanish_too(settings):
    settings.AXES_FAILURE_LIMIT = 2
    make_user(username="chair.es", password="right-password-3")
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    for _ in range(3):
        response = _login(client, "chair.es", "wrong")
    assert response.status_code == 429
    with translation.override("es"):
        from committee.login import lockout_message

        expected = lockout_message()
    assert expected.startswith("Demasiados")
    assert expected in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Finding 9: headers, inline code, deploy check

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+=\"", re.I)


def _pages(w) -> list[tuple[str, str]]:
    c = w.interpol.pk
    return [
        ("outsider", "/"),
        ("outsider", f"/committees/{c}/"),
        ("outsider", f"/committees/{c}/briefings/{w.briefing.pk}/"),
        ("outsider", f"/committees/{c}/projector/"),
        ("outsider", "/join/"),
        ("outsider", "/accounts/login/"),
        ("interpol_chair", f"/committees/{c}/chair/"),
        ("interpol_chair", f"/committees/{c}/seats/cards/"),
        ("organizer", f"/conferences/{w.conference.pk}/organize/"),
        ("kenya", "/delegate/"),
    ]


@pytest.mark.django_db
def test_every_page_has_a_strict_csp_and_no_inline_code(world):
    for persona, url in _pages(world):
        response = world.client(persona).get(url)
        assert response.status_code == 200, url
        policy = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html))
        assert not INLINE_STYLE.search(html), (url, INLINE_STYLE.search(html))
        assert not INLINE_HANDLER.search(html), (url, INLINE_HANDLER.search(html))


def test_no_template_holds_inline_code():
    """Other engineers add templates: an inline script, style or handler fails here."""
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, INLINE_HANDLER):
            assert not pattern.search(text), (template, pattern.search(text))


@pytest.mark.django_db
def test_pages_with_join_codes_are_never_stored(world):
    c = world.interpol.pk
    for persona, url in [
        ("interpol_chair", f"/committees/{c}/seats/cards/"),
        ("interpol_chair", f"/committees/{c}/chair/"),
        ("outsider", f"/join/?code={world.kenya.join_code}"),
    ]:
        response = world.client(persona).get(url)
        assert "no-store" in response.headers.get("Cache-Control", ""), url


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-secret-key-for-the-deploy-check-only-0123456789",
    "ALLOWED_HOSTS": "dais.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://dais.example.org",
    "BEHIND_TLS_PROXY": "1",
}


def test_check_deploy_is_clean_with_production_settings():
    env = {**os.environ, **PRODUCTION}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_behind_a_tls_proxy_https_is_trusted_and_http_redirected(settings, world):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = Client().get("/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    assert Client().get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 200


@pytest.mark.django_db
def test_a_locked_out_admin_login_gets_a_page_not_an_error(settings):
    settings.AXES_FAILURE_LIMIT = 2
    make_user(username="staff.x", password="right-password-4", is_staff=True)
    for _ in range(2):
        response = Client().post(
            "/admin/login/?next=/admin/", {"username": "staff.x", "password": "wrong"}
        )
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
