"""Reading and writing exactpd's files (JSON, every number exact; GraphML)."""

from exactpd.io.graphml import graphml_graph as graphml_graph
from exactpd.io.graphml import write_graphml as write_graphml
from exactpd.io.jsonio import FORMAT_VERSION as FORMAT_VERSION
from exactpd.io.jsonio import demo_network as demo_network
from exactpd.io.jsonio import load_network as load_network
from exactpd.io.jsonio import network_from_dict as network_from_dict
from exactpd.io.jsonio import network_to_dict as network_to_dict
from exactpd.io.jsonio import save_network as save_network
from exactpd.io.torch import from_torch as from_torch
from exactpd.io.model import load_model as load_model
from exactpd.io.onnx import from_onnx as from_onnx
from exactpd.io.onnx import load_onnx as load_onnx
from exactpd.io.partition_file import load_partition as load_partition
from exactpd.io.partition_file import load_polytope as load_polytope
from exactpd.io.partition_file import partition_from_dict as partition_from_dict
from exactpd.io.partition_file import partition_to_dict as partition_to_dict
from exactpd.io.partition_file import polytope_from_dict as polytope_from_dict
from exactpd.io.partition_file import polytope_to_dict as polytope_to_dict
from exactpd.io.partition_file import save_partition as save_partition

__all__ = [
    "FORMAT_VERSION",
    "demo_network",
    "load_network",
    "network_from_dict",
    "network_to_dict",
    "save_network",
    "from_torch",
    "from_onnx",
    "load_onnx",
    "load_model",
    "load_partition",
    "load_polytope",
    "partition_from_dict",
    "partition_to_dict",
    "polytope_from_dict",
    "polytope_to_dict",
    "save_partition",
    "graphml_graph",
    "write_graphml",
]
