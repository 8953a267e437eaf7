"""The paper's Table 1 and Figure 6, on scikit-learn's 8x8 digits, with CPU-sized SmallConv and LargeConv.

Balestriero et al. (NeurIPS 2019), Appendix A.4 (Table 1) and Appendix D
(Figure 6), as described in ``shared/spec/paper.md`` section 9, scaled down to
run on a 2-core CPU without downloads:

- data: ``sklearn.datasets.load_digits`` (1797 8x8 images, shipped with
  scikit-learn), each image centred (mean subtracted) and divided by its
  largest absolute value; 75 % train / 25 % test, stratified, seed 0; no
  augmentation (flips and crops do not suit digits);
- models (Appendix C, all convolutions followed by leaky-ReLU 0.01, "same"
  padding, widths scaled): SmallConv = Conv(16, 5x5), MaxPool 2, Conv(32, 3x3),
  Conv(32, 3x3), MaxPool 2, Conv(64, 3x3), Conv(10, 1x1), global average pool
  (half the paper's widths); LargeConv = 3 x Conv(24, 3x3), MaxPool 2,
  3 x Conv(48, 3x3), MaxPool 2, Conv(48, 3x3), Conv(48, 1x1), Conv(10, 1x1),
  global average pool (a quarter of the paper's widths); the 8x8 input gives
  8x8, 4x4 and 2x2 feature maps;
- training: Adam, learning rate 1e-3, batch 64, cross-entropy, a few dozen epochs.

Table 1: for every test image x_n and every conv layer l, the centroid mu of
x_n's cell (``exactpd.input_geometry_float``: J^T 1 as in the paper, and J^T z
as in the authors' code, erratum E9) and the rank of x_n among all test images
by ``||x_j - mu||^2`` (0 = x_n is the nearest); the table shows the mean rank,
at initialisation and after training.

Figure 6: histograms of ``log(1e-7 + d)`` where d is the distance from an
input to the boundary of its region (eq. 20, cumulative over layers), for 200
train and 200 test images: (A) at the last conv layer over epochs, (B) over
the conv layers after training.

Run ``python examples/paper_experiments.py`` (a few minutes) or with
``--quick`` (well under a minute, tiny settings, for tests).  Results go to
``--out`` (default ``docs/experiments``): ``table1.md``, ``results.json``,
``fig6_epochs.png``, ``fig6_layers.png``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import random
import time
from pathlib import Path

SEED = 0
"""The one seed: data split, weight initialisation, batch order, and the global Python, numpy and torch generators."""


@contextlib.contextmanager
def deterministic(threads: int):
    """Run the experiments so that the same command on the same machine gives the same numbers.

    Deterministic torch kernels (``torch.use_deterministic_algorithms``), a
    fixed number of torch and BLAS threads (a different split of a sum rounds
    differently), and every generator seeded.  The previous torch settings
    are restored afterwards (the tests run this in their own process).
    """
    import numpy as np
    import torch
    from threadpoolctl import threadpool_limits

    previous = torch.are_deterministic_algorithms_enabled(), torch.get_num_threads()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(threads)
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    try:
        with threadpool_limits(limits=threads):
            yield
    finally:
        torch.use_deterministic_algorithms(previous[0])
        torch.set_num_threads(previous[1])


def load_data(seed: int = SEED):
    """Digits as (N, 1, 8, 8) float32 tensors, centred and scaled per image; train/test split."""
    import numpy as np
    import torch
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    images = digits.images.astype(np.float64)
    images -= images.mean(axis=(1, 2), keepdims=True)
    images /= np.abs(images).max(axis=(1, 2), keepdims=True)
    x_train, x_test, y_train, y_test = train_test_split(
        images, digits.target, test_size=0.25, stratify=digits.target, random_state=seed
    )

    def tensor(a, dtype=torch.float32):
        return torch.as_tensor(a, dtype=dtype)

    return (tensor(x_train[:, None]), tensor(y_train, torch.long), tensor(x_test[:, None]), tensor(y_test, torch.long))


def conv_block(torch, c_in: int, c_out: int, kernel: int) -> list:
    return [torch.nn.Conv2d(c_in, c_out, kernel, padding=kernel // 2), torch.nn.LeakyReLU(0.01)]


def small_conv(torch, width: int = 16, classes: int = 10):
    """SmallConv of Appendix C at ``width / 32`` of the paper's widths."""
    nn, w = torch.nn, width
    return nn.Sequential(
        *conv_block(torch, 1, w, 5), nn.MaxPool2d(2),
        *conv_block(torch, w, 2 * w, 3), *conv_block(torch, 2 * w, 2 * w, 3), nn.MaxPool2d(2),
        *conv_block(torch, 2 * w, 4 * w, 3), *conv_block(torch, 4 * w, classes, 1),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(),
    )


