"""Margin losses for classification, as PyTorch defines them: the logistic soft margin (labels ±1), the multiclass
hinge of Weston & Watkins / Crammer–Singer style (``multi_margin``), and the multi-label soft margin.

Conventions shared by every function here:

- Arguments follow ``torch.nn.functional`` with the target first: ``NAME(y_true, y_pred, *, reduction="mean",
  **params)``; the parameters are keyword-only.
- Reduction, as ``_reduce`` says, with torch's meaning: soft_margin gives one loss per element, multi_margin and
  multilabel_soft_margin one per sample (a row of C classes). ``NAME_grad`` is d(result)/d y_pred, shaped like
  y_pred.
- Errors, as ``_checks`` says, name the argument: ValueError for shapes that differ or do not fit, an empty array,
  NaN or inf, an unknown reduction, or a value outside what its Args line allows (labels other than ±1, targets
  other than 0/1, class ids out of range or not whole); TypeError for values that are not real numbers.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import activations
from ._checks import as_array, check_in_range, check_pair, check_same_shape
from ._reduce import check_reduction, reduce_grad, reduce_loss
from .likelihood import class_id_rows


def check_signs(y: np.ndarray, name: str = "y_true") -> np.ndarray:
    """Labels that are −1 or +1."""
    bad = (y != 1) & (y != -1)
    if bad.any():
        raise ValueError(f"{name}: value {y[bad][0]:g} is not −1 or +1, expected labels ±1")
    return y


def _soft_margin_inputs(y_true, y_pred, reduction):
    check_reduction(reduction)
    y, scores = check_pair(y_true, y_pred)
    return check_signs(y), scores


def soft_margin(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> float | np.ndarray:
    """Soft margin loss, as PyTorch ``soft_margin_loss``: the logistic loss of a score x for a label y = ±1.

    L = log(1 + e^{−y·x}) per element (computed without overflow);  dL/dx = −y·σ(−y·x).
    It is BCE with logits for labels mapped from {−1, +1} to {0, 1}: a smooth hinge that never quite reaches 0.

    Args:
        y_true: labels −1 or +1.
        y_pred: real scores, shaped like y_true.
        reduction: "mean", "sum" or "none".

    Returns:
        The soft margin loss: a float, or one per element for reduction="none".

    Example (a score of 0 costs log 2 whatever the label):

    >>> round(soft_margin([1.0, -1.0], [0.0, 0.0]), 4)
    0.6931
    """
    y, scores = _soft_margin_inputs(y_true, y_pred, reduction)
    return reduce_loss(activations.softplus(-y * scores), reduction)


def soft_margin_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    """d soft_margin / d y_pred, shaped like y_pred: −y·σ(−y·x) per element; arguments as soft_margin.

    Example (torch's soft_margin_loss agrees):

    >>> soft_margin_grad([1.0, -1.0], [0.0, 2.0], reduction="sum").round(4)
    array([-0.5   ,  0.8808])
    """
    y, scores = _soft_margin_inputs(y_true, y_pred, reduction)
    return reduce_grad(-y * activations.sigmoid(-y * scores), scores.size, reduction)


def _multi_margin_inputs(y_true, y_pred, reduction, p, margin):
    check_reduction(reduction)
    if p not in (1, 2) or isinstance(p, bool):
        raise ValueError(f"p: got {p!r}, expected 1 or 2 (torch supports only these)")
    margin = check_in_range(margin, "margin", -np.inf, np.inf)
    ids, rows, shape = class_id_rows(y_true, y_pred, "scores")
    n = np.arange(len(ids))
    hinge = np.maximum(margin - rows[n, ids][:, None] + rows, 0.0)
    hinge[n, ids] = 0.0  # the true class is not compared with itself
    return hinge, ids, shape, int(p)


def multi_margin(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", p: int = 1,
                 margin: float = 1.0) -> float | np.ndarray:
    """Multiclass margin loss, as PyTorch ``multi_margin_loss`` (a multiclass SVM hinge, Weston & Watkins 1999):

    L_n = Σ_{i ≠ y} max(0, margin − x_y + x_i)^p / C  for the scores x of sample n, true class y, C classes.
    Every wrong class whose score comes within `margin` of the true one adds to the loss; p = 2 squares each term.
    dL/dx_i = p·h_i^{p−1}/C for each wrong class i with h_i > 0, and dL/dx_y = −(their sum).

    Args:
        y_true: class ids in [0, C), shape (N,), or a scalar for one row.
        y_pred: scores, shape (N, C) or (C,).
        reduction: "mean", "sum" or "none".
        p: 1 or 2, the power of each hinge term.
        margin: by how much the true class's score must beat every other.

    Returns:
        The multi margin loss: a float, or one per sample for reduction="none".

    Example (torch's docs: scores 0.1, 0.2, 0.4, 0.8 with class 3: (0.3 + 0.4 + 0.6)/4):

    >>> round(multi_margin([3], [[0.1, 0.2, 0.4, 0.8]]), 4)
    0.325
    """
    hinge, _, _, p = _multi_margin_inputs(y_true, y_pred, reduction, p, margin)
    return reduce_loss((hinge**p).sum(axis=1) / hinge.shape[1], reduction)


def multi_margin_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", p: int = 1,
                      margin: float = 1.0) -> np.ndarray:
    """d multi_margin / d y_pred, shaped like y_pred: p·h^{p−1}/C on each wrong class with an active
    hinge h, minus their sum on the true class; arguments as multi_margin.

    Example (three wrong classes inside the margin push up; the true class is pulled by all three):

    >>> multi_margin_grad([3], [[0.1, 0.2, 0.4, 0.8]])
    array([[ 0.25,  0.25,  0.25, -0.75]])
    """
    hinge, ids, shape, p = _multi_margin_inputs(y_true, y_pred, reduction, p, margin)
    active = hinge > 0
    grad = np.where(active, p * hinge ** (p - 1), 0.0) / hinge.shape[1]
    grad[np.arange(len(ids)), ids] = -grad.sum(axis=1)
    return reduce_grad(grad, len(ids), reduction).reshape(shape)


def _multilabel_inputs(y_true, y_pred, reduction):
    check_reduction(reduction)
    y, logits = as_array(y_true, "y_true"), as_array(y_pred, "y_pred")
    check_same_shape(y, logits)
    if logits.ndim not in (1, 2):
        raise ValueError(f"y_pred: shape {logits.shape}, expected logits (N, C) or (C,)")
    bad = (y != 0) & (y != 1)
    if bad.any():
        raise ValueError(f"y_true: value {y[bad][0]:g} is not 0 or 1, expected multi-label targets (N, C) of 0/1")
    return y.reshape(-1, y.shape[-1]), logits.reshape(-1, logits.shape[-1]), logits.shape


def multilabel_soft_margin(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> float | np.ndarray:
    """Multi-label soft margin loss, as PyTorch ``multilabel_soft_margin_loss``: C independent yes/no questions
    per sample, each a binary cross entropy on a logit, averaged over the C classes:

    L_n = −(1/C) Σ_i [y_i log σ(x_i) + (1 − y_i) log σ(−x_i)];  dL/dx_i = (σ(x_i) − y_i)/C.

    Args:
        y_true: targets 0 or 1, shape (N, C) or (C,).
        y_pred: logits, shaped like y_true.
        reduction: "mean", "sum" or "none".

    Returns:
        The multi-label soft margin loss: a float, or one per sample for reduction="none".

    Example (two logits of 0: log 2 each, averaged):

    >>> round(multilabel_soft_margin([[1.0, 0.0]], [[0.0, 0.0]]), 4)
    0.6931
    """
    y, logits, _ = _multilabel_inputs(y_true, y_pred, reduction)
    losses = y * activations.softplus(-logits) + (1.0 - y) * activations.softplus(logits)
    return reduce_loss(losses.mean(axis=1), reduction)


def multilabel_soft_margin_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    """d multilabel_soft_margin / d y_pred, shaped like y_pred: (σ(x) − y)/C per logit;
    arguments as multilabel_soft_margin.

    Example (torch's multilabel_soft_margin_loss agrees):

    >>> multilabel_soft_margin_grad([[1.0, 0.0]], [[0.0, 0.0]])
    array([[-0.25,  0.25]])
    """
    y, logits, shape = _multilabel_inputs(y_true, y_pred, reduction)
    grad = (activations.sigmoid(logits) - y) / y.shape[1]
    return reduce_grad(grad, y.shape[0], reduction).reshape(shape)
