"""The delegates app's admin: position papers (delegates/admin_papers.py).

The seat admin lives with the Seat model in committee/admin.py."""

from delegates import admin_papers  # noqa: F401  (registers the paper admin)
