"""Output activations: sigmoid for binary outputs, softmax and log-softmax for class scores (logits)."""

import numpy as np

from ._checks import as_array, check_axis, check_positive


def sigmoid(z):
    """σ(z) = 1 / (1 + e^{−z}), computed from e^{−|z|} so no logit overflows. Returns an ndarray."""
    z = as_array(z, "z")
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def log_softmax(z, axis=-1, temperature=1.0):
    """log softmax(z/T)ᵢ = zᵢ/T − log Σⱼ e^{zⱼ/T}, with the max subtracted first (log-sum-exp) so it never overflows."""
    temperature = check_positive(temperature, "temperature")
    z = as_array(z, "z")
    axis = check_axis(axis, max(z.ndim, 1))
    z = np.atleast_1d(z) / temperature
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax(z, axis=-1, temperature=1.0):
    """softmax(z/T)ᵢ = e^{zᵢ/T} / Σⱼ e^{zⱼ/T} along `axis`: positive, summing to 1, unchanged by adding a constant to z.

    A higher temperature T flattens the distribution, a lower one sharpens it.
    """
    temperature = check_positive(temperature, "temperature")
    z = as_array(z, "z")
    axis = check_axis(axis, max(z.ndim, 1))
    z = np.atleast_1d(z) / temperature
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
