"""The paper's checks by id: what a check returns, and the registry that holds them.

A check is one function of a :class:`~exactpd.checks.context.CheckContext`
that tests one result of the paper (or shows one erratum of the spec) on a
concrete network.  It is written once, under :func:`register`, which records
its id, its paper reference and its statement; its body returns a
:class:`Finding` (:func:`holds_unless` or :func:`not_applicable`) and the
registry turns it into a :class:`CheckResult` carrying the id.

The registered function accepts a :class:`~exactpd.enumeration.partition.Partition`
or a :class:`~exactpd.checks.context.CheckContext`, so ``check_theorem_2(partition)``
works on its own, while :func:`exactpd.checks.verify` builds one context and
passes it to every check (the shared data are computed once).
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from typing import Callable, Sequence

from exactpd.checks.context import CheckContext
from exactpd.enumeration.partition import Partition

__all__ = [
    "NOT_APPLICABLE",
    "Status",
    "CheckResult",
    "Finding",
    "Check",
    "holds_unless",
    "not_applicable",
    "register",
    "registered",
]

NOT_APPLICABLE = "not applicable: "
"""How the evidence of a result whose hypotheses the network does not meet begins (for reading; the status decides)."""

_SHOWN_FAILURES = 3
"""How many failures a failed check's evidence names."""


class Status(enum.Enum):
    """The three outcomes of a check.

    ``HOLDS``: the result holds on the network; ``FAILS``: it does not (the
    evidence names where); ``NOT_APPLICABLE``: the network does not meet the
    result's hypotheses (the evidence says why), which is not a failure.

    Attributes
    ----------
    HOLDS, FAILS, NOT_APPLICABLE
        The three values.

    Examples
    --------
    >>> [s.value for s in Status]
    ['holds', 'fails', 'not applicable']
    """

    HOLDS = "holds"
    FAILS = "fails"
    NOT_APPLICABLE = "not applicable"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check.

    Attributes
    ----------
    id : str
        ``"lemma-1"``, ``"theorem-2"``, ``"eq-20"``, ``"e1"``, ... (see
        :data:`exactpd.checks.CHECKS`).
    statement : str
        What was checked, in exactpd's notation.
    status : Status
        Holds, fails, or not applicable.
    evidence : str
        Counts, exact values, and for errata the printed and corrected forms;
        it begins with ``"FAILED: "`` and the first failures when the check
        fails, and with :data:`NOT_APPLICABLE` when it does not apply.

    Examples
    --------
    >>> result = CheckResult("lemma-1", "Lemma 1", Status.NOT_APPLICABLE, "not applicable: no unit")
    >>> result.holds, result.applicable, result.to_dict()["holds"]
    (True, False, True)
    """

    id: str
    statement: str
    status: Status
    evidence: str

    @property
    def holds(self) -> bool:
        """True unless the check failed (a result that does not apply holds vacuously)."""
        return self.status is not Status.FAILS

    @property
    def applicable(self) -> bool:
        """False when the network does not meet the result's hypotheses."""
        return self.status is not Status.NOT_APPLICABLE

    def to_dict(self) -> dict:
        """``{"id", "statement", "holds", "evidence"}``, the ``exactpd verify --json`` entry.

        Returns
        -------
        dict

        Examples
        --------
        >>> sorted(CheckResult("e10", "s", Status.HOLDS, "text").to_dict())
        ['evidence', 'holds', 'id', 'statement']
        """
        return {"id": self.id, "statement": self.statement, "holds": self.holds, "evidence": self.evidence}


@dataclass(frozen=True)
class Finding:
    """What a check's body returns: a status and the evidence (the registry adds id and statement).

    Attributes
    ----------
    status : Status
    evidence : str

    Examples
    --------
    >>> Finding(Status.HOLDS, "3 regions").status.value
    'holds'
    """

    status: Status
    evidence: str


