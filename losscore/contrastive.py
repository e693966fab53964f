"""Contrastive losses: a batch of embeddings is judged by how they sit relative to each other, not against targets.

``ntxent`` (SimCLR's NT-Xent) and ``clip_contrastive`` (CLIP) are cross entropies over a batch's similarities: each
embedding should pick out its partner among all the others. ``contrastive`` (Hadsell, Chopra & LeCun 2006) is the
older pairwise form: similar pairs are pulled together, dissimilar ones pushed to at least a margin apart.

Conventions shared by every function here:

- Arguments: the batch first, in its reference's order (optax's ``ntxent(embeddings, labels)``, open_clip's image
  then text features, Chainer's ``contrastive(x1, x2, y)``), then the parameters, keyword-only. Vectors are the
  rows of (N, D) arrays (contrastive also takes one pair of vectors (D,)); inputs are never broadcast.
- Reduction, as ``_reduce`` says, over one loss per pair: an image and its text (clip_contrastive), two vectors
  (contrastive). ntxent takes none: it is the mean over every ordered positive pair. ``NAME_grad`` returns the
  derivative of the result with respect to each input's vectors, shaped like them (a tuple for two inputs); where
  one pair's loss depends on the whole batch (CLIP), for "none" the gradients are those of the sum.
- Errors, as ``_checks`` says, name the argument: ValueError for shapes that differ or do not fit, NaN or inf, an
  unknown reduction, or a value outside what its Args line allows (a zero embedding, where only directions count);
  TypeError for values that are not real numbers.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import activations
from ._checks import as_array, check_positive
from ._reduce import check_reduction, reduce_grad, reduce_loss


def unit_rows(x: np.ndarray, name: str, what: str = "row") -> tuple[np.ndarray, np.ndarray]:
    """(x / ‖x‖, ‖x‖) for each row of the 2-D array `x`; a zero row has no direction and is refused (the message
    calls it a `what` of `name`)."""
    norm = np.sqrt((x * x).sum(axis=1, keepdims=True))
    if not (norm > 0).all():
        row = int(np.argmin(norm[:, 0] > 0))
        raise ValueError(f"{name}: {what} {row} is the zero vector, which has no direction, expected nonzero vectors")
    return x / norm, norm


def through_unit(grad_u: np.ndarray, u: np.ndarray, norm: np.ndarray) -> np.ndarray:
    """dL/dx from dL/du for u = x/‖x‖ row by row: the part of the gradient along u is lost, the rest scaled by 1/‖x‖."""
    return (grad_u - (grad_u * u).sum(axis=1, keepdims=True) * u) / norm


def _rows(x, name, what="embeddings"):
    x = as_array(x, name)
    if x.ndim != 2:
        raise ValueError(f"{name}: shape {x.shape}, expected (N, D): one of the batch's {what} per row")
    return x


# ---------------------------------------------------------------------------------------------------------------
# NT-Xent


def _ntxent_parts(embeddings, labels, temperature):
    temperature = check_positive(temperature, "temperature")
    x = _rows(embeddings, "embeddings")
    labels = as_array(labels, "labels")
    if labels.shape != (len(x),):
        raise ValueError(f"labels: shape {labels.shape} does not match embeddings' {len(x)} rows, expected "
                         f"({len(x)},): one label per embedding")
    u, norm = unit_rows(x, "embeddings")
    s = u @ u.T / temperature
    same = labels[:, None] == labels[None, :]
    positive = same & ~np.eye(len(x), dtype=bool)  # an embedding is not its own positive
    if not positive.any():
        raise ValueError("labels: no two embeddings share a label, expected at least one positive pair")
    negative = ~same
    log_negatives = np.logaddexp.reduce(np.where(negative, s, -np.inf), axis=1)  # −inf for a row without negatives
    log_denominator = np.logaddexp(s, log_negatives[:, None])  # pair (i, j): its positive plus all of i's negatives
    return x, u, norm, s, positive, negative, log_negatives, log_denominator, temperature


def ntxent(embeddings: ArrayLike, labels: ArrayLike, *, temperature: float = 0.07) -> float:
    """Normalised temperature-scaled cross entropy (NT-Xent; Chen et al. 2020, SimCLR), as ``optax.losses.ntxent``
    (and pytorch-metric-learning's ``NTXentLoss``): embeddings that share a label are positives, all others negatives.

    s_ij = cos(e_i, e_j)/τ. Every positive pair (i, j), i ≠ j, is a cross entropy that picks j out of i's negatives:
    ℓ_ij = −log(e^{s_ij} / (e^{s_ij} + Σ_{k: label_k ≠ label_i} e^{s_ik})), and L is the mean of ℓ_ij over every
    ordered positive pair. The other positives of i are left out of the denominator (they are neither), as optax does.
    A smaller τ sharpens the softmax, so the hardest negatives dominate the gradient.
    Convention: the embeddings are normalised inside the loss (cosine similarities); a zero vector is refused (optax
    instead clips its squared norm at machine epsilon).

    Args:
        embeddings: one embedding per row, shape (N, D).
        labels: one per embedding, shape (N,); equal labels mark positives (e.g. [0, 0, 1, 1] for two views of two
            images), and at least two must be equal.
        temperature: τ > 0; the smaller, the more the hardest negatives count.

    Returns:
        The NT-Xent loss, a float: the mean over every ordered positive pair.

    Example (two pairs of views at right angles to the other pair: each positive competes with two negatives at
    cos 0, so ℓ = log(1 + 2e^{−1/τ}) at τ = 1):

    >>> round(ntxent([[1.0, 0.0], [2.0, 0.0], [0.0, 1.0], [0.0, 3.0]], [0, 0, 1, 1], temperature=1.0), 4)
    0.5514
    """
    *_, s, positive, _, _, log_denominator, _ = _ntxent_parts(embeddings, labels, temperature)
    return float((log_denominator - s)[positive].mean())


def ntxent_grad(embeddings: ArrayLike, labels: ArrayLike, *, temperature: float = 0.07) -> np.ndarray:
    """d ntxent / d embeddings, shape (N, D); arguments as ntxent. The gradient with respect to the similarities —
    (softmax − 1)/P on each positive pair, the softmax weight of each negative — carried through s = cos/τ and the
    normalisation of each row. It is perpendicular to each embedding: only directions count.

    Example (two positives at 90° and a negative opposite the first: descending turns the positives towards each
    other, and the negative away from both):

    >>> ntxent_grad([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]], [0, 0, 1], temperature=1.0).round(4)
    array([[ 0.    , -0.3845],
           [-0.6345,  0.    ],
           [ 0.    ,  0.25  ]])
    """
    x, u, norm, s, positive, negative, log_negatives, log_denominator, temperature = _ntxent_parts(
        embeddings, labels, temperature)
    n_pairs = positive.sum()
    # Exponents shifted by quantities they never exceed (log_denominator ≥ s, log_negatives ≥ s on negatives), so
    # nothing overflows for a tiny τ.
    finite = np.where(np.isfinite(log_negatives), log_negatives, 0.0)[:, None]
    pair_weight = np.where(positive, np.exp(np.minimum(finite - log_denominator, 0.0)), 0.0).sum(axis=1)
    d_s = np.where(positive, np.exp(s - log_denominator) - 1.0, 0.0)
    d_s += np.where(negative, np.exp(np.minimum(s - finite, 0.0)), 0.0) * pair_weight[:, None]
    d_s /= n_pairs
    return through_unit((d_s + d_s.T) @ u / temperature, u, norm) + 0.0  # + 0.0: no negative zeros


# ---------------------------------------------------------------------------------------------------------------
# CLIP


def _clip_parts(image_features, text_features, logit_scale, reduction):
    check_reduction(reduction)
    scale = check_positive(logit_scale, "logit_scale")
    image = _rows(image_features, "image_features", "images")
    text = _rows(text_features, "text_features", "texts")
    if text.shape != image.shape:
        raise ValueError(f"text_features: shape {text.shape} does not match image_features shape {image.shape}, "
                         "expected one text per image, of the same size")
    logits = scale * image @ text.T  # row i: image i against every text; column i: text i against every image
    return image, text, scale, logits


def clip_contrastive(image_features: ArrayLike, text_features: ArrayLike, *, logit_scale: float = 1.0,
                     reduction: str = "mean") -> float | np.ndarray:
    """CLIP's symmetric contrastive loss (Radford et al. 2021), as open_clip's ``ClipLoss``: image i and text i are
    a pair, every other text (image) in the batch a negative.

    Z = s · I Tᵀ (s the logit scale: open_clip's ``logit_scale.exp()``, 1/τ);
    L = ½ [CE(Z, i) + CE(Zᵀ, i)]: each image must pick its text out of the batch, and each text its image.
    Convention: the features are used as given — CLIP normalises them in the model, before the loss, so pass unit
    vectors for cosine similarities (open_clip does the same). dL/dZ = ½[(softmax_rows(Z) − I) + (softmax_cols(Z) − I)].

    Args:
        image_features: one image's features per row, shape (N, D).
        text_features: row i the features of image i's text, shaped like image_features.
        logit_scale: s > 0, the factor of every similarity (1/τ).
        reduction: "mean", "sum" or "none".

    Returns:
        The CLIP loss: a float, or one per pair (½ of its image's and its text's cross entropy) for reduction="none".

    Example (two orthogonal pairs matched: each cross entropy is log(1 + e^{−s}), 0.1269 for s = 2):

    >>> round(clip_contrastive([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]], logit_scale=2.0), 4)
    0.1269
    """
    *_, logits = _clip_parts(image_features, text_features, logit_scale, reduction)
    pairs = np.arange(len(logits))
    by_image = activations.log_softmax(logits, axis=1)[pairs, pairs]
    by_text = activations.log_softmax(logits, axis=0)[pairs, pairs]
    return reduce_loss(-(by_image + by_text) / 2.0, reduction)


def clip_contrastive_grad(image_features: ArrayLike, text_features: ArrayLike, *, logit_scale: float = 1.0,
                          reduction: str = "mean") -> tuple[np.ndarray, np.ndarray]:
    """(d clip_contrastive / d image_features, d / d text_features), each of shape (N, D): s·G·T and
    s·Gᵀ·I with G = dL/dZ (see clip_contrastive); arguments as clip_contrastive.

    Example (s = 1: each image is pulled towards its own text and pushed from the other by ½σ(−1) = 0.1345):

    >>> d_image, d_text = clip_contrastive_grad([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]])
    >>> d_image.round(4)
    array([[-0.1345,  0.1345],
           [ 0.1345, -0.1345]])
    """
    image, text, scale, logits = _clip_parts(image_features, text_features, logit_scale, reduction)
    eye = np.eye(len(logits))
    d_logits = (activations.softmax(logits, axis=1) + activations.softmax(logits, axis=0) - 2.0 * eye) / 2.0
    d_logits = reduce_grad(d_logits, len(logits), reduction)
    return scale * d_logits @ text, scale * d_logits.T @ image


# ---------------------------------------------------------------------------------------------------------------
# Contrastive (pairs)


def _pair_parts(x1, x2, y, reduction, margin):
    check_reduction(reduction)
    margin = check_positive(margin, "margin")
    a, b = as_array(x1, "x1"), as_array(x2, "x2")
    if a.ndim not in (1, 2):
        raise ValueError(f"x1: shape {a.shape}, expected vectors (N, D) or one vector (D,)")
    if b.shape != a.shape:
        raise ValueError(f"x2: shape {b.shape} does not match x1 shape {a.shape} (no broadcasting)")
    rows = a.reshape(-1, a.shape[-1])
    y = as_array(y, "y")
    if y.shape != (len(rows),) and not (a.ndim == 1 and y.ndim == 0):
        raise ValueError(f"y: shape {y.shape}, expected ({len(rows)},): one label 0 or 1 per pair of vectors")
    y = y.reshape(len(rows))
    bad = (y != 0) & (y != 1)
    if bad.any():
        raise ValueError(f"y: value {y[bad][0]:g} is not 0 or 1, expected 1 for a similar pair, 0 for a dissimilar one")
    diff = rows - b.reshape(rows.shape)
    distance = np.sqrt((diff * diff).sum(axis=1))
    return diff, distance, y, margin, a.shape


def contrastive(x1: ArrayLike, x2: ArrayLike, y: ArrayLike, *, margin: float = 1.0,
                reduction: str = "mean") -> float | np.ndarray:
    """Contrastive loss (Hadsell, Chopra & LeCun 2006), in Chainer's convention (``chainer.functions.contrastive``):
    y = 1 for a similar pair, 0 for a dissimilar one, d = ‖x1 − x2‖₂:

    L = ½ [y·d² + (1 − y)·max(0, m − d)²]: similar pairs are pulled together; dissimilar pairs are pushed apart until
    they are m away, then left alone.
    dL/dx1 = y·(x1 − x2) − (1 − y)·max(0, m − d)·(x1 − x2)/d, and dL/dx2 = −dL/dx1.
    Conventions differ: pytorch-metric-learning's ``ContrastiveLoss`` does not square the hinge, Caffe's uses
    max(0, m − d²), and some papers swap the meaning of y.

    Args:
        x1: vectors, shape (N, D), or one vector (D,).
        x2: vectors, shaped like x1.
        y: labels, 1 for a similar pair and 0 for a dissimilar one, shape (N,), or a scalar for one vector.
        margin: m > 0, the distance beyond which a dissimilar pair costs nothing.
        reduction: "mean", "sum" or "none".

    Returns:
        The contrastive loss: a float, or one per pair of vectors for reduction="none".

    Example (a similar pair 0.6 apart: ½·0.36; a dissimilar pair 0.6 apart, inside m = 1: ½·0.4²):

    >>> contrastive([[0.0, 0.0], [0.0, 0.0]], [[0.6, 0.0], [0.0, 0.6]], [1, 0], reduction="none").round(4)
    array([0.18, 0.08])
    """
    _, distance, y, margin, _ = _pair_parts(x1, x2, y, reduction, margin)
    return reduce_loss(0.5 * (y * distance**2 + (1.0 - y) * np.maximum(margin - distance, 0.0) ** 2), reduction)


def contrastive_grad(x1: ArrayLike, x2: ArrayLike, y: ArrayLike, *, margin: float = 1.0,
                     reduction: str = "mean") -> tuple[np.ndarray, np.ndarray]:
    """(d contrastive / d x1, d / d x2), each shaped like x1; arguments as contrastive. A dissimilar
    pair at d = 0 has no direction to be pushed along: its gradient is taken as 0 there.

    Example (the similar pair is pulled together, the dissimilar one pushed apart):

    >>> contrastive_grad([[0.0, 0.0], [0.0, 0.0]], [[0.6, 0.0], [0.0, 0.6]], [1, 0], reduction="sum")[0].round(4)
    array([[-0.6,  0. ],
           [ 0. ,  0.4]])
    """
    diff, distance, y, margin, shape = _pair_parts(x1, x2, y, reduction, margin)
    push = np.maximum(margin - distance, 0.0) / np.where(distance > 0, distance, 1.0)  # 0 where d = 0 (see above)
    g1 = reduce_grad((y - (1.0 - y) * np.where(distance > 0, push, 0.0))[:, None] * diff, len(diff), reduction)
    return g1.reshape(shape) + 0.0, -g1.reshape(shape) + 0.0  # + 0.0: no negative zeros
