"""Losses on probability distributions beyond plain cross entropy: knowledge distillation (a student matches a
teacher's softened softmax), sparsemax and its loss (a softmax that can give exactly 0), Poly-1 (cross entropy plus
a polynomial term) and the 1-D Wasserstein distance (the mass that has to move, times how far).

Conventions shared by every function here:

- Arguments: the target first, then the prediction (``distillation(teacher_logits, student_logits)``,
  ``NAME(y_true, y_pred)``; ``wasserstein_1d(u_values, v_values)`` takes two samples, as scipy does), array-likes
  of real numbers that are never broadcast; the parameters are keyword-only. Class scores (logits) sit on the last
  axis.
- Reduction, as ``_reduce`` says, over one loss per sample, a row of class scores (distillation, sparsemax_loss,
  poly1). ``NAME_grad`` is d(result)/d(the prediction), shaped like it. The Wasserstein distance is one number
  between two whole samples: it takes no reduction, and its gradient is with respect to u_values.
- Errors, as ``_checks`` says, name the argument: ValueError for shapes that differ or do not fit, NaN or inf, an
  unknown reduction, or a value outside what its Args line allows (class ids out of range or not whole, label rows
  that are not distributions, weights that are negative or sum to 0); TypeError for values that are not real
  numbers.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import activations
from ._checks import as_array, check_axis, check_distributions, check_in_range, check_pair, check_positive
from ._reduce import check_reduction, reduce_grad, reduce_loss
from .likelihood import class_id_rows

# ---------------------------------------------------------------------------------------------------------------
# Knowledge distillation


def _distillation_parts(teacher_logits, student_logits, temperature, reduction):
    check_reduction(reduction)
    temperature = check_positive(temperature, "temperature")
    teacher, student = as_array(teacher_logits, "teacher_logits"), as_array(student_logits, "student_logits")
    if student.shape != teacher.shape:
        raise ValueError(f"student_logits: shape {student.shape} does not match teacher_logits shape "
                         f"{teacher.shape} (no broadcasting)")
    if teacher.ndim == 0:
        raise ValueError("teacher_logits: is a scalar, expected a last axis of classes")
    log_p_teacher = activations.log_softmax(teacher, temperature=temperature)
    log_p_student = activations.log_softmax(student, temperature=temperature)
    return log_p_teacher, log_p_student, temperature, teacher.size // teacher.shape[-1]


def distillation(teacher_logits: ArrayLike, student_logits: ArrayLike, *, temperature: float = 2.0,
                 reduction: str = "mean") -> float | np.ndarray:
    """Knowledge distillation loss (Hinton, Vinyals & Dean 2015): the student's softened softmax matches the
    teacher's, as torch's ``kl_div(log_softmax(s/T), softmax(t/T), reduction="batchmean") * T**2``:

    L = T² · KL(softmax(t/T) ‖ softmax(s/T)) = T² Σᵢ pᵢ (log pᵢ − log qᵢ) per sample, p the teacher's, q the student's.
    dL/dsᵢ = T·(qᵢ − pᵢ). A high T flattens both softmaxes, so the small probabilities the teacher gives wrong
    classes ("dark knowledge") count; the factor T² keeps the gradient's size comparable as T changes (Hinton et al.).
    Only the soft term: the hard-label cross entropy a training loop often adds is ``sparse_cce``.

    Args:
        teacher_logits: the teacher's logits, the target, shape (..., C).
        student_logits: the student's logits, shaped like teacher_logits.
        temperature: T > 0, how much both softmaxes are softened.
        reduction: "mean" (torch's "batchmean"), "sum" or "none".

    Returns:
        The distillation loss: a float, or one per sample for reduction="none".

    Example (a student that matches the teacher up to a constant shift costs nothing; a flat student does):

    >>> distillation([[2.0, 0.0], [2.0, 0.0]], [[5.0, 3.0], [0.0, 0.0]], reduction="none").round(4)
    array([0.    , 0.4438])
    """
    log_p_teacher, log_p_student, temperature, _ = _distillation_parts(teacher_logits, student_logits, temperature,
                                                                      reduction)
    kl = (np.exp(log_p_teacher) * (log_p_teacher - log_p_student)).sum(axis=-1)
    return reduce_loss(temperature**2 * kl, reduction)


def distillation_grad(teacher_logits: ArrayLike, student_logits: ArrayLike, *, temperature: float = 2.0,
                      reduction: str = "mean") -> np.ndarray:
    """d distillation / d student_logits, shaped like student_logits: T·(softmax(s/T) − softmax(t/T)); arguments as
    distillation.

    Example (the flat student is pushed towards the teacher's favourite class):

    >>> distillation_grad([[2.0, 0.0]], [[0.0, 0.0]]).round(4)
    array([[-0.4621,  0.4621]])
    """
    log_p_teacher, log_p_student, temperature, n = _distillation_parts(teacher_logits, student_logits, temperature,
                                                                       reduction)
    return reduce_grad(temperature * (np.exp(log_p_student) - np.exp(log_p_teacher)), n, reduction)


# ---------------------------------------------------------------------------------------------------------------
# Sparsemax


def sparsemax(z: ArrayLike, axis: int = -1) -> np.ndarray:
    """Sparsemax (Martins & Astudillo 2016): the Euclidean projection of z onto the probability simplex,
    sparsemax(z) = argmin_{p ∈ Δ} ‖p − z‖², i.e. pᵢ = max(zᵢ − τ, 0) with τ chosen so the pᵢ sum to 1.

    Like softmax it maps scores to probabilities and keeps their order; unlike softmax, scores more than τ below
    the top give exactly 0 (optax's ``projection_simplex``, ``jax.nn.sparsemax``).

    Args:
        z: scores (logits).
        axis: the axis of classes.

    Returns:
        Probabilities shaped like z (at least 1-D): ≥ 0, and summing to 1 along `axis`.

    Example (the low score gets exactly 0; softmax would give it 0.04):

    >>> sparsemax([1.0, 0.8, -1.0]).round(4)
    array([0.6, 0.4, 0. ])
    """
    z = as_array(z, "z")
    axis = check_axis(axis, max(z.ndim, 1))
    z = np.moveaxis(np.atleast_1d(z), axis, -1)
    ordered = -np.sort(-z, axis=-1)
    cumulative = np.cumsum(ordered, axis=-1)
    k = np.arange(1, z.shape[-1] + 1)
    support = (1.0 + k * ordered > cumulative).sum(axis=-1, keepdims=True)  # how many scores stay above τ
    tau = (np.take_along_axis(cumulative, support - 1, axis=-1) - 1.0) / support
    return np.moveaxis(np.maximum(z - tau, 0.0), -1, axis)


def _sparsemax_parts(y_true, y_pred, reduction):
    check_reduction(reduction)
    ids, rows, shape = class_id_rows(y_true, y_pred, "scores")
    return ids, rows, sparsemax(rows), shape


def sparsemax_loss(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> float | np.ndarray:
    """Sparsemax loss (Martins & Astudillo 2016), as ``optax.losses.multiclass_sparsemax_loss`` (class ids, scores):
    the loss whose gradient is sparsemax(z) − onehot(k), as cross entropy's is softmax(z) − onehot(k):

    L = ½ Σ_{j ∈ S} (z_j² − τ²) + ½ − z_k, S the classes sparsemax keeps and τ its threshold; equivalently
    L = p·(z − z_k) + ½(1 − ‖p‖²) with p = sparsemax(z). L ≥ 0, and L = 0 once z_k leads every other score by 1
    (then p is exactly one-hot): unlike cross entropy, a confident right answer costs exactly nothing.

    Args:
        y_true: class ids, one per row of y_pred, shape (N,).
        y_pred: scores, shape (N, C), or (C,) for one sample.
        reduction: "mean", "sum" or "none".

    Returns:
        The sparsemax loss: a float, or one per sample for reduction="none".

    Example (a margin of 1 costs nothing; two tied scores cost ¼):

    >>> sparsemax_loss([0, 0], [[2.0, 1.0, 0.0], [1.0, 1.0, -5.0]], reduction="none").round(4)
    array([0.  , 0.25])
    """
    ids, rows, p, _ = _sparsemax_parts(y_true, y_pred, reduction)
    shifted = np.where(p > 0, rows - rows[np.arange(len(ids)), ids][:, None], 0.0)
    return reduce_loss((p * shifted).sum(axis=1) + 0.5 * (1.0 - (p * p).sum(axis=1)), reduction)


def sparsemax_loss_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    """d sparsemax_loss / d y_pred, shaped like y_pred: sparsemax(z) − onehot(k); arguments as sparsemax_loss.

    Example (the class left out by sparsemax gets no gradient at all):

    >>> sparsemax_loss_grad([1], [[1.0, 0.8, -1.0]]).round(4)
    array([[ 0.6, -0.6,  0. ]])
    """
    ids, rows, p, shape = _sparsemax_parts(y_true, y_pred, reduction)
    p[np.arange(len(ids)), ids] -= 1.0
    return reduce_grad(p, len(ids), reduction).reshape(shape)


# ---------------------------------------------------------------------------------------------------------------
# Poly-1


def _poly1_parts(y_true, y_pred, reduction, epsilon):
    check_reduction(reduction)
    epsilon = check_in_range(epsilon, "epsilon", -1.0, np.inf)
    y, logits = check_pair(y_true, y_pred)
    check_distributions(y, "y_true")  # also refuses a scalar: the classes are the last axis
    p = activations.softmax(logits)
    return y, logits, p, (y * p).sum(axis=-1, keepdims=True), epsilon, logits.size // logits.shape[-1]


def poly1(y_true: ArrayLike, y_pred: ArrayLike, *, epsilon: float = 2.0, reduction: str = "mean") -> float | np.ndarray:
    """Poly-1 loss (Leng et al. 2022, "PolyLoss"), as ``optax.losses.poly_loss_cross_entropy`` (one-hot labels,
    logits): cross entropy plus ε times its first Taylor term in (1 − p_t):

    L = −Σᵢ yᵢ log pᵢ + ε(1 − p_t),  p = softmax(z), p_t = Σᵢ yᵢ pᵢ (the true class's probability).
    dL/dzᵢ = pᵢ − yᵢ − ε·pᵢ(yᵢ − p_t). ε = 0 is cross entropy; the paper recommends ε = 2 for ImageNet
    classification and ε = −1 for detection; ε ≥ −1 keeps every coefficient of the expansion ≥ 0.

    Args:
        y_true: one-hot (or soft) label rows, each a distribution over the last axis.
        y_pred: logits, shaped like y_true.
        epsilon: ε ≥ −1, the weight of the polynomial term (0: cross entropy).
        reduction: "mean", "sum" or "none".

    Returns:
        The Poly-1 loss: a float, or one per sample for reduction="none".

    Example (two equal logits: log 2 + 2·½):

    >>> round(poly1([[1.0, 0.0]], [[0.0, 0.0]]), 4)
    1.6931
    """
    y, logits, p, p_true, epsilon, _ = _poly1_parts(y_true, y_pred, reduction, epsilon)
    cross_entropy = -(y * activations.log_softmax(logits)).sum(axis=-1)
    return reduce_loss(cross_entropy + epsilon * (1.0 - p_true[..., 0]), reduction)


def poly1_grad(y_true: ArrayLike, y_pred: ArrayLike, *, epsilon: float = 2.0, reduction: str = "mean") -> np.ndarray:
    """d poly1 / d y_pred, shaped like y_pred: p·Σy − y − ε·p(y − p_t) (= p − y − ε·p(y − p_t) for a label
    row summing to 1); arguments as poly1.

    Example (cross entropy's ±½ plus ε·¼ on each logit):

    >>> poly1_grad([[1.0, 0.0]], [[0.0, 0.0]])
    array([[-1.,  1.]])
    """
    y, _, p, p_true, epsilon, n = _poly1_parts(y_true, y_pred, reduction, epsilon)
    grad = p * y.sum(axis=-1, keepdims=True) - y - epsilon * p * (y - p_true)
    return reduce_grad(grad, n, reduction)


# ---------------------------------------------------------------------------------------------------------------
# Wasserstein-1 in one dimension


def _masses(values, weights, name):
    """(values as 1-D, their masses summing to 1) from optional non-negative weights, as scipy reads them."""
    values = as_array(values, name)
    if values.ndim != 1:
        raise ValueError(f"{name}: shape {values.shape}, expected a 1-D array of observed values")
    if weights is None:
        return values, np.full(len(values), 1.0 / len(values))
    weight_name = name.replace("values", "weights")
    weights = as_array(weights, weight_name)
    if weights.shape != values.shape:
        raise ValueError(f"{weight_name}: shape {weights.shape} does not match {name} shape {values.shape}, "
                         "expected one weight per value")
    if weights.min() < 0 or weights.sum() <= 0:
        raise ValueError(f"{weight_name}: " + (f"value {weights.min():g} is negative" if weights.min() < 0
                                               else "sums to 0") + ", expected weights ≥ 0 with a positive sum")
    return values, weights / weights.sum()


def _wasserstein_parts(u_values, v_values, u_weights, v_weights):
    """(sorted positions, the CDF difference F_u − F_v on each gap between them, the sort order, len(u))."""
    u, u_mass = _masses(u_values, u_weights, "u_values")
    v, v_mass = _masses(v_values, v_weights, "v_values")
    points = np.concatenate([u, v])
    order = np.argsort(points, kind="stable")
    cdf_gap = np.cumsum(np.concatenate([u_mass, -v_mass])[order])[:-1]  # F_u − F_v between consecutive points
    return points[order], cdf_gap, order, len(u)


def wasserstein_1d(u_values: ArrayLike, v_values: ArrayLike, *, u_weights: ArrayLike | None = None,
                   v_weights: ArrayLike | None = None) -> float:
    """The 1-D Wasserstein-1 (earth mover's) distance between two weighted samples, as
    ``scipy.stats.wasserstein_distance``:

    W = ∫ |F_u(x) − F_v(x)| dx, F the two cumulative distribution functions: the least total mass × distance that
    turns one pile of sand into the other. Unlike KL it stays finite and informative when the supports do not
    overlap: two single points a and b are |a − b| apart.

    Args:
        u_values: one sample's observed values, 1-D.
        v_values: the other sample's observed values, 1-D, of any length.
        u_weights: one weight ≥ 0 per value of u_values, normalised to sum 1; None gives every value the same weight.
        v_weights: one weight ≥ 0 per value of v_values, as u_weights.

    Returns:
        The distance, a float ≥ 0.

    Example (scipy's docs: 5.0; and half the mass moving 1: 0.5):

    >>> wasserstein_1d([0.0, 1.0, 3.0], [5.0, 6.0, 8.0]), wasserstein_1d([0.0, 1.0], [0.0, 2.0])
    (5.0, 0.5)
    """
    points, cdf_gap, _, _ = _wasserstein_parts(u_values, v_values, u_weights, v_weights)
    return float((np.abs(cdf_gap) * np.diff(points)).sum())


def wasserstein_1d_grad(u_values: ArrayLike, v_values: ArrayLike, *, u_weights: ArrayLike | None = None,
                        v_weights: ArrayLike | None = None) -> np.ndarray:
    """d wasserstein_1d / d u_values, shaped like u_values; arguments as wasserstein_1d. Moving uᵢ right shrinks the CDF
    gap to its left and widens the one to its right, so dW/duᵢ = |F_u − F_v| just left of uᵢ − |F_u − F_v| just right of
    it: ±(uᵢ's mass) when the CDFs do not cross at uᵢ. Where values tie W has a kink; the slope returned there follows
    the sort order (u before v).

    Example (every point of u lies left of v: moving any of them right, by its mass ⅓, brings the piles closer):

    >>> wasserstein_1d_grad([0.0, 1.0, 3.0], [5.0, 6.0, 8.0]).round(4)
    array([-0.3333, -0.3333, -0.3333])
    """
    points, cdf_gap, order, n_u = _wasserstein_parts(u_values, v_values, u_weights, v_weights)
    size = np.abs(np.concatenate([[0.0], cdf_gap, [0.0]]))
    slope = np.empty(len(points))
    slope[order] = size[:-1] - size[1:]  # for the point at sorted position k: the gap before it minus the one after
    return slope[:n_u] + 0.0
