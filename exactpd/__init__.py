"""exactpd: exact geometry of piecewise-affine neural networks.

Networks, activation codes, regions and their power diagrams (Balestriero et
al., "The Geometry of Deep Networks: Power Diagram Subdivision", NeurIPS 2019),
computed in exact rational arithmetic.
"""

__version__ = "0.1.0"

from exactpd.errors import CertificationError as CertificationError
from exactpd.errors import DimensionError as DimensionError
from exactpd.errors import ExactpdError as ExactpdError
from exactpd.errors import FileFormatError as FileFormatError
from exactpd.errors import InvalidDomainError as InvalidDomainError
from exactpd.errors import InvalidNetworkError as InvalidNetworkError
from exactpd.errors import InvalidNumberError as InvalidNumberError
from exactpd.errors import InvalidWeightError as InvalidWeightError
from exactpd.errors import MissingDependencyError as MissingDependencyError
from exactpd.errors import NonFiniteError as NonFiniteError
from exactpd.errors import NonFiniteWeightError as NonFiniteWeightError
from exactpd.forward import Code as Code
from exactpd.forward import PointTrace as PointTrace
from exactpd.forward import code_at as code_at
from exactpd.forward import forward as forward
from exactpd.forward import layer_sites as layer_sites
from exactpd.forward import trace as trace
from exactpd.io import demo_network as demo_network
from exactpd.io import load_network as load_network
from exactpd.io import network_from_dict as network_from_dict
from exactpd.io import network_to_dict as network_to_dict
from exactpd.io import save_network as save_network
from exactpd.maso import AffineMap as AffineMap
from exactpd.maso import MasoLayer as MasoLayer
from exactpd.maso import compose as compose
from exactpd.maso import layer_maps as layer_maps
from exactpd.maso import maso_layers as maso_layers
from exactpd.maso import output_map as output_map
from exactpd.maso import piece_map as piece_map
from exactpd.network import Dense as Dense
from exactpd.network import Maso as Maso
from exactpd.network import MaxPool as MaxPool
from exactpd.network import Network as Network
from exactpd.rational import QVector as QVector
from exactpd.rational import Side as Side
from exactpd.rational import format_rational as format_rational
from exactpd.rational import parse_point as parse_point
from exactpd.rational import to_rational as to_rational
from exactpd.rational import to_vector as to_vector

__all__ = [
    "__version__",
    # errors
    "ExactpdError",
    "InvalidNumberError",
    "NonFiniteError",
    "InvalidNetworkError",
    "InvalidWeightError",
    "NonFiniteWeightError",
    "DimensionError",
    "InvalidDomainError",
    "FileFormatError",
    "MissingDependencyError",
    "CertificationError",
    # numbers
    "QVector",
    "Side",
    "to_rational",
    "to_vector",
    "format_rational",
    "parse_point",
    # networks and their max-affine form
    "Network",
    "Dense",
    "MaxPool",
    "Maso",
    "MasoLayer",
    "AffineMap",
    "maso_layers",
    "output_map",
    "compose",
    "piece_map",
    "layer_maps",
    # codes and the forward pass
    "Code",
    "PointTrace",
    "forward",
    "code_at",
    "trace",
    "layer_sites",
    # files
    "load_network",
    "save_network",
    "network_to_dict",
    "network_from_dict",
    "demo_network",
]
