"""Every file format and importer: JSON network, partition and boundary files, the checkpoint journal, GraphML, PyTorch, ONNX.

No core package imports io: it sits at the edge, above everything it reads and writes.
"""

from exactpd.io import jsonio, partition_file, boundary_file, checkpoint, graphml, model, torch, onnx, torch_geometry
from exactpd.io.jsonio import *  # noqa: F401,F403
from exactpd.io.partition_file import *  # noqa: F401,F403
from exactpd.io.boundary_file import *  # noqa: F401,F403
from exactpd.io.checkpoint import *  # noqa: F401,F403
from exactpd.io.graphml import *  # noqa: F401,F403
from exactpd.io.model import *  # noqa: F401,F403
from exactpd.io.torch import *  # noqa: F401,F403
from exactpd.io.onnx import *  # noqa: F401,F403
from exactpd.io.torch_geometry import *  # noqa: F401,F403

__all__ = [*jsonio.__all__, *partition_file.__all__, *boundary_file.__all__, *checkpoint.__all__, *graphml.__all__, *model.__all__, *torch.__all__, *onnx.__all__, *torch_geometry.__all__]
