"""Regression losses: one loss per element of `y_pred`, on the residual x = ŷ − y.

Every function takes ``(y_true, y_pred, *, reduction="mean", **params)``; `y_true` and `y_pred` are array-likes of
one shape (no broadcasting). ``reduction`` is "mean" (over all elements), "sum", or "none" (the per-element array).
Each ``NAME_grad`` returns d(result)/d(y_pred) with the shape of `y_pred`.
"""

import math

import numpy as np

from ._checks import EPSILON, check_in_range, check_pair, check_positive
from ._reduce import check_reduction, reduce_grad, reduce_loss


def _residual(y_true, y_pred, reduction):
    check_reduction(reduction)
    y_true, y_pred = check_pair(y_true, y_pred)
    return y_pred - y_true


def mae(y_true, y_pred, *, reduction="mean"):
    """Mean absolute error (L1). Same as Keras ``MeanAbsoluteError`` and PyTorch ``L1Loss``.

    L = |ŷ − y| per element;  dL/dŷ = sign(ŷ − y), with subgradient 0 at ŷ = y.

    Args: y_true (real targets), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value
        per element).
    Returns: the mean absolute error, a float ("mean", "sum") or an ndarray with one loss per element ("none").
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction); TypeError for
        non-numbers.

    Example (Keras's MeanAbsoluteError docs: 0.5):

    >>> round(mae([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [1.0, 0.0]]), 4)
    0.5
    """
    return reduce_loss(np.abs(_residual(y_true, y_pred, reduction)), reduction)


def mae_grad(y_true, y_pred, *, reduction="mean"):
    """d mae / d y_pred: sign(ŷ − y) per element (0 where ŷ = y), divided by n for "mean".

    Args: y_true (real targets), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value
        per element).
    Returns: d(mean absolute error)/d y_pred, an ndarray shaped like y_pred, for the reduction asked.
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction); TypeError for
        non-numbers.

    Example (sign(ŷ − y); torch autograd of l1_loss agrees):

    >>> mae_grad([1.0, 2.0, 3.0], [2.0, 2.0, 1.0], reduction="sum").round(4)
    array([ 1.,  0., -1.])
    """
    x = _residual(y_true, y_pred, reduction)
    return reduce_grad(np.sign(x), x.size, reduction)


def mse(y_true, y_pred, *, reduction="mean"):
    """Mean squared error (L2). Same as Keras ``MeanSquaredError`` and PyTorch ``MSELoss``.

    L = (ŷ − y)² per element;  dL/dŷ = 2(ŷ − y).

    Args: y_true (real targets), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value
        per element).
    Returns: the mean squared error, a float ("mean", "sum") or an ndarray with one loss per element ("none").
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction); TypeError for
        non-numbers.

    Example (the errors are 1, 0, 2, so torch's mse_loss gives (1 + 0 + 4)/3; Keras's docs give 0.5 for theirs):

    >>> mse([1.0, 2.0, 3.0], [2.0, 2.0, 5.0]) == 5 / 3
    True
    >>> mse([1.0, 2.0, 3.0], [2.0, 2.0, 5.0], reduction="none")
    array([1., 0., 4.])
    """
    return reduce_loss(_residual(y_true, y_pred, reduction) ** 2, reduction)


def mse_grad(y_true, y_pred, *, reduction="mean"):
    """d mse / d y_pred: 2(ŷ − y) per element, divided by n for "mean".

    Args: y_true (real targets), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value
        per element).
    Returns: d(mean squared error)/d y_pred, an ndarray shaped like y_pred, for the reduction asked.
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction); TypeError for
        non-numbers.

    Example (2(ŷ − y)/n; torch autograd of mse_loss agrees):

    >>> mse_grad([1.0, 2.0], [1.5, 2.0]).round(4)
    array([0.5, 0. ])
    """
    x = _residual(y_true, y_pred, reduction)
    return reduce_grad(2.0 * x, x.size, reduction)