def large_conv(torch, width: int = 24, classes: int = 10):
    """LargeConv of Appendix C at ``width / 96`` of the paper's widths."""
    nn, w = torch.nn, width
    return nn.Sequential(
        *conv_block(torch, 1, w, 3), *conv_block(torch, w, w, 3), *conv_block(torch, w, w, 3), nn.MaxPool2d(2),
        *conv_block(torch, w, 2 * w, 3), *conv_block(torch, 2 * w, 2 * w, 3), *conv_block(torch, 2 * w, 2 * w, 3),
        nn.MaxPool2d(2),
        *conv_block(torch, 2 * w, 2 * w, 3), *conv_block(torch, 2 * w, 2 * w, 1), *conv_block(torch, 2 * w, classes, 1),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(),
    )


def conv_layers(model) -> list[int]:
    """Indices, among the nonlinear layers, of the activations that follow a convolution (Table 1's columns)."""
    import torch

    result, index, previous = [], 0, None
    for module in model:
        if isinstance(module, (torch.nn.LeakyReLU, torch.nn.ReLU, torch.nn.MaxPool2d)):
            if isinstance(previous, torch.nn.Conv2d):
                result.append(index)
            index += 1
        previous = module
    return result


def accuracy(model, x, y) -> float:
    import torch

    with torch.no_grad():
        return float((model(x).argmax(1) == y).float().mean())


def train_epoch(model, optimizer, x, y, batch: int, generator) -> None:
    import torch

    model.train()
    order = torch.randperm(len(x), generator=generator)
    for start in range(0, len(x), batch):
        idx = order[start : start + batch]
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x[idx]), y[idx]).backward()
        optimizer.step()
    model.eval()


def table_row(model, x) -> dict:
    """Mean Table-1 rank per conv layer, for J^T 1 and J^T z."""
    from exactpd import centroid_ranks_float, input_geometry_float

    geometry = input_geometry_float(model, x, distances=False)
    flat = x.flatten(1).double().numpy()
    layers = conv_layers(model)
    return {
        "J^T 1": [float(centroid_ranks_float(flat, geometry.centroids[l]).mean()) for l in layers],
        "J^T z": [float(centroid_ranks_float(flat, geometry.centroids_jtz[l]).mean()) for l in layers],
    }


def distances(model, x) -> list[list[float]]:
    """Per conv layer, the distances (eq. 20, cumulative) of every input to its region's boundary."""
    from exactpd import input_geometry_float

    cumulative = input_geometry_float(model, x).distances
    return [cumulative[:, l].tolist() for l in conv_layers(model)]


def log_distance(values):
    import numpy as np

    return np.log(1e-7 + np.asarray(values))


