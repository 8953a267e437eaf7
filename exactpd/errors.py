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
    "WeightLimitError",
    "DimensionError",
    "InvalidDomainError",
    "FileFormatError",
    "PartitionIntegrityError",
    "MissingDependencyError",
    "CertificationError",
    "InvalidOptionError",
    "JournalInUseError",
    "WorkerError",
    "ExactpdWarning",
    "ModelImportWarning",
]


class ExactpdError(Exception):
    """Base class of every error raised by exactpd.

    Examples
    --------
    >>> from exactpd.rational import to_rational
    >>> try:
    ...     to_rational("one half")
    ... except ExactpdError as err:
    ...     print(type(err).__name__, err)
    InvalidNumberError 'one half' is not a number
    """


class InvalidNumberError(ExactpdError, ValueError):
    """A value that should be a number is not one (or cannot be made exact).

    Examples
    --------
    >>> from exactpd.rational import to_rational
    >>> to_rational("x")
    Traceback (most recent call last):
    ...
    exactpd.errors.InvalidNumberError: 'x' is not a number
    >>> issubclass(InvalidNumberError, ValueError)
    True
    """


class NonFiniteError(InvalidNumberError):
    """A number is NaN or infinite.

    Examples
    --------
    >>> from exactpd.rational import to_rational
    >>> to_rational(float("nan"))
    Traceback (most recent call last):
    ...
    exactpd.errors.NonFiniteError: nan is not a finite number
    """


class NumberLimitError(InvalidNumberError):
    """A number written with more digits, or a larger exponent, than :func:`exactpd.set_number_limits` allows.

    Examples
    --------
    >>> from exactpd.rational import to_rational
    >>> to_rational("1e99999999999")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    exactpd.errors.NumberLimitError: '1e99999999999' has the exponent 99999999999, beyond the limit of ...
    """


class InvalidNetworkError(ExactpdError, ValueError):
    """A network description is malformed: shapes, layer kinds, parameters.

    Examples
    --------
    >>> from exactpd import Dense, Network
    >>> Network(2, [Dense([[1, 0]], [0, 0])])
    Traceback (most recent call last):
    ...
    exactpd.errors.InvalidNetworkError: dense layer: bias has 2 entries, weight has 1 rows
    """


class InvalidWeightError(InvalidNetworkError, InvalidNumberError):
    """A weight of a network is not a number.

    Examples
    --------
    >>> from exactpd import Dense
    >>> Dense([["x", 0]], [0])
    Traceback (most recent call last):
    ...
    exactpd.errors.InvalidWeightError: dense layer: weight[0][0]: 'x' is not a number
    """


class NonFiniteWeightError(InvalidWeightError, NonFiniteError):
    """A weight of a network is NaN or infinite.

    Examples
    --------
    >>> from exactpd import Dense
    >>> Dense([[float("nan"), 0]], [0])
    Traceback (most recent call last):
    ...
    exactpd.errors.NonFiniteWeightError: dense layer: weight[0][0]: nan is not a finite number
    >>> issubclass(NonFiniteWeightError, InvalidNetworkError), issubclass(NonFiniteWeightError, NonFiniteError)
    (True, True)
    """


class WeightLimitError(InvalidWeightError, NumberLimitError):
    """A weight of a network is written past the number limits (:func:`exactpd.set_number_limits`).

    Examples
    --------
    >>> from exactpd import Dense
    >>> Dense([["1e99999999999", 0]], [0])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    exactpd.errors.WeightLimitError: dense layer: weight[0][0]: '1e99999999999' has the exponent 99999999999, ...
    >>> issubclass(WeightLimitError, InvalidNetworkError), issubclass(WeightLimitError, NumberLimitError)
    (True, True)
    """


class DimensionError(ExactpdError, ValueError):
    """Vectors, matrices or domains of mismatched dimensions.

    Examples
    --------
    >>> from exactpd.rational import to_vector
    >>> to_vector([1, 2], "point", length=3)
    Traceback (most recent call last):
    ...
    exactpd.errors.DimensionError: point: expected 3 entries, got 2
    """


class InvalidDomainError(ExactpdError, ValueError):
    """A domain that is empty, not full-dimensional, or of the wrong dimension.

    Examples
    --------
    >>> from exactpd import box
    >>> box([1], [0])
    Traceback (most recent call last):
    ...
    exactpd.errors.InvalidDomainError: box: lows[0] = 1 is not below highs[0] = 0
    """


class FileFormatError(ExactpdError, ValueError):
    """A file that is not valid JSON / GraphML of the documented schema.

    Examples
    --------
    >>> from exactpd.io.jsonio import network_from_dict
    >>> network_from_dict({"format": 99})
    Traceback (most recent call last):
    ...
    exactpd.errors.FileFormatError: network file: unknown format version 99; this exactpd reads version 1
    """


class PartitionIntegrityError(FileFormatError):
    """A partition file whose content is not what its network gives on its domain (tampered or damaged).

    The message names the region or edge that fails.

    Examples
    --------
    >>> issubclass(PartitionIntegrityError, FileFormatError), issubclass(PartitionIntegrityError, ValueError)
    (True, True)
    """


class MissingDependencyError(ExactpdError, ImportError):
    """An optional dependency is missing; the message names the pip extra.

    Examples
    --------
    >>> issubclass(MissingDependencyError, ImportError)
    True
    """


class CertificationError(ExactpdError):
    """An internal invariant broke: a certificate failed its exact check.

    This should never reach a user; if it does, it is a bug in exactpd.

    Examples
    --------
    >>> issubclass(CertificationError, ExactpdError), issubclass(CertificationError, ValueError)
    (True, False)
    """


class ExactpdWarning(UserWarning):
    """Base class of every warning issued by exactpd.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("a model read with a change", ModelImportWarning)
    >>> [issubclass(w.category, ExactpdWarning) for w in caught]
    [True]
    """


class ModelImportWarning(ExactpdWarning):
    """An imported model was read with a change the user should know of.

    A trailing Softmax, Sigmoid or LogSoftmax dropped (it changes neither the
    regions nor the decision boundary), or a model in training mode read in
    eval mode.

    Examples
    --------
    >>> issubclass(ModelImportWarning, ExactpdWarning), issubclass(ModelImportWarning, UserWarning)
    (True, True)
    """


class InvalidOptionError(ExactpdError, ValueError):
    """An option of a function or command is out of its range (e.g. ``jobs=0``).

    Examples
    --------
    >>> issubclass(InvalidOptionError, ExactpdError), issubclass(InvalidOptionError, ValueError)
    (True, True)
    """


class JournalInUseError(ExactpdError, RuntimeError):
    """A checkpoint journal is locked by another run; the message names the journal.

    Examples
    --------
    >>> issubclass(JournalInUseError, ExactpdError), issubclass(JournalInUseError, RuntimeError)
    (True, True)
    """


class WorkerError(ExactpdError, RuntimeError):
    """A worker process of a parallel run (``jobs=N``) died before it answered its task.

    Examples
    --------
    >>> issubclass(WorkerError, ExactpdError), issubclass(WorkerError, RuntimeError)
    (True, True)
    """