def huber(y_true, y_pred, *, reduction="mean", delta=1.0):
    """Huber loss (Huber 1964), as Keras ``Huber`` and PyTorch ``HuberLoss``; with x = ŷ − y and δ = `delta` > 0:

    L = ½x² if |x| ≤ δ, else δ(|x| − ½δ);  dL/dŷ = x if |x| ≤ δ, else δ·sign(x).
    Quadratic near zero, linear in the tails; as δ → ∞ it tends to ½ of the squared error.

    Args: y_true (real targets), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value
        per element); delta=1.0.
    Returns: the huber loss, a float ("mean", "sum") or an ndarray with one loss per element ("none").
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction, delta <= 0);
        TypeError for non-numbers.

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


def huber_grad(y_true, y_pred, *, reduction="mean", delta=1.0):
    """d huber / d y_pred: x clipped to [−δ, δ] per element, divided by n for "mean".

    Args: y_true (real targets), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value
        per element); delta=1.0.
    Returns: d(huber loss)/d y_pred, an ndarray shaped like y_pred, for the reduction asked.
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction, delta <= 0);
        TypeError for non-numbers.

    Example (x inside δ = 1, then δ·sign(x); torch's huber_loss agrees):

    >>> huber_grad([0.0, 0.0], [0.5, 3.0], reduction="sum").round(4)
    array([0.5, 1. ])
    """
    delta = check_positive(delta, "delta")
    x = _residual(y_true, y_pred, reduction)
    return reduce_grad(np.clip(x, -delta, delta), x.size, reduction)


def smooth_l1(y_true, y_pred, *, reduction="mean", beta=1.0):
    """Smooth L1 loss (Girshick 2015, Fast R-CNN's box regression), as PyTorch ``smooth_l1_loss``; with
    x = ŷ − y and β = `beta` ≥ 0:

    L = ½x²/β if |x| < β, else |x| − ½β;  dL/dŷ = x/β if |x| < β, else sign(x).
    It is Huber with δ = β divided by β (smooth_l1 = huber/β): the same bend, but the tails have slope 1 whatever β
    is, and the quadratic part narrows as β → 0, where it becomes L1 (torch: β = 0 is exactly L1).

    Args: y_true (real targets), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value
        per element); beta=1.0.
    Returns: the smooth L1 loss, a float ("mean", "sum") or an ndarray with one loss per element ("none").
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction, beta < 0);
        TypeError for non-numbers.

    Example (x = 0.5 is inside β = 1: ½·0.25; x = 3 is outside: 3 − 0.5):

    >>> smooth_l1([0.0, 0.0], [0.5, 3.0], reduction="none")
    array([0.125, 2.5  ])
    """
    beta = check_in_range(beta, "beta", 0.0, np.inf)
    x = _residual(y_true, y_pred, reduction)
    ax = np.abs(x)
    inside = ax < beta
    return reduce_loss(np.where(inside, 0.5 * x * x / np.where(inside, beta, 1.0), ax - 0.5 * beta), reduction)


def smooth_l1_grad(y_true, y_pred, *, reduction="mean", beta=1.0):
    """d smooth_l1 / d y_pred: x/β inside |x| < β, sign(x) outside, divided by n for "mean".

    Args: y_true (real targets), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value
        per element); beta=1.0.
    Returns: d(smooth L1 loss)/d y_pred, an ndarray shaped like y_pred, for the reduction asked.
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction, beta < 0);
        TypeError for non-numbers.

    Example (torch's smooth_l1_loss agrees):

    >>> smooth_l1_grad([0.0, 0.0], [0.5, -3.0], reduction="sum", beta=2.0)
    array([ 0.25, -1.  ])
    """
    beta = check_in_range(beta, "beta", 0.0, np.inf)
    x = _residual(y_true, y_pred, reduction)
    inside = np.abs(x) < beta
    return reduce_grad(np.where(inside, x / np.where(inside, beta, 1.0), np.sign(x)), x.size, reduction)


def log_cosh(y_true, y_pred, *, reduction="mean"):
    """Log-cosh loss, as Keras ``LogCosh``; with x = ŷ − y:

    L = log cosh(x), computed as |x| + log1p(e^{−2|x|}) − log 2 so it never overflows;  dL/dŷ = tanh(x).
    About ½x² for small x and |x| − log 2 for large x.

    Args: y_true (real targets), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value
        per element).
    Returns: the log-cosh loss, a float ("mean", "sum") or an ndarray with one loss per element ("none").
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction); TypeError for
        non-numbers.

    Example (Keras's LogCosh docs: 0.108):

    >>> round(log_cosh([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]]), 4)
    0.1084
    """
    ax = np.abs(_residual(y_true, y_pred, reduction))
    return reduce_loss(ax + np.log1p(np.exp(-2.0 * ax)) - math.log(2.0), reduction)


def log_cosh_grad(y_true, y_pred, *, reduction="mean"):
    """d log_cosh / d y_pred: tanh(ŷ − y) per element, divided by n for "mean".

    Args: y_true (real targets), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value
        per element).
    Returns: d(log-cosh loss)/d y_pred, an ndarray shaped like y_pred, for the reduction asked.
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction); TypeError for
        non-numbers.

    Example (tanh(1) = 0.7616):

    >>> log_cosh_grad([0.0], [1.0], reduction="sum").round(4)
    array([0.7616])
    """
    x = _residual(y_true, y_pred, reduction)
    return reduce_grad(np.tanh(x), x.size, reduction)


def quantile(y_true, y_pred, *, reduction="mean", q=0.5):
    """Quantile (pinball) loss (Koenker & Bassett 1978); with r = y − ŷ and q ∈ (0, 1):

    L = max(q·r, (q − 1)·r);  dL/dŷ = −q if ŷ < y, 1 − q if ŷ > y, and the subgradient 0 at ŷ = y.
    Its minimiser is the q-th quantile of y; q = 0.5 gives half the absolute error.

    Args: y_true (real targets), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value
        per element); q=0.5.
    Returns: the quantile (pinball) loss, a float ("mean", "sum") or an ndarray with one loss per element ("none").
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction, q outside (0, 1));
        TypeError for non-numbers.

    Example (by hand: (0.1·1 + 0.9·1)/2 = 0.5):

    >>> round(quantile([1.0, 2.0], [2.0, 1.0], q=0.9), 4)
    0.5
    """
    q = check_in_range(q, "q", 0.0, 1.0, low_open=True, high_open=True)
    r = -_residual(y_true, y_pred, reduction)
    return reduce_loss(np.maximum(q * r, (q - 1.0) * r), reduction)


def quantile_grad(y_true, y_pred, *, reduction="mean", q=0.5):
    """d quantile / d y_pred: −q where ŷ < y, 1 − q where ŷ > y, 0 where equal; divided by n for "mean".

    Args: y_true (real targets), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value
        per element); q=0.5.
    Returns: d(quantile (pinball) loss)/d y_pred, an ndarray shaped like y_pred, for the reduction asked.
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction, q outside (0, 1));
        TypeError for non-numbers.

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


