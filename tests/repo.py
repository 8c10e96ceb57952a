"""The repository's own apps, discovered rather than listed, for the architecture and docs tests.

An app is first-party when Django loads it from this repository (INSTALLED_APPS, not from the
virtualenv); the project package that holds the settings (`config`) counts too. An app added
later is picked up without a change here.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.apps import apps

REPO = Path(__file__).resolve().parent.parent


def first_party_apps() -> dict[str, Path]:
    """Top-level package name -> its directory."""
    found: dict[str, Path] = {}
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        outside = ".venv" in path.parts or "site-packages" in path.parts
        if path.is_relative_to(REPO) and not outside:
            top = config.name.split(".")[0]
            found[top] = REPO / top
    # Not settings.SETTINGS_MODULE: under override_settings (the autouse state_dir fixture) the
    # settings are a UserSettingsHolder, whose SETTINGS_MODULE is None.
    project = os.environ["DJANGO_SETTINGS_MODULE"].split(".")[0]
    found[project] = REPO / project
    return found
