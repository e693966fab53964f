"""Reductions: how the losses a function computes (one per element or one per sample, as its module says) become
its result, and how its gradient scales to match. This is what ``reduction`` means everywhere in losscore:

- "mean" (the default): their average, a Python float;
- "sum": their total, a Python float;
- "none": the losses themselves, a float64 ndarray (one per element or per sample).

A ``NAME_grad`` is the derivative of that result. With "mean" each of the n losses enters with weight 1/n, so the
gradient is divided by n; with "sum" and "none" it is each loss's own derivative (for "none", of their sum). A
module whose "mean" differs (CTC's, PyTorch's, divides by label lengths) says so at its top.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import check_reduction


def reduce_loss(losses: ArrayLike, reduction: str) -> float | np.ndarray:
    """mean or sum of `losses` as a Python float; "none" gives the array itself."""
    if reduction == "mean":
        return float(np.mean(losses))
    if reduction == "sum":
        return float(np.sum(losses))
    return np.asarray(losses, dtype=np.float64)


def reduce_grad(grad: ArrayLike, n_losses: int, reduction: str) -> np.ndarray:
    """d(reduced loss)/d(y_pred) from `grad`, the derivative of each loss with respect to its own predictions.

    Only "mean" differs: each loss enters the mean with weight 1/n_losses.
    """
    grad = np.asarray(grad, dtype=np.float64)
    return grad / n_losses if reduction == "mean" else grad


__all__ = ["check_reduction", "reduce_loss", "reduce_grad"]
