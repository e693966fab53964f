"""Angular-margin softmax losses for face recognition: ArcFace and CosFace, as pytorch-metric-learning (PML)
defines them.

Embeddings and class centres (the columns of `weights`) are normalised, so each logit is a cosine, s·cos θ_c. The
true class's logit is made harder to win — its angle grows by m (ArcFace), or its cosine drops by m (CosFace) — so
the embedding must sit well inside its class's cone before the cross entropy is satisfied.

Conventions shared by every function here:

- Arguments: ``NAME(labels, embeddings, weights, *, margin=..., scale=64.0, reduction="mean")``, with `labels` one
  class id per sample, shape (N,), `embeddings` one per row, shape (N, D), and `weights` one class centre per
  column, shape (D, C), as PML's ``W``; the parameters are keyword-only.
- Only directions count: embeddings and class centres are divided by their norms inside the loss, so a zero vector,
  which has no direction, is refused.
- Reduction, as ``_reduce`` says, over one loss per sample: the cross entropy of its C logits. ``NAME_grad``
  returns (d/d embeddings, d/d weights), a tuple of ndarrays shaped like the two inputs; the class centres are
  shared by the batch, so for "none" their gradient is that of the sum.
- Errors, as ``_checks`` says, name the argument: ValueError for shapes that do not fit, class ids out of range or
  not whole, a zero embedding or class centre, NaN or inf, an unknown reduction, or a value outside what its Args
  line allows; TypeError for values that are not real numbers.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import activations
from ._checks import as_array, check_in_range, check_positive
from ._reduce import check_reduction, reduce_grad, reduce_loss
from .contrastive import through_unit, unit_rows


def _angular_parts(labels, embeddings, weights, reduction, scale):
    """Validated inputs and everything the logits need: (ids, unit embeddings, their norms, unit class centres
    (D, C), their norms, cosines (N, C), scale)."""
    check_reduction(reduction)
    scale = check_positive(scale, "scale")
    x = as_array(embeddings, "embeddings")
    if x.ndim != 2:
        raise ValueError(f"embeddings: shape {x.shape}, expected (N, D): one embedding per row")
    w = as_array(weights, "weights")
    if w.ndim != 2 or w.shape[0] != x.shape[1]:
        raise ValueError(f"weights: shape {w.shape} does not fit embeddings of size {x.shape[1]}, expected "
                         f"({x.shape[1]}, C): one column (class centre) per class")
    ids = as_array(labels, "labels")
    if ids.shape != (len(x),):
        raise ValueError(f"labels: shape {ids.shape} does not match embeddings' {len(x)} rows, expected ({len(x)},)")
    bad = (ids != np.round(ids)) | (ids < 0) | (ids >= w.shape[1])
    if bad.any():
        raise ValueError(f"labels: {ids[bad][0]:g} is not a class id, expected a whole number in [0, {w.shape[1]}) "
                         "(one per column of weights)")
    u, x_norm = unit_rows(x, "embeddings")
    centres, w_norm = unit_rows(w.T, "weights", "column")
    return ids.astype(np.intp), u, x_norm, centres.T, w_norm.T, u @ centres.T, scale


def _loss(labels, embeddings, weights, reduction, scale, target_logit):
    """The per-sample cross entropy of the scaled cosines, the true class's replaced by target_logit(cos)[0]."""
    ids, *_, cos, scale = _angular_parts(labels, embeddings, weights, reduction, scale)
    rows = np.arange(len(ids))
    logits = scale * cos
    logits[rows, ids] = scale * target_logit(cos[rows, ids])[0]
    return reduce_loss(-activations.log_softmax(logits)[rows, ids], reduction)


def _grad(labels, embeddings, weights, reduction, scale, target_logit):
    """(d/d embeddings, d/d weights): dL/d cos = s·(softmax − onehot), the true class's times d target/d cos, carried
    through cos = u·w and the normalisation of each embedding and each class centre."""
    ids, u, x_norm, centres, w_norm, cos, scale = _angular_parts(labels, embeddings, weights, reduction, scale)
    rows = np.arange(len(ids))
    target, slope = target_logit(cos[rows, ids])
    logits = scale * cos
    logits[rows, ids] = scale * target
    d_logits = activations.softmax(logits)
    d_logits[rows, ids] = (d_logits[rows, ids] - 1.0) * slope  # the true logit is s·target(cos), not s·cos
    d_cos = reduce_grad(scale * d_logits, len(ids), reduction)
    d_embeddings = through_unit(d_cos @ centres.T, u, x_norm)
    d_weights = through_unit((u.T @ d_cos).T, centres.T, w_norm.T).T
    return d_embeddings + 0.0, d_weights + 0.0  # + 0.0: no negative zeros


# ---------------------------------------------------------------------------------------------------------------
# ArcFace


def _arc_margin(margin):
    """The true class's logit cos(θ + m) and its derivative with respect to cos θ, as functions of cos θ."""
    margin = check_in_range(margin, "margin", 0.0, np.pi, high_open=True)

    def target_logit(cos):
        theta = np.arccos(np.clip(cos, -1.0, 1.0))
        sin = np.sin(theta)
        inside = theta <= np.pi - margin  # beyond, cos(θ + m) would turn back up: PML falls back to cos θ − m·sin m
        logit = np.where(inside, np.cos(theta + margin), cos - margin * np.sin(margin))
        # d cos(θ + m)/d cos θ = sin(θ + m)/sin θ; at θ = 0 the gradient's direction is undefined: 0 there
        slope = np.divide(np.sin(theta + margin), sin, out=np.zeros_like(sin), where=sin > 0)
        return logit, np.where(inside, slope, 1.0)
    return target_logit


