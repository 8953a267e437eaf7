"""The figure every picture returns: a matplotlib Figure that a notebook shows inline.

This module imports matplotlib when it is imported, so the rest of the
package imports it only inside the functions that draw
(:func:`exactpd.plot.style.new_figure`).
"""

from __future__ import annotations

import io

import matplotlib.figure

__all__ = ["Figure"]

INLINE_DPI = 100
"""Resolution of the PNG a notebook shows (``savefig`` keeps its own ``dpi``)."""


class Figure(matplotlib.figure.Figure):
    """A :class:`matplotlib.figure.Figure` with a PNG representation for IPython.

    Built without pyplot, a figure is in no global registry and no backend
    shows it; ``_repr_png_`` lets a notebook cell that ends with a plotting
    call show the picture (in a fresh kernel, without ``%matplotlib inline``).
    Everything else is matplotlib's: ``fig.savefig("out.png")`` writes it.

    Examples
    --------
    >>> fig = Figure(figsize=(2, 2))
    >>> fig._repr_png_()[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=INLINE_DPI)
        return buffer.getvalue()
