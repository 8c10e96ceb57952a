"""Issue 8, finding 4: PostgreSQL started by scripts/services.sh keeps acknowledged writes
across a crash unless the test suite asks for the fast, unsafe settings (DAIS_PG_FAST=1)."""

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "services.sh"
UNSAFE = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


def _settings(**env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "DAIS_PG_FAST"}
    result = subprocess.run(
        ["bash", str(SCRIPT), "pg-settings"], env={**environment, **env},
        capture_output=True, text=True, timeout=30, check=True,
    )
    return result.stdout


def test_serving_gets_durable_postgresql_settings():
    settings = _settings()
    assert not any(flag in settings for flag in UNSAFE), settings


def test_only_the_test_suite_asks_for_the_fast_unsafe_ones():
    settings = _settings(DAIS_PG_FAST="1")
    assert all(flag in settings for flag in UNSAFE), settings
    root = SCRIPT.parent.parent
    for runner in ("Makefile", ".ci/run"):
        assert "DAIS_PG_FAST=1 scripts/services.sh up" in (root / runner).read_text(), runner
