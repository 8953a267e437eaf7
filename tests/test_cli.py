"""The command line, called through main([...]) with captured output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from fractions import Fraction

import pytest

import exactpd
from exactpd.cli.main import main
from exactpd.network.forward_pass import trace
from exactpd.geometry.powerdiagram import layer_sites
from exactpd.io import demo_network, save_network
from exactpd.network.layers import Dense, Network
from exactpd.rational import dot


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "demo.json"
    save_network(demo_network(), path)
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_locate_json_is_exact_and_matches_the_api(capsys, demo_file):
    code, out, err = run(capsys, "locate", demo_file, "--point", "-1,1/3", "--json")
    assert code == 0 and err == ""
    report = json.loads(out)
    t = trace(demo_network(), ["-1", "1/3"])
    assert report["code"] == [list(c) for c in t.code]
    assert report["on_boundary"] is False
    assert report["point"] == ["-1", "1/3"]
    assert [Fraction(v) for v in report["output"]] == list(t.output)
    sites = layer_sites(t)
    assert len(report["layers"]) == len(sites) == 2
    for entry, site in zip(report["layers"], sites):
        assert all(isinstance(v, str) for v in entry["centroid"]) and isinstance(entry["power_weight"], str)
        assert tuple(Fraction(v) for v in entry["centroid"]) == site.centroid
        assert Fraction(entry["power_weight"]) == site.power_weight
    assert [(e["layer"], e["kind"]) for e in report["layers"]] == [(0, "relu"), (1, "relu")]


def test_locate_sites_follow_the_paper_formula(capsys, tmp_path):
    # one relu layer, both units active at x: mu = W^T 1 = (1, 2), s = <mu, x> + sum b
    path = tmp_path / "net.json"
    save_network(Network(2, [Dense([[1, 0], [0, 2]], ["1/2", -1], "relu")]), path)
    _, out, _ = run(capsys, "locate", str(path), "--point", "3,1", "--json")
    (entry,) = json.loads(out)["layers"]
    mu = (Fraction(1), Fraction(2))
    s = Fraction(7, 2) + Fraction(1)  # z = (3 + 1/2, 2 - 1)
    assert entry["centroid"] == ["1", "2"]
    assert Fraction(entry["power_weight"]) == dot(mu, mu) + 2 * (s - dot(mu, (Fraction(3), Fraction(1))))


def test_locate_text(capsys, demo_file):
    code, out, _ = run(capsys, "locate", demo_file, "--point=0,0")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "point        (0, 0)"
    assert lines[1].startswith("code         [[0, 0, 1, 0, 1, 0], [")
    assert lines[2] == "on boundary  yes"
    assert lines[3].startswith("layer 0 (relu): centroid (1/2, 2), power weight 83/12")
    assert lines[-1].startswith("output       (")


@pytest.mark.parametrize("argv", [["--point=-1,2"], ["--point", "-1,2"], ["--point", "-1.0,2"], ["--point", "-.5e1,2"]])
def test_negative_first_coordinate(capsys, demo_file, argv):
    code, out, _ = run(capsys, "locate", demo_file, *argv, "--json")
    assert code == 0 and json.loads(out)["point"][1] == "2"
    assert Fraction(json.loads(out)["point"][0]) in (-1, -5)


def test_demo(capsys):
    code, out, err = run(capsys, "demo")
    assert code == 0 and err == ""
    assert "layer 0: dense 2 -> 6, relu" in out
    assert "layer 2: dense 6 -> 1, affine" in out
    assert out.count("on boundary  yes") == 1 and out.count("on boundary  no") == 3
    assert "layer 1 (relu): centroid" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["locate", "{missing}", "--point", "0,0"], r"^exactpd: error: .*missing.json: No such file or directory$"),
        (["locate", "{demo}", "--point", "0,abc"], r"point\[1\]: 'abc' is not a number"),
        (["locate", "{demo}", "--point", "1,2,3"], r"point: expected 2 entries, got 3"),
        (["locate", "{demo}", "--point", "nan,1"], r"point\[0\]: 'nan' is not a finite number"),
        (["locate", "{bad}", "--point", "0,0"], r"bad.json: layer 1 \(dense\): bias has 1 entries, weight has 2 rows"),
        (["locate", "{garbage}", "--point", "0,0"], r"garbage.json: not valid JSON"),
    ],
)
def test_errors_print_one_line_and_exit_2(capsys, tmp_path, demo_file, argv, message):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"input_dim": 2, "layers": [
        {"kind": "dense", "weight": [[1, 0]], "bias": [0], "activation": "relu"},
        {"kind": "dense", "weight": [[1], [2]], "bias": [0]},
    ]}))
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{")
    names = {"missing": str(tmp_path / "missing.json"), "demo": demo_file, "bad": str(bad), "garbage": str(garbage)}
    code, out, err = run(capsys, *[a.format(**names) for a in argv])
    assert code == 2 and out == ""
    assert err.startswith("exactpd: error: ") and err.count("\n") == 1
    assert "Traceback" not in err
    assert re.search(message, err)


def test_usage_errors_exit_2(capsys):
    for argv in ([], ["locate"], ["frobnicate"], ["locate", "net.json"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
    capsys.readouterr()


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"exactpd {exactpd.__version__}"


def test_a_closed_pipe_is_not_an_error(tmp_path):
    script = "import sys; from exactpd.cli.main import main; sys.exit(main(['demo']))"
    result = subprocess.run(
        f"{sys.executable} -c \"{script}\" | head -1", shell=True, capture_output=True, text=True, timeout=120
    )
    assert result.stdout == "exactpd demo: the built-in example network\n"
    assert result.stderr == ""


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "exactpd", "demo"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("exactpd demo")
