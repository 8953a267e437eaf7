"""Parallel runs and journals of the LP engine, as ratios measured in one run (issue 12, points 5 and 6).

Run from the repository root::

    python3 benchmarks/bench_parallel.py [--quick] [--baseline DIR] [--no-journal | --journal-only] [--rounds N]

On one network (3-20-20-1 in [-4, 4]^3: 10,529 regions; ``--quick``: a few hundred) it measures

- serial, ``jobs=2`` (our worker processes) and a dask LocalCluster of 2 worker
  processes: wall seconds, the speed-up over serial, and whether the partition
  is the same region for region;
- the serial fraction: CPU seconds the parent process spends in the
  ``jobs=2`` run (scheduling, decoding worker results, building regions)
  over the CPU seconds of the serial run, and the same for the dask client
  (its LocalCluster's scheduler runs in it); the workers' CPU over the
  serial CPU; and the "2-core CPU bound", ``2 * serial CPU / (parent +
  workers CPU)``: the speed-up the CPU seconds allow on two idle cores (the
  wall-clock speed-up on a quiet machine is at most that);
- the journal: its size against the partition file, and the seconds to replay
  a complete journal (every record checked again exactly); with ``--baseline
  DIR`` (a checkout of the commit before this work, e.g. made with
  ``git archive e835edd``), the same replay by that version's format-1 journal.

Timings are wall-clock (and CPU) seconds of one run each, on whatever else the
machine is doing (each line gives the load average when it started): read the
ratios, and the CPU figures when the machine is busy.  Each parallel run is
compared with a serial run made just before it; ``--rounds N`` repeats them
and prints the medians (on a busy machine even CPU seconds drift with the load).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import exactpd as epd  # noqa: E402
from tests.test_driver import random_mlp  # noqa: E402  (the tests' random networks)

_BASELINE_REPLAY = """
import sys, time
sys.path.insert(0, sys.argv[1])
import exactpd as epd
net = epd.load_network(sys.argv[2]); half = float(sys.argv[4]); dim = net.input_dim
domain = epd.box([-half] * dim, [half] * dim)
epd.enumerate_regions(net, domain, edges=False, checkpoint=sys.argv[3], progress=False)
start = time.process_time()
epd.enumerate_regions(net, domain, edges=False, checkpoint=sys.argv[3], progress=False)
print(time.process_time() - start)
"""


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a network of a few hundred regions, for a smoke run")
    parser.add_argument("--baseline", metavar="DIR", help="an older checkout whose format-1 journal replay is timed too")
    parser.add_argument("--journal-only", action="store_true", help="only the journal figures (no parallel runs)")
    parser.add_argument("--no-journal", action="store_true", help="only the parallel runs (no journal figures)")
    parser.add_argument("--rounds", type=int, default=1, help="repeat the parallel runs, each after a serial run of its own; print the medians")
    args = parser.parse_args()
    widths, half = ([3, 8, 8, 1], 2) if args.quick else ([3, 20, 20, 1], 4)
    net = random_mlp(widths, 0)
    domain = epd.box([-half] * widths[0], [half] * widths[0])
    run = dict(engine="lp", edges=False, progress=False)

    warm_up = random_mlp([widths[0], 3, 1], 1)
    epd.enumerate_regions(warm_up, domain, **run)  # imports (scipy, highspy) before any timing
    print(f"network {'-'.join(map(str, widths))} in [-{half}, {half}]^{widths[0]}")
    serial = serial_run(net, domain, run)
    if not args.journal_only:
        figures: dict = {"jobs=2": [], "dask": []}
        for round_ in range(args.rounds):
            serial = serial if round_ == 0 else serial_run(net, domain, run)
            figures["jobs=2"].append(jobs_run(net, domain, run, serial))
            figures["dask"].append(dask_run(net, domain, run, serial_run(net, domain, run), warm_up))
        if args.rounds > 1:
            for name, rows in figures.items():
                speed_up, fraction, workers, bound = (statistics.median(column) for column in zip(*rows))
                print(
                    f"median {name} over {args.rounds} rounds: speed-up {speed_up:.2f}x, serial fraction {fraction:.1%}, "
                    f"workers {workers:.2f}x the serial CPU, 2-core CPU bound {bound:.2f}x"
                )
    if not args.no_journal:
        journal_figures(net, domain, run, serial[0], half, args.baseline)
    print(f"done ({_load()})")


def _process_cpu() -> float:
    return time.process_time()


def _load() -> str:
    return "load %.2f" % os.getloadavg()[0]


def serial_run(net, domain, run) -> tuple:
    """The serial run: ``(partition, wall seconds, CPU seconds)``, printed with the load when it started."""
    load = _load()
    serial, wall, cpu = timed(lambda: epd.enumerate_regions(net, domain, **run))
    print(f"serial:        ({load}) {wall:8.2f} s wall, {cpu:8.2f} s CPU, {len(serial)} regions")
    return serial, wall, cpu


def _figures(name, load, partition, wall, parent_cpu, workers_cpu, serial) -> tuple:
    """Print one parallel run against the serial run just before it; ``(speed-up, serial fraction, workers ratio, bound)``.

    The serial fraction is the CPU the calling process spends (scheduling,
    decoding answers, building regions; for dask the client, whose
    LocalCluster scheduler runs in it) over the serial run's CPU.
    """
    reference, serial_wall, serial_cpu = serial
    figures = (serial_wall / wall, parent_cpu / serial_cpu, workers_cpu / serial_cpu, 2 * serial_cpu / (parent_cpu + workers_cpu))
    print(
        f"{name:<15}({load}) {wall:8.2f} s wall, speed-up {figures[0]:.2f}x, same partition: {partition == reference}; "
        f"calling process CPU {parent_cpu:.2f} s (serial fraction {figures[1]:.1%}), workers CPU {workers_cpu:.2f} s "
        f"({figures[2]:.2f}x the serial CPU); 2-core CPU bound {figures[3]:.2f}x"
    )
    return figures


def jobs_run(net, domain, run, serial) -> tuple:
    """``jobs=2``: our worker processes (their CPU counted when they are reaped)."""
    load, before = _load(), children_cpu()
    parallel, wall, parent_cpu = timed(lambda: epd.enumerate_regions(net, domain, jobs=2, **run))
    return _figures("jobs=2:", load, parallel, wall, parent_cpu, children_cpu() - before, serial)


def dask_run(net, domain, run, serial, warm_up) -> tuple:
    """A dask LocalCluster of 2 single-threaded worker processes (their CPU from the run's start to its end, imports left out)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        print("dask:          not installed (pip install 'exactpd[distributed]')")
        return (float("nan"),) * 4
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with Client(cluster) as client:
            client.run(lambda: len(epd.enumerate_regions(warm_up, domain, **run)))  # on each worker: its imports are not the run's work
            load, start = _load(), client.run(_process_cpu)
            on_dask, wall, client_cpu = timed(lambda: epd.enumerate_regions(net, domain, executor=client, **run))
            end = client.run(_process_cpu)
    return _figures("dask 2 workers:", load, on_dask, wall, client_cpu, sum(end[w] - start[w] for w in end), serial)


def journal_figures(net, domain, run, serial, half, baseline) -> None:
    with tempfile.TemporaryDirectory() as folder:
        journal, partition_file = Path(folder) / "run.jsonl", Path(folder) / "p.json"
        epd.enumerate_regions(net, domain, checkpoint=journal, **run)
        epd.save_partition(serial, partition_file)
        replayed, _, replay_cpu = timed(lambda: epd.enumerate_regions(net, domain, checkpoint=journal, **run))
        size, file_size = journal.stat().st_size, partition_file.stat().st_size
        print(
            f"journal:       {size / 1e6:.2f} MB = {size / file_size:.2f}x the partition file ({file_size / 1e6:.2f} MB); "
            f"replay {replay_cpu:.2f} s CPU ({1e3 * replay_cpu / len(serial):.2f} ms per region), same partition: {replayed == serial}"
        )
        if baseline:
            net_file = Path(folder) / "net.json"
            epd.save_network(net, net_file)
            old = subprocess.run(
                [sys.executable, "-c", _BASELINE_REPLAY, os.path.abspath(baseline), str(net_file), str(Path(folder) / "old.jsonl"), str(half)],
                capture_output=True, text=True, check=True, cwd=folder,
            )
            old_cpu = float(old.stdout.split()[-1])
            old_size = (Path(folder) / "old.jsonl").stat().st_size
            print(
                f"baseline:      format-1 journal {old_size / 1e6:.2f} MB, replay {old_cpu:.2f} s CPU: "
                f"this replay is {old_cpu / replay_cpu:.1f}x faster, the journal {old_size / size:.1f}x smaller"
            )


if __name__ == "__main__":
    main()
