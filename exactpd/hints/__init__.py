"""Float hint engines (HiGHS, cvxpy): the only float zone; every answer is a proposal that the exact kernel checks.

:mod:`~exactpd.hints.engine` holds the engine protocol and the registry
(``"highs"``, ``"cvxpy"``, ``"exact"``); :mod:`~exactpd.hints.lp` states the
LPs, scales and centres them, and calls an engine.
"""

from exactpd.hints import cvxpy_engine, engine, highs, lp
from exactpd.hints.engine import *  # noqa: F401,F403
from exactpd.hints.highs import *  # noqa: F401,F403
from exactpd.hints.cvxpy_engine import *  # noqa: F401,F403
from exactpd.hints.lp import *  # noqa: F401,F403

engine.register_engine(highs.HighsEngine())
engine.register_engine(cvxpy_engine.CvxpyEngine())
engine.register_engine(engine.ExactEngine())

__all__ = [*engine.__all__, *highs.__all__, *cvxpy_engine.__all__, *lp.__all__]
