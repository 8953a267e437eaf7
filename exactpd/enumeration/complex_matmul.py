"""Exact products of big-integer matrices carried by float64 matrix products (the complex engine's affine forms).

The complex engine multiplies integer matrices whose entries have 60 to a few
hundred bits (a layer's integer weights times the exact maps of the previous
layers on every region).  An object-array product costs a Python operation per
multiply-add.  :func:`exact_matmul` computes the same integers with float64
BLAS products, where every float operation is exact:

- every entry ``x`` is split into 16-bit limbs, ``x = sum_i u_i 2^(16 i)``
  with ``0 <= u_i < 2^16`` except the top limb, in ``[-2^15, 2^15)`` (two's
  complement, read from ``x.to_bytes(..., signed=True)``);
- for every pair of limb indices (i, j) the float64 product ``A_i @ B_j`` is
  a sum of n products of limbs, each an integer below ``2^32`` in absolute
  value (n the inner dimension);
- the products of one weight ``2^(16 s)`` (at most ``min(La, Lb)`` of them)
  are summed in float64: every partial sum, in the BLAS product or after it,
  is an integer of absolute value at most ``n min(La, Lb) 2^32 <= 2^53``
  (checked; else the object product is used), which float64 represents
  exactly whatever the order of the additions and with or without fused
  multiply-adds, so nothing is rounded;
- the sums are turned into int64, the carries propagated in int64, and each
  entry is read back with ``int.from_bytes`` in two's complement.

No float is rounded anywhere, so the result is the exact integer product
(tests compare it with the object-array product on random and extreme entries).
"""

from __future__ import annotations

import numpy as np

__all__ = ["exact_matmul"]

_BITS = 16
_MAX_INNER = 1 << 21  # n min(La, Lb) 2^32 <= 2^53: every float partial sum is an exact integer
_SMALL = 20_000  # below this many multiply-adds the object product is faster
_COLUMNS = 4096  # columns of B per float product (bounds the memory of the limb products)


def _limbs(values: np.ndarray) -> tuple[np.ndarray, int]:
    """``values`` (object ints, any shape) as float64 limbs ``(..., L)`` of 16 bits: two's complement, the top limb signed."""
    flat = values.ravel().tolist()
    n_limbs = max(1, (max(map(int.bit_length, flat), default=0) + 16) // 16)  # room for the sign bit
    data = b"".join([v.to_bytes(2 * n_limbs, "little", signed=True) for v in flat])
    limbs = np.frombuffer(data, dtype="<u2").reshape(len(flat), n_limbs).astype(np.float64)
    limbs[:, -1] = np.frombuffer(data, dtype="<i2").reshape(len(flat), n_limbs)[:, -1]
    return limbs.reshape(values.shape + (n_limbs,)), n_limbs


def _to_ints(weights: np.ndarray) -> list:
    """Python ints from int64 limb sums ``(S, N)`` of weights ``2^(16 s)``: carries propagated, read in two's complement."""
    s, n = weights.shape
    digits = np.zeros((s + 4, n), dtype=np.int64)  # 4 spare limbs: the carries of sums below 2^63, and the sign
    digits[:s] = weights
    for i in range(s + 3):
        carry = digits[i] >> _BITS  # floor division: digits[i] - carry 2^16 is in [0, 2^16)
        digits[i] -= carry << _BITS
        digits[i + 1] += carry
    # the top limb is now 0 or -1 (the value is below 2^(16 (s + 3)) in absolute value): two's complement
    data = np.ascontiguousarray((digits & 0xFFFF).astype("<u2").T).tobytes()
    width = 2 * (s + 4)
    view = memoryview(data)
    return [int.from_bytes(view[i : i + width], "little", signed=True) for i in range(0, len(data), width)]


def exact_matmul(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """The exact product of two integer matrices (object arrays of Python ints), by float64 limb products.

    Parameters
    ----------
    A : ndarray of object, shape (m, n)
        Python ints of any size.
    B : ndarray of object, shape (n, k)
        Python ints of any size.

    Returns
    -------
    ndarray of object, shape (m, k)
        ``A @ B`` exactly, as Python ints.

    Notes
    -----
    Exact by construction (the module doc): every float64 operation acts on
    integers of at most ``2^53``.  The limbs pay when each entry read is used
    many times: small products (fewer than 20,000 multiply-adds), thin ones
    (``m n < 8 (m + n)``, where reading the entries costs more than the object
    products) and huge inner dimensions use the object-array product.

    Examples
    --------
    >>> A = np.array([[2**100, -3], [1, 0]], dtype=object)
    >>> B = np.array([[5], [2**70 + 1]], dtype=object)
    >>> exact_matmul(A, B).tolist() == np.matmul(A, B).tolist()
    True
    """
    m, n = A.shape
    k = B.shape[1]
    if m * n * k < _SMALL or m * n < 8 * (m + n) or n > _MAX_INNER or 0 in (m, n, k):
        return np.matmul(A, B) if m and k else np.zeros((m, k), dtype=object)
    la, na = _limbs(A)  # (m, n, La)
    lb, nb = _limbs(B)  # (n, k, Lb)
    if n * min(na, nb) > _MAX_INNER:  # the sums of one weight would pass 2^53
        return np.matmul(A, B)
    left = la.transpose(2, 0, 1).reshape(na * m, n)  # limb i of A in rows i m .. (i + 1) m
    out = np.empty((m, k), dtype=object)
    for lo in range(0, k, _COLUMNS):
        hi = min(k, lo + _COLUMNS)
        right = lb[:, lo:hi].transpose(0, 2, 1).reshape(n, nb * (hi - lo))  # column j (hi - lo) + c: limb j of column c
        prod = (left @ right).reshape(na, m, nb, hi - lo)
        weights = np.zeros((na + nb - 1, m, hi - lo))
        for i in range(na):
            for j in range(nb):
                weights[i + j] += prod[i, :, j]
        out[:, lo:hi] = np.array(_to_ints(weights.reshape(na + nb - 1, -1).astype(np.int64)), dtype=object).reshape(m, hi - lo)
    return out
