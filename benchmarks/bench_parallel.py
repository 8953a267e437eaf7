"""Parallel runs and journals of the LP engine, as ratios measured in one run (issue 12, points 5 and 6).

Run from the repository root::

    python3 benchmarks/bench_parallel.py [--quick] [--baseline DIR] [--no-journal | --journal-only]

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
ratios, and the CPU figures when the machine is busy.
"""

from __future__ import annotations

import argparse
import os
import resource
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
    args = parser.parse_args()
    widths, half = ([3, 8, 8, 1], 2) if args.quick else ([3, 20, 20, 1], 4)
    net = random_mlp(widths, 0)
    domain = epd.box([-half] * widths[0], [half] * widths[0])
    run = dict(engine="lp", edges=False, progress=False)

    warm_up = random_mlp([widths[0], 3, 1], 1)
    epd.enumerate_regions(warm_up, domain, **run)  # imports (scipy, highspy) before any timing
    load = _load()
    serial, serial_wall, serial_cpu = timed(lambda: epd.enumerate_regions(net, domain, **run))
    print(f"network {'-'.join(map(str, widths))} in [-{half}, {half}]^{widths[0]}: {len(serial)} regions")
    print(f"serial:        ({load}) {serial_wall:8.2f} s wall, {serial_cpu:8.2f} s CPU")

    if not args.journal_only:
        parallel_runs(net, domain, run, serial, serial_wall, serial_cpu, warm_up)
    if not args.no_journal:
        journal_figures(net, domain, run, serial, half, args.baseline)
    print(f"done ({_load()})")


def _process_cpu() -> float:
    return time.process_time()


def _load() -> str:
    return "load %.2f" % os.getloadavg()[0]


def parallel_runs(net, domain, run, serial, serial_wall, serial_cpu, warm_up) -> None:
    """``jobs=2`` and a dask LocalCluster of 2 single-threaded worker processes against the serial run.

    The serial fraction is the CPU the calling process spends (scheduling,
    decoding answers, building regions) over the serial run's CPU; the
    workers' CPU is counted from the run's first task to its last (dask:
    in the worker processes, their start and imports left out).
    """
    before = children_cpu()
    print(f"jobs=2:        ({_load()})", end=" ", flush=True)
    parallel, jobs_wall, parent_cpu = timed(lambda: epd.enumerate_regions(net, domain, jobs=2, **run))
    workers_cpu = children_cpu() - before
    print(
        f"{jobs_wall:8.2f} s wall, speed-up {serial_wall / jobs_wall:.2f}x, same partition: {parallel == serial}; "
        f"parent CPU {parent_cpu:.2f} s (serial fraction {parent_cpu / serial_cpu:.1%}), workers CPU {workers_cpu:.2f} s "
        f"({workers_cpu / serial_cpu:.2f}x the serial CPU); 2-core CPU bound {2 * serial_cpu / (parent_cpu + workers_cpu):.2f}x"
    )
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        print("dask:          not installed (pip install 'exactpd[distributed]')")
        return
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with Client(cluster) as client:
            client.run(lambda: len(epd.enumerate_regions(warm_up, domain, **run)))  # on each worker: its imports are not the run's work
            start = client.run(_process_cpu)
            print(f"dask 2 workers:({_load()})", end=" ", flush=True)
            on_dask, dask_wall, client_cpu = timed(lambda: epd.enumerate_regions(net, domain, executor=client, **run))
            end = client.run(_process_cpu)
    dask_cpu = sum(end[w] - start[w] for w in end)
    print(
        f"{dask_wall:8.2f} s wall, speed-up {serial_wall / dask_wall:.2f}x, same partition: {on_dask == serial}; "
        f"client CPU {client_cpu:.2f} s (serial fraction {client_cpu / serial_cpu:.1%}, the scheduler included), "
        f"worker processes CPU {dask_cpu:.2f} s ({dask_cpu / serial_cpu:.2f}x the serial CPU); "
        f"2-core CPU bound {2 * serial_cpu / (client_cpu + dask_cpu):.2f}x"
    )


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
