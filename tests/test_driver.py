"""The enumeration driver: tasks, executors, workers, jobs (LP engine).

References: Zaslavsky's count for lines in general position, the exact forward
pass of tests/reference.py, and the complex engine (an independent algorithm).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import random
import sys
from concurrent.futures import ThreadPoolExecutor
from math import comb

import pytest

import exactpd as epd
import exactpd.enumeration.driver as driver
from exactpd.enumeration import EnumerationStats, enumerate_regions
from exactpd.enumeration.complex_engine import enumerate_complex
from exactpd.errors import CertificationError, InvalidOptionError, WorkerError
from tests.reference import exact_code


def random_mlp(widths, seed):
    """A ReLU MLP with random short decimal weights (generic: its hyperplanes are in general position)."""
    rng = random.Random(seed)
    layers = []
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        act = "relu" if i < len(widths) - 2 else None
        W = [[str(round(rng.gauss(0, 1), 3)) for _ in range(a)] for _ in range(b)]
        B = [str(round(rng.gauss(0, 1) * 0.5, 3)) for _ in range(b)]
        layers.append(epd.Dense(W, B, act))
    return epd.Network(widths[0], layers)


@pytest.fixture(scope="module")
def wide():
    """One layer of 20 ReLUs in R^2: wider than UNITS_PER_CUT, so the root is cut a few units at a time."""
    return random_mlp([2, 20, 1], 3)


@pytest.fixture(scope="module")
def deep():
    return random_mlp([2, 8, 8, 1], 5)


def test_one_wide_layer_is_split_into_tasks_and_gives_zaslavsky_count(monkeypatch, tmp_path, wide):
    assert wide.layers[0].n_outputs > driver.UNITS_PER_CUT
    monkeypatch.setattr(driver, "TASK_CUTS", 8)
    journal = tmp_path / "wide.jsonl"
    part = enumerate_regions(wide, checkpoint=journal, edges=False)
    assert len(part) == sum(comb(20, j) for j in range(3))  # 211 regions of 20 generic lines in R^2
    n_tasks = len(journal.read_bytes().splitlines()) - 1
    assert n_tasks >= 20  # the one layer's work was many tasks, each journaled
    for region in part:
        assert exact_code(wide, region.witness) == region.code
    assert len({r.code for r in part}) == len(part)


def test_same_partition_whatever_runs_the_tasks(monkeypatch, deep):
    domain = epd.box([-2, -2], [2, 2])
    serial = enumerate_regions(deep, domain, engine="lp", edges=False)
    assert enumerate_regions(deep, domain, engine="lp", jobs=2, edges=False) == serial
    with ThreadPoolExecutor(2) as pool:
        assert enumerate_regions(deep, domain, engine="lp", executor=pool, edges=False) == serial
    monkeypatch.setattr(driver, "TASK_CUTS", 1)  # other task boundaries: the same cuts, the same regions
    assert enumerate_regions(deep, domain, engine="lp", jobs=2, edges=False) == serial
    complex_part = enumerate_complex(deep, domain, with_edges=False)  # an independent engine: same regions and facets
    assert [(r.code, r.polytope) for r in complex_part] == [(r.code, r.polytope) for r in serial]


def test_dask_cluster_gives_the_same_partition(deep):
    distributed = pytest.importorskip("dask.distributed")
    domain = epd.box([-2, -2], [2, 2])
    serial = enumerate_regions(deep, domain, engine="lp", edges=False)
    with distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            assert enumerate_regions(deep, domain, engine="lp", executor=client, edges=False) == serial


def test_workers_return_integers_not_fractions(deep):
    layers = driver.maso_layers(deep)
    context = driver._Context(tuple(driver.integer_layer(layer) for layer in layers), True)
    root = driver.root_cell(epd.box([-2, -2], [2, 2]))
    result = driver.run_task(context, [root], 10**6)
    assert not result.seeds and result.regions
    blob = pickle.dumps(result.regions)
    assert b"fractions" not in blob
    for facts in result.regions:
        assert all(type(v) is int for v in facts.witness) and facts.witness[-1] > 0


@pytest.mark.parametrize("jobs", [0, -2, 1.5, True, "2"])
def test_bad_jobs_are_refused(jobs, deep):
    with pytest.raises(InvalidOptionError, match="jobs"):
        enumerate_regions(deep, engine="lp", jobs=jobs)


def test_jobs_minus_one_is_every_core():
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert driver.resolve_jobs(-1) == cores
    assert driver.resolve_jobs(None) == 1 and driver.resolve_jobs(3) == 3


def test_stats_add_up_over_tasks(monkeypatch, deep):
    domain = epd.box([-2, -2], [2, 2])
    whole, split = EnumerationStats(), EnumerationStats()
    enumerate_regions(deep, domain, engine="lp", edges=False, stats=whole)
    monkeypatch.setattr(driver, "TASK_CUTS", 2)
    part = enumerate_regions(deep, domain, engine="lp", edges=False, stats=split)
    assert split.candidates == whole.candidates and split.facet_calls == whole.facet_calls == len(part)


def test_tasks_cross_processes_as_integers_and_decode_to_the_same_cells(deep):
    layers = driver.maso_layers(deep)
    context = driver._Context(tuple(driver.integer_layer(layer) for layer in layers), True)
    root = driver.root_cell(epd.box([-2, -2], [2, 2]))
    direct = driver.run_task(context, [root], 6)
    assert direct.seeds and direct.regions
    task = pickle.dumps(([driver._pack_cell(root)], 6))
    answer = driver.run_encoded_task(pickle.dumps(context), task)
    regions, seeds, stats = pickle.loads(answer)
    assert b"fractions" not in task + answer + b"".join(seeds)
    assert regions == direct.regions and stats == direct.stats
    decoded = [driver._unpack_cell(s) for s in seeds]
    assert decoded == list(direct.seeds)  # code, rows, labels, witness, pieces
    assert [(c.points, c.maps, c.bound) for c in decoded] == [(c.points, c.maps, c.bound) for c in direct.seeds]


def test_jobs_give_the_serial_file_byte_for_byte_in_3d(tmp_path):
    net = random_mlp([3, 5, 5, 1], 2)  # 3-D: cells carry float vertex hints, which guide the certificates
    domain = epd.box([-2] * 3, [2] * 3)
    files = []
    for jobs in (None, 2):
        path = tmp_path / f"{jobs}.json"
        epd.save_partition(enumerate_regions(net, domain, engine="lp", jobs=jobs, edges=False), path)
        files.append(path.read_bytes())
    assert files[0] == files[1]


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers are forked (they see the patched task)")


@linux_only
def test_an_error_in_a_worker_is_raised_in_the_caller_with_its_traceback(monkeypatch, deep):
    def forged(*args):
        raise CertificationError("a forged certificate")

    monkeypatch.setattr(driver, "run_task", forged)
    with pytest.raises(CertificationError, match="a forged certificate") as caught:
        enumerate_regions(deep, epd.box([-2, -2], [2, 2]), engine="lp", jobs=2, edges=False)
    assert any("in a worker process" in note and "forged" in note for note in caught.value.__notes__)
    assert not multiprocessing.active_children()


@linux_only
def test_a_worker_that_dies_is_reported_and_the_others_stopped(monkeypatch, deep):
    monkeypatch.setattr(driver, "run_task", lambda *args: os._exit(7))
    with pytest.raises(WorkerError, match="exit code 7"):
        enumerate_regions(deep, epd.box([-2, -2], [2, 2]), engine="lp", jobs=2, edges=False)
    assert not multiprocessing.active_children()


def test_the_domain_is_cut_by_a_few_units_first_so_layer_0_spreads_at_once(wide):
    context = driver._Context((driver.integer_layer(driver.maso_layers(wide)[0]),), False)
    first = driver.run_task(context, [driver.root_cell(epd.box([-3, -3], [3, 3]))], 1)
    assert 2 <= len(first.seeds) <= 2**driver.ROOT_UNITS  # two generic lines: 3 or 4 cells
    assert all(len(seed.pieces) == driver.ROOT_UNITS and seed.code == () for seed in first.seeds)
    second = driver.run_task(context, [first.seeds[0]], 1)
    assert all(len(seed.pieces) == driver.UNITS_PER_CUT for seed in second.seeds)


@pytest.mark.parametrize("jobs", [None, 2])
def test_the_collector_is_paused_while_regions_are_made_and_resumed_after(jobs, deep):
    import gc

    domain = epd.box([-2, -2], [2, 2])
    found = driver.iter_regions(deep, domain, jobs=jobs)
    next(found)
    assert not gc.isenabled()
    found.close()  # the caller stops early
    assert gc.isenabled()
    assert list(driver.iter_regions(deep, domain, jobs=jobs)) and gc.isenabled()
    with ThreadPoolExecutor(2) as pool:  # a caller's executor: the collector keeps running
        found = driver.iter_regions(deep, domain, executor=pool)
        next(found)
        assert gc.isenabled()
        found.close()
