"""The Lovász hinge (Berman, Rannen Triki & Blaschko 2018): a convex surrogate of the Jaccard index (IoU) of a
binary mask, optimised directly instead of through per-pixel cross entropy.

The IoU loss of a hard mask is a set function of which pixels are wrong; its Lovász extension interpolates it to
real-valued errors: sort the pixels' hinge errors, largest first, and weight each by how much the IoU loss grows
when that pixel joins the set of mistakes.

Conventions shared by every function here:

- Arguments: ``NAME(y_true, y_pred, *, reduction="mean")``, with `y_true` binary masks (0 or 1) and `y_pred` the
  logits of each pixel, of one shape (N, ...): N images along the first axis, e.g. (N, H, W); no broadcasting.
- Reduction, as ``_reduce`` says, over one loss per image (the reference's ``per_image=True``).
  ``lovasz_hinge_grad`` is d(result)/d y_pred, shaped like y_pred.
- Errors, as ``_checks`` says, name the argument: ValueError for shapes that differ, masks without an image axis,
  labels other than 0 or 1, NaN or inf, an unknown reduction; TypeError for values that are not real numbers.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._reduce import reduce_grad, reduce_loss
from .overlap import _mask_inputs


def _lovasz_parts(y_true, y_pred, reduction):
    """Per image (a row): the hinge errors 1 − z·(2y − 1), the order that sorts them largest first, the signs, and
    the Lovász weights of the sorted pixels (the IoU loss's increments)."""
    y, logits = _mask_inputs(y_true, y_pred, reduction)
    bad = (y != 0) & (y != 1)
    if bad.any():
        raise ValueError(f"y_true: value {y[bad][0]:g} is not 0 or 1, expected binary masks")
    signs = 2.0 * y - 1.0
    errors = 1.0 - logits * signs
    order = np.argsort(-errors, axis=1, kind="stable")
    truth = np.take_along_axis(y, order, axis=1)
    positives = truth.sum(axis=1, keepdims=True)
    intersection = positives - np.cumsum(truth, axis=1)
    union = positives + np.cumsum(1.0 - truth, axis=1)  # ≥ 1 from the first pixel on: no division by 0
    jaccard = 1.0 - intersection / union
    weights = np.diff(jaccard, axis=1, prepend=0.0)
    return np.take_along_axis(errors, order, axis=1), order, signs, weights


def lovasz_hinge(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> float | np.ndarray:
    """Lovász hinge loss (Berman et al. 2018) for binary segmentation, as their reference ``lovasz_hinge`` with
    ``per_image=True``.

    Per image, with pixel labels y ∈ {0, 1} and logits z: the hinge errors mᵢ = 1 − zᵢ(2yᵢ − 1) sorted largest
    first, m₍₁₎ ≥ m₍₂₎ ≥ …, and L = Σₖ max(m₍ₖ₎, 0)·gₖ, where gₖ = J(k) − J(k − 1) and J(k) is the IoU loss
    (1 − |y ∩ ŷ| / |y ∪ ŷ|) of the mask when the k largest errors are counted as mistakes.
    dL/dzᵢ = −(2yᵢ − 1)·gₖ for the pixel at sorted place k while its error is > 0, else 0 (the sort is held fixed).
    L = 0 once every pixel is on its side of the margin (z ≥ 1 inside the mask, z ≤ −1 outside).

    Args:
        y_true: binary masks of 0 and 1, shape (N, ...), e.g. (N, H, W).
        y_pred: each pixel's logit, shaped like y_true.
        reduction: "mean", "sum" or "none".

    Returns:
        The Lovász hinge loss: a float, or one per image for reduction="none".

    Example (logits of 0 everywhere: every error is 1, and the weights add up to the IoU loss of all-wrong, 1):

    >>> lovasz_hinge([[[1.0, 0.0], [0.0, 0.0]]], [[[0.0, 0.0], [0.0, 0.0]]])
    1.0
    """
    sorted_errors, _, _, weights = _lovasz_parts(y_true, y_pred, reduction)
    return reduce_loss((np.maximum(sorted_errors, 0.0) * weights).sum(axis=1), reduction)


def lovasz_hinge_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    """d lovasz_hinge / d y_pred, shaped like y_pred: −(2y − 1)·g at each pixel whose hinge error is
    > 0 (see lovasz_hinge); arguments as lovasz_hinge.

    Example (errors 0.8, 0.5, 1.1: the worst, a false alarm, is pushed down and the missed mask pixel up, ½ each;
    the third pixel adds nothing to the IoU loss and gets no gradient):

    >>> lovasz_hinge_grad([[1.0, 0.0, 0.0]], [[0.2, -0.5, 0.1]])
    array([[-0.5,  0. ,  0.5]])
    """
    shape = np.shape(y_pred)
    sorted_errors, order, signs, weights = _lovasz_parts(y_true, y_pred, reduction)
    grad = np.zeros_like(signs)
    np.put_along_axis(grad, order, np.where(sorted_errors > 0, weights, 0.0), axis=1)
    return reduce_grad(-signs * grad, len(grad), reduction).reshape(shape) + 0.0  # + 0.0: no negative zeros
