"""Negative log-likelihoods, as PyTorch defines them: NLL of a class under log-probabilities, of a count under a
Poisson rate, and of a real target under a Gaussian with a predicted mean and a given variance.

Arguments follow ``torch.nn.functional`` with the target first (``NAME(y_true, y_pred, ...)``); ``reduction`` is
"mean", "sum" or "none" with torch's meaning for each loss, and ``NAME_grad`` is d(result)/d(y_pred).
"""

import math

import numpy as np

from ._checks import as_array, check_flag, check_in_range, check_pair, check_positive
from ._reduce import check_reduction, reduce_grad, reduce_loss

LOG_2PI = math.log(2.0 * math.pi)


def class_ids(y_true, n_samples, n_classes, name="y_true"):
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


def log_probability_rows(y_pred, name="y_pred", tolerance=1e-5):
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
    lp = as_array(y_pred, "y_pred")
    if lp.ndim not in (1, 2):
        raise ValueError(f"y_pred: shape {lp.shape}, expected (N, C) or (C,) log-probabilities")
    rows = lp.reshape(-1, lp.shape[-1])
    ids = class_ids(y_true, rows.shape[0], rows.shape[1])  # shapes first, then the values
    log_probability_rows(rows)
    return ids, rows, lp.shape


def nll(y_true, y_pred, *, reduction="mean"):
    """Negative log-likelihood, as PyTorch ``nll_loss``: the loss of a class under log-probabilities.

    L_n = −y_pred[n, y_true[n]]: it picks the true class's log-probability and negates it. With
    y_pred = log_softmax(logits) this is cross entropy (torch's ``cross_entropy`` is exactly nll ∘ log_softmax).
    dL/d y_pred[n, c] = −1 where c = y_true[n], else 0 (the gradient reaches one entry a row).

    Args: y_true (class ids, shape (N,), or a scalar for one row), y_pred (log-probabilities, shape (N, C) or (C,);
        each row's probabilities sum to 1), reduction ("mean" over samples, "sum" or "none": one value per sample).
    Returns: the NLL, a float ("mean", "sum") or an ndarray with one loss per sample ("none").
    Raises: ValueError naming the argument (class ids out of range or not whole, rows that are not normalised
        log-probabilities, shapes that do not match, NaN or inf, an unknown reduction); TypeError for non-numbers.

    Example (log-probabilities of 0.7, 0.2, 0.1; the true class has 0.7):

    >>> round(nll([0], np.log([[0.7, 0.2, 0.1]])), 4)
    0.3567
    """
    ids, rows, _ = _nll_inputs(y_true, y_pred, reduction)
    return reduce_loss(-rows[np.arange(len(ids)), ids], reduction)


