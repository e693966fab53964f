"""Negative log-likelihoods, as PyTorch defines them: NLL of a class under log-probabilities, of a count under a
Poisson rate, and of a real target under a Gaussian with a predicted mean and a given variance.

Conventions shared by every function here:

- Arguments follow ``torch.nn.functional`` with the target first: ``NAME(y_true, y_pred, *, reduction="mean",
  **params)``; the parameters are keyword-only.
- Reduction, as ``_reduce`` says, with torch's meaning: nll gives one loss per sample (a row of y_pred),
  poisson_nll and gaussian_nll one per element. ``NAME_grad`` is d(result)/d y_pred, shaped like y_pred;
  ``gaussian_nll_var_grad`` is d(result)/d var, shaped like var.
- ε: each loss takes torch's as its `eps` parameter (poisson_nll's 1e-8 inside the log of a rate, gaussian_nll's
  1e-6 floor under the variance), not Keras's 1e-7.
- Errors, as ``_checks`` says, name the argument: ValueError for shapes that differ or do not fit, an empty array,
  NaN or inf, an unknown reduction, or a value outside what its Args line allows (class ids out of range or not
  whole, rows that are not normalised log-probabilities, negative counts, rates or variances); TypeError for values
  that are not real numbers.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_array, check_flag, check_in_range, check_pair, check_positive
from ._reduce import check_reduction, reduce_grad, reduce_loss

LOG_2PI = math.log(2.0 * math.pi)


def class_ids(y_true: ArrayLike, n_samples: int, n_classes: int, name: str = "y_true") -> np.ndarray:
    """`y_true` as integer class ids, one per sample, each in [0, n_classes)."""
    ids = as_array(y_true, name)
    if ids.shape != (n_samples,) and not (n_samples == 1 and ids.ndim == 0):
        raise ValueError(f"{name}: shape {ids.shape} does not match y_pred's {n_samples} samples, expected "
                         f"({n_samples},): one class id per row")
    ids = ids.reshape(n_samples)
    if not np.all(ids == np.round(ids)):
        raise ValueError(f"{name}: value {ids[ids != np.round(ids)][0]:g} is not a whole number, expected class ids")
    if ids.min() < 0 or ids.max() >= n_classes:
        bad = ids.min() if ids.min() < 0 else ids.max()
        raise ValueError(f"{name}: class id {bad:g} is out of range, expected 0 ≤ id < {n_classes} (the classes "
                         "of y_pred's last axis)")
    return ids.astype(np.intp)


def class_id_rows(y_true: ArrayLike, y_pred: ArrayLike, what: str) -> tuple[np.ndarray, np.ndarray, tuple]:
    """(class ids, the rows (N, C) of y_pred, y_pred's shape) for a loss of one class id per row of y_pred, given as
    (N, C) or, for one sample, (C,); `what` says what its values are (an error names it)."""
    scores = as_array(y_pred, "y_pred")
    if scores.ndim not in (1, 2):
        raise ValueError(f"y_pred: shape {scores.shape}, expected {what} (N, C) or (C,)")
    rows = scores.reshape(-1, scores.shape[-1])
    return class_ids(y_true, *rows.shape), rows, scores.shape


def log_probability_rows(y_pred: ArrayLike, name: str = "y_pred", tolerance: float = 1e-5) -> np.ndarray:
    """`y_pred` as rows (last axis) of log-probabilities: each logsumexp is 0 within `tolerance`."""
    lp = as_array(y_pred, name)
    if lp.ndim == 0:
        raise ValueError(f"{name}: is a scalar, expected a last axis of classes")
    if lp.max() > tolerance:
        raise ValueError(f"{name}: value {lp.max():g} > 0 is not a log-probability (pass log_softmax(logits))")
    top = lp.max(axis=-1, keepdims=True)
    total = (top + np.log(np.exp(lp - top).sum(axis=-1, keepdims=True)))[..., 0]
    bad = np.abs(total) > tolerance
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(np.atleast_1d(bad))[0])
        row = where[0] if len(where) == 1 else where
        raise ValueError(f"{name}: row {row} is not normalised (its probabilities sum to "
                         f"{math.exp(np.atleast_1d(total)[where]):.6g}), expected log-probabilities: "
                         "pass log_softmax(logits)")
    return lp


# ---------------------------------------------------------------------------------------------------------------
# NLL


def _nll_inputs(y_true, y_pred, reduction):
    check_reduction(reduction)
    ids, rows, shape = class_id_rows(y_true, y_pred, "log-probabilities")  # shapes first, then the values
    log_probability_rows(rows)
    return ids, rows, shape


def nll(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> float | np.ndarray:
    """Negative log-likelihood, as PyTorch ``nll_loss``: the loss of a class under log-probabilities.

    L_n = −y_pred[n, y_true[n]]: it picks the true class's log-probability and negates it. With
    y_pred = log_softmax(logits) this is cross entropy (torch's ``cross_entropy`` is exactly nll ∘ log_softmax).
    dL/d y_pred[n, c] = −1 where c = y_true[n], else 0 (the gradient reaches one entry a row).

    Args:
        y_true: class ids in [0, C), shape (N,), or a scalar for one row.
        y_pred: log-probabilities, shape (N, C) or (C,), each row normalised (pass log_softmax(logits)).
        reduction: "mean", "sum" or "none".

    Returns:
        The NLL: a float, or one per sample for reduction="none".

    Example (log-probabilities of 0.7, 0.2, 0.1; the true class has 0.7):

    >>> round(nll([0], np.log([[0.7, 0.2, 0.1]])), 4)
    0.3567
    """
    ids, rows, _ = _nll_inputs(y_true, y_pred, reduction)
    return reduce_loss(-rows[np.arange(len(ids)), ids], reduction)


def nll_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    """d nll / d y_pred, shaped like y_pred: −1 at each row's true class, 0 elsewhere; arguments as nll.

    Example:

    >>> nll_grad([2, 0], np.log([[0.5, 0.25, 0.25], [0.5, 0.25, 0.25]]))
    array([[ 0. ,  0. , -0.5],
           [-0.5,  0. ,  0. ]])
    """
    ids, rows, shape = _nll_inputs(y_true, y_pred, reduction)
    grad = np.zeros_like(rows)
    grad[np.arange(len(ids)), ids] = -1.0
    return reduce_grad(grad, len(ids), reduction).reshape(shape)


# ---------------------------------------------------------------------------------------------------------------
# Poisson NLL


def _poisson_inputs(y_true, y_pred, reduction, log_input, full, eps):
    check_reduction(reduction)
    log_input, full = check_flag(log_input, "log_input"), check_flag(full, "full")
    eps = check_positive(eps, "eps")
    y, pred = check_pair(y_true, y_pred)
    if y.min() < 0:
        raise ValueError(f"y_true: value {y.min():g} < 0, expected counts (a Poisson target is ≥ 0)")
    if not log_input and pred.min() < 0:
        raise ValueError(f"y_pred: value {pred.min():g} < 0, expected a rate ≥ 0 (or pass log_input=True for "
                         "log-rates)")
    return y, pred, log_input, full, eps


def poisson_nll(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", log_input: bool = True,
                full: bool = False, eps: float = 1e-8) -> float | np.ndarray:
    """Poisson negative log-likelihood, as PyTorch ``poisson_nll_loss``: a count y under a predicted rate λ.

    log_input=True (y_pred = log λ):  L = e^{y_pred} − y·y_pred;  dL/d y_pred = e^{y_pred} − y.
    log_input=False (y_pred = λ ≥ 0):  L = λ − y·log(λ + eps);  dL/dλ = 1 − y/(λ + eps).
    The constant log(y!) is left out unless full=True, which adds Stirling's approximation
    y log y − y + ½ log(2πy) for y > 1 (torch's convention; 0 for y ≤ 1). Keras's ``Poisson`` is the
    log_input=False form with eps = 1e-7 (``losscore.poisson``).

    Args:
        y_true: counts ≥ 0.
        y_pred: log-rates log λ, or rates λ ≥ 0 with log_input=False; shaped like y_true.
        reduction: "mean", "sum" or "none".
        log_input: y_pred holds log λ (else λ itself).
        full: add Stirling's approximation of log(y!), the term that does not depend on λ.
        eps: > 0, added to λ inside the log when log_input=False.

    Returns:
        The Poisson NLL: a float, or one per element for reduction="none" (inf past a log-rate of ~709, as torch).

    Example (λ = e⁰ = 1 for a count of 2: 1 − 2·0):

    >>> poisson_nll([2.0], [0.0])
    1.0
    """
    y, pred, log_input, full, eps = _poisson_inputs(y_true, y_pred, reduction, log_input, full, eps)
    with np.errstate(over="ignore"):  # a log-rate beyond ~709: the rate is inf, and so is the loss (as torch)
        losses = np.exp(pred) - y * pred if log_input else pred - y * np.log(pred + eps)
    if full:
        big = y > 1
        safe = np.where(big, y, 2.0)
        losses = losses + np.where(big, safe * np.log(safe) - safe + 0.5 * np.log(2.0 * math.pi * safe), 0.0)
    return reduce_loss(losses, reduction)


def poisson_nll_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", log_input: bool = True,
                     full: bool = False, eps: float = 1e-8) -> np.ndarray:
    """d poisson_nll / d y_pred, shaped like y_pred: e^{y_pred} − y (log-rates) or 1 − y/(λ + eps)
    (rates); arguments as poisson_nll. Stirling's term (full=True) does not depend on y_pred.

    Example (torch's poisson_nll_loss agrees):

    >>> poisson_nll_grad([2.0, 0.0], [0.0, 1.0], reduction="sum").round(4)
    array([-1.    ,  2.7183])
    """
    y, pred, log_input, _, eps = _poisson_inputs(y_true, y_pred, reduction, log_input, full, eps)
    with np.errstate(over="ignore"):
        grad = np.exp(pred) - y if log_input else 1.0 - y / (pred + eps)
    return reduce_grad(grad, pred.size, reduction)


# ---------------------------------------------------------------------------------------------------------------
# Gaussian NLL


def _gaussian_inputs(y_true, y_pred, var, reduction, full, eps):
    check_reduction(reduction)
    full = check_flag(full, "full")
    eps = check_in_range(eps, "eps", 0.0, np.inf, low_open=True)
    y, mean = check_pair(y_true, y_pred)
    var = as_array(var, "var")
    if var.min() < 0:
        raise ValueError(f"var: value {var.min():g} < 0, expected variances ≥ 0")
    if var.ndim and var.shape != mean.shape:
        # torch's homoscedastic forms: one variance per sample, as (..., 1) or with the last axis dropped
        if var.shape == mean.shape[:-1]:
            var = var[..., None]
        if var.shape != mean.shape[:-1] + (1,):
            raise ValueError(f"var: shape {var.shape} does not fit y_pred's {mean.shape}, expected the same shape, "
                             f"{mean.shape[:-1] + (1,)}, {mean.shape[:-1]} or a scalar")
    return y, mean, np.broadcast_to(np.maximum(var, eps), mean.shape), full


def gaussian_nll(y_true: ArrayLike, y_pred: ArrayLike, *, var: ArrayLike, reduction: str = "mean", full: bool = False,
                 eps: float = 1e-6) -> float | np.ndarray:
    """Gaussian negative log-likelihood, as PyTorch ``gaussian_nll_loss``: a target y under N(μ, σ²) with the mean
    μ = y_pred and the variance σ² = `var` (both predicted, in heteroscedastic regression):

    L = ½(log σ² + (μ − y)²/σ²) [+ ½ log 2π with full=True];  dL/dμ = (μ − y)/σ².
    σ² is clamped below at eps for stability (torch clamps it without letting that affect the gradient). A large
    σ² makes an error cheap but costs log σ²: the loss is smallest at σ² = (μ − y)², so the model learns how
    unsure to be.

    Args:
        y_true: targets.
        y_pred: the predicted means μ, shaped like y_true.
        var: the variances σ² ≥ 0: shaped like y_pred, one per sample as (..., 1) or (...), or a scalar.
        reduction: "mean", "sum" or "none".
        full: add the constant ½ log 2π.
        eps: > 0, the floor under σ².

    Returns:
        The Gaussian NLL: a float, or one per element for reduction="none".

    Example (an error of 2 with σ² = 4: ½(log 4 + 1)):

    >>> round(gaussian_nll([0.0], [2.0], var=4.0), 4)
    1.1931
    """
    y, mean, var, full = _gaussian_inputs(y_true, y_pred, var, reduction, full, eps)
    losses = 0.5 * (np.log(var) + (mean - y) ** 2 / var) + (0.5 * LOG_2PI if full else 0.0)
    return reduce_loss(losses, reduction)


def gaussian_nll_grad(y_true: ArrayLike, y_pred: ArrayLike, *, var: ArrayLike, reduction: str = "mean",
                      full: bool = False, eps: float = 1e-6) -> np.ndarray:
    """d gaussian_nll / d y_pred (the mean), shaped like y_pred: (μ − y)/max(σ², eps); arguments as
    gaussian_nll.

    Example (the error divided by the variance; torch's gaussian_nll_loss agrees):

    >>> gaussian_nll_grad([0.0, 0.0], [2.0, 2.0], var=[4.0, 0.5], reduction="sum")
    array([0.5, 4. ])
    """
    y, mean, var, _ = _gaussian_inputs(y_true, y_pred, var, reduction, full, eps)
    return reduce_grad((mean - y) / var, mean.size, reduction)


def gaussian_nll_var_grad(y_true: ArrayLike, y_pred: ArrayLike, *, var: ArrayLike, reduction: str = "mean",
                          full: bool = False, eps: float = 1e-6) -> float | np.ndarray:
    """d gaussian_nll / d var (the variance), shaped like var (a float for a scalar var); arguments as gaussian_nll.
    ½(1/σ² − (μ − y)²/σ⁴) at σ² = max(var, eps); zero where σ² = (μ − y)², the variance the loss teaches. As torch,
    the clamp at eps does not stop the gradient (torch clamps a copy of var without recording it). With one variance
    per sample (shape (..., 1) or (...)), that variance's entries add up.

    Example (an error of 2: too small a variance (1) pulls it up, too large (8) down, 4 is the minimum):

    >>> gaussian_nll_var_grad([0.0, 0.0, 0.0], [2.0, 2.0, 2.0], var=[1.0, 8.0, 4.0], reduction="sum")
    array([-1.5    ,  0.03125,  0.     ])
    """
    y, mean, clamped, _ = _gaussian_inputs(y_true, y_pred, var, reduction, full, eps)
    per_element = reduce_grad(0.5 * (1.0 / clamped - (mean - y) ** 2 / clamped**2), mean.size, reduction)
    shape = np.shape(var)
    if shape == mean.shape:
        return per_element
    # a shared variance: its gradient is the sum over the elements that share it
    summed = per_element.reshape(mean.shape[:-1] + (-1,)).sum(axis=-1) if len(shape) else per_element.sum()
    return float(summed) if not len(shape) else summed.reshape(shape)

