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
from exactpd.forward import code_toward as code_toward
from exactpd.forward import forward as forward
from exactpd.forward import layer_sites as layer_sites
from exactpd.forward import trace as trace
from exactpd.io import demo_network as demo_network
from exactpd.io import from_onnx as from_onnx
from exactpd.io import from_torch as from_torch
from exactpd.io import load_model as load_model
from exactpd.io import load_onnx as load_onnx
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
from exactpd.network import Conv2d as Conv2d
from exactpd.network import Dense as Dense
from exactpd.network import Maso as Maso
from exactpd.network import MaxPool as MaxPool
from exactpd.network import Network as Network
from exactpd.network import avg_pool2d as avg_pool2d
from exactpd.network import max_pool2d as max_pool2d
from exactpd.geometry import InputGeometry as InputGeometry
from exactpd.geometry import InputGeometryFloat as InputGeometryFloat
from exactpd.geometry import centroid_ranks_float as centroid_ranks_float
from exactpd.geometry import input_geometry as input_geometry
from exactpd.geometry import input_geometry_float as input_geometry_float
from exactpd.rational import QVector as QVector
from exactpd.rational import Side as Side
from exactpd.rational import format_rational as format_rational
from exactpd.rational import parse_point as parse_point
from exactpd.rational import to_rational as to_rational
from exactpd.rational import to_vector as to_vector

