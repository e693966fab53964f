"""Identities between losses, numerical extremes, and that losscore stays pure numpy."""

import subprocess
import sys

import numpy as np
import pytest
from loss_inputs import PARAM_SETS, sample

import losscore as lc


@pytest.mark.parametrize("seed, rows, classes", [(s, 1 + s % 5, 2 + s % 5) for s in range(10)])
def test_cce_identities(seed, rows, classes):
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 3, (rows, classes))
    k = rng.integers(0, classes, rows)
    p = lc.softmax(z)
    one_hot = np.eye(classes)[k]
    assert lc.cce(one_hot, p) == pytest.approx(lc.sparse_cce(k, p), rel=1e-12)
    assert lc.cce(one_hot, z, from_logits=True) == pytest.approx(lc.cce(one_hot, p), rel=1e-9, abs=1e-12)
    np.testing.assert_allclose(lc.cce_grad(one_hot, z, from_logits=True),
                               lc.sparse_cce_grad(k, z, from_logits=True))
    # a trailing axis of 1 on sparse labels is accepted
    assert lc.sparse_cce(k[:, None], p) == lc.sparse_cce(k, p)
    # softmax rows sum to 1 and ignore an added constant
    np.testing.assert_allclose(p.sum(axis=-1), 1.0)
    np.testing.assert_allclose(lc.softmax(z + rng.normal(0, 50)), p, atol=1e-12)


@pytest.mark.parametrize("seed, n", [(s, 1 + s % 8) for s in range(10)])
def test_bce_is_two_class_cce_and_focal_gamma_zero_is_bce(seed, n):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n).astype(float)
    p = rng.uniform(0.01, 0.99, n)
    two_class = lc.cce(np.stack([1 - y, y], -1), np.stack([1 - p, p], -1), reduction="none")
    np.testing.assert_allclose(lc.bce(y, p, reduction="none"), two_class, rtol=1e-12)
    np.testing.assert_allclose(lc.binary_focal(y, p, gamma=0.0, reduction="none"), lc.bce(y, p, reduction="none"))
    z = rng.normal(0, 4, n)
    np.testing.assert_allclose(lc.binary_focal(y, z, gamma=0.0, from_logits=True),
                               lc.bce(y, z, from_logits=True), rtol=1e-12)
    np.testing.assert_allclose(lc.bce(y, z, from_logits=True), lc.bce(y, lc.sigmoid(z)), rtol=1e-9)


def test_huber_tends_to_half_mse():
    rng = np.random.default_rng(0)
    y, p = rng.normal(0, 3, 50), rng.normal(0, 3, 50)
    gaps = [abs(lc.huber(y, p, delta=d) - lc.mse(y, p) / 2) for d in (1.0, 3.0, 10.0, 1e3)]
    assert gaps == sorted(gaps, reverse=True) and gaps[-1] == 0.0
    assert lc.huber(y, p, delta=np.inf) == pytest.approx(lc.mse(y, p) / 2)


def test_kld_is_cce_minus_entropy():
    y = np.array([[0.2, 0.3, 0.5]])
    p = np.array([[0.1, 0.6, 0.3]])
    entropy = -(y * np.log(y)).sum()
    assert lc.kld(y, p) == pytest.approx(lc.cce(y, p) - entropy)


def test_logits_of_1e4_give_their_exact_limits():
    z = np.array([[1e4, -1e4], [-1e4, 1e4], [0.0, 1e4]])
    y = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    # right by a margin of 2e4: no loss, no gradient; wrong by 2e4: a loss of 2e4 and a gradient of ±1
    np.testing.assert_allclose(lc.cce(y, z, from_logits=True, reduction="none"), [0.0, 2e4, 0.0], atol=1e-12)
    np.testing.assert_allclose(lc.cce_grad(y, z, from_logits=True, reduction="sum"),
                               [[0.0, 0.0], [-1.0, 1.0], [0.0, 0.0]], atol=1e-12)
    np.testing.assert_allclose(lc.sparse_cce([0, 0, 1], z, from_logits=True, reduction="none"), [0.0, 2e4, 0.0],
                               atol=1e-12)
    yb, zb = np.array([1.0, 1.0, 0.0]), np.array([1e4, -1e4, 1e4])
    np.testing.assert_allclose(lc.bce(yb, zb, from_logits=True, reduction="none"), [0.0, 1e4, 1e4])
    np.testing.assert_allclose(lc.bce_grad(yb, zb, from_logits=True, reduction="sum"), [0.0, -1.0, 1.0])
    # focal: (1 − p_t)^γ is exactly 1 for a confident mistake, so it keeps the full cross entropy
    np.testing.assert_allclose(lc.binary_focal(yb, zb, from_logits=True, gamma=0.5, reduction="none"),
                               [0.0, 1e4, 1e4])
    np.testing.assert_allclose(lc.softmax(z), [[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]], atol=1e-300)


@pytest.mark.parametrize("name", ["bce", "binary_focal", "cce", "sparse_cce", "kld"])
def test_probabilities_of_exactly_0_and_1_stay_finite(name):
    p = np.array([[1.0, 0.0], [0.0, 1.0]])
    y = np.array([0, 0]) if name == "sparse_cce" else np.array([[1.0, 0.0], [1.0, 0.0]])
    value, grad = lc.LOSSES[name].fn(y, p), lc.LOSSES[name].grad(y, p)
    assert np.isfinite(value) and np.isfinite(grad).all()
    # confidently wrong costs about −log(1e-7) per wrong prediction, confidently right about nothing
    if name in ("cce", "sparse_cce", "kld"):
        np.testing.assert_allclose(lc.LOSSES[name].fn(y, p, reduction="none"), [0.0, -np.log(1e-7)], atol=1e-6)


@pytest.mark.parametrize("name", list(PARAM_SETS))
def test_a_million_elements(name):
    spec = lc.LOSSES[name]
    for params in PARAM_SETS[name][:2]:
        shape = (250_000, 4) if spec.one_value_per == "sample" else (1_000_000,)
        y, p = sample(name, params, np.random.default_rng(1), shape)
        value, grad = spec.fn(y, p, **params), spec.grad(y, p, **params)
        # the mean over a million is the mean of the means of four quarters (no overflow, no lost precision),
        # and the gradient of the mean is that of the sum divided by the number of losses
        rows = spec.one_value_per == "element" or params.get("axis", -1) % p.ndim != 0  # samples along the first axis
        part = (lambda a, i: a[i::4]) if rows else (lambda a, i: a[:, i::4])
        quarters = [spec.fn(part(y, i), part(p, i), **params) for i in range(4)]
        assert value != 0 and value == pytest.approx(np.mean(quarters), rel=1e-9)
        n = (y.shape[0] if rows else y.shape[1]) if spec.one_value_per == "sample" else y.size
        np.testing.assert_allclose(grad * n, spec.grad(y, p, reduction="sum", **params), rtol=1e-12)


def test_losscore_never_imports_manim():
    code = "import sys, losscore; bad = [m for m in sys.modules if m.split('.')[0] in ('manim', 'scenes')]; print(bad)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
