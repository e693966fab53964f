"""Valid random inputs for every loss in the registry, chosen by what its target looks like (the registry's
Picture.target) and kept away from kinks and clipping so finite differences apply."""

import numpy as np

import losscore

# Parameter sets each loss is checked under (the defaults first).
PARAM_SETS = {
    "mae": [{}],
    "mse": [{}],
    "huber": [{}, {"delta": 0.3}, {"delta": 4.0}],
    "log_cosh": [{}],
    "quantile": [{}, {"q": 0.1}, {"q": 0.9}],
    "general_robust": [{"alpha": a, "scale": c} for a in (2.0, 1.0, 0.5, 0.0, -2.0, -np.inf, np.inf, 3.0)
                       for c in (1.0, 0.7)],
    "poisson": [{}],
    "smooth_l1": [{}, {"beta": 0.3}, {"beta": 0.0}],
    "gaussian_nll": [{"var": 1.0}, {"var": 0.4, "full": True}],
    "poisson_nll": [{}, {"log_input": False}, {"full": True}],
    "soft_margin": [{}],
    "hinge_embedding": [{}, {"margin": 2.0}],
    "nll": [{}],
    "multi_margin": [{}, {"p": 2, "margin": 0.5}],
    "multilabel_soft_margin": [{}],
    "mape": [{}],
    "msle": [{}],
    "bce": [{}, {"from_logits": True}, {"label_smoothing": 0.2}, {"from_logits": True, "label_smoothing": 0.1}],
    "binary_focal": [{}, {"gamma": 0.0}, {"gamma": 0.5, "alpha": 0.25}, {"from_logits": True},
                     {"from_logits": True, "gamma": 0.5, "alpha": 0.75}],
    "hinge": [{}],
    "squared_hinge": [{}],
    "cce": [{}, {"from_logits": True}, {"label_smoothing": 0.1}, {"from_logits": True, "label_smoothing": 0.3}],
    "sparse_cce": [{}, {"from_logits": True}],
    "kld": [{}],
    "categorical_hinge": [{}],
    "categorical_focal": [{}, {"gamma": 0.0, "alpha": 1.0}, {"gamma": 0.5, "alpha": 0.5}, {"from_logits": True},
                          {"from_logits": True, "label_smoothing": 0.2, "gamma": 3.0}],
    "cosine_similarity": [{}, {"axis": 0}],
    "dice": [{}],
    "tversky": [{}, {"alpha": 0.7, "beta": 0.3}, {"alpha": 0.0, "beta": 1.0}],
    "sparsemax_loss": [{}],
    "poly1": [{}, {"epsilon": -1.0}, {"epsilon": 0.5}],
    "distillation": [{}, {"temperature": 1.0}, {"temperature": 4.5}],
    "lovasz_hinge": [{}],
}
# A loss of one prediction whose picture holds other inputs (DPO's rejected log-probabilities, min_snr_mse's SNR)
# is not called as fn(y_true, y_pred): test_losscore_courses checks its values and gradients against its references.
assert set(PARAM_SETS) == {name for name, spec in losscore.LOSSES.items()
                           if spec.takes_one_prediction and not spec.picture.held}, \
    "every registry loss of a target and a prediction alone needs parameter sets here"


def _away_from(x, points, gap):
    """Shift entries of x that lie within `gap` of any kink point to `gap` beyond it."""
    for p in points:
        near = np.abs(x - p) < gap
        x = np.where(near, p + np.where(x >= p, gap, -gap), x)
    return x


def _real(params, rng, shape):
    """A target and a residual; the residual kept off every kink a regression loss has (0, ±δ)."""
    y = rng.uniform(-3, 3, shape)
    bend = params.get("delta", params.get("beta", 1.0))  # huber's δ, smooth L1's β
    return y, y + _away_from(rng.uniform(-3, 3, shape), [0.0, -bend, bend], 1e-2)


def sample(name, params, rng, shape):
    """(y_true, y_pred) for the one-prediction loss `name` of the given shape (for a per-sample loss the last axis
    is the row)."""
    spec = losscore.LOSSES[name]
    target, logits = spec.picture.target, params.get("from_logits", False)
    if target == "count":
        return rng.integers(0, 6, shape).astype(float), rng.uniform(0.1, 6, shape)
    if target == "real" and spec.picture.x_range[0] >= 0:  # losses of positive quantities (percentages, logs)
        y = rng.uniform(0.5, 5, shape)
        return y, y * _away_from(rng.uniform(0.2, 3, shape), [1.0], 1e-2)
    if target == "real":
        return _real(params, rng, shape)
    if target == "sign":
        y = rng.choice([-1.0, 1.0], shape)
        # y·ŷ off the hinge's kink at 1; for y = −1 also ŷ off a hinge embedding's margin
        margin = params.get("margin", 1.0)
        return y, y * _away_from(rng.uniform(-3, 3, shape) * y * y, [1.0, -margin], 1e-2)
    if target == "probability":
        y = np.where(rng.random(shape) < 0.5, rng.choice([0.0, 1.0], shape), rng.random(shape))
        return y, rng.uniform(-6, 6, shape) if logits else rng.uniform(0.02, 0.98, shape)
    if target == "direction":
        return rng.normal(0, 2, shape), rng.normal(0, 2, shape)
    if target == "multi-hot":
        return (rng.random(shape) < 0.5).astype(float), rng.normal(0, 2, shape)
    if target == "mask":
        mask = (rng.random(shape) < 0.5).astype(float)
        if spec.picture.inputs(np.array([0.0]))[1].min() < 0:  # logits (the picture's own inputs say so), against
            return mask, _away_from(rng.normal(0, 1.5, shape), [-1.0, 1.0], 1e-2)  # a margin ±1 where hinges bend
        return mask, rng.uniform(0.02, 0.98, shape)
    if target == "logits":  # a teacher's logits and a student's
        return rng.normal(0, 2, shape), rng.normal(0, 2, shape)
    n_classes = shape[-1]
    labels = rng.integers(0, n_classes, shape[:-1])
    one_hot = np.eye(n_classes)[labels]
    if spec.picture.right_at > 1:  # scores against a margin: every wrong score kept off ties and the margin
        scores = rng.normal(0, 2, shape) + np.arange(n_classes) * 0.05
        margin = params.get("margin", 1.0)
        hinges = margin - (scores * one_hot).sum(-1, keepdims=True) + scores
        near = (np.abs(hinges) < 1e-2) & (one_hot == 0)
        scores = scores + one_hot * np.where(near.any(-1, keepdims=True), 0.05, 0.0)
        return (labels if target == "class id" else one_hot), scores
    z = rng.normal(0, 2, shape)
    pred = z if logits else losscore.softmax(z) * 0.9 + 0.1 / n_classes  # probabilities away from the clip
    if target == "class id":
        # a prediction given as log-probabilities (nll): the picture's own inputs say so
        logs = spec.picture.inputs(np.array([0.5]))[1].max() < 0
        return labels, losscore.log_softmax(z) if logs else pred
    soft = losscore.softmax(rng.normal(0, 1, shape))
    return np.where(rng.random(shape[:-1] + (1,)) < 0.5, one_hot, soft), pred
