"""Time the exact forward pass, code_at and trace on a 2-16-16-16-1 ReLU network.

Run: ``python3 benchmarks/bench_forward.py``.  Two weight kinds: short rationals
(denominators up to 9) and floats (exact binary values, denominators up to 2^60 or so).
"""

from __future__ import annotations

import random
import time
from fractions import Fraction

from exactpd import Dense, Network, code_at, forward, trace


def network(kind: str, rng: random.Random) -> Network:
    def number():
        return rng.gauss(0, 1) if kind == "float" else Fraction(rng.randint(-9, 9), rng.randint(1, 9))

    def dense(n_out, n_in, activation):
        return Dense([[number() for _ in range(n_in)] for _ in range(n_out)], [number() for _ in range(n_out)], activation)

    return Network(2, [dense(16, 2, "relu"), dense(16, 16, "relu"), dense(16, 16, "relu"), dense(1, 16, None)])


def per_point(function, net, points) -> float:
    function(net, points[0])  # prepare the network once
    start = time.perf_counter()
    for x in points:
        function(net, x)
    return (time.perf_counter() - start) / len(points)


def main() -> None:
    rng = random.Random(0)
    points = [[Fraction(rng.randint(-200, 200), 97), rng.uniform(-2, 2)] for _ in range(300)]
    for kind in ("rational", "float"):
        net = network(kind, rng)
        for function in (forward, code_at, trace):
            seconds = per_point(function, net, points if function is not trace else points[:60])
            print(f"{kind:8s} 2-16-16-16-1  {function.__name__:8s} {seconds * 1e3:7.3f} ms/point")


if __name__ == "__main__":
    main()
