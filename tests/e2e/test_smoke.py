"""Proves the browser harness: Debian's Chromium reaches daphne in its forked process."""

import pytest


@pytest.mark.django_db(transaction=True)
def test_admin_login_page_opens(live_server_url, page):
    page.goto(f"{live_server_url}/admin/login/")
    assert "Log in" in page.title()
