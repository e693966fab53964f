"""The pictures of a loss: what a figure or an anatomy video draws to show it.

A loss of one prediction has a `Picture`: a variable x swept across a range, and how the loss's inputs are built
from x. The constructors below (`real`, `probability`, `two_classes`, ...) are the picture kinds the registry's
entries use; a user's own loss (`losscore.custom_loss`) takes the same ones. Losses of pairs, triplets and batches of
embeddings have an `Embedding`, sequence losses a `Trellis`, distances between two samples a `Transport`.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from .preference import INPUTS as PREFERENCE_INPUTS

TARGETS = ("real", "count", "probability", "sign", "one-hot", "class id", "multi-hot", "direction", "mask", "logits")


@dataclass(frozen=True, kw_only=True)
class Picture:
    """What a picture of one prediction needs. The drawn variable x sweeps `x_range`; `inputs(x)` gives
    (y_true, y_pred, dŷ/dx) for a batch of x values, so that L along the sweep is ``loss(..., reduction="none")``
    and dL/dx = Σ ∇L · dŷ/dx (the chain rule; for one real prediction just dL/dŷ)."""
    target: str  # what y looks like: one of TARGETS
    x_range: tuple  # (low, high) of x
    x_label: str  # LaTeX of x
    held_fixed: str  # what is held fixed, in words (a caption fragment)
    right_at: float | None  # the x where the prediction is right (the target line), or None
    right_at_label: str  # LaTeX beside the target line
    inputs: Callable = field(repr=False)
    open_ends: bool = False  # the ends of x_range are left out (probabilities, clipped there)
    view: str = ""  # a picture of the prediction itself beside the curve, where the target alone does not say it
    # A loss of more inputs than a target and a prediction: the others, each held at one value along the sweep
    # (min_snr_mse's snr), and which of the loss's inputs the target and the prediction are where they are not its
    # first two (DPO: the reference's and the policy's log-probability of the chosen answer).
    held: Mapping = field(default_factory=dict)
    roles: tuple = ()

    def xs(self, n):
        """n values of x across the range, the ends left out where they are open."""
        low, high = self.x_range
        inset = 0.005 * (high - low) if self.open_ends else 0.0
        return np.linspace(low + inset, high - inset, n)


def jumps(values):
    """Where a curve sampled along a sweep jumps: for each gap between neighbouring samples, whether the step is
    more than 3 % of the curve's whole range. In a derivative, a jump is a kink of the loss (|ŷ − y| at y)."""
    steps = np.abs(np.diff(values))
    return steps > 0.03 * (np.ptp(values) or 1.0)


def _column(x):
    return np.asarray(x, dtype=float).reshape(-1, 1)


def held_target(y):
    """ŷ itself against a fixed real target y."""
    return lambda x: (np.full(np.shape(x), float(y)), np.asarray(x, float), np.ones(np.shape(x)))


def one_value(y, x_range, *, target="real", held_fixed=None, right_at=None, right_at_label="y", open_ends=False):
    """ŷ itself, one number (a real value, a count, a probability or a score: `target` says which), against a fixed
    target y, swept over `x_range`. What is held reads "y = …" and ŷ is right at y, unless `held_fixed` and
    `right_at` say otherwise (a count's log-rate is right at log y)."""
    return Picture(
        target=target,
        x_range=x_range,
        x_label=r"\hat{y}",
        held_fixed=held_fixed or f"y = {y:g}",
        right_at=y if right_at is None else right_at,
        right_at_label=right_at_label,
        inputs=held_target(y),
        open_ends=open_ends,
    )


def real(y=1.0, half_width=3.0, x_range=None):
    """ŷ against a real target y, swept over `x_range` (low, high), by default `half_width` either side of y."""
    return one_value(y, tuple(map(float, x_range)) if x_range is not None else (y - half_width, y + half_width))


def probability():
    return one_value(1.0, (0.0, 1.0), target="probability", open_ends=True)


def two_classes(label):
    """The probability x of the true class out of two: ŷ = (x, 1 − x); `label` is y for the true class (a one-hot row
    or the class id 0)."""
    def inputs(x):
        x = _column(x)
        y = np.zeros(len(x)) if label == "class id" else np.tile([1.0, 0.0], (len(x), 1))
        return y, np.hstack([x, 1.0 - x]), np.tile([1.0, -1.0], (len(x), 1))
    target = "class id" if label == "class id" else "one-hot"
    return Picture(
        target=target,
        x_range=(0.0, 1.0),
        x_label=r"\hat{y}_k",
        held_fixed="k = the true class",
        right_at=1.0,
        right_at_label="y",
        inputs=inputs,
        open_ends=True,
    )


