"""The checkpoint journal: framing, torn and damaged records, tampered records, old formats, the lock, size."""

from __future__ import annotations

import json
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import exactpd as epd
import exactpd.enumeration.adjacency as adjacency
import exactpd.enumeration.driver as driver
from exactpd.enumeration import EnumerationStats, enumerate_regions
from exactpd.errors import FileFormatError, JournalInUseError
from exactpd.io.checkpoint import Journal, frame
from tests.executors import Interrupting
from tests.strategies import networks

DOMAIN = epd.box([-3, -3], [3, 3])


@pytest.fixture(scope="module")
def net():
    return epd.demo_network()


@pytest.fixture(scope="module")
def reference(net):
    return enumerate_regions(net, DOMAIN, engine="lp", edges=False)


@pytest.fixture()
def journal(tmp_path, net, monkeypatch):
    """A complete journal of many small tasks (so that it holds seeds as well as regions)."""
    monkeypatch.setattr(driver, "TASK_CUTS", 3)
    path = tmp_path / "run.jsonl"
    enumerate_regions(net, DOMAIN, checkpoint=path, edges=False)
    return path


def _lines(path) -> list[bytes]:
    return path.read_bytes().split(b"\n")[:-1]


def _payload(line: bytes) -> dict:
    return json.loads(line.split(b" ", 2)[2])


def _rewrite(path, number: int, change) -> None:
    """Change the JSON of line ``number`` (1-based) with ``change(record)`` and frame it again (a forged record)."""
    lines = _lines(path)
    record = _payload(lines[number - 1])
    change(record)
    lines[number - 1] = frame(json.dumps(record, separators=(",", ":")).encode())[:-1]
    path.write_bytes(b"\n".join(lines) + b"\n")


def _first_line_with(path, key: str) -> int:
    for number, line in enumerate(_lines(path)[1:], start=2):
        if _payload(line)[key]:
            return number
    raise AssertionError(f"no record with {key}")


def test_every_line_is_framed_and_replay_does_no_work(journal, net, reference):
    for line in _lines(journal):
        size, crc, payload = line.split(b" ", 2)
        assert int(size) == len(payload) and int(crc, 16) == zlib.crc32(payload)
    stats = EnumerationStats()
    assert enumerate_regions(net, DOMAIN, checkpoint=journal, edges=False, stats=stats) == reference
    assert stats.candidates == 0 and stats.facet_calls == 0


@pytest.mark.parametrize("edges", [False, True])
def test_journal_is_at_most_twice_the_partition_file(tmp_path, net, edges):
    path = tmp_path / "plain.jsonl"
    part = enumerate_regions(net, DOMAIN, checkpoint=path, edges=edges)
    epd.save_partition(part, tmp_path / "p.json")
    assert path.stat().st_size <= 2 * (tmp_path / "p.json").stat().st_size


