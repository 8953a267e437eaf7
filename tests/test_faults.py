"""Fault injection on real runs of ``exactpd enumerate`` (subprocesses): kills, Ctrl-C, orphans, concurrent runs, full disks.

Every interrupted run is resumed and its output compared, byte for byte, with
an uninterrupted run of the same command.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import exactpd as epd
from tests.test_driver import random_mlp

ROOT = str(Path(epd.__file__).resolve().parents[1])
ENV = {**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
BOX = ["--box", "-2", "2"]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals and /proc as on Linux")


@pytest.fixture(scope="module")
def net_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("faults") / "net.json"
    epd.save_network(random_mlp([2, 8, 8, 1], 11), path)
    return path


@pytest.fixture(scope="module")
def reference(net_file, tmp_path_factory):
    """The uninterrupted run's partition file, and how long the run took."""
    out = tmp_path_factory.mktemp("reference") / "out.json"
    start = time.monotonic()
    subprocess.run(_command(net_file, out), env=ENV, check=True, capture_output=True)
    return out.read_bytes(), time.monotonic() - start


def _command(net_file, out, *extra) -> list[str]:
    return [sys.executable, "-m", "exactpd", "enumerate", str(net_file), *BOX, "-o", str(out), "--engine", "lp", "-q", *extra]


def _start(command, **options) -> subprocess.Popen:
    return subprocess.Popen(command, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **options)


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_for_records(journal: Path, process: subprocess.Popen, n: int = 2, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        if journal.exists() and journal.read_bytes().count(b"\n") >= n:
            return
        time.sleep(0.05)


def _resume(command) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=ENV, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("jobs, seed", [("1", 1), ("1", 2), ("2", 3), ("2", 4)])
def test_killed_at_a_random_point_then_resumed_gives_the_same_file(tmp_path, net_file, reference, jobs, seed):
    expected, seconds = reference
    out, journal = tmp_path / "out.json", tmp_path / "run.jsonl"
    command = _command(net_file, out, "--checkpoint", str(journal), "--jobs", jobs)
    process = _start(command)
    time.sleep(random.Random(seed).uniform(0.2, 0.9) * seconds)
    process.kill()
    process.wait()
    finished = _resume(command)
    assert finished.returncode == 0, finished.stderr
    assert out.read_bytes() == expected


@pytest.fixture(scope="module")
def net3_file(tmp_path_factory):
    """A 3-D network, whose edge phase lasts long enough to be killed in."""
    path = tmp_path_factory.mktemp("faults3") / "net.json"
    epd.save_network(random_mlp([3, 6, 6, 1], 5), path)
    return path


def _edge_records(journal: Path) -> list[bytes]:
    return [line for line in journal.read_bytes().split(b"\n") if b' {"edges_of":' in line]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_killed_in_the_edge_phase_then_resumed_keeps_the_edges_and_gives_the_same_file(tmp_path, net3_file, jobs):
    expected = tmp_path / "expected.json"
    subprocess.run(_command(net3_file, expected), env=ENV, check=True, capture_output=True)
    out, journal = tmp_path / "out.json", tmp_path / "run.jsonl"
    command = _command(net3_file, out, "--checkpoint", str(journal), "--jobs", jobs)
    process = _start(command)
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline and not (journal.exists() and len(_edge_records(journal)) >= 5):
        time.sleep(0.01)
    process.kill()
    process.wait()
    kept = _edge_records(journal)
    if out.exists() or not kept:
        pytest.skip("the run finished, or had not reached the edge phase, before the kill")
    finished = _resume(command)
    assert finished.returncode == 0, finished.stderr
    assert out.read_bytes() == expected.read_bytes()
    records = _edge_records(journal)
    assert records[: len(kept)] == kept or records[: len(kept) - 1] == kept[:-1]  # the edges found were kept (a torn last one redone)
    assert len({line.split(b",", 1)[0] for line in records}) == len(records)  # each region's edges recorded once


@pytest.mark.parametrize("workers", [["--jobs", "1"], ["--jobs", "2"], ["--jobs", "2", "--dask"]])
def test_ctrl_c_stops_everything_says_what_is_saved_and_resumes(tmp_path, net_file, reference, workers):
    if "--dask" in workers:
        pytest.importorskip("dask.distributed")
    out, journal = tmp_path / "out.json", tmp_path / "run.jsonl"
    command = _command(net_file, out, "--checkpoint", str(journal), *workers)
    process = _start(command, start_new_session=True)  # its own process group, as a terminal's foreground job
    _wait_for_records(journal, process)
    children = _children(process.pid)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: every process of the group gets SIGINT
    _, err = process.communicate(timeout=60)
    text = err.decode()
    if process.returncode == 0:
        pytest.skip("the run finished before the interrupt")
    assert process.returncode == 130
    assert "Traceback" not in text
    assert text.strip().count("\n") == 0 and "regions are saved in" in text and "resume with: exactpd enumerate" in text
    deadline = time.monotonic() + 10
    while any(map(_alive, children)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_alive, children))
    finished = _resume(command)
    assert finished.returncode == 0, finished.stderr
    assert out.read_bytes() == reference[0]


