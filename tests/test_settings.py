"""Settings come from the environment; a production start without a usable secret key is refused,
and so is DEBUG on a network address (the `make run` settings) unless asked for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRINT = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'layer': settings.CHANNEL_LAYERS['default']['BACKEND'], 'debug': settings.DEBUG, "
    "'hosts': settings.ALLOWED_HOSTS, "
    "'storage': settings.STORAGES['staticfiles']['BACKEND'], "
    "'key': settings.SECRET_KEY, 'csrf': settings.CSRF_TRUSTED_ORIGINS}))"
)


def run_settings(code: str = PRINT, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `code` (by default: print the settings) in a fresh interpreter with `env` on top of
    an environment without the settings' own variables."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
        and not k.startswith("DAIS_")
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_defaults_to_sqlite_and_the_in_memory_layer():
    result = run_settings()
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["layer"] == "channels.layers.InMemoryChannelLayer"
    assert values["debug"] is True


def test_it_reads_postgres_redis_and_hosts_from_the_environment():
    result = run_settings(
        DATABASE_URL="postgres://someone@127.0.0.1:5433/dais",
        REDIS_URL="redis://127.0.0.1:6379/3",
        ALLOWED_HOSTS="dais.example.org, 127.0.0.1",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["layer"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    assert values["hosts"] == ["dais.example.org", "127.0.0.1"]


def test_production_generates_its_secret_key_once_into_the_state_folder(tmp_path):
    first = run_settings(DEBUG="0", DAIS_STATE_DIR=str(tmp_path))
    assert first.returncode == 0, first.stderr
    key = json.loads(first.stdout)["key"]
    assert len(key) >= 50 and "development" not in key
    assert (tmp_path / "secret_key").read_text().strip() == key
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    again = run_settings(DEBUG="0", DAIS_STATE_DIR=str(tmp_path))
    assert json.loads(again.stdout)["key"] == key
    given = run_settings(DEBUG="0", DAIS_STATE_DIR=str(tmp_path), SECRET_KEY="y" * 50)
    assert json.loads(given.stdout)["key"] == "y" * 50


def test_it_refuses_to_start_in_production_without_a_usable_secret_key(tmp_path):
    (tmp_path / "secret_key").write_text("short")
    result = run_settings(DEBUG="0", DAIS_STATE_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_debug_on_a_network_address_is_refused_unless_asked(tmp_path):
    refused = run_settings(DEBUG="1", DAIS_BIND="0.0.0.0")
    assert refused.returncode != 0
    assert "Refusing to serve with DEBUG on" in refused.stderr
    assert run_settings(DEBUG="1", DAIS_BIND="192.168.1.20").returncode != 0
    asked = run_settings(DEBUG="1", DAIS_BIND="0.0.0.0", DAIS_ALLOW_DEBUG_ON_NETWORK="1")
    assert asked.returncode == 0, asked.stderr
    for loopback in ("127.0.0.1", "localhost", "::1"):
        local = run_settings(DEBUG="1", DAIS_BIND=loopback)
        assert local.returncode == 0, local.stderr
    # What `make run` uses: DEBUG off on every address.
    run = run_settings(DEBUG="0", DAIS_BIND="0.0.0.0", DAIS_STATE_DIR=str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["debug"] is False


def test_the_room_network_address_and_public_url_are_accepted_hosts(tmp_path):
    from committee import room

    result = run_settings(
        DEBUG="0",
        DAIS_BIND="0.0.0.0",
        DAIS_STATE_DIR=str(tmp_path),
        DAIS_PUBLIC_URL="https://dais.example.org/",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert "127.0.0.1" in values["hosts"]
    assert "dais.example.org" in values["hosts"]
    assert "https://dais.example.org" in values["csrf"]
    address = room.primary_address()
    if address:  # a machine with a network: its address is accepted
        assert address in values["hosts"]
    local = json.loads(run_settings(DEBUG="1", DAIS_BIND="127.0.0.1").stdout)
    assert local["hosts"] == ["127.0.0.1", "localhost", "[::1]", "testserver"]


def test_loopback_and_network_urls():
    from committee import room

    assert room.is_loopback("127.0.0.1") and room.is_loopback("[::1]")
    assert room.is_loopback("localhost") and room.is_loopback("127.3.4.5")
    assert not room.is_loopback("0.0.0.0") and not room.is_loopback("192.168.1.20")
    assert room.network_base_url("127.0.0.1", 8000) is None
    assert room.network_base_url("192.168.1.20", 8000) == "http://192.168.1.20:8000"


def test_production_serves_hashed_compressed_static_files():
    result = run_settings(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is False
    assert values["storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def deploy_check(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DAIS_HTTPS",
            "DAIS_BIND",
            "DAIS_PUBLIC_URL",
            "BEHIND_TLS_PROXY",
        }
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_is_clean_behind_tls():
    """The README's production settings (behind a TLS proxy) pass `check --deploy` with no
    warning; served as plain HTTP (DAIS_HTTPS=0, as `make run` in a room) the same check
    complains about the cookies and HSTS."""
    production = {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-for-the-check",
        "ALLOWED_HOSTS": "dais.example.org",
    }
    secure = deploy_check(
        **production, BEHIND_TLS_PROXY="1"
    )
    assert secure.returncode == 0, secure.stdout + secure.stderr
    assert "no issues" in secure.stdout
    plain = deploy_check(**production, DAIS_HTTPS="0")
    assert plain.returncode != 0
    assert "SESSION_COOKIE_SECURE" in plain.stdout + plain.stderr
