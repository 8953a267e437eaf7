"""The command line of long runs: enumerate, count, info and their shared options (in process, through ``main``)."""

from __future__ import annotations

import json
from math import comb

import pytest

import exactpd as epd
from exactpd.cli import main
from exactpd.cli.info import region_bound
from exactpd.enumeration import enumerate_regions
from tests.test_driver import random_mlp


@pytest.fixture(scope="module")
def net_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "net.json"
    epd.save_network(epd.demo_network(), path)
    return path


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_output_path_that_cannot_be_written_is_refused_before_any_work(tmp_path, capsys, net_file):
    journal = tmp_path / "run.jsonl"
    code, out, err = _run(capsys, "enumerate", net_file, "--box", -2, 2, "-o", "/nonexistent/x.json", "--checkpoint", journal)
    assert code == 2 and "-o /nonexistent/x.json: the folder '/nonexistent' does not exist" in err
    assert not journal.exists()  # nothing was started
    code, _, err = _run(capsys, "enumerate", net_file, "-o", tmp_path, "--engine", "lp")
    assert code == 2 and "is a folder" in err
    code, _, err = _run(capsys, "enumerate", net_file, "-o", net_file)
    assert code == 2 and "an input of the command" in err
    code, _, err = _run(capsys, "enumerate", net_file, "-o", tmp_path / "a.json", "--checkpoint", tmp_path / "a.json")
    assert code == 2 and "the same file as -o" in err


def test_count_prints_the_number_and_writes_nothing(tmp_path, capsys, monkeypatch, net_file):
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, "count", net_file, "--box", -2, 2)
    assert code == 0 and out == f"{len(enumerate_regions(epd.demo_network(), epd.box([-2, -2], [2, 2]), edges=False))}\n"
    assert list(tmp_path.iterdir()) == []


def test_output_to_stdout_is_the_partition_json(capsys, net_file):
    code, out, err = _run(capsys, "enumerate", net_file, "--box", -1, 1, "-o", "-")
    assert code == 0
    partition = epd.partition_from_dict(json.loads(out))
    assert partition == enumerate_regions(epd.demo_network(), epd.box([-1, -1], [1, 1]))
    assert "regions: 41" in err  # the summary goes to stderr when stdout carries the file


def test_quiet_and_verbose(tmp_path, capsys, net_file):
    out_file = tmp_path / "p.json"
    code, out, err = _run(capsys, "enumerate", net_file, "--box", -1, 1, "-o", out_file, "-q")
    assert code == 0 and out == "" and err == "" and out_file.exists()
    code, out, err = _run(capsys, "count", net_file, "--box", -1, 1, "-v")
    assert code == 0 and out == "41\n" and "engine: complex" in err and "regions: 41" in err


def test_per_axis_box_and_one_interval_for_every_axis(capsys, net_file):
    net = epd.demo_network()
    code, out, _ = _run(capsys, "count", net_file, "--box", "-1,-2", "1,2")
    assert code == 0 and int(out) == len(enumerate_regions(net, epd.box([-1, -2], [1, 2]), edges=False))
    code, out, _ = _run(capsys, "count", net_file, "--box", "-2", "2")
    assert int(out) == len(enumerate_regions(net, epd.box([-2, -2], [2, 2]), edges=False))
    code, _, err = _run(capsys, "count", net_file, "--box", "-1,-2,0", "1,2,3")
    assert code == 2 and "--box has 3 numbers per side, the network has 2 inputs" in err
    with pytest.raises(SystemExit):
        main(["count", str(net_file), "--box", "-1,-2", "1"])
    assert "LO has 2 numbers and HI has 1" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["count", str(net_file), "--box", "nan", "1"])
    assert "--box" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["0", "-2", "two"])
def test_bad_jobs_are_refused_with_a_clear_message(capsys, net_file, jobs):
    with pytest.raises(SystemExit):
        main(["count", str(net_file), "--jobs", jobs])
    err = capsys.readouterr().err
    assert "--jobs" in err and "-1 for every core" in err


def test_jobs_minus_one_runs_on_every_core(capsys, net_file):
    code, out, _ = _run(capsys, "count", net_file, "--box", -1, 1, "--jobs", -1)
    assert code == 0 and out == "41\n"


def test_no_edges(tmp_path, capsys, net_file):
    out_file = tmp_path / "p.json"
    code, _, _ = _run(capsys, "enumerate", net_file, "--box", -1, 1, "-o", out_file, "--no-edges")
    assert code == 0 and json.loads(out_file.read_text())["edges"] == []
    code, _, err = _run(capsys, "enumerate", net_file, "-o", out_file, "--no-edges", "--graphml", tmp_path / "g.graphml")
    assert code == 2 and "--graphml needs the edges" in err


def test_resume_says_what_it_reuses(tmp_path, capsys, net_file):
    args = ["enumerate", net_file, "--box", -1, 1, "-o", tmp_path / "p.json", "--checkpoint", tmp_path / "run.jsonl"]
    assert _run(capsys, *args)[0] == 0
    first = (tmp_path / "p.json").read_bytes()
    code, _, err = _run(capsys, *args)
    assert code == 0 and f"{tmp_path / 'run.jsonl'}: reusing 41 finished regions" in err
    assert (tmp_path / "p.json").read_bytes() == first


def test_an_existing_output_is_replaced_whole_keeping_its_permissions(tmp_path, capsys, net_file):
    out_file = tmp_path / "p.json"
    out_file.write_text("old")
    out_file.chmod(0o640)
    assert _run(capsys, "enumerate", net_file, "--box", -1, 1, "-o", out_file, "-q")[0] == 0
    assert len(epd.load_partition(out_file)) == 41
    assert out_file.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.json"]


def test_info_describes_the_network_and_bounds_its_regions(tmp_path, capsys, net_file):
    code, out, _ = _run(capsys, "info", net_file)
    assert code == 0
    assert "input dimension 2" in out and "parameters: 67" in out  # 2*6+6 + 6*6+6 + 6*1+1
    assert "at most 484 (Serra et al. 2018, Theorem 1)" in out  # (1 + 6 + 15)^2
    one_layer = tmp_path / "wide.json"
    net = random_mlp([2, 12, 1], 4)
    epd.save_network(net, one_layer)
    code, out, _ = _run(capsys, "info", one_layer, "--json")
    report = json.loads(out)
    exact = len(enumerate_regions(net, edges=False))  # 12 generic lines: Zaslavsky's count is reached
    assert report["region_bound"] == exact == sum(comb(12, j) for j in range(3))
    assert report["units"] == 12 and report["parameters"] == 2 * 12 + 12 + 12 + 1


def test_bound_holds_for_leaky_and_deep_networks():
    leaky = epd.Network(2, [epd.Dense([[1, 0], [0, 1], [1, 1]], [0, 0, "1/2"], "leaky_relu", negative_slope="1/10")])
    bound, name = region_bound(leaky)
    assert bound == 7 and "Zaslavsky" in name
    deep = random_mlp([2, 6, 6, 1], 2)
    assert len(enumerate_regions(deep, edges=False)) <= region_bound(deep)[0]