def test_workers_exit_when_the_parent_is_killed(tmp_path, net_file):
    journal = tmp_path / "run.jsonl"
    process = _start(_command(net_file, tmp_path / "out.json", "--checkpoint", str(journal), "--jobs", "2"))
    _wait_for_records(journal, process)
    workers = _children(process.pid)
    if process.poll() is not None or not workers:
        pytest.skip("the run finished before its workers could be seen")
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_alive, workers)), "orphaned workers"


def test_a_second_run_on_the_same_journal_is_refused(tmp_path, net_file, reference):
    journal = tmp_path / "run.jsonl"
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    runs = [_start(_command(net_file, out, "--checkpoint", str(journal))) for out in outs]  # two resumes at once
    results = [(run.wait(timeout=300), run.stderr.read().decode()) for run in runs]
    if all(code == 0 for code, _ in results):
        pytest.skip("one run finished before the other opened the journal")
    (winner, _), (loser, message) = sorted(results)
    assert winner == 0 and loser == 2
    assert "another exactpd run is using this checkpoint" in message and "Traceback" not in message
    assert [out.read_bytes() for out in outs if out.exists()] == [reference[0]]


@pytest.fixture()
def small_disk(tmp_path):
    """A 12 KiB tmpfs (root on Linux), unmounted afterwards; skipped where it cannot be mounted."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12k", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    yield mount
    subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_full_disk_stops_the_run_cleanly_and_it_resumes_elsewhere(tmp_path, small_disk, net_file, reference):
    journal = small_disk / "run.jsonl"
    out = tmp_path / "out.json"
    failed = _resume(_command(net_file, out, "--checkpoint", str(journal)))
    assert failed.returncode == 2
    assert failed.stderr.strip() == f"exactpd: error: {journal}: No space left on device"
    moved = tmp_path / "run.jsonl"
    moved.write_bytes(journal.read_bytes())
    assert moved.read_bytes().endswith(b"\n")  # cut back to its last whole record
    finished = _resume(_command(net_file, out, "--checkpoint", str(moved)))
    assert finished.returncode == 0, finished.stderr
    assert out.read_bytes() == reference[0]


def test_an_output_that_does_not_fit_leaves_the_old_file_whole(small_disk, net_file, reference):
    out = small_disk / "out.json"
    out.write_text('{"old": "partition"}\n')
    failed = _resume(_command(net_file, out))
    assert failed.returncode == 2 and "No space left on device" in failed.stderr
    assert out.read_text() == '{"old": "partition"}\n'
    assert sorted(p.name for p in small_disk.iterdir()) == ["out.json"]  # no temporary file left
