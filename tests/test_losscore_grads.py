"""Every NAME_grad against a central finite difference of NAME, for every reduction and parameter set."""

import numpy as np
import pytest
from loss_inputs import PARAM_SETS, sample

import losscore as lc

CASES = [(name, params) for name, sets in PARAM_SETS.items() for params in sets]


def numeric_grad(spec, y_true, y_pred, reduction, params, h):
    """Central differences, one prediction at a time. For "none" each loss is differentiated with respect to its
    own predictions: per element, or per sample (the row of classes the prediction belongs to)."""
    grad = np.zeros_like(y_pred)
    for idx in np.ndindex(y_pred.shape):
        step = np.zeros_like(y_pred)
        step[idx] = h
        up = spec.fn(y_true, y_pred + step, reduction=reduction, **params)
        down = spec.fn(y_true, y_pred - step, reduction=reduction, **params)
        diff = np.asarray(up) - np.asarray(down)
        if reduction == "none":  # a per-sample loss: the sample is the index without the row's axis
            axis = params.get("axis", -1) % y_pred.ndim
            diff = diff[idx if spec.one_value_per == "element" else idx[:axis] + idx[axis + 1:]]
        grad[idx] = diff / (2 * h)
    return grad


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("name, params", CASES, ids=[f"{n}-{p}" for n, p in CASES])
@pytest.mark.parametrize("seed, rows, cols", [(0, 1, 2), (1, 2, 3), (2, 3, 4), (3, 2, 5)])
def test_grad_matches_finite_difference(name, params, reduction, seed, rows, cols):
    spec = lc.LOSSES[name]
    y_true, y_pred = sample(name, params, np.random.default_rng(seed), (rows, cols))
    # probabilities of a multiclass row must keep summing to 1 (within 1e-6 per class), so a smaller step
    h = 1e-7 if spec.kind == "multiclass" and not params.get("from_logits") else 1e-6
    analytic = spec.grad(y_true, y_pred, reduction=reduction, **params)
    assert analytic.shape == y_pred.shape and analytic.dtype == np.float64
    scale = max(1.0, float(np.abs(analytic).max()))
    np.testing.assert_allclose(analytic, numeric_grad(spec, y_true, y_pred, reduction, params, h),
                               rtol=2e-5, atol=2e-6 * scale)


def test_documented_subgradients_and_logit_gradients():
    # mae at zero residual: 0
    np.testing.assert_array_equal(lc.mae_grad([1.0, 2.0, 3.0], [1.0, 5.0, 0.0], reduction="none"), [0, 1, -1])
    # cce from logits: softmax(z) − y per sample, divided by the number of samples for "mean"
    z = np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]])
    y = np.array([[0, 1, 0], [1, 0, 0]])
    np.testing.assert_allclose(lc.cce_grad(y, z, from_logits=True), (lc.softmax(z) - y) / 2)
    np.testing.assert_allclose(lc.sparse_cce_grad([1, 0], z, from_logits=True), (lc.softmax(z) - y) / 2)
    # bce from logits: σ(z) − y
    np.testing.assert_allclose(lc.bce_grad([1.0, 0.0], [0.3, -2.0], from_logits=True, reduction="sum"),
                               lc.sigmoid([0.3, -2.0]) - [1.0, 0.0])


def test_gradient_is_taken_at_the_clipped_point():
    eps = 1e-7
    np.testing.assert_allclose(lc.bce_grad([1.0], [0.0], reduction="sum"), [-1 / eps])
    np.testing.assert_allclose(lc.cce_grad([[1.0, 0.0]], [[0.0, 1.0]], reduction="sum"), [[-1 / eps, 0.0]])
