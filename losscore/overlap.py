"""Losses between whole vectors or masks, one value per sample: cosine similarity (directions), Dice and Tversky
(overlap of segmentation masks), as Keras defines them.

Conventions shared by every function here:

- Arguments: ``NAME(y_true, y_pred, *, reduction="mean", **params)``, with `y_true` the targets and `y_pred` the
  predictions, array-likes of real numbers of one shape (no broadcasting); the parameters are keyword-only.
- Reduction, as ``_reduce`` says, over one loss per sample: cosine_similarity's samples are the vectors along
  `axis`; dice's and tversky's are the entries of the first axis, each a whole mask (every other axis summed).
  ``NAME_grad`` is d(result)/d y_pred, shaped like y_pred.
- Smaller is better: the loss is the negative cosine, or one minus the overlap score.
- ε = 1e-7 (``EPSILON``, Keras's): norms are clipped below at ε and the overlap scores' denominators add ε, so zero
  vectors and empty masks give finite values.
- Errors, as ``_checks`` says, name the argument: ValueError for shapes that differ, an empty array, NaN or inf,
  an unknown reduction, or a value outside what its Args line allows (a scalar for cosine_similarity, masks without
  a sample axis, α or β < 0); TypeError for values that are not real numbers.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import EPSILON, check_axis, check_in_range, check_pair
from ._reduce import check_reduction, reduce_grad, reduce_loss


def _unit(x, axis):
    """(x / max(‖x‖, ε), max(‖x‖, ε)) along `axis`: Keras's l2-normalisation, so a zero vector stays zero."""
    norm = np.maximum(np.sqrt((x * x).sum(axis=axis, keepdims=True)), EPSILON)
    return x / norm, norm


def _cosine_inputs(y_true, y_pred, reduction, axis):
    check_reduction(reduction)
    y, pred = check_pair(y_true, y_pred)
    if y.ndim == 0:
        raise ValueError("y_true: is a scalar, expected vectors along `axis`")
    return y, pred, check_axis(axis, y.ndim)


def cosine_similarity(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean",
                      axis: int = -1) -> float | np.ndarray:
    """Cosine similarity loss, as Keras ``CosineSimilarity``: the *negative* cosine of the angle between y and ŷ
    along `axis`, one value per vector:

    L = −Σ ŷ/‖ŷ‖ · y/‖y‖ ∈ [−1, 1], norms clipped below at ε (Keras), so a zero vector gives 0.
    Only directions count: scaling ŷ by any c > 0 leaves L unchanged.
    dL/dŷ = −(u − (u·v)v)/‖ŷ‖ with u = y/‖y‖, v = ŷ/‖ŷ‖ (perpendicular to ŷ); −u/ε where ‖ŷ‖ < ε.

    Args:
        y_true: vectors along `axis`.
        y_pred: predicted vectors, shaped like y_true.
        reduction: "mean", "sum" or "none".
        axis: the axis that holds each vector's components.

    Returns:
        The cosine similarity loss: a float, or one per vector for reduction="none".

    Example (Keras's docs: [-0., -1., 1.]):

    >>> y, y_hat = [[0.0, 1.0], [1.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0], [-1.0, -1.0]]
    >>> cosine_similarity(y, y_hat, reduction="none").round(4)
    array([-0., -1.,  1.])
    """
    y, pred, axis = _cosine_inputs(y_true, y_pred, reduction, axis)
    return reduce_loss(-(_unit(y, axis)[0] * _unit(pred, axis)[0]).sum(axis=axis), reduction)


