"""Redraw every picture of docs/img from the examples: ``python docs/img/regenerate.py``.

Each example runs as a reader would run it (``python examples/X.py OUTDIR``),
into a temporary folder; its picture is then scaled to the page width given
below (a thumbnail for the documentation; the examples write full size) and
written here.  Takes about a minute.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent.parent / "examples"

PICTURES = {  # docs/img name: (example script, the file it writes, width in pixels)
    "first-partition.png": ("first_partition.py", "first_partition.png", 580),
    "fig1-power-diagram.png": ("fig1_power_diagram.py", "fig1_power_diagram.png", 500),
    "fig2-lifting-1d.png": ("fig2_lifting.py", "fig2_lifting_1d.png", 900),
    "fig2-lifting-2d.png": ("fig2_lifting.py", "fig2_lifting_2d.png", 1100),
    "fig3-partition-polynomial.png": ("fig3_partition_polynomial.py", "fig3_partition_polynomial.png", 1000),
    "fig3-polynomial-surface.png": ("fig3_partition_polynomial.py", "fig3_partition_polynomial_surface.png", 500),
    "fig3-subdivision.png": ("fig3_subdivision.py", "fig3_subdivision.png", 1100),
    "fig5-weight-constraints.png": ("fig5_weight_constraints.py", "fig5_weight_constraints.png", 620),
    "fig8-power-subdivision.png": ("fig8_power_subdivision.py", "fig8_power_subdivision.png", 620),
    "decision-boundary.png": ("decision_boundary.py", "decision_boundary_demo.png", 620),
    "adjacency-graph.png": ("adjacency_graph.py", "adjacency_graph.png", 600),
    "topology-components.png": ("topology_components.py", "topology_components.png", 1320),
}


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        for script in sorted({script for script, _, _ in PICTURES.values()}):
            subprocess.run([sys.executable, str(EXAMPLES / script), out], check=True, stdout=subprocess.DEVNULL)
        for name, (_, written, width) in PICTURES.items():
            picture = Image.open(Path(out) / written)
            height = round(picture.height * width / picture.width)
            picture.resize((width, height), Image.LANCZOS).save(HERE / name, optimize=True)
            print(f"wrote docs/img/{name} ({width} x {height})")


if __name__ == "__main__":
    main()
