"""Preference optimisation for language models: Direct Preference Optimization (DPO; Rafailov et al. 2023).

A preference pair is one prompt with a chosen and a rejected answer. The inputs are sequence log-probabilities —
log π(answer | prompt), summed over the answer's tokens — under the policy being trained and under a frozen
reference model. DPO is a logistic regression on the implicit reward β·log(π/π_ref): it raises the chosen answer's
log-ratio relative to the rejected one's, with no reward model and no sampling.

Conventions shared by every function here:

- Arguments in torchtune's order: ``NAME(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
  reference_rejected_logps, *, beta=0.1, label_smoothing=0.0, reduction="mean")``, four arrays of sequence
  log-probabilities (≤ 0) of one shape, one value per preference pair; the parameters are keyword-only.
- Reduction, as ``_reduce`` says, over one loss per pair. ``dpo_grad`` returns (d/d policy_chosen_logps,
  d/d policy_rejected_logps), shaped like them; the reference model is frozen, so its log-probabilities are
  constants and get no gradient.
- Errors, as ``_checks`` says, name the argument: ValueError for shapes that differ, a log-probability > 0, NaN or
  inf, an unknown reduction, or a value outside what its Args line allows; TypeError for values that are not real
  numbers.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import activations
from ._checks import as_array, check_in_range, check_positive
from ._reduce import check_reduction, reduce_grad, reduce_loss

INPUTS = ("policy_chosen_logps", "policy_rejected_logps", "reference_chosen_logps", "reference_rejected_logps")


def _dpo_parts(logps, beta, label_smoothing, reduction):
    """(β·Δ per pair, β, ε) with Δ = (π_c − π_r) − (ref_c − ref_r)."""
    check_reduction(reduction)
    beta = check_positive(beta, "beta")
    label_smoothing = check_in_range(label_smoothing, "label_smoothing", 0.0, 0.5)
    arrays = [as_array(x, name) for x, name in zip(logps, INPUTS)]
    for name, arr in zip(INPUTS, arrays):
        if arr.shape != arrays[0].shape:
            raise ValueError(f"{name}: shape {arr.shape} does not match {INPUTS[0]} shape {arrays[0].shape}, "
                             "expected one log-probability per preference pair in each")
        if arr.max() > 0:
            raise ValueError(f"{name}: value {arr.max():g} > 0 is not a log-probability, expected log π(answer | "
                             "prompt) ≤ 0")
    policy_chosen, policy_rejected, reference_chosen, reference_rejected = arrays
    delta = (policy_chosen - policy_rejected) - (reference_chosen - reference_rejected)
    return beta * delta, beta, label_smoothing


def dpo(policy_chosen_logps: ArrayLike, policy_rejected_logps: ArrayLike, reference_chosen_logps: ArrayLike,
        reference_rejected_logps: ArrayLike, *, beta: float = 0.1, label_smoothing: float = 0.0,
        reduction: str = "mean") -> float | np.ndarray:
    """DPO loss (Rafailov et al. 2023), the sigmoid form, as torchtune's ``DPOLoss`` (and TRL's "sigmoid" loss):

    Δ = (log π(y_c) − log π(y_r)) − (log π_ref(y_c) − log π_ref(y_r)), the policy's margin over the reference's;
    L = −(1 − ε)·log σ(βΔ) − ε·log σ(−βΔ), per pair. βΔ is the implicit reward margin: L falls as the policy prefers
    the chosen answer more strongly than the reference does. ε > 0 (conservative DPO, Mitchell 2023) assumes a
    fraction ε of the labels are flipped, so the loss no longer drives βΔ to infinity.
    dL/d log π(y_c) = −β[(1 − ε)σ(−βΔ) − ε·σ(βΔ)] = −dL/d log π(y_r): the weight σ(−βΔ) is largest for pairs the
    policy ranks the wrong way.

    Args:
        policy_chosen_logps: log π(chosen answer | prompt) under the policy, one per pair, e.g. shape (N,).
        policy_rejected_logps: log π(rejected answer | prompt) under the policy, shaped like policy_chosen_logps.
        reference_chosen_logps: log π_ref(chosen answer | prompt) under the reference, shaped the same.
        reference_rejected_logps: log π_ref(rejected answer | prompt) under the reference, shaped the same.
        beta: β > 0, the scale of the implicit reward β·log(π/π_ref).
        label_smoothing: ε in [0, 0.5], the fraction of preference labels assumed flipped (0: plain DPO).
        reduction: "mean", "sum" or "none".

    Returns:
        The DPO loss: a float, or one per pair for reduction="none".

    Example (a policy no different from its reference: Δ = 0 and L = log 2; one that moved 10 nats the right way:
    log(1 + e^{−1}) at β = 0.1):

    >>> dpo([-10.0, -5.0], [-12.0, -15.0], [-10.0, -10.0], [-12.0, -10.0], reduction="none").round(4)
    array([0.6931, 0.3133])
    """
    margin, _, label_smoothing = _dpo_parts(
        (policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps), beta,
        label_smoothing, reduction)
    losses = (1.0 - label_smoothing) * activations.softplus(-margin) + label_smoothing * activations.softplus(margin)
    return reduce_loss(losses, reduction)


def dpo_grad(policy_chosen_logps: ArrayLike, policy_rejected_logps: ArrayLike, reference_chosen_logps: ArrayLike,
             reference_rejected_logps: ArrayLike, *, beta: float = 0.1, label_smoothing: float = 0.0,
             reduction: str = "mean") -> tuple[np.ndarray, np.ndarray]:
    """(d dpo / d policy_chosen_logps, d / d policy_rejected_logps), each shaped like policy_chosen_logps
    (see dpo); arguments as dpo.

    Example (Δ = 0: descending raises the chosen answer's log-probability by β/2 per unit step, lowers the other's):

    >>> dpo_grad([-10.0], [-12.0], [-10.0], [-12.0])
    (array([-0.05]), array([0.05]))
    """
    margin, beta, label_smoothing = _dpo_parts(
        (policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps), beta,
        label_smoothing, reduction)
    d_chosen = -beta * ((1.0 - label_smoothing) * activations.sigmoid(-margin)
                        - label_smoothing * activations.sigmoid(margin))
    d_chosen = reduce_grad(d_chosen, np.size(margin), reduction)
    return d_chosen + 0.0, -d_chosen + 0.0  # + 0.0: no negative zeros
