"""Float hint engines (HiGHS, cvxpy): the only float zone; every answer is a proposal that the exact kernel checks."""

from exactpd.hints import lp
from exactpd.hints.lp import *  # noqa: F401,F403

__all__ = [*lp.__all__]