from exactpd.polytope import HPolytope as HPolytope
from exactpd.polytope import box as box
from exactpd.polytope import whole_space as whole_space
from exactpd.polytope import intersect as intersect
from exactpd.polytope import with_halfspaces as with_halfspaces
from exactpd.polytope import side as side
from exactpd.polytope import contains as contains
from exactpd.polytope import interior_certificate as interior_certificate
from exactpd.polytope import witness as witness
from exactpd.polytope import is_full_dimensional as is_full_dimensional
from exactpd.polytope import emptiness_certificate as emptiness_certificate
from exactpd.polytope import is_empty as is_empty
from exactpd.polytope import boundedness_certificate as boundedness_certificate
from exactpd.polytope import is_bounded as is_bounded
from exactpd.polytope import facet_report as facet_report
from exactpd.polytope import facets as facets
from exactpd.polytope import facets_certified as facets_certified
from exactpd.polytope import vertices as vertices
from exactpd.polytope import area as area
from exactpd.certificate import InteriorWitness as InteriorWitness
from exactpd.certificate import NoInteriorCertificate as NoInteriorCertificate
from exactpd.certificate import FeasiblePoint as FeasiblePoint
from exactpd.certificate import FarkasCertificate as FarkasCertificate
from exactpd.certificate import FacetCertificate as FacetCertificate
from exactpd.certificate import ImpliedRowCertificate as ImpliedRowCertificate
from exactpd.certificate import IdenticalRowCertificate as IdenticalRowCertificate
from exactpd.certificate import FacetReport as FacetReport
from exactpd.certificate import BoundedCertificate as BoundedCertificate
from exactpd.certificate import UnboundedCertificate as UnboundedCertificate
from exactpd.certificate import check as check_certificate
from exactpd.powerdiagram import PowerSite as PowerSite
from exactpd.powerdiagram import PowerCell as PowerCell
from exactpd.powerdiagram import PowerDiagram as PowerDiagram
from exactpd.powerdiagram import LocateResult as LocateResult
from exactpd.powerdiagram import power_distance as power_distance
from exactpd.powerdiagram import chordale as chordale
from exactpd.powerdiagram import piece_site as piece_site
from exactpd.powerdiagram import site_offset as site_offset
from exactpd.powerdiagram import map_site as map_site
from exactpd.powerdiagram import unit_power_diagram as unit_power_diagram
from exactpd.powerdiagram import layer_power_diagram as layer_power_diagram
from exactpd.powerdiagram import combine_unit_diagrams as combine_unit_diagrams
from exactpd.powerdiagram import input_power_diagram as input_power_diagram
from exactpd.powerdiagram import point_site as point_site
from exactpd.powerdiagram import locate_fast as locate_fast
from exactpd.powerdiagram import locate_brute_force as locate_brute_force
from exactpd.powerdiagram import locate_network as locate_network
from exactpd.lifting import paraboloid as paraboloid
from exactpd.lifting import piece_value as piece_value
from exactpd.lifting import max_affine as max_affine
from exactpd.lifting import lifting_identity as lifting_identity
from exactpd.lifting import tangent_offset as tangent_offset
from exactpd.lifting import hyperplane_to_sphere as hyperplane_to_sphere
from exactpd.lifting import sphere_to_hyperplane as sphere_to_hyperplane
from exactpd.region import Region as Region
from exactpd.region import DOMAIN as DOMAIN
from exactpd.partition import Partition as Partition
from exactpd.partition import Edge as Edge
from exactpd.enumeration import enumerate_regions as enumerate_regions
from exactpd.enumeration import iter_regions as iter_regions
from exactpd.enumeration import EnumerationStats as EnumerationStats
from exactpd.graph import adjacency_graph as adjacency_graph
from exactpd.graph import adjacency_edges as adjacency_edges
from exactpd.graph import check_edge as check_edge
from exactpd.graph import flips_between as flips_between
from exactpd.io import save_partition as save_partition
from exactpd.io import write_graphml as write_graphml
from exactpd.io import load_partition as load_partition
from exactpd.io import partition_to_dict as partition_to_dict
from exactpd.io import partition_from_dict as partition_from_dict
from exactpd.slicing import plane_through as plane_through
from exactpd.slicing import lift as lift
from exactpd.slicing import slice_network as slice_network
from exactpd.constraint import rank_one_layer as rank_one_layer
from exactpd.constraint import orthogonal_layer as orthogonal_layer
from exactpd.constraint import axis_parallel_layer as axis_parallel_layer
from exactpd.constraint import diagonal_layer as diagonal_layer
from exactpd.plot import plot_lifting as plot_lifting
from exactpd.plot import plot_partition as plot_partition
from exactpd.plot import plot_partition_polynomial as plot_partition_polynomial
from exactpd.plot import plot_partitions as plot_partitions
from exactpd.plot import plot_layers as plot_layers
from exactpd.plot import plot_power_diagram as plot_power_diagram
from exactpd.plot import plot_decision_boundary as plot_decision_boundary
from exactpd.plot import plot_graph as plot_graph
from exactpd.theorems import CheckResult as CheckResult
from exactpd.theorems import verify as verify
from exactpd.theorems import check_lemma_1 as check_lemma_1
from exactpd.theorems import check_theorem_1 as check_theorem_1
from exactpd.theorems import check_lemma_5 as check_lemma_5
from exactpd.theorems import check_theorem_2 as check_theorem_2
from exactpd.theorems import check_lemma_7 as check_lemma_7
from exactpd.theorems import check_theorem_3 as check_theorem_3
from exactpd.theorems import check_theorem_4 as check_theorem_4
from exactpd.theorems import check_theorem_6 as check_theorem_6
from exactpd.theorems import check_theorem_7 as check_theorem_7
from exactpd.theorems import check_eq_20 as check_eq_20
from exactpd.theorems import check_examples_1_2 as check_examples_1_2
from exactpd.theorems import check_fig_5 as check_fig_5
from exactpd.theorems import check_proposition_5 as check_proposition_5
from exactpd.theorems import check_proposition_6 as check_proposition_6
from exactpd.theorems import check_e1 as check_e1
from exactpd.theorems import check_e2 as check_e2
from exactpd.theorems import check_e3 as check_e3
from exactpd.theorems import check_e4 as check_e4
from exactpd.theorems import check_e5 as check_e5
from exactpd.theorems import check_e6 as check_e6
from exactpd.theorems import check_e7 as check_e7
from exactpd.theorems import check_e8 as check_e8
from exactpd.theorems import check_e9 as check_e9
from exactpd.theorems import check_e10 as check_e10
from exactpd.theorems import check_e11 as check_e11
from exactpd.boundary import BoundaryPiece as BoundaryPiece
from exactpd.boundary import Bend as Bend
from exactpd.boundary import DecisionBoundary as DecisionBoundary
from exactpd.boundary import decision_function as decision_function
from exactpd.boundary import decision_boundary as decision_boundary
from exactpd.polytope import section_witness as section_witness
from exactpd.boundary import boundary_graph as boundary_graph
from exactpd.boundary import boundary_components as boundary_components
from exactpd.boundary import bend_degrees_float as bend_degrees_float
from exactpd.boundary import boundary_to_dict as boundary_to_dict
from exactpd.boundary import save_boundary as save_boundary
from exactpd.distance import NearestFacet as NearestFacet
from exactpd.distance import NearestPiece as NearestPiece
from exactpd.distance import code_halfspaces as code_halfspaces
from exactpd.distance import boundary_distance as boundary_distance
from exactpd.distance import facet_distance as facet_distance
from exactpd.distance import polytope_distance as polytope_distance
from exactpd.distance import decision_distance as decision_distance

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
    "Conv2d",
    "MaxPool",
    "max_pool2d",
    "avg_pool2d",
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
    "code_toward",
    "trace",
    "layer_sites",
    # files
    "load_network",
    "save_network",
    "network_to_dict",
    "network_from_dict",
    "demo_network",
    "from_torch",
    "from_onnx",
    "load_onnx",
    "load_model",
    # per-input geometry
    "InputGeometry",
    "InputGeometryFloat",
    "input_geometry",
    "input_geometry_float",
    "centroid_ranks_float",
    # polytope
    "HPolytope",
    "box",
    "whole_space",
    "intersect",
    "with_halfspaces",
    "side",
    "contains",
    "interior_certificate",
    "witness",
    "is_full_dimensional",
    "emptiness_certificate",
    "is_empty",
    "boundedness_certificate",
    "is_bounded",
    "facet_report",
    "facets",
    "facets_certified",
    "vertices",
    "area",
    # certificate
    "InteriorWitness",
    "NoInteriorCertificate",
    "FeasiblePoint",
    "FarkasCertificate",
    "FacetCertificate",
    "ImpliedRowCertificate",
    "IdenticalRowCertificate",
    "FacetReport",
    "BoundedCertificate",
    "UnboundedCertificate",
    "check_certificate",
    # powerdiagram
    "PowerSite",
    "PowerCell",
    "PowerDiagram",
    "LocateResult",
    "power_distance",
    "chordale",
    "piece_site",
    "site_offset",
    "map_site",
    "unit_power_diagram",
    "layer_power_diagram",
    "combine_unit_diagrams",
    "input_power_diagram",
    "point_site",
    "locate_fast",
    "locate_brute_force",
    "locate_network",
    # lifting
    "paraboloid",
    "piece_value",
    "max_affine",
    "lifting_identity",
    "tangent_offset",
    "hyperplane_to_sphere",
    "sphere_to_hyperplane",
    # region
    "Region",
    "DOMAIN",
    # partition
    "Partition",
    "Edge",
    # enumeration
    "enumerate_regions",
    "iter_regions",
    "EnumerationStats",
    # graph
    "adjacency_graph",
    "adjacency_edges",
    "check_edge",
    "flips_between",
    # io
    "save_partition",
    "write_graphml",
    "load_partition",
    "partition_to_dict",
    "partition_from_dict",
    # slicing
    "plane_through",
    "lift",
    "slice_network",
    # constraint
    "rank_one_layer",
    "orthogonal_layer",
    "axis_parallel_layer",
    "diagonal_layer",
    # plot (matplotlib, imported when a picture is drawn)
    "plot_partition",
    "plot_lifting",
    "plot_partition_polynomial",
    "plot_partitions",
    "plot_layers",
    "plot_power_diagram",
    "plot_decision_boundary",
    "plot_graph",
    # theorems
    "CheckResult",
    "verify",
    "check_lemma_1",
    "check_theorem_1",
    "check_lemma_5",
    "check_theorem_2",
    "check_lemma_7",
    "check_theorem_3",
    "check_theorem_4",
    "check_theorem_6",
    "check_theorem_7",
    "check_eq_20",
    "check_examples_1_2",
    "check_fig_5",
    "check_proposition_5",
    "check_proposition_6",
    "check_e1",
    "check_e2",
    "check_e3",
    "check_e4",
    "check_e5",
    "check_e6",
    "check_e7",
    "check_e8",
    "check_e9",
    "check_e10",
    "check_e11",
    # boundary
    "BoundaryPiece",
    "Bend",
    "DecisionBoundary",
    "decision_function",
    "decision_boundary",
    "section_witness",
    "boundary_graph",
    "boundary_components",
    "bend_degrees_float",
    "boundary_to_dict",
    "save_boundary",
    # distance
    "NearestFacet",
    "NearestPiece",
    "code_halfspaces",
    "boundary_distance",
    "facet_distance",
    "polytope_distance",
    "decision_distance",
]