def general_robust(y_true, y_pred, *, reduction="mean", alpha=1.0, scale=1.0):
    """Barron's general and adaptive robust loss (Barron, CVPR 2019, eq. 1 and its limits), on x = ŷ − y:

    ρ(x, α, c) = |α − 2|/α · (((x/c)²/|α − 2| + 1)^{α/2} − 1), with α = `alpha` and c = `scale` > 0;
    α = 2: ½(x/c)² (L2);  α = 1: √((x/c)² + 1) − 1 (pseudo-Huber / Charbonnier);  α = 0: log(½(x/c)² + 1) (Cauchy);
    α = −2: 2(x/c)²/((x/c)² + 4) (Geman–McClure);  α → −∞: 1 − exp(−½(x/c)²) (Welsch);  α → +∞: exp(½(x/c)²) − 1.
    dρ/dŷ = ψ(x) = x/c² · ((x/c)²/|α − 2| + 1)^{α/2 − 1}, with the matching limits (x/c², 2x/(x² + 2c²),
    x/c² · exp(∓½(x/c)²)). Computed with expm1/log1p so α near 0 and 2 stay accurate.
    For α = +inf the loss overflows to inf beyond |x/c| ≈ 37.

    Args: y_true (real targets), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value
        per element); alpha=1.0; scale=1.0.
    Returns: the general robust loss (Barron), a float ("mean", "sum") or an ndarray with one loss per element ("none").
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction, scale <= 0);
        TypeError for non-numbers.

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


def general_robust_grad(y_true, y_pred, *, reduction="mean", alpha=1.0, scale=1.0):
    """d general_robust / d y_pred: ψ(x) = x/c² · ((x/c)²/|α − 2| + 1)^{α/2 − 1} per element (see general_robust).

    Args: y_true (real targets), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value
        per element); alpha=1.0; scale=1.0.
    Returns: d(general robust loss (Barron))/d y_pred, an ndarray shaped like y_pred, for the reduction asked.
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction, scale <= 0);
        TypeError for non-numbers.

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


def poisson(y_true, y_pred, *, reduction="mean"):
    """Poisson loss, as Keras ``Poisson``: the negative log-likelihood of a count y under a Poisson rate ŷ, without
    the terms that do not depend on ŷ.

    L = ŷ − y·log(ŷ + ε) per element, ε = 1e-7 (Keras), so ŷ = 0 stays finite;  dL/dŷ = 1 − y/(ŷ + ε).
    Smallest at ŷ = y. Counts y and rates ŷ must be ≥ 0 (a negative rate has no logarithm; Keras would give NaN).

    Args: y_true (counts ≥ 0), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value per
        element).
    Returns: the poisson loss, a float ("mean", "sum") or an ndarray with one loss per element ("none").
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction, negative counts or
        rates); TypeError for non-numbers.

    Example (Keras's Poisson docs: 0.5):

    >>> round(poisson([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]]), 4)
    0.5
    """
    y, rate = _counts(y_true, y_pred, reduction)
    return reduce_loss(rate - y * np.log(rate + EPSILON), reduction)


