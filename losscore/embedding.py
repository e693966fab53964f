"""Losses on pairs and triplets, as PyTorch defines them (metric learning, ranking, face recognition): they compare
inputs with each other instead of a prediction with a target.

Conventions shared by every function here:

- Arguments in torch's order, parameters keyword-only: ``hinge_embedding(y_true, y_pred)`` takes labels ±1 and
  distances; ``margin_ranking(x1, x2, y)``, ``cosine_embedding(x1, x2, y)`` and
  ``triplet_margin(anchor, positive, negative)`` take their inputs first. Inputs are never broadcast.
- Reduction, as ``_reduce`` says, over one loss per element (hinge_embedding, margin_ranking), per pair of vectors
  (cosine_embedding) or per triplet (triplet_margin): torch's meaning. ``hinge_embedding_grad`` is
  d(result)/d y_pred; the other ``_grad`` return one gradient per input, a tuple of arrays shaped like the inputs.
- At a hinge's kink (exactly at the margin) the gradient counts the hinge as active, as torch does.
- ε, torch's: cosines divide by √((‖x1‖² + 1e-12)(‖x2‖² + 1e-12)) (``COSINE_EPSILON``), so a zero vector gives
  cos = 0; distances add eps = 1e-6 (``DISTANCE_EPSILON``) to the difference, as ``pairwise_distance``.
- Errors, as ``_checks`` says, name the argument: ValueError for shapes that differ, an empty array, NaN or inf,
  an unknown reduction, or a value outside what its Args line allows (labels other than ±1, p < 1, eps < 0);
  TypeError for values that are not real numbers.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_array, check_flag, check_in_range, check_pair
from ._reduce import check_reduction, reduce_grad, reduce_loss
from .margin import check_signs

COSINE_EPSILON = 1e-12  # torch's cosine_embedding_loss adds it to each squared norm
DISTANCE_EPSILON = 1e-6  # torch's pairwise_distance adds it to the difference


def _margin(margin):
    return check_in_range(margin, "margin", -np.inf, np.inf)


# ---------------------------------------------------------------------------------------------------------------
# Hinge embedding


def _hinge_embedding_parts(y_true, y_pred, reduction, margin):
    check_reduction(reduction)
    margin = _margin(margin)
    y, distance = check_pair(y_true, y_pred)
    check_signs(y)
    return y, distance, margin


def hinge_embedding(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean",
                    margin: float = 1.0) -> float | np.ndarray:
    """Hinge embedding loss, as PyTorch ``hinge_embedding_loss``: y_pred is a distance between two inputs, y_true
    says whether they are alike (+1) or not (−1):

    L = x for y = 1 (alike pairs are pulled together), max(0, margin − x) for y = −1 (unlike pairs are pushed
    apart until they are `margin` away, then left alone). dL/dx = 1, or −1 while margin − x > 0, else 0.

    Args:
        y_true: labels +1 (the pair is alike) or −1 (unlike).
        y_pred: the distance between each pair's two inputs, shaped like y_true.
        reduction: "mean", "sum" or "none".
        margin: the distance beyond which an unlike pair costs nothing.

    Returns:
        The hinge embedding loss: a float, or one per element for reduction="none".

    Example (an alike pair at distance 0.3; an unlike pair at 0.4, inside the margin 1):

    >>> hinge_embedding([1.0, -1.0], [0.3, 0.4], reduction="none")
    array([0.3, 0.6])
    """
    y, distance, margin = _hinge_embedding_parts(y_true, y_pred, reduction, margin)
    return reduce_loss(np.where(y == 1, distance, np.maximum(margin - distance, 0.0)), reduction)


def hinge_embedding_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean",
                         margin: float = 1.0) -> np.ndarray:
    """d hinge_embedding / d y_pred, shaped like y_pred: 1 for alike pairs; −1 for unlike pairs
    inside the margin (or on it, as torch), else 0; arguments as hinge_embedding.

    Example (torch's hinge_embedding_loss agrees):

    >>> hinge_embedding_grad([1.0, -1.0, -1.0], [0.3, 0.4, 2.0], reduction="sum")
    array([ 1., -1.,  0.])
    """
    y, distance, margin = _hinge_embedding_parts(y_true, y_pred, reduction, margin)
    grad = np.where(y == 1, 1.0, np.where(margin - distance >= 0, -1.0, 0.0))  # the kink counts as active, as torch
    return reduce_grad(grad, distance.size, reduction)


# ---------------------------------------------------------------------------------------------------------------
# Margin ranking


def _ranking_parts(x1, x2, y, reduction, margin):
    check_reduction(reduction)
    margin = _margin(margin)
    x1, x2 = as_array(x1, "x1"), as_array(x2, "x2")
    y = check_signs(as_array(y, "y"), "y")
    if x2.shape != x1.shape:
        raise ValueError(f"x2: shape {x2.shape} does not match x1 shape {x1.shape} (no broadcasting)")
    if y.shape != x1.shape:
        raise ValueError(f"y: shape {y.shape} does not match x1 shape {x1.shape} (no broadcasting)")
    return x1, x2, y, margin


def margin_ranking(x1: ArrayLike, x2: ArrayLike, y: ArrayLike, *, reduction: str = "mean",
                   margin: float = 0.0) -> float | np.ndarray:
    """Margin ranking loss, as PyTorch ``margin_ranking_loss``: y = 1 says x1 should rank above x2, y = −1 below:

    L = max(0, −y·(x1 − x2) + margin): zero once the order is right by at least `margin`.
    dL/dx1 = −y and dL/dx2 = +y while the hinge is active (torch counts the kink, where it is exactly 0, as active).

    Args:
        x1: the first input's scores.
        x2: the second input's scores, shaped like x1.
        y: labels +1 (x1 should rank above x2) or −1 (below), shaped like x1.
        reduction: "mean", "sum" or "none".
        margin: by how much the right order must hold before the loss is 0.

    Returns:
        The margin ranking loss: a float, or one per element for reduction="none".

    Example (x1 should be above x2 by 1 but is 0.5 below: 1.5):

    >>> margin_ranking([0.0], [0.5], [1.0], margin=1.0)
    1.5
    """
    x1, x2, y, margin = _ranking_parts(x1, x2, y, reduction, margin)
    return reduce_loss(np.maximum(-y * (x1 - x2) + margin, 0.0), reduction)


def margin_ranking_grad(x1: ArrayLike, x2: ArrayLike, y: ArrayLike, *, reduction: str = "mean",
                        margin: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(d margin_ranking / d x1, d / d x2), each shaped like x1: (−y, +y) where the hinge is active
    (≥ 0, as torch), else 0; arguments as margin_ranking.

    Example:

    >>> margin_ranking_grad([0.0, 2.0], [0.5, 0.0], [1.0, 1.0], reduction="sum", margin=1.0)
    (array([-1.,  0.]), array([1., 0.]))
    """
    x1, x2, y, margin = _ranking_parts(x1, x2, y, reduction, margin)
    active = -y * (x1 - x2) + margin >= 0
    g1 = reduce_grad(np.where(active, -y, 0.0), x1.size, reduction)
    return g1 + 0.0, -g1 + 0.0  # + 0.0: no negative zeros


# ---------------------------------------------------------------------------------------------------------------
# Cosine embedding


def _cosine_parts(x1, x2, y, reduction, margin):
    check_reduction(reduction)
    margin = check_in_range(margin, "margin", -1.0, 1.0)
    x1, x2 = as_array(x1, "x1"), as_array(x2, "x2")
    if x1.ndim not in (1, 2):
        raise ValueError(f"x1: shape {x1.shape}, expected vectors (N, D) or one vector (D,)")
    if x2.shape != x1.shape:
        raise ValueError(f"x2: shape {x2.shape} does not match x1 shape {x1.shape} (no broadcasting)")
    a, b = x1.reshape(-1, x1.shape[-1]), x2.reshape(-1, x2.shape[-1])
    y = check_signs(as_array(y, "y"), "y")
    if y.shape != (len(a),) and not (x1.ndim == 1 and y.ndim == 0):
        raise ValueError(f"y: shape {y.shape}, expected ({len(a)},): one label ±1 per pair of vectors")
    y = y.reshape(len(a))
    aa = (a * a).sum(axis=1) + COSINE_EPSILON
    bb = (b * b).sum(axis=1) + COSINE_EPSILON
    norm = np.sqrt(aa * bb)
    cos = (a * b).sum(axis=1) / norm
    return a, b, y, margin, aa, bb, norm, cos, x1.shape


def cosine_embedding(x1: ArrayLike, x2: ArrayLike, y: ArrayLike, *, reduction: str = "mean",
                     margin: float = 0.0) -> float | np.ndarray:
    """Cosine embedding loss, as PyTorch ``cosine_embedding_loss``: y = 1 says two vectors should point the same
    way, y = −1 that they should not:

    L = 1 − cos(x1, x2) for y = 1;  max(0, cos(x1, x2) − margin) for y = −1.
    cos = x1·x2 / √((‖x1‖² + ε)(‖x2‖² + ε)) with torch's ε, so a zero vector gives cos = 0, not NaN.
    d cos/d x1 = x2/√(…) − cos·x1/(‖x1‖² + ε), and symmetrically for x2.

    Args:
        x1: vectors, shape (N, D), or one vector (D,).
        x2: vectors, shaped like x1.
        y: labels +1 (should point the same way) or −1, shape (N,), or a scalar for one vector.
        reduction: "mean", "sum" or "none".
        margin: in [−1, 1], the cosine below which an unlike pair costs nothing.

    Returns:
        The cosine embedding loss: a float, or one per pair of vectors for reduction="none".

    Example (perpendicular vectors: cos = 0, so 1 for an alike pair and 0 for an unlike one):

    >>> cosine_embedding([[1.0, 0.0], [1.0, 0.0]], [[0.0, 2.0], [0.0, 2.0]], [1.0, -1.0], reduction="none")
    array([1., 0.])
    """
    *_, y, margin, _, _, _, cos, _ = _cosine_parts(x1, x2, y, reduction, margin)
    return reduce_loss(np.where(y == 1, 1.0 - cos, np.maximum(cos - margin, 0.0)), reduction)


def cosine_embedding_grad(x1: ArrayLike, x2: ArrayLike, y: ArrayLike, *, reduction: str = "mean",
                          margin: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(d cosine_embedding / d x1, d / d x2), each shaped like x1: −d cos for alike pairs, +d cos
    for unlike pairs whose cosine reaches the margin, else 0; arguments as cosine_embedding.

    Example (an alike pair at 90°: descending turns x1 towards x2 and x2 towards x1):

    >>> cosine_embedding_grad([1.0, 0.0], [0.0, 2.0], 1.0)
    (array([ 0., -1.]), array([-0.5,  0. ]))
    """
    a, b, y, margin, aa, bb, norm, cos, shape = _cosine_parts(x1, x2, y, reduction, margin)
    weight = np.where(y == 1, -1.0, np.where(cos - margin >= 0, 1.0, 0.0))[:, None]  # dL/d cos; kink active (torch)
    d_a = b / norm[:, None] - (cos / aa)[:, None] * a
    d_b = a / norm[:, None] - (cos / bb)[:, None] * b
    return (reduce_grad(weight * d_a, len(a), reduction).reshape(shape) + 0.0,  # + 0.0: no negative zeros
            reduce_grad(weight * d_b, len(a), reduction).reshape(shape) + 0.0)


# ---------------------------------------------------------------------------------------------------------------
# Triplet margin


def _distance(diff, p):
    """(‖diff‖_p per row, d‖diff‖_p/d diff); the derivative is 0 where the norm is 0."""
    size = np.abs(diff)
    norm = (size**p).sum(axis=1) ** (1.0 / p)
    safe = np.where(norm > 0, norm, 1.0)[:, None]
    grad = np.sign(diff) * (size / safe) ** (p - 1) if p != 1 else np.sign(diff)
    return norm, np.where(norm[:, None] > 0, grad, 0.0)


def pairwise_distance(x1: ArrayLike, x2: ArrayLike, *, p: float = 2.0,
                      eps: float = DISTANCE_EPSILON) -> float | np.ndarray:
    """The distance triplet_margin measures, as PyTorch ``pairwise_distance``: ‖x1 − x2 + eps‖_p per row (eps is
    added to the difference, not to the norm).

    Args:
        x1: vectors, shape (N, D), or one vector (D,).
        x2: vectors, shaped like x1.
        p: the norm's order p ≥ 1 (2: Euclidean).
        eps: ≥ 0, added to each difference before its norm is taken.

    Returns:
        The N distances, or a float for two single vectors.

    Example (a 3-4-5 triangle; eps=0 for round numbers):

    >>> pairwise_distance([0.0, 0.0], [3.0, 4.0], eps=0.0)
    5.0
    """
    p, eps = check_in_range(p, "p", 1.0, np.inf), check_in_range(eps, "eps", 0.0, np.inf)
    a, b = as_array(x1, "x1"), as_array(x2, "x2")
    if b.shape != a.shape:
        raise ValueError(f"x2: shape {b.shape} does not match x1 shape {a.shape} (no broadcasting)")
    if a.ndim not in (1, 2):
        raise ValueError(f"x1: shape {a.shape}, expected vectors (N, D) or one vector (D,)")
    distance, _ = _distance((a - b + eps).reshape(-1, a.shape[-1]), p)
    return float(distance[0]) if a.ndim == 1 else distance


def _triplet_parts(anchor, positive, negative, reduction, margin, p, eps, swap):
    check_reduction(reduction)
    margin = _margin(margin)
    p = check_in_range(p, "p", 1.0, np.inf)
    eps = check_in_range(eps, "eps", 0.0, np.inf)
    check_flag(swap, "swap")
    a, pos, neg = as_array(anchor, "anchor"), as_array(positive, "positive"), as_array(negative, "negative")
    for name, arr in (("positive", pos), ("negative", neg)):
        if arr.shape != a.shape:
            raise ValueError(f"{name}: shape {arr.shape} does not match anchor shape {a.shape} (no broadcasting)")
    if a.ndim not in (1, 2):
        raise ValueError(f"anchor: shape {a.shape}, expected embeddings (N, D) or one embedding (D,)")
    shape = a.shape
    a, pos, neg = (x.reshape(-1, shape[-1]) for x in (a, pos, neg))
    # torch's pairwise_distance adds eps to the difference (not to the norm) before taking the p-norm
    d_ap, g_ap = _distance(a - pos + eps, p)
    d_an, g_an = _distance(a - neg + eps, p)
    d_pn, g_pn = _distance(pos - neg + eps, p)
    use_pn = swap & (d_pn < d_an)  # swap: the harder of the two negatives' distances
    d_neg = np.where(use_pn, d_pn, d_an)
    return shape, margin, d_ap, d_neg, g_ap, g_an, g_pn, use_pn


def triplet_margin(anchor: ArrayLike, positive: ArrayLike, negative: ArrayLike, *, reduction: str = "mean",
                   margin: float = 1.0, p: float = 2.0, eps: float = DISTANCE_EPSILON,
                   swap: bool = False) -> float | np.ndarray:
    """Triplet margin loss (Schroff et al. 2015, FaceNet), as PyTorch ``triplet_margin_loss``: the anchor should be
    closer to the positive (same identity) than to the negative by at least `margin`:

    L = max(0, d(a, p) − d(a, n) + margin), with d(u, v) = ‖u − v + eps‖_p (torch's ``pairwise_distance``).
    swap=True uses min(d(a, n), d(p, n)) for the negative's distance (Balntas et al. 2016). Once the margin is met
    the loss and every gradient are 0: the triplet teaches nothing more.

    Args:
        anchor: embeddings, shape (N, D), or one embedding (D,).
        positive: embeddings of the anchor's identity, shaped like anchor.
        negative: embeddings of another identity, shaped like anchor.
        reduction: "mean", "sum" or "none".
        margin: by how much the negative must be farther than the positive.
        p: the norm's order p ≥ 1 (2: Euclidean).
        eps: ≥ 0, added to each difference before its norm is taken.
        swap: measure the negative's distance from the closer of anchor and positive (Balntas et al. 2016).

    Returns:
        The triplet margin loss: a float, or one per triplet for reduction="none".

    Example (the positive 1 away, the negative 1.5 away, margin 1: 1 − 1.5 + 1; eps=0 for round numbers):

    >>> round(triplet_margin([0.0, 0.0], [1.0, 0.0], [0.0, 1.5], eps=0.0), 4)
    0.5
    """
    _, margin, d_ap, d_neg, *_ = _triplet_parts(anchor, positive, negative, reduction, margin, p, eps, swap)
    return reduce_loss(np.maximum(d_ap - d_neg + margin, 0.0), reduction)


def triplet_margin_grad(anchor: ArrayLike, positive: ArrayLike, negative: ArrayLike, *, reduction: str = "mean",
                        margin: float = 1.0, p: float = 2.0, eps: float = DISTANCE_EPSILON,
                        swap: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(d triplet_margin / d anchor, d / d positive, d / d negative), each shaped like anchor, while the hinge is ≥ 0,
    else 0; arguments as triplet_margin. With ∇d the derivative of a p-norm: the anchor moves along ∇d(a, n) − ∇d(a, p)
    when descending (towards the positive, away from the negative), the positive towards the anchor, the negative away.

    Example (unit directions: the anchor is pulled right (−x gradient) and pushed down (+y gradient)):

    >>> triplet_margin_grad([0.0, 0.0], [1.0, 0.0], [0.0, 1.5], eps=0.0)
    (array([-1.,  1.]), array([1., 0.]), array([ 0., -1.]))
    """
    shape, margin, d_ap, d_neg, g_ap, g_an, g_pn, use_pn = _triplet_parts(anchor, positive, negative, reduction,
                                                                          margin, p, eps, swap)
    active = (d_ap - d_neg + margin >= 0)[:, None]  # the kink counts as active, as torch
    pn = use_pn[:, None]
    d_anchor = g_ap - np.where(pn, 0.0, g_an)
    d_positive = -g_ap - np.where(pn, g_pn, 0.0)
    d_negative = np.where(pn, g_pn, g_an)
    n = len(d_ap)
    return tuple(reduce_grad(np.where(active, g, 0.0), n, reduction).reshape(shape) + 0.0  # no negative zeros
                 for g in (d_anchor, d_positive, d_negative))
