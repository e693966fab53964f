"""losscore: machine-learning losses and their gradients in pure numpy — the single source of every number on screen.

For each loss NAME: ``NAME(y_true, y_pred, *, reduction="mean", **params)`` and ``NAME_grad(...)``, the derivative
of that result with respect to ``y_pred``. ``LOSSES`` describes every loss once (function, gradient, kind, parameters,
LaTeX). Values follow Keras's conventions (and equal PyTorch's where both define the loss).
"""

from .activations import log_softmax, sigmoid, softmax
from .classification import (
    bce,
    bce_grad,
    binary_focal,
    binary_focal_grad,
    categorical_focal,
    categorical_focal_grad,
    categorical_hinge,
    categorical_hinge_grad,
    cce,
    cce_grad,
    hinge,
    hinge_grad,
    kld,
    kld_grad,
    sparse_cce,
    sparse_cce_grad,
    squared_hinge,
    squared_hinge_grad,
)
from .embedding import (
    cosine_embedding,
    cosine_embedding_grad,
    hinge_embedding,
    hinge_embedding_grad,
    margin_ranking,
    margin_ranking_grad,
    pairwise_distance,
    triplet_margin,
    triplet_margin_grad,
)
from .likelihood import gaussian_nll, gaussian_nll_grad, nll, nll_grad, poisson_nll, poisson_nll_grad
from .margin import (
    multi_margin,
    multi_margin_grad,
    multilabel_soft_margin,
    multilabel_soft_margin_grad,
    soft_margin,
    soft_margin_grad,
)
from .optimize import optimize
from .overlap import cosine_similarity, cosine_similarity_grad, dice, dice_grad, tversky, tversky_grad
from .registry import ACTIVATIONS, FORMULAS, KINDS, LOSSES, TARGETS, Loss, Picture
from .regression import (
    general_robust,
    general_robust_grad,
    huber,
    huber_grad,
    log_cosh,
    log_cosh_grad,
    mae,
    mae_grad,
    mape,
    mape_grad,
    mse,
    mse_grad,
    msle,
    msle_grad,
    poisson,
    poisson_grad,
    quantile,
    quantile_grad,
    smooth_l1,
    smooth_l1_grad,
)
from .sequence import ctc, ctc_grad, ctc_posterior, ctc_trellis

# PyTorch's losses that the registry does not describe yet (rows of log-probabilities or scores, several inputs, or
# a sequence); each has NAME and NAME_grad
TORCH_ONLY = ("multi_margin", "multilabel_soft_margin", "margin_ranking", "cosine_embedding", "triplet_margin",
              "ctc")

__all__ = ["LOSSES", "ACTIVATIONS", "KINDS", "TARGETS", "Loss", "Picture", "softmax", "log_softmax", "sigmoid",
           "optimize", "ctc_posterior", "ctc_trellis", "pairwise_distance",
           "TORCH_ONLY", "FORMULAS"] + [
    name + suffix for name in (*LOSSES, *TORCH_ONLY) for suffix in ("", "_grad")]
