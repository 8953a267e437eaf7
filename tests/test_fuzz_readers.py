"""Fuzzing the file readers: whatever the bytes, only exactpd's own errors escape, and never a wrong answer.

Three kinds of input, for each reader (network, polytope/domain and partition files):

- random JSON documents, built from the keys and values the schemas use;
- valid files with one random change to their structure (a value replaced or
  emptied, a key deleted, a list item duplicated, dropped or swapped, a number nudged);
- valid files with random bytes changed, deleted or inserted (a damaged disk, a torn copy).

A reader either raises an :class:`~exactpd.errors.ExactpdError` or returns a
value; a partition that loads must be the partition its own network gives on its
own domain (checked against a fresh enumeration), so a change that slips
through is one that changes nothing.  ``EXACTPD_FUZZ_EXAMPLES`` sets the number
of examples per test (default 60).
"""

from __future__ import annotations

import copy
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import exactpd as epd
from exactpd.errors import ExactpdError

EXAMPLES = int(os.environ.get("EXACTPD_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

NET = epd.Network(2, [
    epd.Dense([[1, 0], [1, 1], [1, 0]], [0, "-1/2", 0], "relu"),  # a duplicated unit
    epd.Dense([[1, -1, "1/3"]], [0], "leaky_relu", "1/10"),
    epd.Dense([[2]], [1]),
])
DOMAIN = epd.box([-1, -1], [1, 1])
PARTITION = epd.enumerate_regions(NET, DOMAIN)
PARTITION_DICT = epd.partition_to_dict(PARTITION)
NETWORK_DICT = epd.network_to_dict(NET)
DOMAIN_DICT = epd.polytope_to_dict(DOMAIN)

KEYS = sorted({
    "format", "kind", "input_dim", "layers", "weight", "bias", "activation", "negative_slope", "groups", "slopes",
    "offsets", "input_shape", "stride", "padding", "dilation", "network", "domain", "dim", "halfspaces", "a", "b",
    "regions", "edges", "id", "code", "witness", "bounded", "labels", "point", "sites", "centroid", "power_weight",
    "output_map", "G", "h", "u", "v", "flips", "hyperplane",
})
WORDS = ["dense", "relu", "leaky_relu", "abs", "maxpool", "maso", "conv2d", "domain", "exactpd.partition",
         "1/2", "-3/7", "0.1", "1e-3", "nan", "inf", "1/0", "1e999999999", "9" * 5000, "", "x"]

SCALARS = (
    st.none() | st.booleans() | st.integers(-3, 3) | st.integers() | st.floats(allow_nan=False)
    | st.sampled_from(WORDS) | st.text(max_size=6)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=3), inner, max_size=5),
    max_leaves=25,
)


def _load(reader, text: str, tmp_path):
    path = tmp_path / "fuzz.json"
    path.write_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    try:
        return reader(path)
    except ExactpdError:
        return None


def _substance(partition):
    """What a partition asserts: its network, domain, each region's code, rows and boundedness, each edge."""
    return (
        partition.network,
        partition.domain,
        tuple((r.code, frozenset(zip(r.polytope.A, r.polytope.b)), r.bounded) for r in partition.regions),
        tuple((e.u, e.v, e.flips, e.hyperplane) for e in partition.edges),
    )


def _check_partition(loaded) -> None:
    """A loaded partition is the one its network gives on its domain (an independent enumeration)."""
    if loaded is None:
        return
    if (loaded.network, loaded.domain) == (NET, DOMAIN):
        assert _substance(loaded) == _substance(PARTITION)
    else:
        assert _substance(loaded) == _substance(epd.enumerate_regions(loaded.network, loaded.domain))


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, prefix + (i,))


@st.composite
def _mutated(draw, document):
    """``document`` with one random structural change."""
    d = copy.deepcopy(document)
    paths = list(_paths(d))
    path = draw(st.sampled_from(paths[1:]))
    parent = d
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    kind = draw(st.sampled_from(["replace", "delete", "duplicate", "swap", "nudge", "empty"]))
    if kind == "replace":
        parent[last] = draw(JSON)
    elif kind == "empty":  # a list or object emptied (a truncated array, a cleared field)
        parent[last] = type(parent[last])() if isinstance(parent[last], (list, dict)) else None
    elif kind == "delete":
        del parent[last]
    elif kind == "duplicate" and isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))
    elif kind == "swap" and isinstance(parent, list) and len(parent) > 1:
        other = draw(st.integers(0, len(parent) - 1))
        parent[last], parent[other] = parent[other], parent[last]
    else:  # nudge a number: an integer by one, an exact string by a digit
        value = parent[last]
        if isinstance(value, bool):
            parent[last] = not value
        elif isinstance(value, int):
            parent[last] = value + draw(st.sampled_from([-1, 1]))
        elif isinstance(value, str):
            parent[last] = value + draw(st.sampled_from(["1", "0", "/3"]))
        else:
            parent[last] = draw(JSON)
    return d


@st.composite
def _damaged_bytes(draw, document):
    """The file of ``document`` with a few bytes changed, deleted or inserted."""
    data = bytearray(json.dumps(document, indent=1).encode())
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["change", "delete", "insert", "truncate"]))
        byte = draw(st.sampled_from(b'0123456789-/.,:[]{}"e \n\xff'))
        if kind == "change":
            data[i] = byte
        elif kind == "delete":
            del data[i]
        elif kind == "insert":
            data.insert(i, byte)
        else:
            del data[i:]
            break
    return bytes(data)


READERS = {"network": epd.load_network, "polytope": epd.load_polytope, "partition": epd.load_partition}


@pytest.mark.parametrize("reader", sorted(READERS))
@FUZZ
@given(document=JSON)
def test_random_json_gives_a_result_or_our_error(tmp_path, reader, document):
    result = _load(READERS[reader], json.dumps(document), tmp_path)
    if reader == "partition":
        _check_partition(result)


@FUZZ
@given(document=_mutated(NETWORK_DICT))
def test_a_changed_network_file_gives_a_network_or_our_error(tmp_path, document):
    net = _load(epd.load_network, json.dumps(document), tmp_path)
    if net is not None:  # whatever it reads, it reads exactly: written again, it reads the same
        assert epd.network_from_dict(epd.network_to_dict(net)) == net


@FUZZ
@given(document=_mutated(DOMAIN_DICT))
def test_a_changed_polytope_file_gives_a_polytope_or_our_error(tmp_path, document):
    polytope = _load(epd.load_polytope, json.dumps(document), tmp_path)
    assert polytope is None or polytope == epd.polytope_from_dict(epd.polytope_to_dict(polytope))


@FUZZ
@given(document=_mutated(PARTITION_DICT))
def test_a_changed_partition_file_is_refused_or_still_right(tmp_path, document):
    _check_partition(_load(epd.load_partition, json.dumps(document), tmp_path))


@pytest.mark.parametrize("reader, document", [
    ("network", NETWORK_DICT), ("polytope", DOMAIN_DICT), ("partition", PARTITION_DICT),
])
@FUZZ
@given(data=st.data())
def test_damaged_bytes_are_refused_or_still_right(tmp_path, reader, document, data):
    result = _load(READERS[reader], data.draw(_damaged_bytes(document)), tmp_path)
    if reader == "partition":
        _check_partition(result)