def plot_histograms(panels: list[tuple[str, list[tuple[str, list[float], list[float]]]]], path: Path, title: str) -> None:
    """One panel per entry: overlaid train (blue) and test (red) histograms of log(1e-7 + d)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    everything = np.concatenate([log_distance(v) for _, rows in panels for _, a, b in rows for v in (a, b)])
    bins = np.linspace(math.floor(everything.min()), math.ceil(everything.max()), 41)
    n_rows = max(len(rows) for _, rows in panels)
    fig, axes = plt.subplots(n_rows, len(panels), figsize=(6.4 * len(panels), 1.5 * n_rows + 1.2), squeeze=False,
                             sharex=True)
    for column, (panel_title, rows) in enumerate(panels):
        for row, (label, train, test) in enumerate(rows):
            ax = axes[row][column]
            ax.hist(log_distance(train), bins=bins, color="tab:blue", alpha=0.6, label="train")
            ax.hist(log_distance(test), bins=bins, color="tab:red", alpha=0.6, label="test")
            ax.set_ylabel(f"{label}\nimages per bin", fontsize=8)
            ax.tick_params(labelsize=7)
            if row == 0:
                ax.set_title(panel_title, fontsize=9)
        for row in range(len(rows), n_rows):
            axes[row][column].axis("off")
        axes[len(rows) - 1][column].set_xlabel(
            "log(1e-7 + d), d = distance to the region boundary (eq. 20); the bar at -16.1 is d = 0", fontsize=8
        )
    axes[0][0].legend(fontsize=7)
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def markdown_table(results: dict) -> str:
    lines = []
    for name, runs in results["table1"].items():
        n_layers = len(runs["init"]["J^T 1"])
        lines.append(f"**{name}** (mean rank among N = {results['n_test']} test images; 0 = the input is the nearest to its own centroid)\n")
        lines.append("| centroid | state | " + " | ".join(str(i + 1) for i in range(n_layers)) + " |")
        lines.append("|---|---|" + "---|" * n_layers)
        for variant in ("J^T 1", "J^T z"):
            for state in ("init", "trained"):
                values = " | ".join(f"{v:.1f}" for v in runs[state][variant])
                lines.append(f"| {variant} | {state} | {values} |")
        lines.append("")
    for name, per_epoch in results["distances"].items():
        lines.append(f"**{name}, Figure 6 summary**: median of log(1e-7 + d) over the images with d > 0, "
                     "and the share of images with d = 0 (on a boundary), train / test\n")
        epochs = sorted(per_epoch, key=int)
        n_layers = len(per_epoch[epochs[0]]["train"])
        lines.append("| epoch | " + " | ".join(f"conv layer {l + 1}" for l in range(n_layers)) + " |")
        lines.append("|---|" + "---|" * n_layers)
        for epoch in epochs:
            cells = []
            for l in range(n_layers):
                parts = []
                for split in ("train", "test"):
                    values = per_epoch[epoch][split][l]
                    positive = [math.log(1e-7 + v) for v in values if v > 0]
                    median = sorted(positive)[len(positive) // 2] if positive else float("nan")
                    parts.append(f"{median:.2f} ({sum(v == 0 for v in values) / len(values):.0%})")
                cells.append(" / ".join(parts))
            lines.append(f"| {epoch} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny settings that run in well under a minute")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs" / "experiments")
    parser.add_argument("--epochs", type=int, default=None, help="training epochs (default 40, or 2 with --quick)")
    parser.add_argument("--threads", type=int, default=1, help="torch and BLAS threads (default 1; the numbers depend on "
                        "it, and small convolutions ran several times slower with 2 threads on a busy 2-core machine)")
    args = parser.parse_args(argv)

    with deterministic(args.threads):
        return run(args)


def run(args: argparse.Namespace) -> dict:
    """Train, measure and write the results (inside :func:`deterministic`)."""
    import torch

    started = time.perf_counter()
    epochs = args.epochs if args.epochs is not None else (2 if args.quick else 40)
    n_distance = 48 if args.quick else 200
    checkpoints = sorted({0, epochs} | {round(epochs * i / 4) for i in range(1, 4)})
    x_train, y_train, x_test, y_test = load_data()
    if args.quick:
        x_train, y_train, x_test, y_test = x_train[:256], y_train[:256], x_test[:96], y_test[:96]
    args.out.mkdir(parents=True, exist_ok=True)
    architectures = {"SmallConv": small_conv} if args.quick else {"SmallConv": small_conv, "LargeConv": large_conv}
    widths = {"SmallConv": 4 if args.quick else 16, "LargeConv": 24}
    results: dict = {"n_train": len(x_train), "n_test": len(x_test), "epochs": epochs, "table1": {}, "accuracy": {},
                     "seconds": {}, "distances": {}}
    for name, build in architectures.items():
        t0 = time.perf_counter()
        torch.manual_seed(SEED)
        model = build(torch, widths[name]).eval()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        generator = torch.Generator().manual_seed(SEED)
        runs = {"init": table_row(model, x_test)}
        per_epoch = {}
        for epoch in range(epochs + 1):
            if name == "SmallConv" and epoch in checkpoints:
                per_epoch[epoch] = (distances(model, x_train[:n_distance]), distances(model, x_test[:n_distance]))
            if epoch < epochs:
                train_epoch(model, optimizer, x_train, y_train, 64, generator)
        runs["trained"] = table_row(model, x_test)
        results["table1"][name] = runs
        results["accuracy"][name] = {"train": accuracy(model, x_train, y_train), "test": accuracy(model, x_test, y_test)}
        results["seconds"][name] = round(time.perf_counter() - t0, 1)
        if per_epoch:
            results["distances"][name] = {str(e): {"train": tr, "test": te} for e, (tr, te) in per_epoch.items()}
            last = len(per_epoch[epochs][0]) - 1
            plot_histograms(
                [(f"(A) conv layer {last + 1}", [(f"epoch {e}", tr[last], te[last]) for e, (tr, te) in per_epoch.items()])],
                args.out / "fig6_epochs.png",
                f"{name} on digits: distance to the region boundary at conv layer {last + 1} (cumulative), over epochs\n"
                f"{n_distance} train (blue) and {n_distance} test (red) images",
            )
            plot_histograms(
                [(f"(B) epoch {epochs}", [(f"conv layer {l + 1}", per_epoch[epochs][0][l], per_epoch[epochs][1][l])
                                                       for l in range(last + 1)])],
                args.out / "fig6_layers.png",
                f"{name} on digits: distance to the boundary of the region after conv layer l (cumulative)\n"
                f"after {epochs} epochs; {n_distance} train (blue) and {n_distance} test (red) images",
            )
    results["seconds"]["total"] = round(time.perf_counter() - started, 1)
    (args.out / "table1.md").write_text(markdown_table(results))
    (args.out / "results.json").write_text(json.dumps(results))
    print(markdown_table(results))
    print("accuracy:", json.dumps(results["accuracy"]), " seconds:", json.dumps(results["seconds"]))
    return results


if __name__ == "__main__":
    main()
