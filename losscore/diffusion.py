"""Diffusion-model training: the Min-SNR-γ weighting of the denoising loss (Hang et al. 2023).

A diffusion model is trained at every noise level at once, and the levels fight: at high signal-to-noise ratio (SNR,
little noise) the task is easy and its plain MSE gradient dominates. Min-SNR-γ caps each level's weight at γ, so
no level takes over, which speeds up training.

Conventions shared by every function here:

- Arguments: ``NAME(target, prediction, snr, *, gamma=5.0, prediction_type="epsilon", reduction="mean")``, with
  `target` what the network should predict (the noise or the velocity) and `prediction` what it did, N samples
  along their first axis, and `snr` the signal-to-noise ratio of each sample's timestep; the parameters are
  keyword-only.
- Reduction, as ``_reduce`` says, over one loss per sample (the weighted mean of its squared errors).
  ``min_snr_mse_grad`` is d(result)/d prediction, shaped like prediction.
- Errors, as ``_checks`` says, name the argument: ValueError for shapes that differ or do not fit, NaN or inf, an
  unknown reduction or prediction_type (with the closest valid name), or a value outside what its Args line allows;
  TypeError for values that are not real numbers.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_array, check_positive
from ._reduce import check_reduction, reduce_grad, reduce_loss
from .params import closest

PREDICTION_TYPES = ("epsilon", "v")  # what the network predicts: the noise ε, or the velocity v (diffusers' names)


def _min_snr_parts(target, prediction, snr, gamma, prediction_type, reduction):
    """(prediction − target as (N, values), the weight of each sample, the original shape)."""
    check_reduction(reduction)
    gamma = check_positive(gamma, "gamma")
    if prediction_type not in PREDICTION_TYPES:
        hint = closest(prediction_type, PREDICTION_TYPES) if isinstance(prediction_type, str) else ""
        raise ValueError(f"prediction_type: got {prediction_type!r}{hint}, expected 'epsilon' (the noise) or 'v' "
                         "(the velocity; diffusers calls it 'v_prediction')")
    y, pred = as_array(target, "target"), as_array(prediction, "prediction")
    if pred.shape != y.shape:
        raise ValueError(f"prediction: shape {pred.shape} does not match target shape {y.shape} (no broadcasting)")
    if y.ndim == 0:
        raise ValueError("target: is a scalar, expected (N, ...): one sample per row")
    snr = as_array(snr, "snr")
    if snr.shape != (len(y),):
        raise ValueError(f"snr: shape {snr.shape}, expected ({len(y)},): one signal-to-noise ratio per sample")
    if snr.min() <= 0:
        raise ValueError(f"snr: value {snr.min():g} ≤ 0, expected signal-to-noise ratios > 0")
    weight = np.minimum(snr, gamma) / (snr if prediction_type == "epsilon" else snr + 1.0)
    return (pred - y).reshape(len(y), -1), weight, y.shape


def min_snr_mse(target: ArrayLike, prediction: ArrayLike, snr: ArrayLike, *, gamma: float = 5.0,
                prediction_type: str = "epsilon", reduction: str = "mean") -> float | np.ndarray:
    """Min-SNR-γ weighted MSE (Hang et al. 2023, "Efficient Diffusion Training via Min-SNR Weighting Strategy"), as
    diffusers' training scripts compute it (``--snr_gamma``):

    L_n = w_n · mean((ŷ_n − y_n)²) over sample n's values, with w = min(SNR, γ)/SNR when the network predicts the
    noise ε ("epsilon"), and w = min(SNR, γ)/(SNR + 1) when it predicts the velocity v ("v"). Both equal the paper's
    min(SNR, γ) weight on the x₀ error, rewritten for the quantity predicted (variance-preserving schedules). Noisy
    samples (SNR ≤ γ) keep weight 1 (ε); easy, nearly clean ones are down-weighted by γ/SNR.
    dL/dŷ_n = 2w_n(ŷ_n − y_n)/(values per sample).

    Args:
        target: the noise or velocity the network should predict, shape (N, ...).
        prediction: the network's output, shaped like target.
        snr: the signal-to-noise ratio of each sample's timestep, > 0, shape (N,).
        gamma: γ > 0, where each level's weight is capped (5: the paper's choice).
        prediction_type: "epsilon" (the network predicts the noise) or "v" (the velocity; diffusers'
            "v_prediction").
        reduction: "mean", "sum" or "none".

    Returns:
        The Min-SNR loss: a float, or one per sample for reduction="none".

    Example (the same error at SNR 1 and at SNR 20: the clean sample counts γ/SNR = ¼ as much):

    >>> min_snr_mse([[0.0, 0.0], [0.0, 0.0]], [[1.0, 1.0], [1.0, 1.0]], [1.0, 20.0], reduction="none")
    array([1.  , 0.25])
    """
    error, weight, _ = _min_snr_parts(target, prediction, snr, gamma, prediction_type, reduction)
    return reduce_loss(weight * (error**2).mean(axis=1), reduction)


def min_snr_mse_grad(target: ArrayLike, prediction: ArrayLike, snr: ArrayLike, *, gamma: float = 5.0,
                     prediction_type: str = "epsilon", reduction: str = "mean") -> np.ndarray:
    """d min_snr_mse / d prediction, shaped like prediction: 2w(ŷ − y)/(values per sample) (see
    min_snr_mse); arguments as min_snr_mse.

    Example (v-prediction at SNR 1: w = 1/2):

    >>> min_snr_mse_grad([[0.0, 0.0]], [[1.0, -1.0]], [1.0], prediction_type="v")
    array([[ 0.5, -0.5]])
    """
    error, weight, shape = _min_snr_parts(target, prediction, snr, gamma, prediction_type, reduction)
    grad = 2.0 * weight[:, None] * error / error.shape[1]
    return reduce_grad(grad, len(error), reduction).reshape(shape)
