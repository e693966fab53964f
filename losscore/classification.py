"""Classification losses, as Keras defines them (and PyTorch where both do).

Conventions shared by every function here:

- Arguments: ``NAME(y_true, y_pred, *, reduction="mean", **params)``, with `y_true` the labels and `y_pred` the
  predictions, array-likes of real numbers of one shape (sparse_cce: one class id per row); the parameters are
  keyword-only.
- Reduction, as ``_reduce`` says. The binary losses (bce, binary_focal, hinge, squared_hinge) give one loss per
  element, like the regression losses. The multiclass losses (cce, sparse_cce, kld, categorical_hinge,
  categorical_focal) give one loss per sample: the classes lie on the last axis (categorical_focal: on `axis`)
  and are summed, so "mean" averages over samples and "none" returns one loss per sample. ``NAME_grad`` takes the
  same arguments and returns d(result)/d y_pred, an ndarray shaped like y_pred.
- ε = 1e-7 (``EPSILON``, Keras's): probabilities that go into a log are clipped to [ε, 1 − ε], so p = 0 or 1 give
  finite values; the gradient is the derivative of the formula at the clipped point.
- ``from_logits=True``: `y_pred` holds logits (any real), the loss is computed through softplus or log-sum-exp
  without overflow, and the gradient is with respect to the logits.
- Errors, as ``_checks`` says, name the argument: ValueError for shapes that differ, an empty array, NaN or inf,
  an unknown reduction, or a value outside what its Args line allows (probabilities outside [0, 1] without
  from_logits, labels other than ±1, class ids out of range); TypeError for values that are not real numbers.
  Where Keras silently renormalises probability rows that do not sum to 1, these functions refuse them.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import activations
from ._checks import (
    EPSILON,
    as_array,
    check_axis,
    check_distributions,
    check_flag,
    check_in_range,
    check_pair,
    check_probabilities,
)
from ._reduce import check_reduction, reduce_grad, reduce_loss


def _clip(p):
    return np.clip(p, EPSILON, 1.0 - EPSILON)



# ---------------------------------------------------------------------------------------------------------------
# Binary


def _check_options(reduction, from_logits, label_smoothing):
    """The keyword arguments every cross entropy takes, validated: (from_logits, label_smoothing)."""
    check_reduction(reduction)
    return check_flag(from_logits, "from_logits"), check_in_range(label_smoothing, "label_smoothing", 0.0, 1.0)


def _binary_inputs(y_true, y_pred, reduction, from_logits, label_smoothing=0.0):
    """Validated (y, prediction): y smoothed as Keras does, y(1 − ls) + ls/2; the prediction clipped unless logits."""
    from_logits, label_smoothing = _check_options(reduction, from_logits, label_smoothing)
    y, pred = check_pair(y_true, y_pred)
    check_probabilities(y, "y_true")
    if not from_logits:
        check_probabilities(pred, "y_pred")
        pred = _clip(pred)
    return y * (1.0 - label_smoothing) + 0.5 * label_smoothing, pred, from_logits


def _bce_elements(y, pred, from_logits):
    if from_logits:
        return activations.softplus(pred) - y * pred
    return -(y * np.log(pred) + (1.0 - y) * np.log1p(-pred))


def bce(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", from_logits: bool = False,
        label_smoothing: float = 0.0) -> float | np.ndarray:
    """Binary cross entropy, as Keras ``BinaryCrossentropy`` (PyTorch ``BCELoss`` / ``BCEWithLogitsLoss``).

    L = −[y log ŷ + (1 − y) log(1 − ŷ)] per element, y ∈ [0, 1] (soft labels allowed), ŷ ∈ [0, 1] clipped to
    [ε, 1 − ε];  dL/dŷ = (ŷ − y) / (ŷ(1 − ŷ)).
    from_logits: ŷ = σ(z), L = softplus(z) − y·z;  dL/dz = σ(z) − y.
    label_smoothing ls ∈ [0, 1] replaces y by y(1 − ls) + ls/2 (Keras).

    Args:
        y_true: labels in [0, 1] (soft labels allowed).
        y_pred: probabilities in [0, 1] (logits with from_logits), shaped like y_true.
        reduction: "mean", "sum" or "none".
        from_logits: y_pred holds logits (any real numbers) instead of probabilities.
        label_smoothing: ls in [0, 1]; y becomes y(1 − ls) + ls/2.

    Returns:
        The binary cross entropy: a float, or one per element for reduction="none".

    Example (Keras's BinaryCrossentropy docs: 0.815):

    >>> round(bce([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]]), 4)
    0.8149
    """
    y, pred, from_logits = _binary_inputs(y_true, y_pred, reduction, from_logits, label_smoothing)
    return reduce_loss(_bce_elements(y, pred, from_logits), reduction)


def bce_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", from_logits: bool = False,
             label_smoothing: float = 0.0) -> np.ndarray:
    """d bce / d y_pred (the logits with from_logits), shaped like y_pred: (ŷ − y)/(ŷ(1 − ŷ)) at the clipped
    ŷ, or σ(z) − y for logits; arguments as bce.

    Example (σ(z) − y; torch's binary_cross_entropy_with_logits agrees):

    >>> bce_grad([1.0, 0.0], [0.3, -2.0], from_logits=True, reduction="sum").round(4)
    array([-0.4256,  0.1192])
    """
    y, pred, from_logits = _binary_inputs(y_true, y_pred, reduction, from_logits, label_smoothing)
    grad = activations.sigmoid(pred) - y if from_logits else (pred - y) / (pred * (1.0 - pred))
    return reduce_grad(grad, pred.size, reduction)


def _focal_params(gamma, alpha):
    gamma = check_in_range(gamma, "gamma", 0.0, np.inf)
    if alpha is not None:
        alpha = check_in_range(alpha, "alpha", 0.0, 1.0)
    return gamma, alpha


def _focal_parts(y, pred, from_logits, alpha):
    """(weight, 1 − p_t, d(1 − p_t)/d pred, bce, d bce/d pred) for the focal loss, per element."""
    if from_logits:
        p, not_p = activations.sigmoid(pred), activations.sigmoid(-pred)  # σ(−z) keeps 1 − p exact for large z
        dp = p * not_p
        dbce = p - y
    else:
        p, not_p = pred, 1.0 - pred
        dp = np.ones_like(p)
        dbce = (p - y) / (p * not_p)
    one_minus_pt = y * not_p + (1.0 - y) * p
    weight = 1.0 if alpha is None else y * alpha + (1.0 - y) * (1.0 - alpha)
    return weight, one_minus_pt, (1.0 - 2.0 * y) * dp, _bce_elements(y, pred, from_logits), dbce


def binary_focal(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", gamma: float = 2.0,
                 alpha: float | None = None, from_logits: bool = False) -> float | np.ndarray:
    """Binary focal loss (Lin et al. 2017, "Focal Loss for Dense Object Detection"), as Keras
    ``BinaryFocalCrossentropy``; p_t = y·ŷ + (1 − y)(1 − ŷ) is the probability given to the true class:

    L = w · (1 − p_t)^γ · BCE(y, ŷ), with w = y·α + (1 − y)(1 − α) when alpha is given, else w = 1.
    dL/dŷ = w · [γ(1 − p_t)^{γ−1}(1 − 2y)·BCE + (1 − p_t)^γ · dBCE/dŷ]  (chain rule; for logits times σ'(z)).
    γ = 0 is plain BCE; a larger γ down-weights easy, well-classified examples (p_t → 1).
    Probabilities are clipped as in ``bce``; with from_logits the logit path is stable for any z.

    Args:
        y_true: labels in [0, 1] (soft labels allowed).
        y_pred: probabilities in [0, 1] (logits with from_logits), shaped like y_true.
        reduction: "mean", "sum" or "none".
        gamma: γ ≥ 0, how strongly well-classified examples are faded (0: no fading).
        alpha: α in [0, 1], the weight of the positive class (1 − α the negative's), or None: no weight.
        from_logits: y_pred holds logits (any real numbers) instead of probabilities.

    Returns:
        The binary focal loss: a float, or one per element for reduction="none".

    Example (Keras's BinaryFocalCrossentropy docs: 0.691):

    >>> round(binary_focal([0, 1, 0, 0], [-18.6, 0.51, 2.94, -12.8], gamma=2, from_logits=True), 4)
    0.6912
    """
    gamma, alpha = _focal_params(gamma, alpha)
    y, pred, from_logits = _binary_inputs(y_true, y_pred, reduction, from_logits)
    weight, m, _, ce, _ = _focal_parts(y, pred, from_logits, alpha)
    return reduce_loss(weight * m**gamma * ce, reduction)


def binary_focal_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", gamma: float = 2.0,
                      alpha: float | None = None, from_logits: bool = False) -> np.ndarray:
    """d binary_focal / d y_pred (the logits with from_logits), shaped like y_pred; arguments as binary_focal.

    Example (γ = 0 is BCE: (ŷ − y)/(ŷ(1 − ŷ)) = −2):

    >>> binary_focal_grad([1.0], [0.5], gamma=0.0, reduction="sum").round(4)
    array([-2.])
    """
    gamma, alpha = _focal_params(gamma, alpha)
    y, pred, from_logits = _binary_inputs(y_true, y_pred, reduction, from_logits)
    weight, m, dm, ce, dce = _focal_parts(y, pred, from_logits, alpha)
    with np.errstate(divide="ignore", invalid="ignore"):  # m = 0 only where σ saturates; there the term is 0
        focal_term = np.where(m > 0, gamma * m ** (gamma - 1.0) * dm * ce, 0.0)
    return reduce_grad(weight * (focal_term + m**gamma * dce), pred.size, reduction)


def _hinge_margin(y_true, y_pred, reduction):
    check_reduction(reduction)
    y, pred = check_pair(y_true, y_pred)
    bad = ~np.isin(y, (-1.0, 1.0))
    if bad.any():
        raise ValueError(f"y_true: hinge labels must be -1 or +1, got {y[bad].flat[0]:g} "
                         "(convert 0/1 labels with 2 * y - 1)")
    return y, np.maximum(0.0, 1.0 - y * pred)


def hinge(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> float | np.ndarray:
    """Hinge loss, as Keras ``Hinge``, with labels y ∈ {−1, +1} and a real score ŷ:

    L = max(0, 1 − y·ŷ);  dL/dŷ = −y where y·ŷ < 1, else 0.

    Args:
        y_true: labels −1 or +1 (convert 0/1 labels with 2y − 1).
        y_pred: real scores, shaped like y_true.
        reduction: "mean", "sum" or "none".

    Returns:
        The hinge loss: a float, or one per element for reduction="none".

    Example (Keras's Hinge docs (labels 2y − 1): 1.3):

    >>> round(hinge([[-1.0, 1.0], [-1.0, -1.0]], [[0.6, 0.4], [0.4, 0.6]]), 4)
    1.3
    """
    return reduce_loss(_hinge_margin(y_true, y_pred, reduction)[1], reduction)


def hinge_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    """d hinge / d y_pred, shaped like y_pred: −y where the margin y·ŷ < 1, else 0; arguments as hinge.

    Example (−y inside the margin, 0 beyond it):

    >>> hinge_grad([1.0, 1.0], [0.5, 2.0], reduction="sum").round(4)
    array([-1.,  0.])
    """
    y, margin = _hinge_margin(y_true, y_pred, reduction)
    return reduce_grad(np.where(margin > 0, -y, 0.0), y.size, reduction)


def squared_hinge(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> float | np.ndarray:
    """Squared hinge loss, as Keras ``SquaredHinge``, with labels y ∈ {−1, +1}:

    L = max(0, 1 − y·ŷ)²;  dL/dŷ = −2y·max(0, 1 − y·ŷ).

    Args:
        y_true: labels −1 or +1 (convert 0/1 labels with 2y − 1).
        y_pred: real scores, shaped like y_true.
        reduction: "mean", "sum" or "none".

    Returns:
        The squared hinge loss: a float, or one per element for reduction="none".

    Example (Keras's SquaredHinge docs: 1.86):

    >>> round(squared_hinge([[-1.0, 1.0], [-1.0, -1.0]], [[0.6, 0.4], [0.4, 0.6]]), 4)
    1.86
    """
    return reduce_loss(_hinge_margin(y_true, y_pred, reduction)[1] ** 2, reduction)


def squared_hinge_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    """d squared_hinge / d y_pred, shaped like y_pred: −2y·max(0, 1 − y·ŷ); arguments as squared_hinge.

    Example (−2y·(1 − yŷ) = −1):

    >>> squared_hinge_grad([1.0], [0.5], reduction="sum").round(4)
    array([-1.])
    """
    y, margin = _hinge_margin(y_true, y_pred, reduction)
    return reduce_grad(-2.0 * y * margin, y.size, reduction)


# ---------------------------------------------------------------------------------------------------------------
# Multiclass: the last axis holds the C classes


def _cce_inputs(y_true, y_pred, reduction, from_logits, label_smoothing):
    from_logits, label_smoothing = _check_options(reduction, from_logits, label_smoothing)
    y, pred = check_pair(y_true, y_pred)
    check_distributions(y, "y_true")
    if not from_logits:
        check_distributions(pred, "y_pred")
    n_classes = pred.shape[-1]
    return y * (1.0 - label_smoothing) + label_smoothing / n_classes, pred, from_logits


def cce(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", from_logits: bool = False,
        label_smoothing: float = 0.0) -> float | np.ndarray:
    """Categorical cross entropy, as Keras ``CategoricalCrossentropy`` (PyTorch ``CrossEntropyLoss`` with
    probability targets); per sample, over the C classes on the last axis:

    L = −Σᵢ yᵢ log ŷᵢ, y a one-hot or soft label row, ŷ a probability row (clipped to [ε, 1 − ε]);
    dL/dŷᵢ = −yᵢ/ŷᵢ.  With a one-hot y only the true class's term survives: L = −log ŷ_true.
    from_logits: ŷ = softmax(z), L = −Σᵢ yᵢ log softmax(z)ᵢ;  dL/dzᵢ = softmax(z)ᵢ − yᵢ.
    label_smoothing ls ∈ [0, 1] replaces y by y(1 − ls) + ls/C (Keras).

    Args:
        y_true: label rows (one-hot or soft) summing to 1 along the last axis.
        y_pred: probability rows summing to 1 (logits with from_logits), shaped like y_true.
        reduction: "mean", "sum" or "none".
        from_logits: y_pred holds logits (any real numbers) instead of probabilities.
        label_smoothing: ls in [0, 1]; y becomes y(1 − ls) + ls/C for C classes.

    Returns:
        The categorical cross entropy: a float, or one per sample for reduction="none".

    Example (Keras's CategoricalCrossentropy docs: 1.177):

    >>> round(cce([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]]), 4)
    1.1769
    """
    y, pred, from_logits = _cce_inputs(y_true, y_pred, reduction, from_logits, label_smoothing)
    log_p = activations.log_softmax(pred) if from_logits else np.log(_clip(pred))
    return reduce_loss(-(y * log_p).sum(axis=-1), reduction)


def cce_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", from_logits: bool = False,
             label_smoothing: float = 0.0) -> np.ndarray:
    """d cce / d y_pred (the logits with from_logits), shaped like y_pred: −y/ŷ at the clipped ŷ, or
    softmax(z)·Σy − y (= softmax(z) − y) for logits; arguments as cce.

    Example (softmax(z) − y; torch's cross_entropy agrees):

    >>> cce_grad([[0, 1, 0]], [[1.0, 2.0, 0.5]], from_logits=True).round(4)
    array([[ 0.2312, -0.3715,  0.1402]])
    """
    y, pred, from_logits = _cce_inputs(y_true, y_pred, reduction, from_logits, label_smoothing)
    if from_logits:
        grad = activations.softmax(pred) * y.sum(axis=-1, keepdims=True) - y
    else:
        grad = -y / _clip(pred)
    return reduce_grad(grad, pred.size // pred.shape[-1], reduction)


def _sparse_inputs(y_true, y_pred, reduction, from_logits):
    """Validated (labels as int array of shape y_pred.shape[:-1], prediction, from_logits)."""
    from_logits, _ = _check_options(reduction, from_logits, 0.0)
    labels, pred = as_array(y_true, "y_true"), as_array(y_pred, "y_pred")
    if pred.ndim == 0:
        raise ValueError("y_pred: is a scalar, expected a last axis of classes")
    batch_shape = pred.shape[:-1]
    if labels.shape == batch_shape + (1,):
        labels = labels.reshape(batch_shape)
    if labels.shape != batch_shape:
        raise ValueError(f"y_true: shape {labels.shape} does not fit y_pred shape {pred.shape}, "
                         f"expected {batch_shape} or {batch_shape + (1,)} (one class id per sample)")
    n_classes = pred.shape[-1]
    if (labels != np.round(labels)).any():
        raise ValueError(f"y_true: label {labels[labels != np.round(labels)].flat[0]:g} is not a whole number, "
                         "expected integer class ids")
    if labels.min() < 0 or labels.max() >= n_classes:
        bad = labels.min() if labels.min() < 0 else labels.max()
        raise ValueError(f"y_true: class id {bad:g} lies outside [0, {n_classes}), y_pred has {n_classes} classes")
    if not from_logits:
        check_distributions(pred, "y_pred")
    return labels.astype(np.intp), pred, from_logits


def sparse_cce(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean",
               from_logits: bool = False) -> float | np.ndarray:
    """Sparse categorical cross entropy, as Keras ``SparseCategoricalCrossentropy`` (PyTorch ``CrossEntropyLoss``
    / ``NLLLoss`` with class-index targets): the label is an integer class id k, not a one-hot row.

    L = −log ŷ_k (ŷ clipped to [ε, 1 − ε]);  dL/dŷᵢ = −1/ŷ_k for i = k, else 0.
    from_logits: L = −log softmax(z)_k;  dL/dzᵢ = softmax(z)ᵢ − [i = k].
    Equal to cce with the one-hot row of k.

    Args:
        y_true: integer class ids in [0, C), shaped y_pred.shape[:-1] (a trailing axis of 1 allowed).
        y_pred: probability rows over the C classes of the last axis (logits with from_logits).
        reduction: "mean", "sum" or "none".
        from_logits: y_pred holds logits (any real numbers) instead of probabilities.

    Returns:
        The sparse categorical cross entropy: a float, or one per sample for reduction="none".

    Example (Keras's SparseCategoricalCrossentropy docs: 1.177):

    >>> round(sparse_cce([1, 2], [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]]), 4)
    1.1769
    """
    labels, pred, from_logits = _sparse_inputs(y_true, y_pred, reduction, from_logits)
    log_p = activations.log_softmax(pred) if from_logits else np.log(_clip(pred))
    return reduce_loss(-np.take_along_axis(log_p, labels[..., None], axis=-1)[..., 0], reduction)


def sparse_cce_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean",
                    from_logits: bool = False) -> np.ndarray:
    """d sparse_cce / d y_pred (the logits with from_logits), shaped like y_pred: −1/ŷ_k on the true
    class (0 elsewhere), or softmax(z) − onehot(k) for logits; arguments as sparse_cce.

    Example (softmax(z) − onehot(k), as cce):

    >>> sparse_cce_grad([1], [[1.0, 2.0, 0.5]], from_logits=True).round(4)
    array([[ 0.2312, -0.3715,  0.1402]])
    """
    labels, pred, from_logits = _sparse_inputs(y_true, y_pred, reduction, from_logits)
    one_hot = np.zeros_like(pred)
    np.put_along_axis(one_hot, labels[..., None], 1.0, axis=-1)
    grad = activations.softmax(pred) - one_hot if from_logits else np.where(one_hot > 0, -1.0 / _clip(pred), 0.0)
    return reduce_grad(grad, pred.size // pred.shape[-1], reduction)


def _kld_inputs(y_true, y_pred, reduction):
    check_reduction(reduction)
    y, p = check_pair(y_true, y_pred)
    check_distributions(y, "y_true")
    check_distributions(p, "y_pred")
    # Keras clips both to [1e-7, 1] here (not 1 − 1e-7): a one-hot y_true then contributes exactly 1·log(1/ŷ).
    return np.clip(y, EPSILON, 1.0), np.clip(p, EPSILON, 1.0)


def kld(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> float | np.ndarray:
    """Kullback–Leibler divergence KL(y_true ‖ y_pred), as Keras ``KLDivergence``; per sample, over the last axis:

    L = Σᵢ yᵢ log(yᵢ/ŷᵢ), both rows probability distributions clipped to [ε, 1] (Keras);  dL/dŷᵢ = −yᵢ/ŷᵢ.
    It is cce minus the entropy of y, so it is 0 exactly when ŷ = y.

    Args:
        y_true: probability rows (one-hot or soft) summing to 1 along the last axis.
        y_pred: probability rows summing to 1, shaped like y_true.
        reduction: "mean", "sum" or "none".

    Returns:
        The Kullback–Leibler divergence: a float, or one per sample for reduction="none".

    Example (by definition: ½ log(4/3) = 0.1438):

    >>> round(kld([[0.5, 0.5]], [[0.25, 0.75]]), 4)
    0.1438
    """
    y, p = _kld_inputs(y_true, y_pred, reduction)
    return reduce_loss((y * np.log(y / p)).sum(axis=-1), reduction)


def kld_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    """d kld / d y_pred, shaped like y_pred: −y/ŷ at the clipped values; arguments as kld.

    Example (−y/ŷ = (−2, −2/3)):

    >>> kld_grad([[0.5, 0.5]], [[0.25, 0.75]]).round(4)
    array([[-2.    , -0.6667]])
    """
    y, p = _kld_inputs(y_true, y_pred, reduction)
    return reduce_grad(-y / p, p.size // p.shape[-1], reduction)


def categorical_hinge(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> float | np.ndarray:
    """Categorical hinge loss (Crammer–Singer margin), as Keras ``CategoricalHinge``; per sample, over the classes
    on the last axis, with y a one-hot row and ŷ a row of scores:

    pos = Σᵢ yᵢŷᵢ (the true class's score), neg = maxᵢ (1 − yᵢ)ŷᵢ (the best wrong score),
    L = max(0, neg − pos + 1): zero once the true score beats every other by a margin of 1.
    dL/dŷ = −y + (1 − y_k)·e_k where L > 0, k the class that gives neg (the first, on a tie), else 0.
    Any real y is accepted, as Keras does.

    Args:
        y_true: one-hot label rows (any real numbers are accepted, as Keras does).
        y_pred: rows of class scores, shaped like y_true.
        reduction: "mean", "sum" or "none".

    Returns:
        The categorical hinge loss: a float, or one per sample for reduction="none".

    Example (Keras's test: 32.5):

    >>> round(categorical_hinge([[1.0, 9.0], [2.0, -5.0]], [[4.0, 8.0], [12.0, 8.0]]), 4)
    32.5
    """
    check_reduction(reduction)
    y, score = check_pair(y_true, y_pred)
    _check_classes(score)
    return reduce_loss(_categorical_hinge_parts(y, score)[0], reduction)


def categorical_hinge_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    """d categorical_hinge / d y_pred, shaped like y_pred: −y + (1 − y_k)·e_k where the margin is
    violated, else 0 (see categorical_hinge); arguments as categorical_hinge.

    Example (−1 on the true score, +1 on the best wrong one):

    >>> categorical_hinge_grad([[1, 0, 0]], [[1.5, 1.0, 0.5]]).round(4)
    array([[-1.,  1., -0.]])
    """
    check_reduction(reduction)
    y, score = check_pair(y_true, y_pred)
    _check_classes(score)
    loss, best_wrong = _categorical_hinge_parts(y, score)
    grad = -y.copy()
    np.put_along_axis(grad, best_wrong[..., None],
                      np.take_along_axis(grad, best_wrong[..., None], axis=-1)
                      + 1.0 - np.take_along_axis(y, best_wrong[..., None], axis=-1), axis=-1)
    grad = np.where((loss > 0)[..., None], grad, 0.0)
    return reduce_grad(grad, score.size // score.shape[-1], reduction)


def _check_classes(pred):
    if pred.ndim == 0:
        raise ValueError("y_pred: is a scalar, expected a last axis of classes")


def _categorical_hinge_parts(y, score):
    """(per-sample loss, index of the best wrong score)."""
    wrong = (1.0 - y) * score
    best_wrong = wrong.argmax(axis=-1)
    neg = np.take_along_axis(wrong, best_wrong[..., None], axis=-1)[..., 0]
    return np.maximum(0.0, neg - (y * score).sum(axis=-1) + 1.0), best_wrong


def _categorical_focal_terms(y_true, y_pred, reduction, alpha, gamma, from_logits, label_smoothing, axis):
    """Validated inputs with the class axis moved last: (y smoothed, p = probabilities, clipped p, from_logits,
    α, γ, axis)."""
    gamma, alpha = _focal_params(gamma, alpha)
    if alpha is None:
        raise ValueError("alpha: got None, expected a number in [0, 1]")
    from_logits, label_smoothing = _check_options(reduction, from_logits, label_smoothing)
    y, pred = check_pair(y_true, y_pred)
    _check_classes(pred)
    axis = check_axis(axis, pred.ndim)
    y, pred = np.moveaxis(y, axis, -1), np.moveaxis(pred, axis, -1)
    check_distributions(y, "y_true")
    if not from_logits:
        check_distributions(pred, "y_pred")
    y = y * (1.0 - label_smoothing) + label_smoothing / pred.shape[-1]
    p = activations.softmax(pred) if from_logits else pred
    return y, p, _clip(p), from_logits, alpha, gamma, axis


def categorical_focal(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", alpha: float = 0.25,
                      gamma: float = 2.0, from_logits: bool = False, label_smoothing: float = 0.0,
                      axis: int = -1) -> float | np.ndarray:
    """Categorical focal cross entropy (Lin et al. 2017, for C classes), as Keras ``CategoricalFocalCrossentropy``;
    per sample, over the classes on `axis`:

    L = Σᵢ α·(1 − pᵢ)^γ · (−yᵢ log pᵢ), p the probability row (softmax of the logits with from_logits) clipped to
    [ε, 1 − ε] as Keras does. γ = 0 and α = 1 give cce; a larger γ fades classes the model already gets
    right. dL/dpᵢ = α·yᵢ·[γ(1 − pᵢ)^{γ−1} log pᵢ − (1 − pᵢ)^γ/pᵢ] at the clipped point; with from_logits the chain
    rule through softmax gives dL/dzⱼ = pⱼ(gⱼ − Σᵢ pᵢgᵢ). label_smoothing replaces y by y(1 − ls) + ls/C.

    Args:
        y_true: label rows (one-hot or soft) summing to 1 along `axis`.
        y_pred: probability rows summing to 1 (logits with from_logits), shaped like y_true.
        reduction: "mean", "sum" or "none".
        alpha: α in [0, 1], the weight of every class's term (None is refused).
        gamma: γ ≥ 0, how strongly well-classified examples are faded (0: no fading).
        from_logits: y_pred holds logits (any real numbers) instead of probabilities.
        label_smoothing: ls in [0, 1]; y becomes y(1 − ls) + ls/C for C classes.
        axis: the axis of classes.

    Returns:
        The categorical focal loss: a float, or one per sample for reduction="none".

    Example (Keras's test: 0.000345):

    >>> y, z = [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[8.0, 1.0, 1.0], [0.0, 9.0, 1.0], [2.0, 3.0, 5.0]]
    >>> round(categorical_focal(y, z, from_logits=True), 6)
    0.000345
    """
    y, _, pc, _, alpha, gamma, _ = _categorical_focal_terms(y_true, y_pred, reduction, alpha, gamma, from_logits,
                                                            label_smoothing, axis)
    return reduce_loss((alpha * (1.0 - pc) ** gamma * -y * np.log(pc)).sum(axis=-1), reduction)


def categorical_focal_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", alpha: float = 0.25,
                           gamma: float = 2.0, from_logits: bool = False, label_smoothing: float = 0.0,
                           axis: int = -1) -> np.ndarray:
    """d categorical_focal / d y_pred (the logits with from_logits), shaped like y_pred; arguments as categorical_focal.

    Example (γ = 0, α = 1 is cce: −y/ŷ = (−2, 0)):

    >>> categorical_focal_grad([[1, 0]], [[0.5, 0.5]], gamma=0.0, alpha=1.0).round(4)
    array([[-2., -0.]])
    """
    y, p, pc, from_logits, alpha, gamma, axis = _categorical_focal_terms(
        y_true, y_pred, reduction, alpha, gamma, from_logits, label_smoothing, axis)
    g = alpha * y * (gamma * (1.0 - pc) ** (gamma - 1.0) * np.log(pc) - (1.0 - pc) ** gamma / pc)
    if from_logits:
        g = p * (g - (p * g).sum(axis=-1, keepdims=True))
    return np.moveaxis(reduce_grad(g, p.size // p.shape[-1], reduction), -1, axis)


__all__ = ["bce", "bce_grad", "binary_focal", "binary_focal_grad", "hinge", "hinge_grad", "squared_hinge",
           "squared_hinge_grad", "cce", "cce_grad", "sparse_cce", "sparse_cce_grad", "kld", "kld_grad",
           "categorical_hinge", "categorical_hinge_grad",
           "categorical_focal", "categorical_focal_grad"]