def poisson_grad(y_true, y_pred, *, reduction="mean"):
    """d poisson / d y_pred: 1 − y/(ŷ + ε) per element, divided by n for "mean".

    Args: y_true (counts ≥ 0), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value per
        element).
    Returns: d(poisson loss)/d y_pred, an ndarray shaped like y_pred, for the reduction asked.
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction, negative counts or
        rates); TypeError for non-numbers.

    Example (1 − y/ŷ = 0.5; torch's poisson_nll_loss(log_input=False) agrees):

    >>> poisson_grad([2.0], [4.0], reduction="sum").round(4)
    array([0.5])
    """
    y, rate = _counts(y_true, y_pred, reduction)
    return reduce_grad(1.0 - y / (rate + EPSILON), rate.size, reduction)


def mape(y_true, y_pred, *, reduction="mean"):
    """Mean absolute percentage error, as Keras ``MeanAbsolutePercentageError``:

    L = 100·|y − ŷ| / max(|y|, ε) per element, ε = 1e-7 (Keras clips the denominator, so y = 0 gives a huge but
    finite value);  dL/dŷ = 100·sign(ŷ − y)/max(|y|, ε), with subgradient 0 at ŷ = y.
    For y > 0 an under-prediction costs at most 100 %, an over-prediction is unbounded.

    Args: y_true (real targets; near 0 every error is a huge percentage), y_pred (its predictions, same shape),
        reduction ("mean", "sum" or "none": one percentage per element).
    Returns: the mean absolute percentage error, a float ("mean", "sum") or an ndarray with one loss per element
        ("none").
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction); TypeError for
        non-numbers.

    Example (Keras's test: 211.8518):

    >>> round(mape([[1.0, 9.0, 2.0], [-5.0, -2.0, 6.0]], [[4.0, 8.0, 12.0], [8.0, 1.0, 3.0]]), 4)
    211.8519
    """
    check_reduction(reduction)
    y, pred = check_pair(y_true, y_pred)
    return reduce_loss(100.0 * np.abs(y - pred) / np.maximum(np.abs(y), EPSILON), reduction)


def mape_grad(y_true, y_pred, *, reduction="mean"):
    """d mape / d y_pred: 100·sign(ŷ − y)/max(|y|, ε) per element, divided by n for "mean".

    Args: y_true (real targets), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value
        per element).
    Returns: d(mean absolute percentage error)/d y_pred, an ndarray shaped like y_pred, for the reduction asked.
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction); TypeError for
        non-numbers.

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


def msle(y_true, y_pred, *, reduction="mean"):
    """Mean squared logarithmic error, as Keras ``MeanSquaredLogarithmicError``:

    L = (log(max(ŷ, ε) + 1) − log(max(y, ε) + 1))² per element, ε = 1e-7: both are clipped below at ε, exactly as
    Keras does, so negative values count as ε.  dL/dŷ = 2·(that difference)/(ŷ + 1) where ŷ > ε, else 0 (the clip
    is flat there). Being a squared error of log(1 + ·), it judges relative errors: ŷ = 2y costs about as much for
    y = 10 as for y = 1000.

    Args: y_true (targets ≥ 0; anything below ε counts as ε), y_pred (predictions, clipped the same way, same shape),
        reduction ("mean", "sum" or "none": one squared log error per element).
    Returns: the mean squared logarithmic error, a float ("mean", "sum") or an ndarray with one loss per element
        ("none").
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction); TypeError for
        non-numbers.

    Example (Keras's test: 1.4370):

    >>> y_true = [[1.0, 9.0, 2.0], [-5.0, -2.0, 6.0]]  # the negatives count as ε
    >>> round(msle(y_true, [[4.0, 8.0, 12.0], [8.0, 1.0, 3.0]]), 4)
    1.437
    """
    return reduce_loss(_log_errors(y_true, y_pred, reduction)[0] ** 2, reduction)


def msle_grad(y_true, y_pred, *, reduction="mean"):
    """d msle / d y_pred: 2(log(ŷ + 1) − log(max(y, ε) + 1))/(ŷ + 1) where ŷ > ε, else 0; divided by n for "mean".

    Args: y_true (real targets), y_pred (its predictions, same shape), reduction ("mean", "sum" or "none": one value
        per element).
    Returns: d(mean squared logarithmic error)/d y_pred, an ndarray shaped like y_pred, for the reduction asked.
    Raises: ValueError naming the argument (shapes that differ, NaN or inf, an unknown reduction); TypeError for
        non-numbers.

    Example (2·log 2/2 = 0.6931):

    >>> msle_grad([0.0], [1.0], reduction="sum").round(4)
    array([0.6931])
    """
    diff, clipped, pred = _log_errors(y_true, y_pred, reduction)
    return reduce_grad(np.where(pred > EPSILON, 2.0 * diff / (clipped + 1.0), 0.0), pred.size, reduction)
