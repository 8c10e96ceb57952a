"""Browser tests: Playwright drives Debian's Chromium against daphne in a forked process.

Run them in their own pytest process (`python -m pytest tests/e2e`, stack notes G5). The server
is another process, so a test sees only committed data: mark browser tests
`@pytest.mark.django_db(transaction=True)`.
"""

import os
from functools import partial

import pytest
from playwright.sync_api import expect

# This process only: Playwright's sync API leaves an event loop running on the main thread,
# which makes Django refuse ORM calls in test bodies and in pytest-django's flush (G6).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_configure(config):
    # pytest-playwright's own base_url fixture trips a pytest deprecation; nothing of ours.
    config.addinivalue_line(
        "filterwarnings",
        "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning",
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium instead of Playwright's own download, which cannot be fetched (G4)."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


def _child_setup():
    """Runs in the forked daphne child before it serves."""
    from concurrent.futures import ThreadPoolExecutor

    from asgiref.sync import SyncToAsync

    # The parent's executor may have lost its worker thread in the fork: consumers would hang (G9).
    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
    # No set_database_connection(): the child already inherits the test DB's name (G10).


@pytest.fixture(scope="session")
def live_server_url(django_db_setup, django_db_blocker):
    """Base URL ("http://127.0.0.1:PORT") of daphne serving the app, websockets and static files."""
    from channels.testing.live import make_application
    from daphne.testing import DaphneProcess
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from django.db import connections

    process = DaphneProcess(
        "127.0.0.1",
        partial(make_application, static_wrapper=ASGIStaticFilesHandler),
        setup=_child_setup,
    )
    with django_db_blocker.unblock():  # else the child inherits pytest-django's DB block (G8)
        # No open database connection may cross the fork: SQLite forbids using a connection in a
        # forked child (its locks are per process). Since WAL mode (config/settings.py) the copy
        # left the child reading the test database as "malformed" (test_reliability failed from
        # its second test on).
        connections.close_all()
        process.start()
        if not process.ready.wait(timeout=20):
            detail = "" if process.errors.empty() else process.errors.get(False)[1]
            process.terminate()
            raise RuntimeError(f"daphne did not start\n{detail}")
    yield f"http://127.0.0.1:{process.port.value}"
    process.terminate()
    process.join(timeout=10)


@pytest.fixture
def seeded(transactional_db):
    """The demo data of `manage.py load_seeds` (conference, committee 1, seats, logins)."""
    from committee.seeding import load_seeds

    load_seeds(password="interpol-2026")  # the password tests/e2e/helpers.py logs in with


@pytest.fixture
def patient_expect():
    """`expect` waits 15 s instead of 5 s: several browsers and a server share two cores (with
    other suites running). A module opts in with `pytestmark = pytest.mark.usefixtures("patient_expect")`."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)
