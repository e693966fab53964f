"""Reductions of per-element or per-sample losses, and the matching scaling of their gradients."""

import numpy as np

from ._checks import check_reduction


def reduce_loss(losses, reduction):
    """mean or sum of `losses` as a Python float; "none" gives the array itself."""
    if reduction == "mean":
        return float(np.mean(losses))
    if reduction == "sum":
        return float(np.sum(losses))
    return np.asarray(losses, dtype=np.float64)


def reduce_grad(grad, n_losses, reduction):
    """d(reduced loss)/d(y_pred) from `grad`, the derivative of each loss with respect to its own predictions.

    Only "mean" differs: each loss enters the mean with weight 1/n_losses.
    """
    grad = np.asarray(grad, dtype=np.float64)
    return grad / n_losses if reduction == "mean" else grad


__all__ = ["check_reduction", "reduce_loss", "reduce_grad"]