def cosine_similarity_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean",
                           axis: int = -1) -> np.ndarray:
    """d cosine_similarity / d y_pred, shaped like y_pred: −(u − (u·v)v)/‖ŷ‖
    (see cosine_similarity); arguments as cosine_similarity.

    Example (−(u − cos θ·v)/‖ŷ‖ = (−0.5, 0)):

    >>> cosine_similarity_grad([[1.0, 0.0]], [[0.0, 2.0]]).round(4)
    array([[-0.5, -0. ]])
    """
    y, pred, axis = _cosine_inputs(y_true, y_pred, reduction, axis)
    u, _ = _unit(y, axis)
    v, norm = _unit(pred, axis)
    scaled = norm > EPSILON  # below ε the normalisation is a fixed division by ε
    grad = np.where(scaled, -(u - (u * v).sum(axis=axis, keepdims=True) * v), -u) / norm
    return reduce_grad(grad, pred.size // pred.shape[axis], reduction)


def _mask_inputs(y_true, y_pred, reduction):
    """(y, ŷ) as (samples, values): every axis but the first is one sample's mask."""
    check_reduction(reduction)
    y, pred = check_pair(y_true, y_pred)
    if y.ndim < 2:
        raise ValueError(f"y_true: shape {y.shape} has no sample axis, expected (samples, ...) "
                         "(for one mask use mask[None])")
    return y.reshape(len(y), -1), pred.reshape(len(pred), -1)


def dice(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> float | np.ndarray:
    """Dice loss (Sørensen–Dice), as Keras ``Dice(axis=(1, …))``: one value per sample, summing every axis but the
    first (Keras's default axis=None pools the whole batch into one mask: pass ``y.reshape(1, -1)`` for that):

    L = 1 − 2Σyŷ / (Σy + Σŷ + ε): 0 for a perfect mask, 1 with no overlap (and for two empty masks).
    dL/dŷⱼ = −2(yⱼS − I)/S² with I = Σyŷ, S = Σy + Σŷ + ε.

    Args:
        y_true: masks, shape (samples, ...), usually in [0, 1].
        y_pred: predicted masks, shaped like y_true.
        reduction: "mean", "sum" or "none".

    Returns:
        The Dice loss: a float, or one per sample for reduction="none".

    Example (by hand: 1 − 2·1/(2 + 2) = 0.5, as Keras's test):

    >>> round(dice([[1.0, 1.0, 0.0, 0.0]], [[0.0, 1.0, 0.0, 1.0]]), 4)
    0.5
    """
    y, pred = _mask_inputs(y_true, y_pred, reduction)
    overlap = (y * pred).sum(axis=1)
    return reduce_loss(1.0 - 2.0 * overlap / (y.sum(axis=1) + pred.sum(axis=1) + EPSILON), reduction)


def dice_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    """d dice / d y_pred, shaped like y_pred: −2(yⱼS − I)/S² per value (see dice); arguments as dice.

    Example (a perfect mask: −2(y·S − I)/S² = (0, 1)):

    >>> dice_grad([[1.0, 0.0]], [[1.0, 0.0]]).round(4)
    array([[-0.5,  0.5]])
    """
    shape = np.shape(y_pred)
    y, pred = _mask_inputs(y_true, y_pred, reduction)
    overlap = (y * pred).sum(axis=1, keepdims=True)
    total = y.sum(axis=1, keepdims=True) + pred.sum(axis=1, keepdims=True) + EPSILON
    return reduce_grad(-2.0 * (y * total - overlap) / total**2, len(y), reduction).reshape(shape)


def _tversky_parts(y_true, y_pred, reduction, alpha, beta):
    alpha = check_in_range(alpha, "alpha", 0.0, np.inf, high_open=True)
    beta = check_in_range(beta, "beta", 0.0, np.inf, high_open=True)
    y, pred = _mask_inputs(y_true, y_pred, reduction)
    overlap = (y * pred).sum(axis=1, keepdims=True)
    missed = (y * (1.0 - pred)).sum(axis=1, keepdims=True)  # false negatives: mask the prediction leaves out
    extra = ((1.0 - y) * pred).sum(axis=1, keepdims=True)  # false positives: prediction outside the mask
    return y, pred, alpha, beta, overlap, overlap + alpha * missed + beta * extra + EPSILON


def tversky(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", alpha: float = 0.5,
            beta: float = 0.5) -> float | np.ndarray:
    """Tversky loss (Salehi et al. 2017), as Keras ``Tversky(axis=(1, …))``; one value per sample, summing every
    axis but the first (see dice for Keras's pooled default):

    L = 1 − TP / (TP + α·FN + β·FP + ε), TP = Σyŷ, FN = Σy(1 − ŷ) (mask missed), FP = Σ(1 − y)ŷ (outside the mask).
    This is Keras's computation: its α multiplies Σy(1 − ŷ) (its code names that sum "fp"). α = β = ½ is dice; a
    larger α makes missed mask cost more, a larger β false alarms. dL/dŷⱼ = −(yⱼD − TP·(yⱼ(1 − α) + β(1 − yⱼ)))/D²
    with D the denominator.

    Args:
        y_true: masks, shape (samples, ...), usually in [0, 1].
        y_pred: predicted masks, shaped like y_true.
        reduction: "mean", "sum" or "none".
        alpha: α ≥ 0, the weight of missed mask, Σy(1 − ŷ).
        beta: β ≥ 0, the weight of false alarms, Σ(1 − y)ŷ.

    Returns:
        The Tversky loss: a float, or one per sample for reduction="none".

    Example (Keras's test (axis=(1, …)): 0.7222):

    >>> round(tversky([[1.0, 1.0, 0.0, 0.0]], [[0.4, 0.0, 0.0, 0.9]], alpha=0.2, beta=0.8), 4)
    0.7222
    """
    *_, overlap, denominator = _tversky_parts(y_true, y_pred, reduction, alpha, beta)
    return reduce_loss(1.0 - (overlap / denominator)[:, 0], reduction)


def tversky_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", alpha: float = 0.5,
                 beta: float = 0.5) -> np.ndarray:
    """d tversky / d y_pred, shaped like y_pred (see tversky); arguments as tversky.

    Example (a perfect mask: TP/D² ·(…) = (0, 0.5) with β = ½):

    >>> tversky_grad([[1.0, 0.0]], [[1.0, 0.0]]).round(4)
    array([[-0.5,  0.5]])
    """
    shape = np.shape(y_pred)
    y, _, alpha, beta, overlap, denominator = _tversky_parts(y_true, y_pred, reduction, alpha, beta)
    d_denominator = y * (1.0 - alpha) + beta * (1.0 - y)
    grad = -(y * denominator - overlap * d_denominator) / denominator**2
    return reduce_grad(grad, len(y), reduction).reshape(shape)


__all__ = ["cosine_similarity", "cosine_similarity_grad", "dice", "dice_grad", "tversky", "tversky_grad"]