def arcface(labels: ArrayLike, embeddings: ArrayLike, weights: ArrayLike, *, margin: float = 0.5, scale: float = 64.0,
            reduction: str = "mean") -> float | np.ndarray:
    """ArcFace, additive angular margin loss (Deng et al. 2019), as PML's ``ArcFaceLoss``:

    cos θ_c = (e/‖e‖)·(W_c/‖W_c‖) for each class centre W_c (a column of `weights`);
    L = −log(e^{s·cos(θ_y + m)} / (e^{s·cos(θ_y + m)} + Σ_{c ≠ y} e^{s·cos θ_c})), y the true class.
    Past θ_y = π − m, where cos(θ + m) would rise again, the true logit is s·(cos θ_y − m·sin m) (PML's choice; the
    paper's code uses the same to keep the loss monotonic).
    The margin m is in radians (PML's ``margin`` is in degrees: pass ``np.degrees(m)`` there).

    Args:
        labels: class ids, shape (N,).
        embeddings: one embedding per row, shape (N, D).
        weights: class centres, one per column, shape (D, C).
        margin: m in [0, π), in radians, added to the true class's angle.
        scale: s > 0, the logits' scale (each logit is s·cos θ).
        reduction: "mean", "sum" or "none".

    Returns:
        The ArcFace loss: a float, or one per sample for reduction="none".

    Example (an embedding on its class centre, the other centre at 90°: log(1 + e^{s(0 − cos m)}) for s = 1):

    >>> round(arcface([0], [[1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]], scale=1.0), 4)
    0.3477
    """
    return _loss(labels, embeddings, weights, reduction, scale, _arc_margin(margin))


def arcface_grad(labels: ArrayLike, embeddings: ArrayLike, weights: ArrayLike, *, margin: float = 0.5,
                 scale: float = 64.0, reduction: str = "mean") -> tuple[np.ndarray, np.ndarray]:
    """(d arcface / d embeddings, d / d weights), shaped like embeddings and weights; arguments as arcface.
    At θ_y = 0 exactly the direction of the margin term's gradient is undefined; it is taken as 0 there.

    Example (an embedding 60° from its class centre (1, 0): descending turns it towards the centre; the gradient is
    perpendicular to the embedding, since only its direction counts):

    >>> d_e, d_w = arcface_grad([0], [[0.5, 0.8660254]], [[1.0, 0.0], [0.0, 1.0]], scale=1.0)
    >>> d_e.round(4)
    array([[-0.9078,  0.5241]])
    """
    return _grad(labels, embeddings, weights, reduction, scale, _arc_margin(margin))


# ---------------------------------------------------------------------------------------------------------------
# CosFace


def _cos_margin(margin):
    """The true class's logit cos θ − m and its derivative (1) with respect to cos θ."""
    margin = check_in_range(margin, "margin", 0.0, np.inf, high_open=True)
    return lambda cos: (cos - margin, np.ones_like(cos))


def cosface(labels: ArrayLike, embeddings: ArrayLike, weights: ArrayLike, *, margin: float = 0.35,
            scale: float = 64.0, reduction: str = "mean") -> float | np.ndarray:
    """CosFace, large margin cosine loss (Wang et al. 2018), as PML's ``CosFaceLoss``:

    L = −log(e^{s·(cos θ_y − m)} / (e^{s·(cos θ_y − m)} + Σ_{c ≠ y} e^{s·cos θ_c})), with cos θ_c between the
    normalised embedding and the normalised class centre W_c (a column of `weights`).
    The margin is subtracted from the cosine itself (ArcFace adds it to the angle).

    Args:
        labels: class ids, shape (N,).
        embeddings: one embedding per row, shape (N, D).
        weights: class centres, one per column, shape (D, C).
        margin: m ≥ 0, subtracted from the true class's cosine.
        scale: s > 0, the logits' scale (each logit is s·cos θ).
        reduction: "mean", "sum" or "none".

    Returns:
        The CosFace loss: a float, or one per sample for reduction="none".

    Example (an embedding on its class centre, the other at 90°: log(1 + e^{s(0 − (1 − m))}) for s = 1, m = 0.35):

    >>> round(cosface([0], [[1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]], scale=1.0), 4)
    0.4201
    """
    return _loss(labels, embeddings, weights, reduction, scale, _cos_margin(margin))


def cosface_grad(labels: ArrayLike, embeddings: ArrayLike, weights: ArrayLike, *, margin: float = 0.35,
                 scale: float = 64.0, reduction: str = "mean") -> tuple[np.ndarray, np.ndarray]:
    """(d cosface / d embeddings, d / d weights), shaped like embeddings and weights; arguments as cosface.

    Example (on its class centre the embedding is still turned away from the other class, whose logit competes):

    >>> cosface_grad([0], [[1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]], scale=1.0)[0].round(4)
    array([[0.   , 0.343]])
    """
    return _grad(labels, embeddings, weights, reduction, scale, _cos_margin(margin))