@pytest.mark.parametrize("cut", ["torn", "unterminated"])
def test_a_torn_or_unterminated_last_record_is_dropped(journal, net, reference, cut):
    data = journal.read_bytes()
    last = data.rstrip(b"\n").rfind(b"\n") + 1
    journal.write_bytes(data[: last + (len(data) - last) // 2] if cut == "torn" else data[:-1])
    stats = EnumerationStats()
    assert enumerate_regions(net, DOMAIN, checkpoint=journal, edges=False, stats=stats) == reference
    assert stats.facet_calls > 0  # the dropped task was done again
    for line in _lines(journal):  # and the journal was repaired: no record joined another
        size, _, payload = line.split(b" ", 2)
        assert int(size) == len(payload)
    assert journal.read_bytes().endswith(b"\n")


def test_a_damaged_record_before_the_end_is_refused_naming_the_line(journal, net):
    lines = _lines(journal)
    lines[2] = lines[2].replace(b"[", b"(", 1)  # one byte changed, the checksum no longer matches
    journal.write_bytes(b"\n".join(lines) + b"\n")
    with pytest.raises(FileFormatError, match=rf"{journal}: line 3: the record is damaged"):
        enumerate_regions(net, DOMAIN, checkpoint=journal, edges=False)


def _shift_region_row(record):
    record["regions"][0][1][0][-1] += 1  # a facet row's right-hand side moved


def _flip_code(record):
    code = record["regions"][0][0]
    code[-1][0] = 1 - code[-1][0]


def _swap_codes(record):
    regions = record["regions"]
    regions[0][0], regions[1][0] = regions[1][0], regions[0][0]


def _move_witness(record):
    record["regions"][0][4][0] += 1000 * record["regions"][0][4][-1]


def _relabel(record):
    labels = record["regions"][0][2]
    for i, names in enumerate(labels):
        if names != ["domain"]:
            labels[i] = [[names[0][0], (names[0][1] + 1) % 6]]
            return


def _drop_facet_point(record):
    region = record["regions"][0]
    region[3][0] = list(region[4])  # the witness is not on the row


def _flip_bounded(record):
    record["regions"][0][5] = not record["regions"][0][5]


@pytest.mark.parametrize(
    "tamper, message",
    [
        (_shift_region_row, "row|facet point|witness"),
        (_flip_code, "code|boundary"),
        (_swap_codes, "code|boundary|row"),
        (_move_witness, "witness"),
        (_relabel, "boundary of"),
        (_drop_facet_point, "facet point"),
        (_flip_bounded, "bounded"),
    ],
)
def test_a_forged_region_record_is_refused_naming_the_line(journal, net, tamper, message):
    number = next(n for n in range(2, len(_lines(journal)) + 1) if len(_payload(_lines(journal)[n - 1])["regions"]) >= 2)
    _rewrite(journal, number, tamper)
    with pytest.raises(FileFormatError, match=rf"{journal}: line {number}: .*({message})"):
        enumerate_regions(net, DOMAIN, checkpoint=journal, edges=False)


def test_a_seed_with_a_shifted_halfspace_is_refused(journal, net):
    number = _first_line_with(journal, "seeds")

    def shift(record):
        rows = record["seeds"][0][2]
        for row, label in zip(rows, record["seeds"][0][3]):
            if label != "domain":
                row[-1] += 1
                return
        rows[0][-1] += 1

    _rewrite(journal, number, shift)
    with pytest.raises(FileFormatError, match=rf"{journal}: line {number}: .*(boundary|row|witness)"):
        enumerate_regions(net, DOMAIN, checkpoint=journal, edges=False)


def test_a_seed_with_a_moved_facet_point_is_refused(journal, net):
    number = next(n for n in range(2, len(_lines(journal)) + 1) if any(s[5] for s in _payload(_lines(journal)[n - 1])["seeds"]))

    def move(record):
        seed = next(s for s in record["seeds"] if s[5])
        seed[5][0] = list(seed[4])  # the witness, strictly inside: not on the row

    _rewrite(journal, number, move)
    with pytest.raises(FileFormatError, match=rf"{journal}: line {number}: .*facet point 0 is not on its row"):
        enumerate_regions(net, DOMAIN, checkpoint=journal, edges=False)


def test_a_record_taking_a_cell_that_is_not_open_is_refused(journal, net):
    _rewrite(journal, 3, lambda record: record["took"].append([[[9, 9]], []]))
    with pytest.raises(FileFormatError, match=rf"{journal}: line 3: .*not open"):
        enumerate_regions(net, DOMAIN, checkpoint=journal, edges=False)


def test_a_format_1_journal_gets_a_clear_error(tmp_path, net):
    old = tmp_path / "old.jsonl"
    header = {"kind": "exactpd.checkpoint", "format": 1, "network": {}, "domain": {}}
    old.write_text(json.dumps(header) + "\n" + json.dumps({"split": [], "children": []}) + "\n")
    with pytest.raises(FileFormatError, match=r"format 1.*older exactpd.*remove the file"):
        enumerate_regions(net, DOMAIN, checkpoint=old, edges=False)


def test_not_a_journal_and_another_network_are_refused(tmp_path, journal, net):
    other = tmp_path / "other.jsonl"
    other.write_bytes(frame(b'{"kind": "something else"}'))
    with pytest.raises(FileFormatError, match="not an exactpd checkpoint"):
        enumerate_regions(net, DOMAIN, checkpoint=other, edges=False)
    with pytest.raises(FileFormatError, match="another network or domain"):
        enumerate_regions(net, epd.box([-1, -1], [1, 1]), checkpoint=journal, edges=False)


def test_a_second_run_on_a_journal_in_use_is_refused(journal, net):
    held = Journal.open(journal, net, DOMAIN, units_per_cut=driver.UNITS_PER_CUT)
    try:
        with pytest.raises(JournalInUseError, match=rf"{journal}: another exactpd run is using this checkpoint"):
            enumerate_regions(net, DOMAIN, checkpoint=journal, edges=False)
    finally:
        held.close()
    enumerate_regions(net, DOMAIN, checkpoint=journal, edges=False)  # free again once the first run closed it


def test_progress_starts_from_the_replayed_regions(journal, net, reference, capsys):
    list(driver.iter_regions(net, DOMAIN, checkpoint=journal, progress=True))
    assert f"{len(reference)}region" in capsys.readouterr().err.replace(" ", "")


def _drop_row(entry, rows_at: int, per_row: tuple, want_domain: bool) -> None:
    """Remove one row (a unit's, or the domain's) from a recorded region or seed, with its per-row fields."""
    i = next(i for i, l in enumerate(entry[per_row[0]]) if ("domain" in (l if isinstance(l, list) else [l])) == want_domain)
    for field in (rows_at, *per_row):
        if entry[field]:
            del entry[field][i]


@pytest.mark.parametrize("want_domain", [False, True])
def test_a_region_record_without_one_of_its_facet_rows_is_refused(journal, net, want_domain):
    number = next(
        n for n in range(2, len(_lines(journal)) + 1)
        if any(any((names == ["domain"]) == want_domain for names in r[2]) for r in _payload(_lines(journal)[n - 1])["regions"])
    )

    def drop(record):
        region = next(r for r in record["regions"] if any((names == ["domain"]) == want_domain for names in r[2]))
        _drop_row(region, 1, (2, 3), want_domain)  # rows, then labels and facet points

    _rewrite(journal, number, drop)  # a well-framed record with a valid checksum
    with pytest.raises(FileFormatError, match=rf"{journal}: line {number}: the row .* cuts the recorded cell"):
        enumerate_regions(net, DOMAIN, checkpoint=journal, edges=False)


def test_a_seed_record_without_one_of_its_rows_is_refused(journal, net):
    number = next(
        n for n in range(2, len(_lines(journal)) + 1)
        if any(any(label != "domain" for label in s[3]) for s in _payload(_lines(journal)[n - 1])["seeds"])
    )

    def drop(record):
        seed = next(s for s in record["seeds"] if any(label != "domain" for label in s[3]))
        _drop_row(seed, 2, (3, 5), False)  # rows, then labels and (if known) facet points

    _rewrite(journal, number, drop)
    with pytest.raises(FileFormatError, match=rf"{journal}: line {number}: the row .* of layer \d+ unit \d+ cuts the recorded cell"):
        enumerate_regions(net, DOMAIN, checkpoint=journal, edges=False)


@pytest.mark.parametrize("lp", ["highs", "exact"])
def test_an_honest_journal_still_replays_with_every_absent_row_proved(journal, net, reference, lp):
    stats = EnumerationStats()
    assert enumerate_regions(net, DOMAIN, checkpoint=journal, edges=False, stats=stats, lp=lp) == reference
    assert stats.facet_calls == 0


# --------------------------------------------------------------------------- the edge phase


@pytest.fixture(scope="module")
def reference_edges(net):
    return enumerate_regions(net, DOMAIN, engine="lp")


@pytest.fixture()
def edge_journal(journal, net):
    """The complete journal with the edges of every region too."""
    enumerate_regions(net, DOMAIN, checkpoint=journal)
    return journal


def _edge_lines(path) -> list[int]:
    return [n for n, line in enumerate(_lines(path)[1:], start=2) if "edges_of" in _payload(line)]


def test_the_edges_are_journaled_region_by_region_and_replayed_without_work(edge_journal, net, reference_edges, monkeypatch):
    assert len(_edge_lines(edge_journal)) == len(reference_edges)  # one record per region, after the regions
    searched = []
    monkeypatch.setattr(adjacency, "region_edges", lambda index, i: searched.append(i))
    again = enumerate_regions(net, DOMAIN, checkpoint=edge_journal)
    assert searched == [] and again.edges == reference_edges.edges


def test_an_edge_phase_interrupted_keeps_its_edges_and_resumes(journal, net, reference_edges, monkeypatch):
    written = []
    record = Journal.record_edges

    def interrupt_after_ten(self, i, entries):
        if len(written) == 10:
            raise KeyboardInterrupt
        written.append(i)
        record(self, i, entries)

    monkeypatch.setattr(Journal, "record_edges", interrupt_after_ten)
    with pytest.raises(KeyboardInterrupt):
        enumerate_regions(net, DOMAIN, checkpoint=journal)
    monkeypatch.setattr(Journal, "record_edges", record)
    searched = []
    search = adjacency.region_edges
    monkeypatch.setattr(adjacency, "region_edges", lambda index, i: searched.append(i) or search(index, i))
    again = enumerate_regions(net, DOMAIN, checkpoint=journal)
    assert again == reference_edges and again.edges == reference_edges.edges
    assert sorted(searched) == [i for i in range(len(reference_edges)) if i not in written]


def _first_edge(record):
    return next(e for e in record["edges"])


def _move_edge_point(record):
    _first_edge(record)[3][0] += _first_edge(record)[3][-1]  # off the shared face


def _wrong_flips(record):
    _first_edge(record)[2] = [[0, 5]] if _first_edge(record)[2] != [[0, 5]] else [[0, 4]]


def _other_facet(record):
    edge = _first_edge(record)
    edge[1] = (edge[1] + 1) % 3


def _no_such_region(record):
    record["edges"][-1][0] = 10**6


def _twice(record):
    record["edges"].append(record["edges"][0])


@pytest.mark.parametrize(
    "tamper, message",
    [
        (_move_edge_point, "not certified"),
        (_wrong_flips, "not certified"),
        (_other_facet, "not certified|crosses no facet"),
        (_no_such_region, "out of order or that do not exist"),
        (_twice, "out of order"),
    ],
)
def test_a_forged_edge_record_is_refused_naming_the_line(edge_journal, net, tamper, message):
    number = next(n for n in _edge_lines(edge_journal) if _payload(_lines(edge_journal)[n - 1])["edges"])
    _rewrite(edge_journal, number, tamper)
    with pytest.raises(FileFormatError, match=rf"{edge_journal}: line {number}: .*({message})"):
        enumerate_regions(net, DOMAIN, checkpoint=edge_journal)


def test_an_edge_record_without_one_of_its_edges_is_refused(edge_journal, net):
    number = next(n for n in _edge_lines(edge_journal) if _payload(_lines(edge_journal)[n - 1])["edges"])
    _rewrite(edge_journal, number, lambda record: record["edges"].pop())
    with pytest.raises(FileFormatError, match=rf"{edge_journal}: line {number}: the edges of region \d+ lack the edge to region"):
        enumerate_regions(net, DOMAIN, checkpoint=edge_journal)


def test_a_format_2_journal_is_refused_clearly(journal, net):
    _rewrite(journal, 1, lambda header: header.update(format=2))
    with pytest.raises(FileFormatError, match=rf"{journal}: checkpoint format 2, written by an older exactpd; .*remove the file"):
        enumerate_regions(net, DOMAIN, checkpoint=journal)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(net=networks(max_layers=3), unbounded=st.booleans())
def test_no_false_alarm_on_replay_whatever_the_network(tmp_path_factory, monkeypatch, net, unbounded):
    """Degenerate units (dead, duplicated, coinciding), several pieces, all of R^D: an honest journal replays, edges too."""
    monkeypatch.setattr(driver, "TASK_CUTS", 2)  # many records, with seeds
    domain = None if unbounded else epd.box([-2] * net.input_dim, [2] * net.input_dim)
    path = tmp_path_factory.mktemp("replay") / "run.jsonl"
    first = enumerate_regions(net, domain, checkpoint=path)
    stats = EnumerationStats()
    again = enumerate_regions(net, domain, checkpoint=path, stats=stats)
    assert again == first and again.edges == first.edges and stats.facet_calls == 0


def test_a_record_without_one_of_its_rows_is_refused_over_all_of_r_d_too(tmp_path, net, monkeypatch):
    """Without a bounded domain the proofs take no box: the exact multipliers must refuse the forgery alone."""
    monkeypatch.setattr(driver, "TASK_CUTS", 3)
    path = tmp_path / "whole.jsonl"
    enumerate_regions(net, None, checkpoint=path, edges=False)
    number = next(n for n in range(2, len(_lines(path)) + 1) if any(len(r[1]) >= 3 for r in _payload(_lines(path)[n - 1])["regions"]))

    def drop(record):
        region = next(r for r in record["regions"] if len(r[1]) >= 3)
        _drop_row(region, 1, (2, 3), False)

    _rewrite(path, number, drop)
    with pytest.raises(FileFormatError, match=rf"{path}: line {number}: the row .* cuts the recorded cell"):
        enumerate_regions(net, None, checkpoint=path, edges=False)


def _three_d_net():
    from tests.test_driver import random_mlp

    return random_mlp([3, 6, 6, 1], 5), epd.box([-2] * 3, [2] * 3)


def test_a_3d_run_resumed_writes_the_uninterrupted_file_byte_for_byte(tmp_path):
    net, domain = _three_d_net()
    journal = tmp_path / "run.jsonl"
    fresh = enumerate_regions(net, domain, engine="lp", edges=False, progress=False)
    with pytest.raises(KeyboardInterrupt):
        enumerate_regions(net, domain, engine="lp", edges=False, progress=False, executor=Interrupting(6), checkpoint=str(journal))
    resumed = enumerate_regions(net, domain, engine="lp", edges=False, progress=False, checkpoint=str(journal))
    epd.save_partition(fresh, tmp_path / "fresh.json")
    epd.save_partition(resumed, tmp_path / "resumed.json")
    assert resumed == fresh
    assert (tmp_path / "fresh.json").read_bytes() == (tmp_path / "resumed.json").read_bytes()


@pytest.mark.parametrize(
    "damage",
    [lambda hint: [hint[0][:-8] + "AAAAAAA=", hint[1], hint[2]], lambda hint: [hint[0], hint[1], hint[2] + 1], lambda hint: [hint[0], "not base64!", hint[2]]],
    ids=["vertices cut short", "vertex count", "not base64"],
)
def test_a_seed_with_a_malformed_vertex_hint_is_refused_naming_the_line(tmp_path, damage):
    net, domain = _three_d_net()
    journal = tmp_path / "run.jsonl"
    with pytest.raises(KeyboardInterrupt):
        enumerate_regions(net, domain, engine="lp", edges=False, progress=False, executor=Interrupting(6), checkpoint=str(journal))
    lines = journal.read_bytes().split(b"\n")
    for n, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        record = json.loads(line.split(b" ", 2)[2])
        hinted = [s for s in record.get("seeds", []) if s[6] is not None]
        if hinted:
            hinted[0][6] = damage(hinted[0][6])
            lines[n - 1] = frame(json.dumps(record, separators=(",", ":")).encode())[:-1]
            break
    else:
        pytest.fail("no seed with a vertex hint was journaled")
    journal.write_bytes(b"\n".join(lines))
    with pytest.raises(FileFormatError, match=rf"line {n}: .*vertex hint"):
        enumerate_regions(net, domain, engine="lp", edges=False, progress=False, checkpoint=str(journal))
