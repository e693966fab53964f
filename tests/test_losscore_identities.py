"""Identities between losses, numerical extremes, and that losscore stays pure numpy."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import losscore as lc
from loss_inputs import PARAM_SETS, sample

seeds = st.integers(0, 2**32 - 1)


@settings(max_examples=30, deadline=None)
@given(seed=seeds, rows=st.integers(1, 5), classes=st.integers(2, 6))
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


@settings(max_examples=30, deadline=None)
@given(seed=seeds, n=st.integers(1, 8))
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


@pytest.mark.parametrize("name", ["bce", "binary_focal", "cce", "sparse_cce"])
def test_logits_of_1e4_stay_finite(name):
    z = np.array([[1e4, -1e4], [-1e4, 1e4], [0.0, 1e4]])
    y = {"sparse_cce": np.array([0, 0, 0])}.get(name, np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
    for params in ({}, {"gamma": 0.5}) if name == "binary_focal" else ({},):
        value = lc.LOSSES[name].loss(y, z, from_logits=True, **params)
        grad = lc.LOSSES[name].grad(y, z, from_logits=True, **params)
        assert np.isfinite(value) and np.isfinite(grad).all()
    assert np.isfinite(lc.softmax(z)).all() and np.isfinite(lc.log_softmax(z)).all()


@pytest.mark.parametrize("name", ["bce", "binary_focal", "cce", "sparse_cce", "kld"])
def test_probabilities_of_exactly_0_and_1_stay_finite(name):
    p = np.array([[1.0, 0.0], [0.0, 1.0]])
    y = np.array([0, 0]) if name == "sparse_cce" else np.array([[1.0, 0.0], [1.0, 0.0]])
    value, grad = lc.LOSSES[name].loss(y, p), lc.LOSSES[name].grad(y, p)
    assert np.isfinite(value) and np.isfinite(grad).all()
    # confidently wrong costs about −log(1e-7) per wrong prediction, confidently right about nothing
    if name in ("cce", "sparse_cce", "kld"):
        np.testing.assert_allclose(lc.LOSSES[name].loss(y, p, reduction="none"), [0.0, -np.log(1e-7)], atol=1e-6)


@pytest.mark.parametrize("name", list(PARAM_SETS))
def test_a_million_elements(name):
    spec = lc.LOSSES[name]
    for params in PARAM_SETS[name][:2]:
        shape = (250_000, 4) if spec.per == "sample" else (1_000_000,)
        y, p = sample(name, params, np.random.default_rng(1), shape)
        assert np.isfinite(spec.loss(y, p, **params))
        assert np.isfinite(spec.grad(y, p, **params)).all()


def test_losscore_never_imports_manim():
    code = "import sys, losscore; bad = [m for m in sys.modules if m.split('.')[0] in ('manim', 'scenes')]; print(bad)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