def holds_unless(failures: Sequence[str], evidence: str) -> Finding:
    """HOLDS with ``evidence``, or FAILS when there are failures (the first few named before the evidence).

    Parameters
    ----------
    failures : sequence of str
        Where the check failed (empty when it holds).
    evidence : str

    Returns
    -------
    Finding

    Examples
    --------
    >>> holds_unless([], "3 regions").status
    <Status.HOLDS: 'holds'>
    >>> holds_unless(["region 2"], "3 regions").evidence
    'FAILED: region 2. 3 regions'
    """
    if not failures:
        return Finding(Status.HOLDS, evidence)
    shown = "; ".join(failures[:_SHOWN_FAILURES]) + (" ..." if len(failures) > _SHOWN_FAILURES else "")
    return Finding(Status.FAILS, f"FAILED: {shown}. {evidence}")


def not_applicable(reason: str) -> Finding:
    """NOT_APPLICABLE, the evidence being :data:`NOT_APPLICABLE` followed by ``reason``.

    Parameters
    ----------
    reason : str
        Which hypothesis the network does not meet.

    Returns
    -------
    Finding

    Examples
    --------
    >>> not_applicable("the network has no nonlinear layer").evidence
    'not applicable: the network has no nonlinear layer'
    """
    return Finding(Status.NOT_APPLICABLE, NOT_APPLICABLE + reason)


@dataclass(frozen=True)
class Check:
    """One registered check.

    Attributes
    ----------
    id : str
        Its id (``"theorem-2"``, ``"e1"``), written once, in :func:`register`.
    reference : str
        Where the result is in the paper or the spec (``"Theorem 2, eqs. 31-32"``).
    statement : str
        What it checks, in exactpd's notation (:attr:`CheckResult.statement`).
    function : callable
        ``function(partition_or_context) -> CheckResult``, the public ``check_<id>``.
    Examples
    --------
    >>> registered()[0].reference
    'Lemma 1; eqs. 27-28 (App. A.1)'

    """

    id: str
    reference: str
    statement: str
    function: Callable[[Partition | CheckContext], CheckResult]


_REGISTRY: dict[str, Check] = {}


def register(id: str, reference: str, statement: str) -> Callable:
    """Register a check under ``id``; a decorator of ``body(context) -> Finding``.

    Parameters
    ----------
    id : str
        The check's id, unique.
    reference : str
        Its paper (or spec errata) reference.
    statement : str
        What it checks.

    Returns
    -------
    callable
        A decorator returning the public check ``f(partition_or_context) -> CheckResult``.

    Raises
    ------
    ValueError
        ``id`` is registered already.

    Examples
    --------
    How :mod:`exactpd.checks.power` registers Theorem 2 (the body returns a :class:`Finding`)::

        @register("theorem-2", "Theorem 2, eqs. 31-32 (corrected, E3); section 6", "Theorem 2 (eqs. 31-32, ...")
        def check_theorem_2(context: CheckContext) -> Finding:
            ...
            return holds_unless(failures, evidence)

    >>> check = next(c for c in registered() if c.id == "theorem-2")
    >>> check.reference, check.function.__name__
    ('Theorem 2, eqs. 31-32 (corrected, E3); section 6', 'check_theorem_2')
    """
    if id in _REGISTRY:
        raise ValueError(f"a check with id {id!r} is registered already")

    def decorate(body: Callable[[CheckContext], Finding]) -> Callable[[Partition | CheckContext], CheckResult]:
        @functools.wraps(body)
        def run(partition_or_context: Partition | CheckContext) -> CheckResult:
            finding = body(CheckContext.of(partition_or_context))
            return CheckResult(id, statement, finding.status, finding.evidence)

        _REGISTRY[id] = Check(id, reference, statement, run)
        return run

    return decorate


def registered() -> tuple[Check, ...]:
    """Every registered check, in the order of registration (the order :func:`exactpd.checks.verify` runs them).

    Returns
    -------
    tuple of Check

    Examples
    --------
    >>> [c.id for c in registered()][:3]
    ['lemma-1', 'theorem-1', 'lemma-5']
    """
    return tuple(_REGISTRY.values())
