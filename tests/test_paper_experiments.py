"""examples/paper_experiments.py --quick runs and writes Table 1 and the Figure 6 histograms."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("sklearn")
pytest.importorskip("matplotlib")

SCRIPT = Path(__file__).resolve().parent.parent / "examples" / "paper_experiments.py"


def test_quick_run_writes_the_table_and_the_figures(tmp_path):
    main = runpy.run_path(str(SCRIPT))["main"]
    results = main(["--quick", "--out", str(tmp_path)])
    for name in ("fig6_epochs.png", "fig6_layers.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = results["table1"]["SmallConv"]
    for state in ("init", "trained"):
        for variant in ("J^T 1", "J^T z"):
            ranks = table[state][variant]
            assert len(ranks) == 5 and all(0 <= r < results["n_test"] for r in ranks)
    assert json.loads((tmp_path / "results.json").read_text())["table1"]["SmallConv"] == table
    assert "| J^T 1 | init |" in (tmp_path / "table1.md").read_text()
    distances = results["distances"]["SmallConv"]
    assert set(distances) == {"0", "1", "2"} and all(d >= 0 for d in distances["2"]["test"][-1])


def test_deterministic_runs_repeat_exactly_and_restore_torch_settings():
    import torch

    namespace = runpy.run_path(str(SCRIPT))
    deterministic, small_conv, train_epoch, SEED = (namespace[k] for k in ("deterministic", "small_conv", "train_epoch", "SEED"))
    x, y = torch.randn(64, 1, 8, 8, generator=torch.Generator().manual_seed(1)), torch.arange(64) % 10
    before = torch.are_deterministic_algorithms_enabled(), torch.get_num_threads()

    def trained() -> list:
        with deterministic(1):
            assert torch.are_deterministic_algorithms_enabled() and torch.get_num_threads() == 1
            torch.manual_seed(SEED)
            model = small_conv(torch, 4)
            optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
            train_epoch(model, optimizer, x, y, 16, torch.Generator().manual_seed(SEED))
            return [p.detach().clone() for p in model.parameters()]

    first, second = trained(), trained()
    assert all(torch.equal(a, b) for a, b in zip(first, second))  # bit for bit
    assert (torch.are_deterministic_algorithms_enabled(), torch.get_num_threads()) == before
