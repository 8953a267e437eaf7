"""The paper's results, checked on networks (exactly) and symbolically (sympy, in :mod:`exactpd.checks.symbolic`).

- :mod:`~exactpd.checks.registry`: the registry by id, :class:`CheckResult` and its three-valued :class:`Status`;
- :mod:`~exactpd.checks.context`: :class:`CheckContext`, what the checks share about one partition, computed once;
- :mod:`~exactpd.checks.power` (Lemma 1, Theorems 1-2, Lemmas 5 and 7), :mod:`~exactpd.checks.partition`
  (Theorems 3, 4, 6, 7, eq. 20), :mod:`~exactpd.checks.boundary` (Examples 1-2, Fig. 5, Propositions 5-6) and
  :mod:`~exactpd.checks.errata` (E1-E11): the checks, by theme;
- :mod:`~exactpd.checks.suite`: :data:`CHECKS` and :func:`verify` (``exactpd verify``).
"""

from exactpd.checks import registry, context, power, partition, boundary, errata, suite
from exactpd.checks.registry import *  # noqa: F401,F403
from exactpd.checks.context import *  # noqa: F401,F403
from exactpd.checks.power import *  # noqa: F401,F403
from exactpd.checks.partition import *  # noqa: F401,F403
from exactpd.checks.boundary import *  # noqa: F401,F403
from exactpd.checks.errata import *  # noqa: F401,F403
from exactpd.checks.suite import *  # noqa: F401,F403

__all__ = [
    *registry.__all__,
    *context.__all__,
    *power.__all__,
    *partition.__all__,
    *boundary.__all__,
    *errata.__all__,
    *suite.__all__,
]
