"""Benchmark: losscore's loss + gradient on a million elements, next to the bare numpy expression of the same math.

Prints figures; asserts nothing. Run with `make bench`.
"""

import sys
import timeit
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parents[1] / "support"))

from loss_inputs import sample  # noqa: E402

import losscore as lc  # noqa: E402

EPS = 1e-7


def _plain(name, y, p):
    """The unvalidated numpy one-liners (mean reduction) that losscore's value + gradient replace."""
    n = p.size
    if name == "mae":
        return np.abs(p - y).mean(), np.sign(p - y) / n
    if name == "mse":
        return ((p - y) ** 2).mean(), 2 * (p - y) / n
    if name == "bce":
        q = np.clip(p, EPS, 1 - EPS)
        return -(y * np.log(q) + (1 - y) * np.log(1 - q)).mean(), (q - y) / (q * (1 - q)) / n
    if name == "cce":
        q = np.clip(p, EPS, 1 - EPS)
        rows = p.shape[0]
        return -(y * np.log(q)).sum(-1).mean(), -y / q / rows
    return None


def best_of(fn, repeat=5):
    return min(timeit.repeat(fn, number=1, repeat=repeat))


def main():
    rng = np.random.default_rng(0)
    print("losscore: loss + gradient on 1e6 elements (best of 5), mean reduction")
    print(f"{'loss':<16}{'losscore ms':>12}{'plain numpy ms':>16}{'ratio':>8}")
    for name, spec in lc.LOSSES.items():
        # pairs, triplets, sequences and losses of more inputs: sizes of their own (their tests)
        if not spec.takes_one_prediction or spec.inputs != lc.registry.ONE_PREDICTION:
            continue
        shape = (250_000, 4) if spec.one_value_per == "sample" else (1_000_000,)
        params = dict(spec.picture_params)
        y, p = sample(name, params, rng, shape)
        ours = best_of(lambda spec=spec, y=y, p=p, kw=params: (spec.fn(y, p, **kw), spec.grad(y, p, **kw)))
        plain_fn = _plain(name, y, p) and (lambda name=name, y=y, p=p: _plain(name, y, p))
        plain = best_of(plain_fn) if plain_fn else None
        ratio = f"{ours / plain:8.2f}" if plain else f"{'':>8}"
        plain_text = f"{plain * 1e3:16.1f}" if plain else f"{'-':>16}"
        print(f"{name:<16}{ours * 1e3:12.1f}{plain_text}{ratio}")


if __name__ == "__main__":
    main()
