"""Every script in examples/ runs, and writes the pictures it promises (so they never rot).

Each script runs in-process (runpy, as ``__main__``) with a temporary
directory as its output directory; one also runs as a separate process,
exactly as a reader would start it.
"""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

OUTPUTS = {
    "first_partition.py": ["first_partition.png", "first_partition.json"],
    "fig1_power_diagram.py": ["fig1_power_diagram.png"],
    "fig2_lifting.py": ["fig2_lifting_1d.png", "fig2_lifting_2d.png"],
    "fig3_subdivision.py": ["fig3_subdivision.png"],
    "fig3_partition_polynomial.py": ["fig3_partition_polynomial.png", "fig3_partition_polynomial_surface.png"],
    "fig5_weight_constraints.py": ["fig5_weight_constraints.png"],
    "fig8_power_subdivision.py": ["fig8_power_subdivision.png"],
    "decision_boundary.py": ["decision_boundary_prop5.png", "decision_boundary_demo.png"],
    "adjacency_graph.py": ["adjacency_graph.png", "adjacency_graph.graphml"],
    "slice.py": ["slice_partition.png", "slice_layers.png"],
    "load_network.py": ["partition.json", "partition.png", "partition_layers.png"],
    "verify_theorems.py": ["verify.txt", "verify_boundary.png"],
    "topology_components.py": ["topology_components.png"],
}


def test_every_example_is_listed():
    mine = {p.name for p in EXAMPLES.glob("*.py")} - {"paper_experiments.py"}  # that one has its own tests
    assert mine == set(OUTPUTS)


@pytest.mark.parametrize("script", sorted(OUTPUTS))
def test_example_runs_and_writes_its_files(script, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [str(EXAMPLES / script), str(tmp_path / "out")])
    runpy.run_path(str(EXAMPLES / script), run_name="__main__")
    for name in OUTPUTS[script]:
        written = tmp_path / "out" / name
        assert written.stat().st_size > 500, name
        if name.endswith(".png"):
            assert written.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "wrote" in capsys.readouterr().out


def test_an_example_runs_as_a_script_with_the_default_directory(tmp_path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(EXAMPLES.parent), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "fig1_power_diagram.py")], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "fig1_power_diagram.png").exists()
