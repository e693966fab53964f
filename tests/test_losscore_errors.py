"""Bad input raises the promised error, and the message names the argument and the problem."""

import numpy as np
import pytest

import losscore as lc

P = [[0.2, 0.8], [0.5, 0.5]]
Y = [[0.0, 1.0], [1.0, 0.0]]

CASES = [
    # (call, exception, the message must match this regex)
    (lambda: lc.mse([1, 2], [1, 2, 3]), ValueError, r"^y_pred: shape \(3,\) does not match y_true shape \(2,\)"),
    (lambda: lc.mse([], []), ValueError, r"^y_true: is empty"),
    (lambda: lc.mae([1, np.nan], [1, 2]), ValueError, r"^y_true: contains NaN or inf at index \(1,\)"),
    (lambda: lc.mae([1, 2], [np.inf, 2]), ValueError, r"^y_pred: contains NaN or inf"),
    (lambda: lc.mse(["a"], ["b"]), TypeError, r"^y_true: expected real numbers"),
    (lambda: lc.mse([1], [1 + 2j]), TypeError, r"^y_pred: expected real numbers"),
    (lambda: lc.mse([1], [2], reduction="avg"), ValueError, r"^reduction: got 'avg', expected one of"),
    (lambda: lc.mse_grad([1], [2], reduction=None), ValueError, r"^reduction:"),
    (lambda: lc.bce([1.0], [1.2]), ValueError, r"^y_pred: value 1.2 lies outside \[0, 1\].*from_logits=True"),
    (lambda: lc.bce([2.0], [0.5]), ValueError, r"^y_true: value 2 lies outside \[0, 1\]"),
    (lambda: lc.bce([1.0], [0.5], label_smoothing=1.5), ValueError, r"^label_smoothing: got 1.5, expected .*\[0, 1\]"),
    (lambda: lc.bce([1.0], [0.5], from_logits="yes"), ValueError, r"^from_logits: got 'yes', expected True or False"),
    (lambda: lc.cce(Y, [[0.9, 0.9], [0.5, 0.5]]), ValueError,
     r"^y_pred: row 0 sums to 1.8, expected a probability distribution \(pass from_logits=True for logits\)"),
    (lambda: lc.cce([[1.0, 1.0], [1.0, 0.0]], P), ValueError, r"^y_true: row 0 sums to 2, expected a probability"),
    (lambda: lc.cce(Y, [[0.2, 0.8], [1.99, -0.99]], from_logits=False), ValueError, r"^y_pred: value -0.99 lies"),
    (lambda: lc.cce(Y, [[0.2, 0.8], [0.99, 1.0]]), ValueError, r"^y_pred: row 1 sums to 1.99"),
    (lambda: lc.cce([1.0], [0.5, 0.5]), ValueError, r"^y_pred: shape \(2,\) does not match y_true shape \(1,\)"),
    (lambda: lc.kld([[0.5, 0.6]], [[0.5, 0.5]]), ValueError, r"^y_true: row 0 sums to 1.1"),
    (lambda: lc.sparse_cce([0.5, 1], P), ValueError, r"^y_true: label 0.5 is not a whole number"),
    (lambda: lc.sparse_cce([0, 2], P), ValueError, r"^y_true: class id 2 lies outside \[0, 2\)"),
    (lambda: lc.sparse_cce([-1, 0], P), ValueError, r"^y_true: class id -1 lies outside"),
    (lambda: lc.sparse_cce([0, 1, 1], P), ValueError, r"^y_true: shape \(3,\) does not fit y_pred shape \(2, 2\)"),
    (lambda: lc.sparse_cce([0, 1], [[0.5, 0.6], [0.5, 0.5]]), ValueError, r"^y_pred: row 0 sums to 1.1"),
    (lambda: lc.hinge([0, 1], [0.3, 0.2]), ValueError, r"^y_true: hinge labels must be -1 or \+1, got 0 .*2 \* y - 1"),
    (lambda: lc.squared_hinge_grad([2, 1], [0.3, 0.2]), ValueError, r"^y_true: hinge labels"),
    (lambda: lc.huber([1], [2], delta=0), ValueError, r"^delta: got 0, expected a number > 0"),
    (lambda: lc.huber_grad([1], [2], delta=-1.0), ValueError, r"^delta:"),
    (lambda: lc.general_robust([1], [2], scale=0.0), ValueError, r"^scale: got 0.0, expected a number > 0"),
    (lambda: lc.general_robust([1], [2], alpha=np.nan), ValueError, r"^alpha:"),
    (lambda: lc.quantile([1], [2], q=1.0), ValueError, r"^q: got 1.0, expected a number in \(0, 1\)"),
    (lambda: lc.quantile_grad([1], [2], q=0), ValueError, r"^q: got 0, expected a number in \(0, 1\)"),
    (lambda: lc.binary_focal([1], [0.5], gamma=-1), ValueError, r"^gamma: got -1, expected a number in \[0, inf\]"),
    (lambda: lc.binary_focal([1], [0.5], alpha=1.5), ValueError, r"^alpha: got 1.5"),
    (lambda: lc.softmax([1, 2], temperature=0), ValueError, r"^temperature: got 0, expected a number > 0"),
    (lambda: lc.log_softmax([1, 2], axis=2), ValueError, r"^axis: got 2"),
    (lambda: lc.softmax([np.nan, 1]), ValueError, r"^z: contains NaN or inf"),
    (lambda: lc.sigmoid("x"), TypeError, r"^z: expected real numbers"),
    (lambda: lc.poisson([1.0], [-0.5]), ValueError, r"^y_pred: value -0.5 is negative, expected rates"),
    (lambda: lc.poisson_grad([-1.0], [0.5]), ValueError, r"^y_true: value -1 is negative, expected counts"),
    (lambda: lc.mape([1.0], [np.nan]), ValueError, r"^y_pred: contains NaN"),
    (lambda: lc.msle([[1.0]], [1.0]), ValueError, r"^y_pred: shape \(1,\) does not match"),
    (lambda: lc.cosine_similarity(1.0, 2.0), ValueError, r"^y_true: is a scalar"),
    (lambda: lc.cosine_similarity([[1.0, 2.0]], [[1.0, 2.0]], axis=2), ValueError, r"^axis: got 2"),
    (lambda: lc.categorical_hinge_grad(1.0, 2.0), ValueError, r"^y_pred: is a scalar"),
    (lambda: lc.categorical_focal(Y, P, alpha=None), ValueError, r"^alpha: got None"),
    (lambda: lc.categorical_focal(Y, P, gamma=-0.5), ValueError, r"^gamma: got -0.5"),
    (lambda: lc.categorical_focal(Y, [[0.2, 0.9], [0.5, 0.5]]), ValueError, r"^y_pred: row 0 sums to 1.1"),
    (lambda: lc.categorical_focal(Y, P, label_smoothing=-0.1), ValueError, r"^label_smoothing:"),
    (lambda: lc.dice([1.0, 0.0], [0.5, 0.5]), ValueError, r"^y_true: shape \(2,\) has no sample axis"),
    (lambda: lc.tversky(Y, P, alpha=-1.0), ValueError, r"^alpha: got -1.0, expected a number in \[0, inf\)"),
    (lambda: lc.tversky_grad(Y, P, beta="x"), ValueError, r"^beta: got 'x'"),
]


@pytest.mark.parametrize("call, error, message", CASES, ids=[c[2][:40] for c in CASES])
def test_bad_input_raises_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_every_loss_refuses_a_shape_mismatch_and_an_unknown_reduction():
    # losses of (y_true, y_pred); those with inputs of their own names refuse bad input in test_losscore_courses
    for spec in (spec for spec in lc.LOSSES.values() if spec.inputs == lc.registry.ONE_PREDICTION):
        target = spec.picture.target
        y = [0, 1] if target == "class id" else [[-1.0, 1.0], [1.0, -1.0]] if target == "sign" \
            else [[0.0, 1.0], [1.0, 0.0]]
        for fn in (spec.fn, spec.grad):
            with pytest.raises(ValueError, match=r"^reduction:"):
                fn(y, P, reduction="average", **spec.picture_params)
            with pytest.raises(ValueError, match=r"^y_(true|pred): shape"):
                fn(y, [[0.2, 0.8], [0.5, 0.5], [0.5, 0.5]], **spec.picture_params)
