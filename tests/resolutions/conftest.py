import pytest

pytest.register_assert_rewrite("tests.live.factory")

from tests.live.factory import capture, clock, debate, world  # noqa: E402,F401  (fixtures)
