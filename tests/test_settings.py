"""Settings come from the environment; a production start without a secret key is refused."""

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
    "'storage': settings.STORAGES['staticfiles']['BACKEND']}))"
)


def run_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", PRINT],
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
    assert values["layer"] == "channels_redis.core.RedisChannelLayer"
    assert values["hosts"] == ["dais.example.org", "127.0.0.1"]


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = run_settings(DEBUG="0")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


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
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "HTTPS"}
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
    warning; without HTTPS=1 the same check complains about the cookies and HSTS."""
    production = {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-for-the-check",
        "ALLOWED_HOSTS": "dais.example.org",
    }
    secure = deploy_check(
        **production, HTTPS="1", SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1"
    )
    assert secure.returncode == 0, secure.stdout + secure.stderr
    assert "no issues" in secure.stdout
    plain = deploy_check(**production)
    assert plain.returncode != 0
    assert "SESSION_COOKIE_SECURE" in plain.stdout + plain.stderr
