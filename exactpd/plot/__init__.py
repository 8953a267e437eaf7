"""Pictures of exact partitions: the paper's 2-D figures (matplotlib, the optional extra ``exactpd[plot]``).

Every picture draws what it is given, a :class:`~exactpd.enumeration.partition.Partition`
of a network with two inputs (for more inputs, slice first:
:func:`exactpd.network.slicing.slice_network`), and computes nothing that
flows back into exactpd.  The geometry is exact up to the last step: the
visible part of a region is the exact polygon ``region ∩ view``
(:mod:`exactpd.plot.view`), each side labelled with the facet it lies on, and
only then are corners turned into floats for matplotlib.  One module per
family of figures:

- :mod:`~exactpd.plot.partition`: the regions (``plot_partition``, ``plot_partitions``);
- :mod:`~exactpd.plot.layers`: the layer-by-layer subdivision (``plot_layers``);
- :mod:`~exactpd.plot.powerdiagram`: a layer's power diagrams (``plot_power_diagram``);
- :mod:`~exactpd.plot.boundary`: the decision boundary and its bends (``plot_decision_boundary``);
- :mod:`~exactpd.plot.graph`: the adjacency graph (``plot_graph``);
- :mod:`~exactpd.plot.lifting`: the paraboloid lifting (``plot_lifting``);
- :mod:`~exactpd.plot.polynomial`: the partition polynomial (``plot_partition_polynomial``);
- :mod:`~exactpd.plot.style` and :mod:`~exactpd.plot.view`: what they share.

Every function returns an :class:`exactpd.plot.figure.Figure` (a matplotlib
Figure built without pyplot, shown inline by Jupyter; ``fig.savefig("out.png")``
writes it).  Layers are numbered as in the paper in titles and legends
(nonlinear layer index ``l`` is layer ``l + 1``).  Artists carry a ``gid``
(``"regions"``, ``"cuts layer 1"``, ``"centroids"``, ``"power circles"``,
``"graph edges"``, ...) so that they can be found again.  Where a picture
needs the partition of a derived network (a layer's diagram pulled back into
a region, one unit's diagram), it is enumerated by
:func:`exactpd.plot.view.partition_in_view`, the one enumeration in this package.
"""

from exactpd.plot import boundary, graph, layers, lifting, partition, polynomial, powerdiagram
from exactpd.plot.boundary import *  # noqa: F401,F403
from exactpd.plot.graph import *  # noqa: F401,F403
from exactpd.plot.layers import *  # noqa: F401,F403
from exactpd.plot.lifting import *  # noqa: F401,F403
from exactpd.plot.partition import *  # noqa: F401,F403
from exactpd.plot.polynomial import *  # noqa: F401,F403
from exactpd.plot.powerdiagram import *  # noqa: F401,F403

__all__ = [
    *partition.__all__, *layers.__all__, *powerdiagram.__all__, *boundary.__all__, *graph.__all__,
    *lifting.__all__, *polynomial.__all__,
]
