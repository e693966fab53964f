"""Regression losses: one loss per element of `y_pred`, on the residual x = ŷ − y.

Conventions shared by every function here:

- Arguments: ``NAME(y_true, y_pred, *, reduction="mean", **params)``, with `y_true` the targets and `y_pred` the
  predictions, array-likes of real numbers of one shape (no broadcasting); the parameters are keyword-only.
- Reduction: the losses, one per element, are reduced as ``_reduce`` says: "mean" over all n elements, "sum", or
  "none" (an array shaped like y_pred). ``NAME_grad`` takes the same arguments and returns d(result)/d y_pred, an
  ndarray shaped like y_pred (so divided by n for "mean"); at a kink it takes the subgradient its docstring names.
- ε = 1e-7 (``EPSILON``, Keras's) keeps a log or a division finite: Poisson's log(ŷ + ε), MAPE's max(|y|, ε),
  MSLE's max(·, ε).
- Errors, as ``_checks`` says, name the argument: ValueError for shapes that differ, an empty array, NaN or inf,
  an unknown reduction, or a value outside what its Args line allows (δ > 0, counts ≥ 0, ...); TypeError for
  values that are not real numbers.

Each loss names the Keras or PyTorch loss whose values it reproduces.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._checks import EPSILON, check_in_range, check_pair, check_positive
from ._reduce import check_reduction, reduce_grad, reduce_loss


def _residual(y_true, y_pred, reduction):
    check_reduction(reduction)
    y_true, y_pred = check_pair(y_true, y_pred)
    return y_pred - y_true


def mae(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> float | np.ndarray:
    """Mean absolute error (L1). Same as Keras ``MeanAbsoluteError`` and PyTorch ``L1Loss``.

    L = |ŷ − y| per element;  dL/dŷ = sign(ŷ − y), with subgradient 0 at ŷ = y.

    Args:
        y_true: targets.
        y_pred: predictions, shaped like y_true.
        reduction: "mean", "sum" or "none".

    Returns:
        The mean absolute error: a float, or one per element for reduction="none".

    Example (Keras's MeanAbsoluteError docs: 0.5):

    >>> round(mae([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [1.0, 0.0]]), 4)
    0.5
    """
    return reduce_loss(np.abs(_residual(y_true, y_pred, reduction)), reduction)


def mae_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    """d mae / d y_pred, shaped like y_pred: sign(ŷ − y) per element (0 where ŷ = y); arguments as mae.

    Example (sign(ŷ − y); torch autograd of l1_loss agrees):

    >>> mae_grad([1.0, 2.0, 3.0], [2.0, 2.0, 1.0], reduction="sum").round(4)
    array([ 1.,  0., -1.])
    """
    x = _residual(y_true, y_pred, reduction)
    return reduce_grad(np.sign(x), x.size, reduction)


def mse(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> float | np.ndarray:
    """Mean squared error (L2). Same as Keras ``MeanSquaredError`` and PyTorch ``MSELoss``.

    L = (ŷ − y)² per element;  dL/dŷ = 2(ŷ − y).

    Args:
        y_true: targets.
        y_pred: predictions, shaped like y_true.
        reduction: "mean", "sum" or "none".

    Returns:
        The mean squared error: a float, or one per element for reduction="none".

    Example (the errors are 1, 0, 2, so torch's mse_loss gives (1 + 0 + 4)/3; Keras's docs give 0.5 for theirs):

    >>> mse([1.0, 2.0, 3.0], [2.0, 2.0, 5.0]) == 5 / 3
    True
    >>> mse([1.0, 2.0, 3.0], [2.0, 2.0, 5.0], reduction="none")
    array([1., 0., 4.])
    """
    return reduce_loss(_residual(y_true, y_pred, reduction) ** 2, reduction)


def mse_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    """d mse / d y_pred, shaped like y_pred: 2(ŷ − y) per element; arguments as mse.

    Example (2(ŷ − y)/n; torch autograd of mse_loss agrees):

    >>> mse_grad([1.0, 2.0], [1.5, 2.0]).round(4)
    array([0.5, 0. ])
    """
    x = _residual(y_true, y_pred, reduction)
    return reduce_grad(2.0 * x, x.size, reduction)


def huber(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", delta: float = 1.0) -> float | np.ndarray:
    """Huber loss (Huber 1964), as Keras ``Huber`` and PyTorch ``HuberLoss``; with x = ŷ − y and δ = `delta` > 0:

    L = ½x² if |x| ≤ δ, else δ(|x| − ½δ);  dL/dŷ = x if |x| ≤ δ, else δ·sign(x).
    Quadratic near zero, linear in the tails; as δ → ∞ it tends to ½ of the squared error.

    Args:
        y_true: targets.
        y_pred: predictions, shaped like y_true.
        reduction: "mean", "sum" or "none".
        delta: δ > 0 (inf allowed), where the quadratic part turns linear.

    Returns:
        The Huber loss: a float, or one per element for reduction="none".

    Example (Keras's Huber docs: 0.155):

    >>> round(huber([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]]), 4)
    0.155
    """
    delta = check_positive(delta, "delta")
    x = _residual(y_true, y_pred, reduction)
    ax = np.abs(x)
    with np.errstate(invalid="ignore"):  # δ = inf: the linear branch (inf·…) is computed but never selected
        losses = np.where(ax <= delta, 0.5 * x * x, delta * (ax - 0.5 * delta))
    return reduce_loss(losses, reduction)


def huber_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", delta: float = 1.0) -> np.ndarray:
    """d huber / d y_pred, shaped like y_pred: x clipped to [−δ, δ] per element; arguments as huber.

    Example (x inside δ = 1, then δ·sign(x); torch's huber_loss agrees):

    >>> huber_grad([0.0, 0.0], [0.5, 3.0], reduction="sum").round(4)
    array([0.5, 1. ])
    """
    delta = check_positive(delta, "delta")
    x = _residual(y_true, y_pred, reduction)
    return reduce_grad(np.clip(x, -delta, delta), x.size, reduction)


def smooth_l1(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean",
              beta: float = 1.0) -> float | np.ndarray:
    """Smooth L1 loss (Girshick 2015, Fast R-CNN's box regression), as PyTorch ``smooth_l1_loss``; with
    x = ŷ − y and β = `beta` ≥ 0:

    L = ½x²/β if |x| < β, else |x| − ½β;  dL/dŷ = x/β if |x| < β, else sign(x).
    It is Huber with δ = β divided by β (smooth_l1 = huber/β): the same bend, but the tails have slope 1 whatever β
    is, and the quadratic part narrows as β → 0, where it becomes L1 (torch: β = 0 is exactly L1).

    Args:
        y_true: targets.
        y_pred: predictions, shaped like y_true.
        reduction: "mean", "sum" or "none".
        beta: β ≥ 0, where the quadratic part turns linear (0: L1).

    Returns:
        The smooth L1 loss: a float, or one per element for reduction="none".

    Example (x = 0.5 is inside β = 1: ½·0.25; x = 3 is outside: 3 − 0.5):

    >>> smooth_l1([0.0, 0.0], [0.5, 3.0], reduction="none")
    array([0.125, 2.5  ])
    """
    beta = check_in_range(beta, "beta", 0.0, np.inf)
    x = _residual(y_true, y_pred, reduction)
    ax = np.abs(x)
    inside = ax < beta
    return reduce_loss(np.where(inside, 0.5 * x * x / np.where(inside, beta, 1.0), ax - 0.5 * beta), reduction)


def smooth_l1_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", beta: float = 1.0) -> np.ndarray:
    """d smooth_l1 / d y_pred, shaped like y_pred: x/β inside |x| < β, sign(x) outside; arguments as smooth_l1.

    Example (torch's smooth_l1_loss agrees):

    >>> smooth_l1_grad([0.0, 0.0], [0.5, -3.0], reduction="sum", beta=2.0)
    array([ 0.25, -1.  ])
    """
    beta = check_in_range(beta, "beta", 0.0, np.inf)
    x = _residual(y_true, y_pred, reduction)
    inside = np.abs(x) < beta
    return reduce_grad(np.where(inside, x / np.where(inside, beta, 1.0), np.sign(x)), x.size, reduction)


def log_cosh(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> float | np.ndarray:
    """Log-cosh loss, as Keras ``LogCosh``; with x = ŷ − y:

    L = log cosh(x), computed as |x| + log1p(e^{−2|x|}) − log 2 so it never overflows;  dL/dŷ = tanh(x).
    About ½x² for small x and |x| − log 2 for large x.

    Args:
        y_true: targets.
        y_pred: predictions, shaped like y_true.
        reduction: "mean", "sum" or "none".

    Returns:
        The log-cosh loss: a float, or one per element for reduction="none".

    Example (Keras's LogCosh docs: 0.108):

    >>> round(log_cosh([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]]), 4)
    0.1084
    """
    ax = np.abs(_residual(y_true, y_pred, reduction))
    return reduce_loss(ax + np.log1p(np.exp(-2.0 * ax)) - math.log(2.0), reduction)


def log_cosh_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    """d log_cosh / d y_pred, shaped like y_pred: tanh(ŷ − y) per element; arguments as log_cosh.

    Example (tanh(1) = 0.7616):

    >>> log_cosh_grad([0.0], [1.0], reduction="sum").round(4)
    array([0.7616])
    """
    x = _residual(y_true, y_pred, reduction)
    return reduce_grad(np.tanh(x), x.size, reduction)


def quantile(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", q: float = 0.5) -> float | np.ndarray:
    """Quantile (pinball) loss (Koenker & Bassett 1978); with r = y − ŷ and q ∈ (0, 1):

    L = max(q·r, (q − 1)·r);  dL/dŷ = −q if ŷ < y, 1 − q if ŷ > y, and the subgradient 0 at ŷ = y.
    Its minimiser is the q-th quantile of y; q = 0.5 gives half the absolute error.

    Args:
        y_true: targets.
        y_pred: predictions, shaped like y_true.
        reduction: "mean", "sum" or "none".
        q: the quantile aimed at, in (0, 1).

    Returns:
        The quantile (pinball) loss: a float, or one per element for reduction="none".

    Example (by hand: (0.1·1 + 0.9·1)/2 = 0.5):

    >>> round(quantile([1.0, 2.0], [2.0, 1.0], q=0.9), 4)
    0.5
    """
    q = check_in_range(q, "q", 0.0, 1.0, low_open=True, high_open=True)
    r = -_residual(y_true, y_pred, reduction)
    return reduce_loss(np.maximum(q * r, (q - 1.0) * r), reduction)


def quantile_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", q: float = 0.5) -> np.ndarray:
    """d quantile / d y_pred, shaped like y_pred: −q where ŷ < y, 1 − q where ŷ > y, 0 where equal;
    arguments as quantile.

    Example (1 − q above y, −q below):

    >>> quantile_grad([1.0, 2.0], [2.0, 1.0], q=0.9, reduction="sum").round(4)
    array([ 0.1, -0.9])
    """
    q = check_in_range(q, "q", 0.0, 1.0, low_open=True, high_open=True)
    x = _residual(y_true, y_pred, reduction)
    return reduce_grad(np.where(x > 0, 1.0 - q, np.where(x < 0, -q, 0.0)), x.size, reduction)


def _check_alpha(alpha):
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.number)) or math.isnan(alpha):
        raise ValueError(f"alpha: got {alpha!r}, expected a number (±inf allowed)")
    return float(alpha)


def general_robust(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", alpha: float = 1.0,
                   scale: float = 1.0) -> float | np.ndarray:
    """Barron's general and adaptive robust loss (Barron, CVPR 2019, eq. 1 and its limits), on x = ŷ − y:

    ρ(x, α, c) = |α − 2|/α · (((x/c)²/|α − 2| + 1)^{α/2} − 1), with α = `alpha` and c = `scale` > 0;
    α = 2: ½(x/c)² (L2);  α = 1: √((x/c)² + 1) − 1 (pseudo-Huber / Charbonnier);  α = 0: log(½(x/c)² + 1) (Cauchy);
    α = −2: 2(x/c)²/((x/c)² + 4) (Geman–McClure);  α → −∞: 1 − exp(−½(x/c)²) (Welsch);  α → +∞: exp(½(x/c)²) − 1.
    dρ/dŷ = ψ(x) = x/c² · ((x/c)²/|α − 2| + 1)^{α/2 − 1}, with the matching limits (x/c², 2x/(x² + 2c²),
    x/c² · exp(∓½(x/c)²)). Computed with expm1/log1p so α near 0 and 2 stay accurate.
    For α = +inf the loss overflows to inf beyond |x/c| ≈ 37.

    Args:
        y_true: targets.
        y_pred: predictions, shaped like y_true.
        reduction: "mean", "sum" or "none".
        alpha: the shape α, any number (±inf included, not NaN).
        scale: c > 0, the residual size where the loss starts to bend.

    Returns:
        The general robust loss: a float, or one per element for reduction="none".

    Example (Barron's α = 1: √(2² + 1) − 1 = 1.2361):

    >>> round(general_robust([0.0], [2.0], alpha=1.0), 4)
    1.2361
    """
    alpha = _check_alpha(alpha)
    scale = check_positive(scale, "scale")
    z = (_residual(y_true, y_pred, reduction) / scale) ** 2
    with np.errstate(over="ignore"):
        if alpha == 2.0:
            losses = 0.5 * z
        elif alpha == 0.0:
            losses = np.log1p(0.5 * z)
        elif alpha == -math.inf:
            losses = -np.expm1(-0.5 * z)
        elif alpha == math.inf:
            losses = np.expm1(0.5 * z)
        else:
            b = abs(alpha - 2.0)
            losses = b / alpha * np.expm1(0.5 * alpha * np.log1p(z / b))
    return reduce_loss(losses, reduction)


def general_robust_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean", alpha: float = 1.0,
                        scale: float = 1.0) -> np.ndarray:
    """d general_robust / d y_pred, shaped like y_pred: ψ(x) = x/c² · ((x/c)²/|α − 2| + 1)^{α/2 − 1}
    per element (see general_robust); arguments as general_robust.

    Example (x/√(x² + 1) = 2/√5 = 0.8944):

    >>> general_robust_grad([0.0], [2.0], alpha=1.0, reduction="sum").round(4)
    array([0.8944])
    """
    alpha = _check_alpha(alpha)
    scale = check_positive(scale, "scale")
    x = _residual(y_true, y_pred, reduction)
    z = (x / scale) ** 2
    with np.errstate(over="ignore"):
        if alpha == 2.0:
            factor = np.ones_like(z)
        elif alpha == 0.0:
            factor = 1.0 / (0.5 * z + 1.0)
        elif alpha == -math.inf:
            factor = np.exp(-0.5 * z)
        elif alpha == math.inf:
            factor = np.exp(0.5 * z)
        else:
            factor = np.exp((0.5 * alpha - 1.0) * np.log1p(z / abs(alpha - 2.0)))
    return reduce_grad(x / scale**2 * factor, x.size, reduction)


# ---------------------------------------------------------------------------------------------------------------
# Counts, percentages and log-scale errors (Keras's Poisson, MAPE, MSLE): still one loss per element.


def _counts(y_true, y_pred, reduction):
    check_reduction(reduction)
    y, rate = check_pair(y_true, y_pred)
    for arr, name, what in ((y, "y_true", "counts"), (rate, "y_pred", "rates (the Poisson mean)")):
        if arr.min() < 0:
            raise ValueError(f"{name}: value {arr.min():g} is negative, expected {what} >= 0")
    return y, rate


def poisson(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> float | np.ndarray:
    """Poisson loss, as Keras ``Poisson``: the negative log-likelihood of a count y under a Poisson rate ŷ, without
    the terms that do not depend on ŷ.

    L = ŷ − y·log(ŷ + ε) per element, so ŷ = 0 stays finite;  dL/dŷ = 1 − y/(ŷ + ε).
    Smallest at ŷ = y. Counts y and rates ŷ must be ≥ 0 (a negative rate has no logarithm; Keras would give NaN).

    Args:
        y_true: counts ≥ 0.
        y_pred: rates ≥ 0 (the Poisson mean), shaped like y_true.
        reduction: "mean", "sum" or "none".

    Returns:
        The Poisson loss: a float, or one per element for reduction="none".

    Example (Keras's Poisson docs: 0.5):

    >>> round(poisson([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]]), 4)
    0.5
    """
    y, rate = _counts(y_true, y_pred, reduction)
    return reduce_loss(rate - y * np.log(rate + EPSILON), reduction)


def poisson_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    """d poisson / d y_pred, shaped like y_pred: 1 − y/(ŷ + ε) per element; arguments as poisson.

    Example (1 − y/ŷ = 0.5; torch's poisson_nll_loss(log_input=False) agrees):

    >>> poisson_grad([2.0], [4.0], reduction="sum").round(4)
    array([0.5])
    """
    y, rate = _counts(y_true, y_pred, reduction)
    return reduce_grad(1.0 - y / (rate + EPSILON), rate.size, reduction)


def mape(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> float | np.ndarray:
    """Mean absolute percentage error, as Keras ``MeanAbsolutePercentageError``:

    L = 100·|y − ŷ| / max(|y|, ε) per element (Keras clips the denominator, so y = 0 gives a huge but
    finite value);  dL/dŷ = 100·sign(ŷ − y)/max(|y|, ε), with subgradient 0 at ŷ = y.
    For y > 0 an under-prediction costs at most 100 %, an over-prediction is unbounded.

    Args:
        y_true: targets (near 0, every error is a huge percentage).
        y_pred: predictions, shaped like y_true.
        reduction: "mean", "sum" or "none".

    Returns:
        The mean absolute percentage error: a float, or one per element for reduction="none".

    Example (Keras's test: 211.8518):

    >>> round(mape([[1.0, 9.0, 2.0], [-5.0, -2.0, 6.0]], [[4.0, 8.0, 12.0], [8.0, 1.0, 3.0]]), 4)
    211.8519
    """
    check_reduction(reduction)
    y, pred = check_pair(y_true, y_pred)
    return reduce_loss(100.0 * np.abs(y - pred) / np.maximum(np.abs(y), EPSILON), reduction)


def mape_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    """d mape / d y_pred, shaped like y_pred: 100·sign(ŷ − y)/max(|y|, ε) per element; arguments as mape.

    Example (100·sign(ŷ − y)/|y| = 50):

    >>> mape_grad([2.0], [3.0], reduction="sum").round(4)
    array([50.])
    """
    check_reduction(reduction)
    y, pred = check_pair(y_true, y_pred)
    return reduce_grad(100.0 * np.sign(pred - y) / np.maximum(np.abs(y), EPSILON), pred.size, reduction)


def _log_errors(y_true, y_pred, reduction):
    check_reduction(reduction)
    y, pred = check_pair(y_true, y_pred)
    clipped = np.maximum(pred, EPSILON)
    return np.log1p(clipped) - np.log1p(np.maximum(y, EPSILON)), clipped, pred


def msle(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> float | np.ndarray:
    """Mean squared logarithmic error, as Keras ``MeanSquaredLogarithmicError``:

    L = (log(max(ŷ, ε) + 1) − log(max(y, ε) + 1))² per element: both are clipped below at ε, exactly as
    Keras does, so negative values count as ε.  dL/dŷ = 2·(that difference)/(ŷ + 1) where ŷ > ε, else 0 (the clip
    is flat there). Being a squared error of log(1 + ·), it judges relative errors: ŷ = 2y costs about as much for
    y = 10 as for y = 1000.

    Args:
        y_true: targets; any below ε count as ε.
        y_pred: predictions, clipped the same way, shaped like y_true.
        reduction: "mean", "sum" or "none".

    Returns:
        The mean squared logarithmic error: a float, or one per element for reduction="none".

    Example (Keras's test: 1.4370):

    >>> y_true = [[1.0, 9.0, 2.0], [-5.0, -2.0, 6.0]]  # the negatives count as ε
    >>> round(msle(y_true, [[4.0, 8.0, 12.0], [8.0, 1.0, 3.0]]), 4)
    1.437
    """
    return reduce_loss(_log_errors(y_true, y_pred, reduction)[0] ** 2, reduction)


def msle_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    """d msle / d y_pred, shaped like y_pred: 2(log(ŷ + 1) − log(max(y, ε) + 1))/(ŷ + 1) where ŷ > ε, else 0;
    arguments as msle.

    Example (2·log 2/2 = 0.6931):

    >>> msle_grad([0.0], [1.0], reduction="sum").round(4)
    array([0.6931])
    """
    diff, clipped, pred = _log_errors(y_true, y_pred, reduction)
    return reduce_grad(np.where(pred > EPSILON, 2.0 * diff / (clipped + 1.0), 0.0), pred.size, reduction)
