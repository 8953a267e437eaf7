"""Networks: the layers, their activations, their max-affine spline (MASO) form (paper eq. 1) and the exact forward pass."""

from exactpd.network import activation, layers, maso, forward_pass, constraint, slicing
from exactpd.network.activation import *  # noqa: F401,F403
from exactpd.network.layers import *  # noqa: F401,F403
from exactpd.network.maso import *  # noqa: F401,F403
from exactpd.network.forward_pass import *  # noqa: F401,F403
from exactpd.network.constraint import *  # noqa: F401,F403
from exactpd.network.slicing import *  # noqa: F401,F403

__all__ = [*activation.__all__, *layers.__all__, *maso.__all__, *forward_pass.__all__, *constraint.__all__, *slicing.__all__]
