"""The decision boundary (Propositions 5-6), distances (eq. 20) and per-input geometry."""

from exactpd.boundary import decision, distance, inputs
from exactpd.boundary.decision import *  # noqa: F401,F403
from exactpd.boundary.distance import *  # noqa: F401,F403
from exactpd.boundary.inputs import *  # noqa: F401,F403

__all__ = [*decision.__all__, *distance.__all__, *inputs.__all__]
