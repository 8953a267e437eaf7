"""The exact kernel: H-polytopes and their predicates, certificates checked in exact arithmetic, the exact LP."""

from exactpd.kernel import certificate, measure, polytope, simplex
from exactpd.kernel.certificate import *  # noqa: F401,F403
from exactpd.kernel.polytope import *  # noqa: F401,F403
from exactpd.kernel.simplex import *  # noqa: F401,F403
from exactpd.kernel.measure import *  # noqa: F401,F403

__all__ = [*certificate.__all__, *polytope.__all__, *simplex.__all__, *measure.__all__]
