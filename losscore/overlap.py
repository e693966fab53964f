"""Losses between whole vectors or masks, one value per sample: cosine similarity (directions), Dice and Tversky
(overlap of segmentation masks). Keras's conventions: ε = 1e-7, and the negative similarity as the loss."""

import numpy as np

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


def cosine_similarity(y_true, y_pred, *, reduction="mean", axis=-1):
    """Cosine similarity loss, as Keras ``CosineSimilarity``: the *negative* cosine of the angle between y and ŷ
    along `axis`, one value per vector:

    L = −Σ ŷ/‖ŷ‖ · y/‖y‖ ∈ [−1, 1], norms clipped below at ε = 1e-7 (Keras), so a zero vector gives 0.
    Only directions count: scaling ŷ by any c > 0 leaves L unchanged.
    dL/dŷ = −(u − (u·v)v)/‖ŷ‖ with u = y/‖y‖, v = ŷ/‖ŷ‖ (perpendicular to ŷ); −u/ε where ‖ŷ‖ < ε.

    Args: y_true (vectors along `axis`), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one
        value per sample); axis=-1.
    Returns: the cosine similarity loss, a float ("mean", "sum") or an ndarray with one loss per sample ("none").
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction); TypeError for
        non-numbers.

    Example (Keras's docs: [-0., -1., 1.]):

    >>> y, y_hat = [[0.0, 1.0], [1.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0], [-1.0, -1.0]]
    >>> cosine_similarity(y, y_hat, reduction="none").round(4)
    array([-0., -1.,  1.])
    """
    y, pred, axis = _cosine_inputs(y_true, y_pred, reduction, axis)
    return reduce_loss(-(_unit(y, axis)[0] * _unit(pred, axis)[0]).sum(axis=axis), reduction)


def cosine_similarity_grad(y_true, y_pred, *, reduction="mean", axis=-1):
    """d cosine_similarity / d y_pred: −(u − (u·v)v)/‖ŷ‖ (see cosine_similarity); divided by the number of vectors
    for "mean".

    Args: y_true (vectors along `axis`), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one
        value per sample); axis=-1.
    Returns: d(cosine similarity loss)/d y_pred, an ndarray shaped like y_pred, for the reduction asked.
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction); TypeError for
        non-numbers.

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


def dice(y_true, y_pred, *, reduction="mean"):
    """Dice loss (Sørensen–Dice), as Keras ``Dice(axis=(1, …))``: one value per sample, summing every axis but the
    first (Keras's default axis=None pools the whole batch into one mask: pass ``y.reshape(1, -1)`` for that):

    L = 1 − 2Σyŷ / (Σy + Σŷ + ε), ε = 1e-7: 0 for a perfect mask, 1 with no overlap (and for two empty masks).
    dL/dŷⱼ = −2(yⱼS − I)/S² with I = Σyŷ, S = Σy + Σŷ + ε.

    Args: y_true (masks, (samples, ...)), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none":
        one value per sample).
    Returns: the dice loss, a float ("mean", "sum") or an ndarray with one loss per sample ("none").
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction, no sample axis);
        TypeError for non-numbers.

    Example (by hand: 1 − 2·1/(2 + 2) = 0.5, as Keras's test):

    >>> round(dice([[1.0, 1.0, 0.0, 0.0]], [[0.0, 1.0, 0.0, 1.0]]), 4)
    0.5
    """
    y, pred = _mask_inputs(y_true, y_pred, reduction)
    overlap = (y * pred).sum(axis=1)
    return reduce_loss(1.0 - 2.0 * overlap / (y.sum(axis=1) + pred.sum(axis=1) + EPSILON), reduction)


def dice_grad(y_true, y_pred, *, reduction="mean"):
    """d dice / d y_pred: −2(yⱼS − I)/S² per value (see dice); divided by the number of samples for "mean".

    Args: y_true (masks, (samples, ...)), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none":
        one value per sample).
    Returns: d(dice loss)/d y_pred, an ndarray shaped like y_pred, for the reduction asked.
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction, no sample axis);
        TypeError for non-numbers.

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


def tversky(y_true, y_pred, *, reduction="mean", alpha=0.5, beta=0.5):
    """Tversky loss (Salehi et al. 2017), as Keras ``Tversky(axis=(1, …))``; one value per sample, summing every
    axis but the first (see dice for Keras's pooled default):

    L = 1 − TP / (TP + α·FN + β·FP + ε), TP = Σyŷ, FN = Σy(1 − ŷ) (mask missed), FP = Σ(1 − y)ŷ (outside the mask).
    This is Keras's computation: its α multiplies Σy(1 − ŷ) (its code names that sum "fp"). α = β = ½ is dice; a
    larger α makes missed mask cost more, a larger β false alarms. dL/dŷⱼ = −(yⱼD − TP·(yⱼ(1 − α) + β(1 − yⱼ)))/D²
    with D the denominator.

    Args: y_true (masks, (samples, ...)), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none":
        one value per sample); alpha=0.5; beta=0.5.
    Returns: the tversky loss, a float ("mean", "sum") or an ndarray with one loss per sample ("none").
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction, no sample axis);
        TypeError for non-numbers.

    Example (Keras's test (axis=(1, …)): 0.7222):

    >>> round(tversky([[1.0, 1.0, 0.0, 0.0]], [[0.4, 0.0, 0.0, 0.9]], alpha=0.2, beta=0.8), 4)
    0.7222
    """
    *_, overlap, denominator = _tversky_parts(y_true, y_pred, reduction, alpha, beta)
    return reduce_loss(1.0 - (overlap / denominator)[:, 0], reduction)


def tversky_grad(y_true, y_pred, *, reduction="mean", alpha=0.5, beta=0.5):
    """d tversky / d y_pred (see tversky); divided by the number of samples for "mean".

    Args: y_true (masks, (samples, ...)), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none":
        one value per sample); alpha=0.5; beta=0.5.
    Returns: d(tversky loss)/d y_pred, an ndarray shaped like y_pred, for the reduction asked.
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction, no sample axis);
        TypeError for non-numbers.

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
