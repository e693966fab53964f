"""Sequence losses: connectionist temporal classification (CTC; Graves et al. 2006), as PyTorch ``ctc_loss``.

CTC scores a label sequence (e.g. "CAT") against T steps of per-step class log-probabilities without knowing
which step says which letter: it sums the probability of every alignment — every path through the T steps that
spells the label once repeats are merged and blanks dropped. The sum is computed by the forward–backward
recursions over the label with a blank between letters (the trellis), in log space so that nothing underflows
for T in the hundreds or thousands.

Conventions shared by every function here:

- Arguments in the order of torch's ``ctc_loss``: ``(labels, log_probs, input_lengths, label_lengths, *,
  reduction="mean", blank=0)``. `log_probs` holds T steps of N sequences over C classes, each step's row
  normalised log-probabilities (pass log_softmax(logits)); `blank` is the blank's class id.
- Reduction, torch's: "mean" divides each sequence's loss by its label length (at least 1), then averages over the
  batch; "sum" adds; "none" gives one loss per sequence. ``ctc_grad`` is d(result)/d log_probs, shaped like
  log_probs, and 0 beyond each sequence's input length.
- Errors, as ``_checks`` says, name the argument: ValueError for a label that holds the blank or ids out of range,
  a label longer than its input allows (one step per letter, plus a blank between repeats), lengths out of range,
  rows that are not normalised log-probabilities, shapes that do not match, an unknown reduction; TypeError for
  values that are not real numbers.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_array
from ._reduce import check_reduction, reduce_loss
from .likelihood import log_probability_rows

NEG_INF = -np.inf


def _whole(values, name):
    if not np.all(values == np.round(values)):
        raise ValueError(f"{name}: value {values[values != np.round(values)][0]:g} is not a whole number")
    return values.astype(np.intp)


def _ctc_inputs(labels, log_probs, input_lengths, label_lengths, blank, reduction):
    """Validated (log-probabilities (T, N, C), [label sequence per sample], input lengths, batched?)."""
    check_reduction(reduction)
    lp = log_probability_rows(log_probs, "log_probs")
    batched = lp.ndim == 3
    if lp.ndim == 2:
        lp = lp[:, None, :]
    elif lp.ndim != 3:
        raise ValueError(f"log_probs: shape {lp.shape}, expected (T, N, C) or (T, C)")
    steps, n, classes = lp.shape
    if isinstance(blank, bool) or not isinstance(blank, (int, np.integer)) or not 0 <= blank < classes:
        raise ValueError(f"blank: got {blank!r}, expected a class id in [0, {classes})")
    lengths = _whole(as_array(input_lengths, "input_lengths").reshape(-1), "input_lengths")
    label_lengths = _whole(as_array(label_lengths, "label_lengths").reshape(-1), "label_lengths")
    for name, arr in (("input_lengths", lengths), ("label_lengths", label_lengths)):
        if arr.shape != (n,):
            raise ValueError(f"{name}: {arr.size} values, expected {n}: one per sequence in the batch")
    if lengths.min() < 1 or lengths.max() > steps:
        bad = lengths.min() if lengths.min() < 1 else lengths.max()
        raise ValueError(f"input_lengths: {bad} is out of range, expected 1 ≤ length ≤ {steps} (log_probs' T)")
    if label_lengths.min() < 0:
        raise ValueError(f"label_lengths: {label_lengths.min()} < 0, expected lengths ≥ 0")
    ids = _whole(as_array(labels, "labels"), "labels") if np.size(labels) else np.zeros((n, 0), np.intp)
    if ids.ndim == 1 and batched:  # torch's concatenated form: every label back to back
        if ids.size != label_lengths.sum():
            raise ValueError(f"labels: {ids.size} ids, expected sum(label_lengths) = {label_lengths.sum()} "
                             "(the labels concatenated) or an (N, S) padded array")
        sequences = np.split(ids, np.cumsum(label_lengths)[:-1])
    elif ids.ndim in (1, 2):  # padded: one row per sequence (one sequence: its row alone)
        rows = ids.reshape(n, -1) if ids.ndim == 1 else ids
        if rows.shape[0] != n or label_lengths.max() > rows.shape[1]:
            raise ValueError(f"labels: shape {ids.shape} does not hold label_lengths {label_lengths.tolist()} for "
                             f"{n} sequences, expected (N, S) padded with S ≥ every length")
        sequences = [rows[i, :k] for i, k in enumerate(label_lengths)]
    else:
        raise ValueError(f"labels: shape {ids.shape}, expected (N, S) padded or 1-D concatenated")
    for i, (seq, length) in enumerate(zip(sequences, lengths)):
        if seq.size and (seq.min() < 0 or seq.max() >= classes or (seq == blank).any()):
            bad = seq[(seq < 0) | (seq >= classes) | (seq == blank)][0]
            raise ValueError(f"labels: sequence {i} holds {bad}, expected class ids in [0, {classes}) other than "
                             f"the blank {blank}")
        needed = seq.size + int(np.sum(seq[1:] == seq[:-1]))  # a repeated letter needs a blank between
        if needed > length:
            raise ValueError(f"input_lengths: sequence {i} has {length} steps, but its label of {seq.size} needs "
                             f"at least {needed} (one per letter, plus a blank between repeats)")
    return lp, sequences, lengths, label_lengths, batched


def _trellis(lp, seq, length, blank):
    """(log α, log β, extended label, log P) for one sequence: lp (T, C) over its first `length` steps."""
    ext = np.full(2 * seq.size + 1, blank, dtype=np.intp)
    ext[1::2] = seq
    size = ext.size
    skip = np.zeros(size, dtype=bool)  # s may be reached from s − 2: a letter that differs from the one before
    skip[2:] = (ext[2:] != blank) & (ext[2:] != ext[:-2])
    alpha = np.full((length, size), NEG_INF)
    alpha[0, :2] = lp[0, ext[:2]]
    one, two = np.full(size, NEG_INF), np.full(size, NEG_INF)  # the row shifted by one and by two states
    for t in range(1, length):
        prev = alpha[t - 1]
        one[1:], two[2:] = prev[:-1], np.where(skip[2:], prev[:-2], NEG_INF)
        alpha[t] = np.logaddexp(np.logaddexp(prev, one), two) + lp[t, ext]
    beta = np.full((length, size), NEG_INF)
    beta[-1, -2:] = lp[length - 1, ext[-2:]]
    one, two = np.full(size, NEG_INF), np.full(size, NEG_INF)
    for t in range(length - 2, -1, -1):
        nxt = beta[t + 1]
        one[:-1], two[:-2] = nxt[1:], np.where(skip[2:], nxt[2:], NEG_INF)  # s may go on to s + 2
        beta[t] = np.logaddexp(np.logaddexp(nxt, one), two) + lp[t, ext]
    log_p = np.logaddexp.reduce(alpha[-1, -2:])
    return alpha, beta, ext, log_p


def ctc_trellis(label: ArrayLike, log_probs: ArrayLike, *, blank: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The trellis of one sequence, for pictures of CTC: the label with a blank before, between and after its
    letters (the states, 2S + 1 class ids), and the forward and backward log-probabilities over it.

    log_alpha[t, s] is the log of the total probability of every path prefix that reaches state s at step t;
    log_beta[t, s] that of every path suffix from state s at step t to the end (both count step t's emission);
    p(label) = exp(log_alpha[-1, -1]) + exp(log_alpha[-1, -2]), and ``ctc`` is −log of it.

    Args:
        label: one label's class ids, never the blank.
        log_probs: one sequence's log-probabilities, shape (T, C).
        blank: the blank's class id.

    Returns:
        (states, log_alpha, log_beta): the 2S + 1 states' class ids and two arrays of shape (T, 2S + 1).

    Example (two steps, label "1": the states are blank, 1, blank):

    >>> states, log_alpha, _ = ctc_trellis([1], np.log(np.full((2, 2), 0.5)))
    >>> states.tolist(), np.exp(log_alpha).round(2).tolist()
    ([0, 1, 0], [[0.5, 0.5, 0.0], [0.25, 0.5, 0.25]])
    """
    label = np.atleast_1d(np.asarray(label))
    lp = np.asarray(log_probs)
    if lp.ndim != 2:
        raise ValueError(f"log_probs: shape {lp.shape}, expected (T, C) for one sequence")
    lp, sequences, lengths, _, _ = _ctc_inputs(label[None, :], lp[:, None, :], [len(lp)], [label.size], blank,
                                               "none")
    alpha, beta, states, _ = _trellis(lp[:, 0], sequences[0], lengths[0], blank)
    return states, alpha, beta


