"""Valid random inputs for every loss in the registry, kept away from kinks and clipping so finite differences apply."""

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
    "bce": [{}, {"from_logits": True}, {"label_smoothing": 0.2}, {"from_logits": True, "label_smoothing": 0.1}],
    "binary_focal": [{}, {"gamma": 0.0}, {"gamma": 0.5, "alpha": 0.25}, {"from_logits": True},
                     {"from_logits": True, "gamma": 0.5, "alpha": 0.75}],
    "hinge": [{}],
    "squared_hinge": [{}],
    "cce": [{}, {"from_logits": True}, {"label_smoothing": 0.1}, {"from_logits": True, "label_smoothing": 0.3}],
    "sparse_cce": [{}, {"from_logits": True}],
    "kld": [{}],
}
assert set(PARAM_SETS) == set(losscore.LOSSES), "every registry loss needs parameter sets here"


def _away_from(x, points, gap):
    """Shift entries of x that lie within `gap` of any kink point to `gap` beyond it."""
    for p in points:
        near = np.abs(x - p) < gap
        x = np.where(near, p + np.where(x >= p, gap, -gap), x)
    return x


def sample(name, params, rng, shape):
    """(y_true, y_pred) for loss `name` of the given shape (for multiclass the last axis is the classes)."""
    spec = losscore.LOSSES[name]
    logits = params.get("from_logits", False)
    if spec.kind == "regression":
        y = rng.uniform(-3, 3, shape)
        x = rng.uniform(-3, 3, shape)
        kinks = {"mae": [0.0], "quantile": [0.0], "huber": [-params.get("delta", 1.0), params.get("delta", 1.0)]}
        return y, y + _away_from(x, kinks.get(name, []), 1e-2)
    if name in ("hinge", "squared_hinge"):
        y = rng.choice([-1.0, 1.0], shape)
        score = rng.uniform(-3, 3, shape)
        return y, y * _away_from(score * y, [1.0], 1e-2)  # the margin y·ŷ kept away from its kink at 1
    if spec.kind == "binary":
        y = np.where(rng.random(shape) < 0.5, rng.choice([0.0, 1.0], shape), rng.random(shape))
        pred = rng.uniform(-6, 6, shape) if logits else rng.uniform(0.02, 0.98, shape)
        return y, pred
    z = rng.normal(0, 2, shape)
    pred = z if logits else losscore.softmax(z) * 0.9 + 0.1 / shape[-1]  # probabilities away from the clip
    n_classes = shape[-1]
    labels = rng.integers(0, n_classes, shape[:-1])
    if name == "sparse_cce":
        return labels, pred
    soft = losscore.softmax(rng.normal(0, 1, shape))
    one_hot = np.eye(n_classes)[labels]
    y = np.where(rng.random(shape[:-1] + (1,)) < 0.5, one_hot, soft)
    if name == "kld":
        y = soft * 0.9 + 0.1 / n_classes
    return y, pred
