"""The pictures of a loss: what a figure or an anatomy video draws to show it.

A loss of one prediction has a `Picture`: a variable x swept across a range, and how the loss's inputs are built
from x. The constructors below (`real`, `probability`, `two_classes`, ...) are the picture kinds the registry's
entries use; a user's own loss (`losscore.custom_loss`) takes the same ones. Losses of pairs and triplets have an
`Embedding`, sequence losses a `Trellis`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

TARGETS = ("real", "count", "probability", "sign", "one-hot", "class id", "multi-hot", "direction", "mask")


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


def real(y=1.0, half_width=3.0, x_range=None):
    """ŷ against a real target y, swept over `x_range` (low, high), by default `half_width` either side of y."""
    return Picture(
        target="real",
        x_range=tuple(map(float, x_range)) if x_range is not None else (y - half_width, y + half_width),
        x_label=r"\hat{y}",
        held_fixed=f"y = {y:g}",
        right_at=y,
        right_at_label="y",
        inputs=held_target(y),
    )


def probability():
    return Picture(
        target="probability",
        x_range=(0.0, 1.0),
        x_label=r"\hat{y}",
        held_fixed="y = 1",
        right_at=1.0,
        right_at_label="y",
        inputs=held_target(1.0),
        open_ends=True,
    )


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
    return Picture(
        target="class id",
        x_range=(0.0, 1.0),
        x_label=r"\hat{y}_k",
        held_fixed="k = the true class",
        right_at=1.0,
        right_at_label="y",
        inputs=inputs,
        open_ends=True,
        view="pick",
    )


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


@dataclass(frozen=True, kw_only=True)
class Embedding:
    """The picture of a loss over pairs or triplets: an anchor a, a positive p and a negative n as points of a 2-D
    embedding, moved by gradient descent. `arguments(points)` builds the loss's inputs from the (3, 2) points and
    `pullback(points, grads)` takes the loss's gradients back to the points (the chain rule)."""
    start: tuple  # (a, p, n), each (x, y)
    geometry: str  # "distance": the margin is a ring around a; "angle": a cone around a's direction
    inputs_in_words: str  # what the loss is given, in words (a caption)
    arguments: Callable = field(repr=False)
    pullback: Callable = field(repr=False)
    rate: float = 0.04  # the descent's learning rate
    steps: int = 10  # how many descent steps the picture shows


@dataclass(frozen=True, kw_only=True)
class Trellis:
    """The picture of a sequence loss: a label (class ids, 0 the blank) against per-step logits over `classes`."""
    classes: tuple  # a name per class, the blank first
    label: tuple  # class ids
    logits: tuple = field(repr=False)  # (T, C): rows of logits, one per step