def nll_grad(y_true, y_pred, *, reduction="mean"):
    """d nll / d y_pred: −1 at each row's true class, 0 elsewhere; divided by N for "mean".

    Args: y_true (class ids, shape (N,)), y_pred (log-probabilities, shape (N, C) or (C,)), reduction ("mean",
        "sum" or "none").
    Returns: d(NLL)/d y_pred, an ndarray shaped like y_pred, for the reduction asked.
    Raises: ValueError naming the argument (as ``nll``); TypeError for non-numbers.

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


def poisson_nll(y_true, y_pred, *, reduction="mean", log_input=True, full=False, eps=1e-8):
    """Poisson negative log-likelihood, as PyTorch ``poisson_nll_loss``: a count y under a predicted rate λ.

    log_input=True (y_pred = log λ):  L = e^{y_pred} − y·y_pred;  dL/d y_pred = e^{y_pred} − y.
    log_input=False (y_pred = λ ≥ 0):  L = λ − y·log(λ + eps);  dL/dλ = 1 − y/(λ + eps).
    The constant log(y!) is left out unless full=True, which adds Stirling's approximation
    y log y − y + ½ log(2πy) for y > 1 (torch's convention; 0 for y ≤ 1). Keras's ``Poisson`` is the
    log_input=False form with eps = 1e-7 (``losscore.poisson``).

    Args: y_true (counts ≥ 0), y_pred (log-rates, or rates ≥ 0 with log_input=False; same shape), reduction
        ("mean", "sum" or "none": one value per element); log_input=True; full=False; eps=1e-8 (> 0).
    Returns: the Poisson NLL, a float ("mean", "sum") or an ndarray with one loss per element ("none"); a log-rate
        above ~709 overflows e^{y_pred} to inf, as in torch.
    Raises: ValueError naming the argument (negative counts, negative rates, shapes that differ, NaN or inf, an
        unknown reduction, eps ≤ 0, flags that are not booleans); TypeError for non-numbers.

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


def poisson_nll_grad(y_true, y_pred, *, reduction="mean", log_input=True, full=False, eps=1e-8):
    """d poisson_nll / d y_pred: e^{y_pred} − y (log-rates) or 1 − y/(λ + eps) (rates); divided by n for "mean".
    Stirling's term (full=True) does not depend on y_pred.

    Args: y_true (counts ≥ 0), y_pred (log-rates, or rates ≥ 0), reduction ("mean", "sum" or "none");
        log_input=True; full=False; eps=1e-8.
    Returns: d(Poisson NLL)/d y_pred, an ndarray shaped like y_pred, for the reduction asked.
    Raises: ValueError naming the argument (as ``poisson_nll``); TypeError for non-numbers.

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


def gaussian_nll(y_true, y_pred, *, var, reduction="mean", full=False, eps=1e-6):
    """Gaussian negative log-likelihood, as PyTorch ``gaussian_nll_loss``: a target y under N(μ, σ²) with the mean
    μ = y_pred and the variance σ² = `var` (both predicted, in heteroscedastic regression):

    L = ½(log σ² + (μ − y)²/σ²) [+ ½ log 2π with full=True];  dL/dμ = (μ − y)/σ².
    σ² is clamped below at eps for stability (torch clamps it without letting that affect the gradient). A large
    σ² makes an error cheap but costs log σ²: the loss is smallest at σ² = (μ − y)², so the model learns how
    unsure to be.

    Args: y_true (real targets), y_pred (the means, same shape), var (keyword: variances ≥ 0, the same shape as
        y_pred, or one per sample as shape (..., 1) or (...), or a scalar), reduction ("mean", "sum" or "none": one
        value per element); full=False; eps=1e-6 (> 0).
    Returns: the Gaussian NLL, a float ("mean", "sum") or an ndarray with one loss per element ("none").
    Raises: ValueError naming the argument (negative variances, shapes that differ or do not fit, NaN or inf, an
        unknown reduction, eps ≤ 0); TypeError for non-numbers.

    Example (an error of 2 with σ² = 4: ½(log 4 + 1)):

    >>> round(gaussian_nll([0.0], [2.0], var=4.0), 4)
    1.1931
    """
    y, mean, var, full = _gaussian_inputs(y_true, y_pred, var, reduction, full, eps)
    losses = 0.5 * (np.log(var) + (mean - y) ** 2 / var) + (0.5 * LOG_2PI if full else 0.0)
    return reduce_loss(losses, reduction)


def gaussian_nll_grad(y_true, y_pred, *, var, reduction="mean", full=False, eps=1e-6):
    """d gaussian_nll / d y_pred (the mean): (μ − y)/max(σ², eps), divided by n for "mean".

    Args: y_true (real targets), y_pred (the means), var (keyword: variances ≥ 0, shapes as ``gaussian_nll``),
        reduction ("mean", "sum" or "none"); full=False; eps=1e-6.
    Returns: d(Gaussian NLL)/d y_pred, an ndarray shaped like y_pred, for the reduction asked.
    Raises: ValueError naming the argument (as ``gaussian_nll``); TypeError for non-numbers.

    Example (the error divided by the variance; torch's gaussian_nll_loss agrees):

    >>> gaussian_nll_grad([0.0, 0.0], [2.0, 2.0], var=[4.0, 0.5], reduction="sum")
    array([0.5, 4. ])
    """
    y, mean, var, _ = _gaussian_inputs(y_true, y_pred, var, reduction, full, eps)
    return reduce_grad((mean - y) / var, mean.size, reduction)


def gaussian_nll_var_grad(y_true, y_pred, *, var, reduction="mean", full=False, eps=1e-6):
    """d gaussian_nll / d var (the variance): ½(1/σ² − (μ − y)²/σ⁴) at σ² = max(var, eps), divided by n for
    "mean"; zero where σ² = (μ − y)², the variance the loss teaches. As torch, the clamp at eps does not stop the
    gradient (torch clamps a copy of var without recording it). With one variance per sample (shape (..., 1) or
    (...)), that variance's entries add up.

    Args: y_true (real targets), y_pred (the means), var (keyword: variances ≥ 0, shapes as ``gaussian_nll``),
        reduction ("mean", "sum" or "none"); full=False; eps=1e-6.
    Returns: d(Gaussian NLL)/d var, an ndarray shaped like var (a float for a scalar var), for the reduction asked.
    Raises: ValueError naming the argument (as ``gaussian_nll``); TypeError for non-numbers.

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

