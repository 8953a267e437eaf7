"""A partition as a table: one record per region (``Partition.to_records``), or a pandas DataFrame (``to_dataframe``).

Exact values stay exact (``volume`` is a Fraction); the witness is given as
floats, a view for sorting and plotting.  pandas is an optional extra
(``exactpd[table]``), imported only by :func:`partition_dataframe`.
"""

from __future__ import annotations

from typing import Any

from exactpd.enumeration.float_view import to_float
from exactpd.enumeration.summary import code_text
from exactpd.errors import MissingDependencyError
from exactpd.kernel.measure import volume

__all__: list[str] = []  # reached as Partition.to_records and Partition.to_dataframe

VOLUME_DIMENSIONS = 3
"""By default, volumes are computed for inputs of at most this many dimensions (the cost grows like rows^dim)."""


def partition_records(partition: Any, volumes: bool | None = None, limit: int | None = None) -> list[dict]:
    """One dict per region, in region order.

    Parameters
    ----------
    partition : Partition
    volumes : bool, optional
        Compute each bounded region's exact volume (:func:`exactpd.kernel.measure.volume`);
        default: when the input has at most :data:`VOLUME_DIMENSIONS` dimensions.
    limit : int, optional
        Only the first ``limit`` regions.

    Returns
    -------
    list of dict
        Keys: ``index`` (the region's index in the partition), ``code`` (the
        activation code as text, :func:`exactpd.enumeration.summary.code_text`),
        ``n_facets``, ``bounded``, ``volume`` (the area in 2-D; a Fraction, or
        None for an unbounded region or when not computed) and ``witness``
        (the witness as a tuple of floats, +-inf beyond the float range).

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> part = enumerate_regions(Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu")]), box([-1, -1], [1, 2]))
    >>> partition_records(part)[0]
    {'index': 0, 'code': '00', 'n_facets': 4, 'bounded': True, 'volume': Fraction(1, 1), 'witness': (-0.5, -0.5)}
    """
    if volumes is None:
        volumes = partition.network.input_dim <= VOLUME_DIMENSIONS
    regions = partition.regions if limit is None else partition.regions[:limit]
    return [
        {
            "index": index,
            "code": code_text(region.code, limit=10**9),
            "n_facets": len(region.polytope.b),
            "bounded": region.bounded,
            "volume": volume(region.polytope) if volumes and region.bounded else None,
            "witness": tuple(to_float(v) for v in region.witness),
        }
        for index, region in enumerate(regions)
    ]


def partition_dataframe(partition: Any, volumes: bool | None = None):
    """The records of :func:`partition_records` as a pandas DataFrame indexed by region index.

    Raises
    ------
    MissingDependencyError
        pandas is not installed.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> part = enumerate_regions(Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu")]), box([-1, -1], [1, 2]))
    >>> df = partition_dataframe(part)
    >>> list(df.index), list(df["code"]), [str(v) for v in df["volume"]]
    ([0, 1, 2, 3], ['00', '01', '10', '11'], ['1', '2', '1', '2'])
    """
    try:
        import pandas
    except ImportError as err:
        raise MissingDependencyError(
            "to_dataframe needs pandas, which is not installed: pip install pandas "
            "(the extra exactpd[table]: pip install 'exactpd[table]', or pip install '.[table]' in a clone)"
        ) from err
    return pandas.DataFrame.from_records(partition_records(partition, volumes)).set_index("index")