def log_two_classes():
    """As two_classes("class id"), the prediction given as log-probabilities: ŷ = (log x, log(1 − x))."""
    def inputs(x):
        x = np.clip(_column(x), 1e-7, 1.0 - 1e-7)  # the ends of the sweep, where a log would be infinite
        return np.zeros(len(x)), np.log(np.hstack([x, 1.0 - x])), np.hstack([1.0 / x, -1.0 / (1.0 - x)])
    return replace(two_classes("class id"), inputs=inputs, view="pick")


def direction(length=1.5):
    """ŷ a 2-D vector of fixed length at angle θ from y = (1, 0)."""
    def inputs(theta):
        theta = _column(theta)
        y = np.tile([1.0, 0.0], (len(theta), 1))
        pred = length * np.hstack([np.cos(theta), np.sin(theta)])
        return y, pred, length * np.hstack([-np.sin(theta), np.cos(theta)])
    return Picture(
        target="direction",
        x_range=(-np.pi, np.pi),
        x_label=r"\theta",
        held_fixed="ŷ turns by θ from y = (1, 0)",
        right_at=0.0,
        right_at_label="",
        inputs=inputs,
    )


def margin_scores(target="one-hot", best_wrong=1.0, below=2.0):
    """Scores (x, best_wrong, 0) for three classes, the first the true one (a one-hot row or the class id 0): x is
    the true class's score, from `below` under the best wrong score to 3 above it."""
    def inputs(x):
        x = _column(x)
        n = len(x)
        pred = np.hstack([x, np.full((n, 1), best_wrong), np.zeros((n, 1))])
        y = np.zeros(n) if target == "class id" else np.tile([1.0, 0.0, 0.0], (n, 1))
        return y, pred, np.tile([1.0, 0.0, 0.0], (n, 1))
    return Picture(
        target=target,
        x_range=(best_wrong - below, best_wrong + 3.0),
        x_label=r"\hat{y}_k",
        held_fixed=f"best wrong score {best_wrong:g}",
        right_at=best_wrong + 1.0,
        right_at_label=r"\hat{y}_{\text{wrong}} + 1",
        inputs=inputs,
    )


def labels(other=-1.0):
    """Two yes/no labels y = (1, 0) and their logits (x, other): x is the first label's logit; the line marks where
    it is 90 % sure of its label (a logit is never exactly right)."""
    def inputs(x):
        x = _column(x)
        pred = np.hstack([x, np.full((len(x), 1), other)])
        return np.tile([1.0, 0.0], (len(x), 1)), pred, np.tile([1.0, 0.0], (len(x), 1))
    sure = float(np.log(9.0))  # σ(x) = 0.9: the label's logit says yes, 90 % sure
    fixed = f"labels y = (1, 0), logits ŷ = (x, {other:g})".replace("-", "−")
    return Picture(
        target="multi-hot",
        x_range=(-4.0, 4.0),
        x_label=r"\hat{y}_1",
        held_fixed=fixed,
        right_at=sure,
        right_at_label=r"\sigma(\hat{y}_1) = 0.9",
        inputs=inputs,
    )


MASK = np.array([1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0])  # the true mask of the mask pictures: 4 of 8 pixels


def mask():
    """A predicted mask that fills the 8 pixels from the left, x of them (the last one partly): below 4 it misses
    mask pixels, above 4 it claims background."""
    def inputs(x):
        x = _column(x)
        filled = np.clip(x - np.arange(len(MASK)), 0.0, 1.0)
        edge = np.minimum(np.floor(x), len(MASK) - 1)  # the pixel being filled (at a whole x, the next one)
        growing = (np.arange(len(MASK)) == edge).astype(float)
        return np.tile(MASK, (len(x), 1)), filled, growing
    return Picture(target="mask", x_range=(0.0, float(len(MASK))), x_label=r"x", held_fixed="mask y: 4 of 8 pixels",
                   right_at=float(MASK.sum()), right_at_label=r"\textstyle\sum_i y_i", inputs=inputs)


def mask_logits():
    """The mask picture's pixels given as logits, for a loss with a margin: each pixel's logit rises from −1 (surely
    background) to +1 (surely mask) as x passes it, so at x = 4 every pixel sits on its side of the margin ±1."""
    filling = mask()

    def inputs(x):
        y, filled, growing = filling.inputs(x)
        return y, 2.0 * filled - 1.0, 2.0 * growing
    return replace(filling, inputs=inputs, view="mask logits")


def class_logits(best_wrong=1.0, sure=0.9):
    """margin_scores's logits (x, best_wrong, 0), the first class the true one (one-hot), for a loss with no margin:
    the line marks where softmax gives the true class the probability `sure` (a logit is never exactly right)."""
    at = float(np.log(sure / (1.0 - sure) * (np.exp(best_wrong) + 1.0)))  # softmax(at, best_wrong, 0)₀ = sure
    return replace(margin_scores("one-hot", best_wrong, below=3.0), x_range=(best_wrong - 3.0, best_wrong + 4.0),
                   held_fixed=f"best wrong logit {best_wrong:g}", right_at=at,
                   right_at_label=rf"\mathrm{{softmax}}(\hat{{y}})_k = {sure:g}")


