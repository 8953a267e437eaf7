"""Every check of the paper on one network: :data:`CHECKS` and :func:`verify` (``exactpd verify``).

Importing this module registers the checks of :mod:`~exactpd.checks.power`,
:mod:`~exactpd.checks.partition`, :mod:`~exactpd.checks.boundary` and
:mod:`~exactpd.checks.errata`, in that order, which is the order
:func:`verify` runs them and ``exactpd verify`` prints them.
"""

from __future__ import annotations

from typing import Callable

from exactpd.checks import boundary, errata, partition, power  # noqa: F401  (registers the checks, in this order)
from exactpd.checks.context import CheckContext
from exactpd.checks.registry import CheckResult, registered
from exactpd.enumeration import enumerate_regions
from exactpd.enumeration.partition import Partition
from exactpd.kernel.polytope import HPolytope
from exactpd.network.layers import Network

__all__ = ["CHECKS", "verify"]

CHECKS: tuple[tuple[str, Callable[[Partition | CheckContext], CheckResult]], ...] = tuple(
    (check.id, check.function) for check in registered()
)
"""Every check, in the order :func:`verify` runs them: ``(id, check_<id>)``.

The ids, paper references and statements are in
:func:`exactpd.checks.registry.registered`.
"""


def verify(net: Network, domain: HPolytope | None = None) -> list[CheckResult]:
    """Check every result of the paper that applies to ``net``, exactly, and show the errata on it.

    The partition is enumerated once and one
    :class:`~exactpd.checks.context.CheckContext` is shared by every check.

    Parameters
    ----------
    net : Network
    domain : HPolytope, optional
        Where to enumerate the partition (default all of R^D).

    Returns
    -------
    list of CheckResult
        One per entry of :data:`CHECKS`, in that order.

    Raises
    ------
    InvalidNetworkError
        ``net`` is not a Network.
    InvalidDomainError
        ``domain`` does not fit the network.

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> results = verify(net, box([-2, -2], [2, 2]))
    >>> all(r.holds for r in results), [r.id for r in results if not r.applicable]
    (True, [])
    >>> next(r for r in results if r.id == "proposition-6").evidence
    'bends by active first-layer units: 2 active: 45.0 deg'
    """
    context = CheckContext(enumerate_regions(net, domain))
    return [check(context) for _, check in CHECKS]
