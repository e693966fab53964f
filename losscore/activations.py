"""Output activations: sigmoid for binary outputs, softmax and log-softmax for class scores (logits).

Each takes logits `z`, an array-like of real numbers, and returns a float64 ndarray shaped like z (softmax and
log-softmax: at least 1-D, the classes along `axis`). Each is computed so that no logit overflows, however large.
A bad argument raises the error ``_checks`` describes, named "z", "axis" or "temperature". torch's sigmoid,
softmax and log_softmax give the same values.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_array, check_axis, check_positive


def softplus(z: ArrayLike) -> np.ndarray:
    """log(1 + e^z) without overflow (elementwise, float64). Unchecked: losscore calls it on validated arrays.

    >>> softplus([0.0, 800.0]).round(4).tolist()
    [0.6931, 800.0]
    """
    z = np.asarray(z, dtype=np.float64)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def sigmoid(z: ArrayLike) -> np.ndarray:
    """σ(z) = 1 / (1 + e^{−z}), computed from e^{−|z|} so no logit overflows.

    Args:
        z: logits (any shape).

    Returns:
        Probabilities in [0, 1] (in (0, 1) until they round to 0 or 1), shaped like z.

    Example (σ(0) = 0.5; torch.sigmoid gives the same):

    >>> sigmoid([0.0, 2.0, -1000.0]).round(4)
    array([0.5   , 0.8808, 0.    ])
    """
    z = as_array(z, "z")
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def log_softmax(z: ArrayLike, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    """log softmax(z/T)ᵢ = zᵢ/T − log Σⱼ e^{zⱼ/T}, with the max subtracted first (log-sum-exp) so it never overflows.

    Args:
        z: logits.
        axis: the axis of classes.
        temperature: T > 0.

    Returns:
        Log-probabilities shaped like z (at least 1-D); along `axis` their exponentials sum to 1.

    Example (log of 1/2 for two equal logits; torch.log_softmax gives the same):

    >>> log_softmax([3.0, 3.0]).round(4)
    array([-0.6931, -0.6931])
    """
    temperature = check_positive(temperature, "temperature")
    z = as_array(z, "z")
    axis = check_axis(axis, max(z.ndim, 1))
    z = np.atleast_1d(z) / temperature
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax(z: ArrayLike, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    """softmax(z/T)ᵢ = e^{zᵢ/T} / Σⱼ e^{zⱼ/T} along `axis`: positive, summing to 1, unchanged by adding a constant to z.

    A higher temperature T flattens the distribution, a lower one sharpens it.

    Args:
        z: logits.
        axis: the axis of classes.
        temperature: T > 0.

    Returns:
        Probabilities shaped like z (at least 1-D), summing to 1 along `axis`.

    Example (e^z / Σ e^z for z = (0, log 3): 1/4 and 3/4; torch.softmax gives the same):

    >>> softmax([0.0, 1.0986122886681098]).round(4)
    array([0.25, 0.75])
    """
    temperature = check_positive(temperature, "temperature")
    z = as_array(z, "z")
    axis = check_axis(axis, max(z.ndim, 1))
    z = np.atleast_1d(z) / temperature
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
