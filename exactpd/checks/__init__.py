"""The paper's results, checked on networks (numerically, exactly) and symbolically (sympy)."""

from exactpd.checks import theorems
from exactpd.checks.theorems import *  # noqa: F401,F403

__all__ = [*theorems.__all__]
