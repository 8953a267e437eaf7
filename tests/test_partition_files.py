"""Partition files, GraphML, checkpoints, executors and the enumerate CLI."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from executors import Interrupting
from strategies import networks

import exactpd as epd
import exactpd.enumeration.driver as driver
from exactpd.cli.main import main
from exactpd.enumeration import EnumerationStats, enumerate_regions
from exactpd.errors import FileFormatError

DOMAIN = epd.box([-3, -3], [3, 3])


@pytest.fixture(scope="module")
def net():
    return epd.demo_network()


@pytest.fixture(scope="module")
def partition(net):
    return enumerate_regions(net, DOMAIN)


def test_partition_file_round_trip(tmp_path, partition):
    path = tmp_path / "p.json"
    epd.save_partition(partition, path)
    data = json.loads(path.read_text())
    assert data["format"] == 1
    assert len(data["regions"]) == len(partition)
    region = data["regions"][0]
    assert set(region) >= {"id", "code", "witness", "bounded", "halfspaces"}
    assert all(isinstance(v, str) for v in region["witness"])
    assert {"u", "v", "flips"} <= set(data["edges"][0])
    assert epd.load_partition(path) == partition


def test_partition_file_errors(tmp_path, partition):
    data = epd.partition_to_dict(partition)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(FileFormatError, match="not valid JSON"):
        epd.load_partition(bad)
    data["format"] = 7
    with pytest.raises(FileFormatError, match="unknown format version 7"):
        epd.partition_from_dict(data)
    data = epd.partition_to_dict(partition)
    data["regions"][0]["witness"] = ["100", "100"]
    with pytest.raises(FileFormatError, match=r"regions\[0\].*witness"):
        epd.partition_from_dict(data)
    data = epd.partition_to_dict(partition)
    data["edges"][0]["point"] = ["100", "100"]
    with pytest.raises(FileFormatError, match=r"edges\[0\]"):
        epd.partition_from_dict(data)
    del data["regions"]
    with pytest.raises(FileFormatError, match="missing key 'regions'"):
        epd.partition_from_dict(data)


def test_graphml_opens_in_networkx(tmp_path, partition):
    path = tmp_path / "g.graphml"
    epd.write_graphml(partition, path)
    G = nx.read_graphml(path)
    assert G.number_of_nodes() == len(partition)
    assert G.number_of_edges() == len(partition.edges)
    node = G.nodes["0"]
    assert json.loads(node["code"]) == [list(c) for c in partition[0].code]
    u, v, data = next(iter(G.edges(data=True)))
    assert json.loads(data["flips"])
    assert "<=" in data["hyperplane"]


def test_adjacency_graph_is_connected(partition):
    G = epd.adjacency_graph(partition)
    assert nx.is_connected(G)
    assert G.number_of_edges() == len(partition.edges)


def test_interrupted_run_resumes_from_checkpoint(monkeypatch, tmp_path, net, partition):
    journal = tmp_path / "run.jsonl"
    monkeypatch.setattr(driver, "TASK_CUTS", 4)  # small tasks: the interrupt after five comes mid-run
    with pytest.raises(KeyboardInterrupt):
        enumerate_regions(net, DOMAIN, executor=Interrupting(5), checkpoint=journal)
    recorded = journal.read_text().splitlines()
    assert len(recorded) > 1  # header and finished work
    with journal.open("a") as fh:
        fh.write('{"split": [[1, 0')  # a line cut short by the interruption
    stats = EnumerationStats()
    resumed = enumerate_regions(net, DOMAIN, checkpoint=journal, stats=stats)
    assert resumed == enumerate_regions(net, DOMAIN, engine="lp")  # a checkpoint runs the LP engine
    fresh = EnumerationStats()
    enumerate_regions(net, DOMAIN, stats=fresh, engine="lp")
    assert stats.candidates < fresh.candidates  # finished work was not redone
    again = EnumerationStats()
    assert enumerate_regions(net, DOMAIN, checkpoint=journal, stats=again) == resumed
    assert again.candidates == 0 and again.certified_calls == 0


def test_checkpoint_of_another_network_is_refused(tmp_path, net):
    journal = tmp_path / "run.jsonl"
    enumerate_regions(net, DOMAIN, checkpoint=journal)
    with pytest.raises(FileFormatError, match="another network or domain"):
        enumerate_regions(net, epd.box([-1, -1], [1, 1]), checkpoint=journal)


def test_executors_give_identical_partitions(net, partition):
    with ThreadPoolExecutor(2) as pool:
        assert enumerate_regions(net, DOMAIN, executor=pool) == partition
    assert enumerate_regions(net, DOMAIN, jobs=2) == partition


def test_dask_local_cluster_gives_identical_partition(net, partition):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            assert enumerate_regions(net, DOMAIN, executor=client.get_executor()) == partition


def test_cli_enumerate(tmp_path, capsys, partition):
    out, graphml = tmp_path / "out.json", tmp_path / "g.graphml"
    net_path = tmp_path / "net.json"
    epd.save_network(partition.network, net_path)
    code = main(["enumerate", str(net_path), "--box", "-3", "3", "-o", str(out), "--graphml", str(graphml)])
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"regions: {len(partition)}" in lines
    assert f"edges: {len(partition.edges)}" in lines
    assert epd.load_partition(out) == partition
    assert nx.read_graphml(graphml).number_of_nodes() == len(partition)


def test_cli_enumerate_domain_file_and_errors(tmp_path, capsys, net):
    net_path = tmp_path / "net.json"
    epd.save_network(net, net_path)
    poly = tmp_path / "poly.json"
    poly.write_text(json.dumps(epd.io.polytope_to_dict(epd.box(["-1/2", -1], [1, "3/2"]))))
    assert main(["enumerate", str(net_path), "--domain", str(poly), "-o", str(tmp_path / "o.json")]) == 0
    assert "regions: " in capsys.readouterr().out
    poly.write_text(json.dumps({"dim": 2, "halfspaces": [{"a": [1, 0], "b": 0}, {"a": [-1, 0], "b": 0}]}))
    assert main(["enumerate", str(net_path), "--domain", str(poly), "-o", str(tmp_path / "o.json")]) == 2
    assert "no interior" in capsys.readouterr().err
    assert main(["enumerate", str(net_path), "--box", "1", "-1", "-o", str(tmp_path / "o.json")]) == 2
    assert "error" in capsys.readouterr().err


def test_cli_demo_prints_the_summary(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "regions: " in out and "edges: " in out


# Valid networks that cut nothing: every domain is one region (issue 15).
NO_CUT_NETWORKS = {
    "constant unit": {"input_dim": 1, "layers": [{"kind": "dense", "weight": [[0]], "bias": [1], "activation": "relu"}]},
    "no layers": {"input_dim": 2, "layers": []},
    "affine": {"input_dim": 3, "layers": [{"kind": "dense", "weight": [[1, 2, 3], [0, 1, 0]], "bias": [1, 0]}]},
    "leaky slope 1": {"input_dim": 2, "layers": [
        {"kind": "dense", "weight": [[1, 2], [3, 1]], "bias": [1, 0], "activation": "leaky_relu", "negative_slope": 1},
        {"kind": "dense", "weight": [[1, 1]], "bias": [0]}]},
}


@pytest.mark.parametrize("name", sorted(NO_CUT_NETWORKS))
def test_a_network_that_cuts_nothing_is_one_region(tmp_path, capsys, name):
    net = epd.network_from_dict(NO_CUT_NETWORKS[name])
    D = net.input_dim
    whole = enumerate_regions(net)
    assert len(whole) == 1 and whole.edges == ()
    region = whole[0]
    assert region.polytope.n_rows == 0 and region.polytope.dim == D and region.bounded is False
    x = [epd.to_rational(k + 1) / 3 for k in range(D)]
    assert region.output_map(x) == epd.forward(net, x)  # the one affine map is the network's
    boxed = enumerate_regions(net, epd.box([-1] * D, [1] * D))
    assert len(boxed) == 1 and boxed[0].bounded and all(labels == ("domain",) for labels in boxed[0].labels)
    for partition in (whole, boxed):
        path = tmp_path / "p.json"
        epd.save_partition(partition, path)
        assert epd.load_partition(path) == partition
    net_path = tmp_path / "net.json"
    net_path.write_text(json.dumps(NO_CUT_NETWORKS[name]))
    assert main(["enumerate", str(net_path), "-o", str(tmp_path / "out.json")]) == 0
    assert len(epd.load_partition(tmp_path / "out.json")) == 1
    assert main(["verify", str(net_path)]) == 0
    assert re.search(r"results: .*[^0-9]0 fail", capsys.readouterr().out)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(net=networks(max_layers=3), unbounded=st.booleans())
def test_every_enumerated_partition_loads_back_verified(tmp_path_factory, net, unbounded):
    """No false alarm: whatever the layer kinds and degeneracies, the enumerator's file passes verification."""
    domain = None if unbounded else epd.box([-2] * net.input_dim, [2] * net.input_dim)
    partition = enumerate_regions(net, domain)
    path = tmp_path_factory.mktemp("verified") / "p.json"
    epd.save_partition(partition, path)
    assert epd.load_partition(path) == partition


@pytest.mark.parametrize("engine", ["lp", "complex"])
def test_weights_beyond_the_float_range_round_trip_verified(tmp_path, engine):
    # A bias of 2^1100 puts witnesses beyond float64: every float hint must step aside, not overflow.
    from fractions import Fraction

    tiny, huge = Fraction(1, 2**1100), Fraction(2**1100)
    net = epd.Network(2, [epd.Dense([[1, tiny], [tiny, 1], [1, 1]], [tiny, 1, huge], "relu"), epd.Dense([[1, 1, 1]], [0])])
    part = enumerate_regions(net, engine=engine)
    assert len(part) == 7 and part == enumerate_regions(net, engine="lp" if engine == "complex" else "complex")
    epd.save_partition(part, tmp_path / "p.json")
    assert epd.load_partition(tmp_path / "p.json") == part