def _numbers(values):
    return ", ".join(f"{v:g}" for v in values).replace("-", "−")


def teacher_logits(teacher=(2.0, 0.5, -1.0)):
    """A student's logits ŷ against a teacher's y (the target): the student's are the teacher's but for the first,
    x, so the student matches the teacher at x = y₁."""
    teacher = np.asarray(teacher, dtype=float)
    first = np.eye(len(teacher))[0]

    def inputs(x):
        x = _column(x)
        rows = np.tile(teacher, (len(x), 1))
        return rows, rows + (x - teacher[0]) * first, np.tile(first, (len(x), 1))
    return Picture(target="logits", x_range=(teacher[0] - 4.0, teacher[0] + 4.0), x_label=r"\hat{y}_1",
                   held_fixed=f"teacher logits y = ({_numbers(teacher)})", right_at=float(teacher[0]),
                   right_at_label="y_1", inputs=inputs)


def preference(chosen=-16.0, rejected=-12.0, below=24.0, above=14.0):
    """DPO along the policy's log-probability ŷ_c of the chosen answer, swept from `below` under the reference's
    y_c = `chosen` (the target) to `above` over it (log-probabilities, short of 0); the rejected
    answer's log-probability is held where the reference puts it, ŷ_r = y_r = `rejected`. So Δ = ŷ_c − y_c: the
    policy prefers the chosen answer more than the reference does right of y_c."""
    policy_chosen, policy_rejected, reference_chosen, reference_rejected = PREFERENCE_INPUTS
    return Picture(target="real", x_range=(chosen - below, chosen + above), x_label=r"\hat{y}_c",
                   held_fixed=f"log π: y_c = {_numbers([chosen])}, ŷ_r = y_r = {_numbers([rejected])}",
                   right_at=chosen, right_at_label=r"\Delta = 0", inputs=held_target(chosen),
                   held={policy_rejected: rejected, reference_rejected: rejected},
                   roles=(reference_chosen, policy_chosen))


@dataclass(frozen=True, kw_only=True)
class Embedding:
    """The picture of a loss over pairs or triplets: an anchor a, a positive p and a negative n as points of a 2-D
    embedding, moved by gradient descent. `arguments(points)` builds the loss's inputs from the (3, 2) points and
    `pullback(points, grads)` takes the loss's gradients back to the points (the chain rule)."""
    start: tuple  # (a, p, n, ...), each (x, y)
    # how the points are measured and the margin drawn: by distance, "distance" (a ring d(a, p) + m around a) or
    # "radius" (a ring of radius m around a); by angle, "angle" (a cone cos > m around a's direction), "boundary"
    # (where a's class and n's tie, moved by the margin) or "softmax" (no margin)
    geometry: str
    inputs_in_words: str  # what the loss is given, in words (a caption)
    arguments: Callable = field(repr=False)
    pullback: Callable = field(repr=False)
    rate: float = 0.04  # the descent's learning rate
    steps: int = 10  # how many descent steps the picture shows
    names: tuple = ("a", "p", "n")  # LaTeX of each point's name


@dataclass(frozen=True, kw_only=True)
class Transport:
    """The picture of a distance between two samples on a line (the Wasserstein distance): the prediction's values ŷ
    (the loss's first input, which its gradient moves) and the target's values y, equally many and equally
    weighted, so the least mass × distance moves each ŷ to the y of the same rank."""
    prediction: tuple  # ŷ
    target: tuple  # y
    x_range: tuple  # (low, high) of the line they lie on

    def __post_init__(self):
        if len(self.prediction) != len(self.target):
            raise ValueError(f"Transport: {len(self.prediction)} predicted values and {len(self.target)} target "
                             "values, expected as many of each (equal masses)")

    def partners(self, values):
        """Where the transport carries each of `values` (the prediction, possibly moved): the target value of the
        same rank."""
        ranks = np.argsort(np.argsort(values, kind="stable"), kind="stable")
        return np.sort(self.target)[ranks]

    def cdfs(self, values):
        """(edges, F_ŷ, F_y): the sorted values of both samples, and each sample's cumulative distribution on every
        gap between neighbouring edges. The distance is the area between them: Σ |F_ŷ − F_y| · gap."""
        edges = np.sort(np.concatenate([values, self.target]))
        middles = (edges[:-1] + edges[1:]) / 2
        share = [np.searchsorted(np.sort(v), middles, side="right") / len(v) for v in (values, self.target)]
        return edges, *share


@dataclass(frozen=True, kw_only=True)
class Trellis:
    """The picture of a sequence loss: a label (class ids, 0 the blank) against per-step logits over `classes`."""
    classes: tuple  # a name per class, the blank first
    label: tuple  # class ids
    logits: tuple = field(repr=False)  # (T, C): rows of logits, one per step