def _scale(lengths, label_lengths, reduction):
    """Each sample's weight in the reduced loss: torch's "mean" divides by the label length (at least 1), then
    averages over the batch."""
    if reduction == "mean":
        return 1.0 / (np.maximum(label_lengths, 1) * len(lengths))
    return np.ones(len(lengths))


def ctc(labels: ArrayLike, log_probs: ArrayLike, input_lengths: ArrayLike, label_lengths: ArrayLike, *,
        reduction: str = "mean", blank: int = 0) -> float | np.ndarray:
    """CTC loss, as PyTorch ``ctc_loss``: L_n = −log p(label_n | x_n), summed over every alignment.

    An alignment is a path of one class per step (blank allowed) that spells the label once repeats are merged and
    blanks removed; p is the sum over such paths of the product of their per-step probabilities, computed by the
    forward recursion α in log space.

    Args:
        labels: class ids, never the blank: (N, S) padded, or the N labels concatenated in 1-D.
        log_probs: log-probabilities, shape (T, N, C), or (T, C) for one sequence.
        input_lengths: the steps each sequence uses, N values in [1, T].
        label_lengths: the length of each of the N labels.
        reduction: "mean" (torch's, see the module), "sum" or "none".
        blank: the blank's class id.

    Returns:
        The CTC loss: a float, or one per sequence for reduction="none".

    Example (one step, two classes, label "1": p = 0.6, the only alignment):

    >>> round(ctc([[1]], np.log([[[0.4, 0.6]]]), [1], [1]), 4)
    0.5108
    """
    lp, sequences, lengths, label_lengths, _ = _ctc_inputs(labels, log_probs, input_lengths, label_lengths, blank,
                                                           reduction)
    losses = np.array([-_trellis(lp[:k, i], seq, k, blank)[3] for i, (seq, k) in enumerate(zip(sequences, lengths))])
    if reduction == "mean":
        return float(np.sum(losses * _scale(lengths, label_lengths, reduction)))
    return reduce_loss(losses, reduction)


