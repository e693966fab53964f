"""Output activations: sigmoid for binary outputs, softmax and log-softmax for class scores (logits)."""

import numpy as np

from ._checks import as_array, check_axis, check_positive


def softplus(z):
    """log(1 + e^z) without overflow (elementwise, float64).

    >>> softplus([0.0, 800.0]).round(4).tolist()
    [0.6931, 800.0]
    """
    z = np.asarray(z, dtype=np.float64)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def sigmoid(z):
    """σ(z) = 1 / (1 + e^{−z}), computed from e^{−|z|} so no logit overflows.

    Args:
        z: logits, an array-like of real numbers (any shape).

    Returns:
        An ndarray of probabilities in (0, 1), shaped like z.

    Raises:
        ValueError: NaN or inf in z. TypeError: z not real numbers.

    Example (σ(0) = 0.5; torch.sigmoid gives the same):

    >>> sigmoid([0.0, 2.0, -1000.0]).round(4)
    array([0.5   , 0.8808, 0.    ])
    """
    z = as_array(z, "z")
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def log_softmax(z, axis=-1, temperature=1.0):
    """log softmax(z/T)ᵢ = zᵢ/T − log Σⱼ e^{zⱼ/T}, with the max subtracted first (log-sum-exp) so it never overflows.

    Args:
        z: logits, an array-like of real numbers.
        axis: the axis of classes (default the last).
        temperature: T > 0.

    Returns:
        An ndarray shaped like z (at least 1-D).

    Raises:
        ValueError: NaN or inf in z, a bad axis or temperature. TypeError: z not real numbers.

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


def softmax(z, axis=-1, temperature=1.0):
    """softmax(z/T)ᵢ = e^{zᵢ/T} / Σⱼ e^{zⱼ/T} along `axis`: positive, summing to 1, unchanged by adding a constant to z.

    A higher temperature T flattens the distribution, a lower one sharpens it.

    Args:
        z: logits, an array-like of real numbers.
        axis: the axis of classes (default the last).
        temperature: T > 0.

    Returns:
        An ndarray shaped like z (at least 1-D) whose entries along `axis` are positive and sum to 1.

    Raises:
        ValueError: NaN or inf in z, a bad axis or temperature. TypeError: z not real numbers.

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
