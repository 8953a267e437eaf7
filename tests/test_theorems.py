"""Tests of exactpd.checks: every check holds on hand-built and random networks, fails on
deliberately wrong data, and shows the errata; ``exactpd verify`` on the demo network."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

import exactpd
import exactpd.cli.verify
from exactpd.cli.main import main
from exactpd.network.constraint import axis_parallel_layer, diagonal_layer, orthogonal_layer, rank_one_layer
from exactpd.enumeration import enumerate_regions
from exactpd.io import save_network
from exactpd.network.layers import Dense, Maso, MaxPool, Network
from exactpd.enumeration.partition import Partition
from exactpd.kernel.polytope import box
from exactpd.geometry.powerdiagram import PowerSite
from exactpd.checks import (
    CHECKS,
    CheckContext,
    NOT_APPLICABLE,
    CheckResult,
    Status,
    check_e3,
    check_e7,
    check_e8,
    check_examples_1_2,
    check_fig_5,
    check_proposition_5,
    check_proposition_6,
    check_theorem_2,
    check_theorem_3,
    check_theorem_4,
    verify,
)
from exactpd.boundary.decision import Bend, bend_degrees_float
from exactpd.checks.boundary import PredictedBend, cos_order, fewer_active_bend_more
from exactpd.checks.errata import sign_sqrt_gap
from exactpd.errors import InvalidOptionError

F = Fraction
IDS = [
    "lemma-1", "theorem-1", "lemma-5", "theorem-2", "lemma-7", "theorem-3", "theorem-4", "theorem-6", "theorem-7",
    "eq-20", "examples-1-2", "fig-5", "proposition-5", "proposition-6",
    "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9", "e10", "e11",
]


def square(size=2, dim=2):
    return box([-size] * dim, [size] * dim)


def partition(net, domain=None):
    return enumerate_regions(net, domain if domain is not None else square(dim=net.input_dim))


HAND_BUILT = {
    "relu": Network(2, [Dense([[1, 0], [1, 1], [1, -2]], [0, -1, F(1, 2)], "relu"), Dense([[1, -1, 1]], [F(-1, 4)])]),
    "leaky-deep": Network(
        2,
        [
            Dense([[1, 1], [-1, 2], [0, 1]], [0, 1, F(-1, 3)], "leaky_relu", F(1, 10)),
            Dense([[1, -1, 1], [2, 1, 0]], [F(1, 2), -1], "leaky_relu", F(1, 5)),
            Dense([[1, -2]], [0]),
        ],
    ),
    "abs": Network(2, [Dense([[2, -1], [1, 1], [0, 1]], [1, 0, F(-1, 2)], "abs"), Dense([[1, -1, 1]], [-1])]),
    "maxpool": Network(
        2, [Dense([[1, 0], [0, 1], [1, 1], [1, -1]], [0, F(1, 2), -1, 0]), MaxPool([[0, 1, 2], [2, 3]]), Dense([[1, -1]], [0])]
    ),
    "maso-relu": Network(
        2, [Maso([[[1, 0], [0, 1], [0, 0]], [[1, 1], [-1, 0]]], [[0, F(1, 3), 0], [0, 1]]), Dense([[1, 1], [1, -2]], [-1, 0], "relu"), Dense([[1, 1]], [-1])]
    ),
    "one-d": Network(1, [Dense([[1], [-2], [3]], [0, 1, -2], "relu"), Dense([[1, 1, 1]], [-1], "relu"), Dense([[2]], [-1])]),
    "three-d": Network(3, [Dense([[1, 0, 1], [0, 1, -1], [1, 1, 0]], [0, F(1, 2), -1], "relu"), Dense([[1, 1, -1]], [F(-1, 2)])]),
    "affine-only": Network(2, [Dense([[1, 2]], [1])]),
    "two-logits": Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, -1], "relu"), Dense([[1, 0, 1], [0, 1, -1]], [0, F(-1, 2)])]),
    "degenerate": Network(
        2, [Dense([[1, 0], [1, 0], [0, 0], [0, 1]], [0, 0, 0, 1], "relu"), Dense([[1, 1, 1, 0], [0, 0, 0, 1]], [0, -1], "relu"), Dense([[1, -1]], [0])]
    ),
}


@pytest.mark.parametrize("name", list(HAND_BUILT))
def test_every_check_holds_on_hand_built_networks(name):
    results = verify(HAND_BUILT[name], square(dim=HAND_BUILT[name].input_dim))
    assert [r.id for r in results] == IDS
    failed = [(r.id, r.evidence) for r in results if not r.holds]
    assert failed == []
    for r in results:
        assert r.statement and r.evidence
        assert r.applicable == (not r.evidence.startswith(NOT_APPLICABLE))


def random_network(seed):
    rng = random.Random(seed)
    activation = ["relu", "leaky_relu", "abs"][seed % 3]
    w = lambda: F(rng.randint(-4, 4), rng.randint(1, 2))
    return Network(
        2,
        [
            Dense([[w(), w()] for _ in range(3)], [w() for _ in range(3)], activation),
            Dense([[w() for _ in range(3)] for _ in range(2)], [w() for _ in range(2)], activation),
            Dense([[w(), w()]], [w()]),
        ],
    )


@pytest.mark.parametrize("seed", range(3))
def test_every_check_holds_on_random_networks(seed):
    failed = [(r.id, r.evidence) for r in verify(random_network(seed), square()) if not r.holds]
    assert failed == []


def test_whole_space_partition_with_unbounded_regions():
    results = verify(HAND_BUILT["relu"])
    assert all(r.holds for r in results)


# ---------------------------------------------------------------- checks fail on wrong data


def test_theorem_2_fails_on_a_region_with_a_wrong_site():
    part = partition(HAND_BUILT["relu"])
    region = part.regions[1]
    wrong = replace(region)  # sites are derived on first access: plant a wrong one
    wrong.__dict__["sites"] = (PowerSite(region.sites[0].centroid, region.sites[0].power_weight + 1, region.code[0]),)
    tampered = Partition(part.network, part.domain, part.regions[:1] + (wrong,) + part.regions[2:], part.edges)
    result = check_theorem_2(tampered)
    assert not result.holds and result.evidence.startswith("FAILED: site of region")


def test_theorem_3_fails_on_a_region_with_a_wrong_polytope():
    part = partition(HAND_BUILT["relu"])
    wrong = replace(part.regions[0], polytope=part.regions[1].polytope)
    tampered = Partition(part.network, part.domain, (wrong,) + part.regions[1:], part.edges)
    assert not check_theorem_3(tampered).holds


def test_verify_exit_status(tmp_path, capsys, monkeypatch):
    path = tmp_path / "net.json"
    save_network(HAND_BUILT["relu"], path)
    assert main(["verify", str(path), "--box", "-2", "2"]) == 0
    out = capsys.readouterr().out
    assert "25 results:" in out and "0 fail" in out
    monkeypatch.setattr(exactpd.cli.verify, "verify", lambda net, domain: [CheckResult("lemma-1", "s", Status.FAILS, "FAILED: forced")])
    assert main(["verify", str(path)]) == 1
    assert "NO" in capsys.readouterr().out


def test_verify_demo_network_exits_0_with_json(capsys):
    demo = str(Path(exactpd.__file__).parent / "data" / "demo_network.json")  # wherever the tests run from
    assert main(["verify", demo, "--box", "-1", "1", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in results] == IDS
    assert all(set(r) == {"id", "statement", "holds", "evidence"} and r["holds"] is True for r in results)
    evidence = {r["id"]: r["evidence"] for r in results}
    assert evidence["proposition-5"].startswith(NOT_APPLICABLE)
    assert "identically 0 on" in evidence["theorem-4"]  # the demo has units dead on some regions
    assert "printed prod D(l) = 36, corrected sum D(l) = 12" in evidence["e5"]


# ---------------------------------------------------------------- results that need a special network


@pytest.mark.parametrize("activation, slope", [("relu", None), ("leaky_relu", F(1, 4)), ("abs", None)])
def test_proposition_5_applies_to_orthogonal_two_layer_nets(activation, slope):
    net = Network(2, [Dense([[1, 1], [2, -2], [0, 0]], [0, F(-1, 2), 1], activation, slope), Dense([[1, -2, 3]], [F(-3, 4)])])
    part = partition(net)
    result = check_proposition_5(part)
    assert result.holds and result.applicable
    assert "bends across a single first-layer unit" in result.evidence and not result.evidence.startswith("0 ")


def test_proposition_6_with_equal_a_d_and_its_counterexample():
    net = Network(3, [Dense([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [0, 0, 0], "relu"), Dense([[1, 1, 1]], [F(-1, 2)])])
    result = check_proposition_6(partition(net))
    assert result.holds and result.applicable
    assert "2 active: 45.0 deg" in result.evidence and "3 active: 35.3 deg" in result.evidence
    unequal = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 3]], [-1])])
    result = check_proposition_6(partition(unequal))
    assert result.holds and not result.applicable and "E8" in result.evidence
    e8 = check_e8(partition(HAND_BUILT["relu"]))  # not a 2-layer orthogonal net: the spec's counter-example
    assert e8.holds
    for text in ("2 active: 5.7 deg", "6 active: 77.4 deg", "cos^2 100/101", "cos^2 1/21", "the printed trend fails"):
        assert text in e8.evidence


def test_fig_5_and_examples_1_2_under_weight_constraints():
    output = lambda n: Dense([[1] * n], [-1])
    rank_one = Network(2, [rank_one_layer([1, 2], ["-21/50", "-1/5", "-3/50", "1/5", "8/25", "2/5"]), output(6)])
    result = check_fig_5(partition(rank_one))
    assert result.holds and result.applicable and "rank 1" in result.evidence and "6 parallel cuts" in result.evidence
    two = Network(2, [orthogonal_layer([[1, 1], [2, -2]], [[0, 1, -1], [0, "1/2", 1]]), output(6)])
    result = check_fig_5(partition(two))
    assert result.holds and "two orthogonal directions" in result.evidence and "3 parallel cuts and 3 parallel cuts" in result.evidence
    assert not check_fig_5(partition(HAND_BUILT["relu"])).applicable
    axis = Network(2, [axis_parallel_layer(2, [0, 1, 0], [1, 2, -1], [0, 1, "1/2"]), output(3)])
    result = check_examples_1_2(partition(axis))
    assert result.holds and "Example 1 applies" in result.evidence
    diagonal = Network(2, [diagonal_layer(2, [[1, -1], [1, 1], [-1, 1]], [0, 1, "-1/2"]), output(3)])
    result = check_examples_1_2(partition(diagonal))
    assert result.holds and "Example 2 applies" in result.evidence


def test_e7_oblique_cuts_of_three_piece_units():
    net = Network(2, [Maso([[[1, 0], [0, 2], [0, 0]]], [[0, 0, F(-1, 2)]]), Dense([[1]], [-1])])
    result = check_e7(partition(net))
    assert result.holds and "(1 oblique)" in result.evidence


def test_e3_printed_form_where_it_is_defined():
    net = Network(2, [Dense([[1, 1], [1, -1]], [0, F(1, 2)], "relu"), Dense([[1, -1], [2, 1]], [-1, 0], "relu"), Dense([[1, 1]], [-1])])
    result = check_e3(partition(net))
    assert result.holds and "printed right on" in result.evidence and "(layers 2)" in result.evidence


def test_theorem_4_reports_regions_where_a_unit_is_dead():
    result = check_theorem_4(partition(HAND_BUILT["degenerate"]))
    assert result.holds and "identically 0 on" in result.evidence


def test_every_check_is_listed_once():
    assert [i for i, _ in CHECKS] == IDS
    assert len({f for _, f in CHECKS}) == len(CHECKS)


@pytest.mark.parametrize("seed", range(200))
def test_sign_of_a_difference_of_square_roots(seed):
    rng = random.Random(seed)
    p, q = F(rng.randint(0, 9), rng.randint(1, 3)), F(rng.randint(0, 9), rng.randint(1, 3))
    c = F(rng.randint(-6, 6), rng.randint(1, 3))
    if seed % 5 == 0:  # exact ties
        p, q, c = F(4), F(1), F(1)
    exact = sympy.sign(sympy.nsimplify(sympy.sqrt(sympy.Rational(p.numerator, p.denominator)) - sympy.sqrt(sympy.Rational(q.numerator, q.denominator)) - sympy.Rational(c.numerator, c.denominator)))
    assert sign_sqrt_gap(p, q, c) == int(exact)


# ---------------------------------------------------------------- three-valued status, exact angle order


def test_status_decides_applicability_not_the_evidence_text():
    assert not CheckResult("fig-5", "s", Status.NOT_APPLICABLE, "no direction").applicable
    misleading = CheckResult("fig-5", "s", Status.HOLDS, NOT_APPLICABLE + "in the text only")
    assert misleading.applicable and misleading.holds
    results = {r.id: r for r in verify(HAND_BUILT["affine-only"], square())}
    assert results["theorem-3"].status is Status.NOT_APPLICABLE and results["theorem-3"].holds
    assert results["lemma-1"].status is Status.HOLDS
    failed = check_theorem_3(Partition(*_tampered_relu()))
    assert failed.status is Status.FAILS and not failed.holds


def _tampered_relu():
    part = partition(HAND_BUILT["relu"])
    wrong = replace(part.regions[0], polytope=part.regions[1].polytope)
    return part.network, part.domain, (wrong,) + part.regions[1:], part.edges


@pytest.mark.parametrize("seed", range(100))
def test_cos_order_is_the_exact_angle_order(seed):
    rng = random.Random(seed)
    bends = []
    for _ in range(2):
        s = rng.choice([-1, 0, 1])
        c2 = F(0) if s == 0 else F(rng.randint(1, 9), 9)
        bends.append(Bend(0, 1, 0, c2, s, ()))
    angles = [sympy.acos(b.sign * sympy.sqrt(sympy.Rational(b.cos2.numerator, b.cos2.denominator))) for b in bends]
    difference = sympy.nsimplify(angles[0] - angles[1])
    larger = sympy.N(difference, 50) > 0 if difference != 0 else None
    if (bends[0].cos2, bends[0].sign) == (bends[1].cos2, bends[1].sign):
        assert cos_order(bends[0]) == cos_order(bends[1])
    else:
        assert larger == (cos_order(bends[0]) < cos_order(bends[1]))


def test_proposition_6_trend_is_decided_exactly_on_a_near_tie():
    # two bends whose angles agree to 15 decimals: the printed trend (fewer active units, larger bend) fails exactly
    tiny = F(1, 2**70)
    fewer = PredictedBend(Bend(0, 1, 0, F(1, 2), 1, ()), 0, F(1), F(1), F(1, 2), 1, 2)
    more = PredictedBend(Bend(1, 2, 1, F(1, 2) - tiny, 1, ()), 0, F(1), F(1), F(1, 2) - tiny, 1, 3)
    assert bend_degrees_float(fewer.bend) == bend_degrees_float(more.bend)  # floats cannot tell them apart
    assert not fewer_active_bend_more([fewer, more])
    assert fewer_active_bend_more([fewer, replace(more, bend=replace(more.bend, cos2=F(1, 2) + tiny))])


def test_checks_share_one_context_and_take_a_partition_or_a_context():
    part = partition(HAND_BUILT["relu"])
    context = CheckContext(part)
    assert check_theorem_2(part) == check_theorem_2(context)
    traces, sites = context.traces, context.sites
    for _, check in CHECKS:
        check(context)
    assert context.traces is traces and context.sites is sites  # computed once, shared by every check
    with pytest.raises(InvalidOptionError, match="a check takes a Partition or a CheckContext, got Network"):
        check_theorem_2(HAND_BUILT["relu"])