def ctc_posterior(labels: ArrayLike, log_probs: ArrayLike, input_lengths: ArrayLike, label_lengths: ArrayLike, *,
                  blank: int = 0) -> np.ndarray:
    """γ[t, n, k]: the probability, over all alignments of label n weighted by how likely each is, that step t emits
    class k (0 for t beyond the sequence's input length). Each used step's row sums to 1. This is where CTC pulls
    the per-step probabilities: gradient descent on the logits moves softmax(z_t) towards γ_t.

    Args:
        labels: class ids, never the blank: (N, S) padded, or the N labels concatenated in 1-D.
        log_probs: log-probabilities, shape (T, N, C), or (T, C) for one sequence.
        input_lengths: the steps each sequence uses, N values in [1, T].
        label_lengths: the length of each of the N labels.
        blank: the blank's class id.

    Returns:
        The posterior γ, shaped like log_probs.

    Example (two steps, label "1" with blank 0: half the alignments put the letter first):

    >>> ctc_posterior([[1]], np.log(np.full((2, 1, 2), 0.5)), [2], [1])[:, 0]
    array([[0.33333333, 0.66666667],
           [0.33333333, 0.66666667]])
    """
    lp, sequences, lengths, label_lengths, batched = _ctc_inputs(labels, log_probs, input_lengths, label_lengths,
                                                                 blank, "none")
    return _posterior(lp, sequences, lengths, blank).reshape(np.shape(log_probs))


def _posterior(lp, sequences, lengths, blank):
    gamma = np.zeros_like(lp)
    for i, (seq, k) in enumerate(zip(sequences, lengths)):
        alpha, beta, ext, log_p = _trellis(lp[:k, i], seq, k, blank)
        # α_t(s) and β_t(s) both include step t's own emission: take it out once
        through = np.exp(alpha + beta - lp[:k, i][:, ext] - log_p)
        np.add.at(gamma[:k, i], (slice(None), ext), through)
    return gamma


def ctc_grad(labels: ArrayLike, log_probs: ArrayLike, input_lengths: ArrayLike, label_lengths: ArrayLike, *,
             reduction: str = "mean", blank: int = 0) -> np.ndarray:
    """d ctc / d log_probs, shaped like log_probs; arguments as ctc. The true partial derivative: −γ[t, n, k] (the
    posterior, see ``ctc_posterior``), scaled as the reduction scales each sequence's loss; 0 beyond each input length.

    How it relates to what training sees: with log_probs = log_softmax(z), the chain rule through log_softmax gives
    dL/dz_t = softmax(z_t) − γ_t (the familiar "softmax minus posterior"), because each γ_t sums to 1. PyTorch's
    ``ctc_loss`` returns that logit-shaped expression, exp(log_probs) − γ, as its gradient with respect to
    log_probs (it assumes a log_softmax in front); it is not the partial derivative with respect to log_probs
    themselves, which is this function's −γ. Both give the same gradient on the logits.

    Example (the one-step case: the only alignment takes class 1):

    >>> ctc_grad([[1]], np.log([[[0.4, 0.6]]]), [1], [1])
    array([[[ 0., -1.]]])
    """
    lp, sequences, lengths, label_lengths, _ = _ctc_inputs(labels, log_probs, input_lengths, label_lengths, blank,
                                                           reduction)
    weight = _scale(lengths, label_lengths, reduction)
    grad = -_posterior(lp, sequences, lengths, blank) * weight[None, :, None] + 0.0  # + 0.0: no negative zeros
    return grad.reshape(np.shape(log_probs))
