"""The one exception hierarchy of exactpd.

Every error exactpd raises on purpose is an :class:`ExactpdError`.  Where a
builtin exception fits the meaning, the class also subclasses it (as sympy's
``GeometryError(ValueError)`` does), so ``except ValueError`` keeps working.
Messages name the place of the problem, e.g.
``"layer 1 (dense): bias has 3 entries, weight has 4 rows"``.
"""

__all__ = [
    "ExactpdError",
    "InvalidNumberError",
    "NonFiniteError",
    "NumberLimitError",
    "InvalidNetworkError",
    "InvalidWeightError",
    "NonFiniteWeightError",
    "DimensionError",
    "InvalidDomainError",
    "FileFormatError",
    "PartitionIntegrityError",
    "MissingDependencyError",
    "CertificationError",
    "InvalidOptionError",
    "JournalInUseError",
    "ExactpdWarning",
    "ModelImportWarning",
]


class ExactpdError(Exception):
    """Base class of every error raised by exactpd."""


class InvalidNumberError(ExactpdError, ValueError):
    """A value that should be a number is not one (or cannot be made exact)."""


class NonFiniteError(InvalidNumberError):
    """A number is NaN or infinite."""


class NumberLimitError(InvalidNumberError):
    """A number written with more digits, or a larger exponent, than :func:`exactpd.set_number_limits` allows."""


class InvalidNetworkError(ExactpdError, ValueError):
    """A network description is malformed: shapes, layer kinds, parameters."""


class InvalidWeightError(InvalidNetworkError, InvalidNumberError):
    """A weight of a network is not a number."""


class NonFiniteWeightError(InvalidWeightError, NonFiniteError):
    """A weight of a network is NaN or infinite."""


class DimensionError(ExactpdError, ValueError):
    """Vectors, matrices or domains of mismatched dimensions."""


class InvalidDomainError(ExactpdError, ValueError):
    """A domain that is empty, not full-dimensional, or of the wrong dimension."""


class FileFormatError(ExactpdError, ValueError):
    """A file that is not valid JSON / GraphML of the documented schema."""


class PartitionIntegrityError(FileFormatError):
    """A partition file whose content is not what its network gives on its domain (tampered or damaged).

    The message names the region or edge that fails.
    """


class MissingDependencyError(ExactpdError, ImportError):
    """An optional dependency is missing; the message names the pip extra."""


class CertificationError(ExactpdError):
    """An internal invariant broke: a certificate failed its exact check.

    This should never reach a user; if it does, it is a bug in exactpd.
    """


class ExactpdWarning(UserWarning):
    """Base class of every warning issued by exactpd."""


class ModelImportWarning(ExactpdWarning):
    """An imported model was read with a change the user should know of.

    A trailing Softmax, Sigmoid or LogSoftmax dropped (it changes neither the
    regions nor the decision boundary), or a model in training mode read in
    eval mode.
    """


class InvalidOptionError(ExactpdError, ValueError):
    """An option of a function or command is out of its range (e.g. ``jobs=0``)."""


class JournalInUseError(ExactpdError, RuntimeError):
    """A checkpoint journal is locked by another run; the message names the journal."""
