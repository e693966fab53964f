"""losscore: machine-learning losses and their gradients in pure numpy — the single source of every number on screen.

For each loss NAME: ``NAME(y_true, y_pred, *, reduction="mean", **params)`` and ``NAME_grad(...)``, the derivative
of that result with respect to ``y_pred``; losses of pairs, triplets and sequences take their inputs in PyTorch's
order, and their ``_grad`` returns the derivative with respect to each (``Loss.inputs`` names them). ``LOSSES``
describes every loss once (function, gradient, kind, inputs, parameters, LaTeX, picture). Values follow Keras's
conventions (and equal PyTorch's where both define the loss).
"""

from .activations import log_softmax, sigmoid, softmax
from .angular import arcface, arcface_grad, cosface, cosface_grad
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
from .contrastive import clip_contrastive, clip_contrastive_grad, contrastive, contrastive_grad, ntxent, ntxent_grad
from .custom import CustomLossError, LossFileError, NumericalGradient, custom_loss, load_loss_file, numerical_gradient
from .diffusion import min_snr_mse, min_snr_mse_grad
from .distribution import (
    distillation,
    distillation_grad,
    poly1,
    poly1_grad,
    sparsemax,
    sparsemax_loss,
    sparsemax_loss_grad,
    wasserstein_1d,
    wasserstein_1d_grad,
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
from .likelihood import (
    gaussian_nll,
    gaussian_nll_grad,
    gaussian_nll_var_grad,
    nll,
    nll_grad,
    poisson_nll,
    poisson_nll_grad,
)
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
from .pictures import TARGETS, Embedding, Picture, Trellis
from .preference import dpo, dpo_grad
from .registry import ACTIVATIONS, KINDS, LOSSES, Loss
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
from .segmentation import lovasz_hinge, lovasz_hinge_grad
from .sequence import ctc, ctc_grad, ctc_posterior, ctc_trellis

__all__ = ["LOSSES", "ACTIVATIONS", "KINDS", "TARGETS", "Loss", "Picture", "Embedding", "Trellis",
           "softmax", "log_softmax", "sigmoid", "sparsemax", "optimize", "ctc_posterior", "ctc_trellis",
           "pairwise_distance", "gaussian_nll_var_grad", "custom_loss", "load_loss_file", "numerical_gradient",
           "NumericalGradient", "CustomLossError", "LossFileError"] + [
    name + suffix for name in LOSSES for suffix in ("", "_grad")]
