import pytest

# The factory holds fixtures with asserts: let pytest rewrite them before the import below.
pytest.register_assert_rewrite("tests.live.factory")

from tests.live.factory import capture, clock, debate, renders, world  # noqa: E402,F401  (fixtures)
