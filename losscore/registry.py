"""LOSSES: the one description of every loss, read by scenes, figures, slides and docs.

The LaTeX uses three role symbols that scenes colour: the prediction ``\\hat{y}`` (optionally with a subscript), the
target ``y`` and the loss ``L``. No other lone ``y`` or ``L`` appears, so a colouring pass can find them.

Each entry also carries its Picture: what its target looks like, the variable a picture sweeps, what stays fixed and
where the prediction is right. Scenes and figures read those fields; none of them switches on a loss's name.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from . import classification as _c
from . import embedding as _e
from . import likelihood as _l
from . import margin as _m
from . import overlap as _o
from . import regression as _r
from . import sequence as _s

KINDS = ("regression", "binary", "multiclass", "vector", "pair", "triplet", "sequence")
TARGETS = ("real", "count", "probability", "sign", "one-hot", "class id", "multi-hot", "direction", "mask")
ONE_PREDICTION = ("y_true", "y_pred")  # the inputs of a loss that judges one prediction against its target
_DLDY = r"\frac{\partial L}{\partial \hat{y}_i} = "
_DLDZ = r"\frac{\partial L}{\partial z_i} = "
_MEAN = r"\frac{1}{n}\sum_{i=1}^{n} "


@dataclass(frozen=True)
class Picture:
    """What a picture of one prediction needs. The drawn variable x sweeps `x_range`; `inputs(x)` gives
    (y_true, y_pred, dŷ/dx) for a batch of x values, so that L along the sweep is ``loss(..., reduction="none")``
    and dL/dx = Σ ∇L · dŷ/dx (the chain rule; for one real prediction just dL/dŷ)."""
    target: str  # what y looks like: one of TARGETS
    x_range: tuple  # (low, high) of x
    x_label: str  # LaTeX of x
    fixed: str  # what is held fixed, in words (a caption fragment)
    marker: float  # the x where the prediction is right (the target line), or None
    marker_label: str  # LaTeX beside the target line
    inputs: Callable = field(repr=False)
    open_ends: bool = False  # the ends of x_range are left out (probabilities, clipped there)
    view: str = ""  # a picture of the prediction itself beside the curve, where the target alone does not say it

    def xs(self, n):
        """n values of x across the range, the ends left out where they are open."""
        low, high = self.x_range
        inset = 0.005 * (high - low) if self.open_ends else 0.0
        return np.linspace(low + inset, high - inset, n)


def _column(x):
    return np.asarray(x, dtype=float).reshape(-1, 1)


def _real(y):
    """ŷ itself against a fixed real target y."""
    return lambda x: (np.full(np.shape(x), float(y)), np.asarray(x, float), np.ones(np.shape(x)))


def _picture_real(y=1.0, half_width=3.0):
    return Picture("real", (y - half_width, y + half_width), r"\hat{y}", f"y = {y:g}", y, "y", _real(y))


def _picture_probability():
    return Picture("probability", (0.0, 1.0), r"\hat{y}", "y = 1", 1.0, "y", _real(1.0), open_ends=True)


def _two_classes(label):
    """The probability x of the true class out of two: ŷ = (x, 1 − x); `label` is y for the true class (a one-hot row
    or the class id 0)."""
    def inputs(x):
        x = _column(x)
        y = np.zeros(len(x)) if label == "class id" else np.tile([1.0, 0.0], (len(x), 1))
        return y, np.hstack([x, 1.0 - x]), np.tile([1.0, -1.0], (len(x), 1))
    target = "class id" if label == "class id" else "one-hot"
    return Picture(target, (0.0, 1.0), r"\hat{y}_k", "k = the true class", 1.0, "y", inputs, open_ends=True)


def _log_two_classes():
    """As _two_classes("class id"), the prediction given as log-probabilities: ŷ = (log x, log(1 − x))."""
    def inputs(x):
        x = np.clip(_column(x), 1e-7, 1.0 - 1e-7)  # the ends of the sweep, where a log would be infinite
        return np.zeros(len(x)), np.log(np.hstack([x, 1.0 - x])), np.hstack([1.0 / x, -1.0 / (1.0 - x)])
    return Picture("class id", (0.0, 1.0), r"\hat{y}_k", "k = the true class", 1.0, "y", inputs, open_ends=True,
                   view="pick")


def _picture_direction(length=1.5):
    """ŷ a 2-D vector of fixed length at angle θ from y = (1, 0)."""
    def inputs(theta):
        theta = _column(theta)
        y = np.tile([1.0, 0.0], (len(theta), 1))
        pred = length * np.hstack([np.cos(theta), np.sin(theta)])
        return y, pred, length * np.hstack([-np.sin(theta), np.cos(theta)])
    return Picture("direction", (-np.pi, np.pi), r"\theta", "ŷ turns by θ from y = (1, 0)", 0.0, "", inputs)


def _picture_margin(target="one-hot", best_wrong=1.0, below=2.0):
    """Scores (x, best_wrong, 0) for three classes, the first the true one (a one-hot row or the class id 0): x is
    the true class's score, from `below` under the best wrong score to 3 above it."""
    def inputs(x):
        x = _column(x)
        n = len(x)
        pred = np.hstack([x, np.full((n, 1), best_wrong), np.zeros((n, 1))])
        y = np.zeros(n) if target == "class id" else np.tile([1.0, 0.0, 0.0], (n, 1))
        return y, pred, np.tile([1.0, 0.0, 0.0], (n, 1))
    return Picture(target, (best_wrong - below, best_wrong + 3.0), r"\hat{y}_k",
                   f"best wrong score {best_wrong:g}", best_wrong + 1.0, r"\hat{y}_{\text{wrong}} + 1", inputs)


def _picture_labels(other=-1.0):
    """Two yes/no labels y = (1, 0) and their logits (x, other): x is the first label's logit; the line marks where
    it is 90 % sure of its label (a logit is never exactly right)."""
    def inputs(x):
        x = _column(x)
        pred = np.hstack([x, np.full((len(x), 1), other)])
        return np.tile([1.0, 0.0], (len(x), 1)), pred, np.tile([1.0, 0.0], (len(x), 1))
    sure = float(np.log(9.0))  # σ(x) = 0.9: the label's logit says yes, 90 % sure
    fixed = f"labels y = (1, 0), logits ŷ = (x, {other:g})".replace("-", "−")
    return Picture("multi-hot", (-4.0, 4.0), r"\hat{y}_1", fixed, sure, r"\sigma(\hat{y}_1) = 0.9", inputs)


MASK = np.array([1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0])  # the true mask of the mask pictures: 4 of 8 pixels


def _picture_mask():
    """A predicted mask that fills the 8 pixels from the left, x of them (the last one partly): below 4 it misses
    mask pixels, above 4 it claims background."""
    def inputs(x):
        x = _column(x)
        filled = np.clip(x - np.arange(len(MASK)), 0.0, 1.0)
        edge = np.minimum(np.floor(x), len(MASK) - 1)  # the pixel being filled (at a whole x, the next one)
        growing = (np.arange(len(MASK)) == edge).astype(float)
        return np.tile(MASK, (len(x), 1)), filled, growing
    return Picture("mask", (0.0, float(len(MASK))), r"x", "mask y: 4 of 8 pixels",
                   float(MASK.sum()), r"\textstyle\sum_i y_i", inputs)


@dataclass(frozen=True)
class Beside:
    """Another registry loss drawn beside a loss's curve (its `params`), and what relates the two."""
    name: str
    params: Mapping[str, object]
    label: str  # LaTeX beside the other curve
    caption: str  # what the relation is, in one sentence


@dataclass(frozen=True)
class ParamSweep:
    """A second sweep, over a parameter of the loss rather than the prediction: the prediction held at x = `at` of
    the main sweep, `param` sweeps `x_range`, and `grad` (a losscore function with the loss's arguments) gives the
    derivative with respect to it. The picture marks where the loss is lowest (`lowest_label`)."""
    param: str
    x_range: tuple
    x_label: str
    at: float
    grad: Callable = field(repr=False)
    lowest_label: str = ""
    captions: tuple = ()  # (what is held and swept, with {at} for the held x; what the sweep shows)


@dataclass(frozen=True)
class Embedding:
    """The picture of a loss over pairs or triplets: an anchor a, a positive p and a negative n as points of a 2-D
    embedding, moved by gradient descent. `arguments(points)` builds the loss's inputs from the (3, 2) points and
    `pullback(points, grads)` takes the loss's gradients back to the points (the chain rule)."""
    start: tuple  # (a, p, n), each (x, y)
    geometry: str  # "distance": the margin is a ring around a; "angle": a cone around a's direction
    about: str  # what the loss is given, in words (a caption)
    arguments: Callable = field(repr=False)
    pullback: Callable = field(repr=False)
    rate: float = 0.04  # the descent's learning rate
    steps: int = 10  # how many descent steps the picture shows


@dataclass(frozen=True)
class Trellis:
    """The picture of a sequence loss: a label (class ids, 0 the blank) against per-step logits over `classes`."""
    classes: tuple  # a name per class, the blank first
    label: tuple  # class ids
    logits: tuple = field(repr=False)  # (T, C): rows of logits, one per step


def _triplet_arguments(points):
    return tuple(np.asarray(points, dtype=float)[:, None, :])  # three batches of one vector


def _cosine_arguments(points):
    """The pairs (a, p) alike and (a, n) unlike."""
    a, p, n = np.asarray(points, dtype=float)
    return np.vstack([a, a]), np.vstack([p, n]), np.array([1.0, -1.0])


def _cosine_pullback(points, grads):
    g1, g2 = grads
    return np.vstack([g1[0] + g1[1], g2[0], g2[1]])


def _ranking_arguments(points):
    """The scores x1 = d(a, n) and x2 = d(a, p), with y = 1: n should rank farther from a than p."""
    a, p, n = np.asarray(points, dtype=float)
    return (np.atleast_1d(_e.pairwise_distance(a, n)), np.atleast_1d(_e.pairwise_distance(a, p)), np.ones(1))


def _ranking_pullback(points, grads):
    a, p, n = np.asarray(points, dtype=float)
    g1, g2 = (float(g[0]) for g in grads)
    eps = _e.DISTANCE_EPSILON  # the eps pairwise_distance adds, as _ranking_arguments measured with it
    _, far = _e._distance((a - n + eps)[None], 2.0)  # d‖a − n + eps‖/d a
    _, near = _e._distance((a - p + eps)[None], 2.0)
    return np.vstack([g1 * far[0] + g2 * near[0], -g2 * near[0], -g1 * far[0]])


@dataclass(frozen=True)
class Loss:
    """One loss: how to compute it, what kind of prediction it judges, its math in LaTeX, and its picture."""
    name: str
    title: str
    loss: Callable = field(repr=False)
    grad: Callable = field(repr=False)
    kind: str  # "regression" (ŷ real), "binary" (a probability or score), "multiclass" (a row), "vector" (a row or
    #            mask judged as a whole)
    per: str  # "element" or "sample": what one entry of reduction="none" is
    params: Mapping[str, object]  # keyword parameters and their defaults
    formula: str  # LaTeX of L
    derivative: str  # LaTeX of dL/dŷ
    picture: Picture = field(repr=False)
    lesson: str = ""  # one sentence: what the picture teaches (the anatomy's closing caption)
    logit_derivative: str = ""  # LaTeX of dL/dz when the loss takes from_logits=True
    picture_params: Mapping[str, object] = field(default_factory=dict)  # parameters the picture is drawn with
    inputs: tuple = ONE_PREDICTION  # the positional arguments: several for pairs, triplets and sequences
    beside: Beside = None  # a related loss the anatomy draws beside this one
    param_sweep: ParamSweep = None  # a parameter the anatomy sweeps after the prediction

    @property
    def takes_one_prediction(self):
        """Whether the loss judges one prediction against its target (its picture is a sweep of it)."""
        return self.inputs == ONE_PREDICTION

    def on_points(self, points, **params):
        """(L, dL/d points) for an Embedding picture's (3, 2) points: the loss summed over the pairs or triplets
        the points make, and its gradient taken back to each point."""
        args = self.picture.arguments(points)
        grads = self.grad(*args, reduction="sum", **params)
        return self.loss(*args, reduction="sum", **params), self.picture.pullback(points, grads)

    def one_prediction(self, x, **params):
        """(L, dL/dx) at each x of the picture's sweep (see Picture), vectorised over x."""
        x = np.atleast_1d(np.asarray(x, dtype=float))
        y, pred, direction = self.picture.inputs(x)
        loss = self.loss(y, pred, reduction="none", **params)
        grad = self.grad(y, pred, reduction="none", **params)
        return np.asarray(loss).reshape(x.shape), (grad * direction).reshape(x.size, -1).sum(axis=1).reshape(x.shape)


SMOOTH_L1_BETA = 2.0  # smooth L1's picture is drawn at this β, beside Huber with δ = β


def _entries():
    real, probability, sign = _picture_real(), _picture_probability(), _picture_real(1.0, 2.5)
    sign = Picture("sign", (-1.5, 3.5), r"\hat{y}", "y = +1", 1.0, "y", _real(1.0))
    yield Loss("mae", "Mean absolute error", _r.mae, _r.mae_grad, "regression", "element", {},
               r"L = " + _MEAN + r"\left| y_i - \hat{y}_i \right|",
               _DLDY + r"\frac{1}{n}\,\mathrm{sign}(\hat{y}_i - y_i)", real,
               "Every error pulls with the same force.")
    yield Loss("mse", "Mean squared error", _r.mse, _r.mse_grad, "regression", "element", {},
               r"L = " + _MEAN + r"(y_i - \hat{y}_i)^2",
               _DLDY + r"\frac{2}{n}(\hat{y}_i - y_i)", real,
               "The pull grows with the error.")
    yield Loss("huber", "Huber loss", _r.huber, _r.huber_grad, "regression", "element", {"delta": 1.0},
               r"L = " + _MEAN + r"\begin{cases} \frac{1}{2}(\hat{y}_i - y_i)^2 & |\hat{y}_i - y_i| \le \delta \\"
               r" \delta\left(|\hat{y}_i - y_i| - \frac{\delta}{2}\right) & \text{otherwise} \end{cases}",
               _DLDY + r"\frac{1}{n}\,\mathrm{clip}(\hat{y}_i - y_i,\, -\delta,\, \delta)", real,
               "Squared near y, linear far away: a capped pull.")
    yield Loss("log_cosh", "Log-cosh loss", _r.log_cosh, _r.log_cosh_grad, "regression", "element", {},
               r"L = " + _MEAN + r"\log\cosh(\hat{y}_i - y_i)",
               _DLDY + r"\frac{1}{n}\tanh(\hat{y}_i - y_i)", real,
               "A smooth Huber: the pull levels off at 1.")
    yield Loss("quantile", "Quantile (pinball) loss", _r.quantile, _r.quantile_grad, "regression", "element",
               {"q": 0.5},
               r"L = " + _MEAN + r"\max\big(q\,(y_i - \hat{y}_i),\ (q - 1)(y_i - \hat{y}_i)\big)",
               _DLDY + r"\frac{1}{n}\begin{cases} -q & \hat{y}_i < y_i \\ 1 - q & \hat{y}_i > y_i \end{cases}", real,
               "Tilted V: q sets which side costs more.")
    yield Loss("general_robust", "General robust loss (Barron)", _r.general_robust, _r.general_robust_grad,
               "regression", "element", {"alpha": 1.0, "scale": 1.0},
               r"L = " + _MEAN + r"\frac{|\alpha - 2|}{\alpha}\left[\left(\frac{((\hat{y}_i - y_i)/c)^2}"
               r"{|\alpha - 2|} + 1\right)^{\alpha/2} - 1\right]",
               _DLDY + r"\frac{\hat{y}_i - y_i}{n\,c^2}\left(\frac{((\hat{y}_i - y_i)/c)^2}{|\alpha - 2|} + 1"
               r"\right)^{\alpha/2 - 1}", real,
               "α = 1: quadratic near y, then linear.")
    yield Loss("poisson", "Poisson loss", _r.poisson, _r.poisson_grad, "regression", "element", {},
               r"L = " + _MEAN + r"\big(\hat{y}_i - y_i \log(\hat{y}_i + \epsilon)\big)",
               _DLDY + r"\frac{1}{n}\left(1 - \frac{y_i}{\hat{y}_i + \epsilon}\right)",
               Picture("count", (0.0, 9.0), r"\hat{y}", "a count y = 3, ŷ a rate", 3.0, "y", _real(3.0),
                       open_ends=True),
               "As the rate ŷ nears 0 the log explodes.")
    yield Loss("mape", "Mean absolute percentage error", _r.mape, _r.mape_grad, "regression", "element", {},
               r"L = " + _MEAN + r"100\,\frac{|y_i - \hat{y}_i|}{\max(|y_i|,\, \epsilon)}",
               _DLDY + r"\frac{100}{n}\,\frac{\mathrm{sign}(\hat{y}_i - y_i)}{\max(|y_i|,\, \epsilon)}",
               Picture("real", (0.0, 6.0), r"\hat{y}", "y = 2", 2.0, "y", _real(2.0)),
               "Under-predicting costs at most 100%; over, no limit.")
    yield Loss("msle", "Mean squared logarithmic error", _r.msle, _r.msle_grad, "regression", "element", {},
               r"L = " + _MEAN + r"\big(\log(1 + \hat{y}_i) - \log(1 + y_i)\big)^2",
               _DLDY + r"\frac{2}{n}\,\frac{\log(1 + \hat{y}_i) - \log(1 + y_i)}{1 + \hat{y}_i}",
               Picture("real", (0.0, 12.0), r"\hat{y}", "y = 3", 3.0, "y", _real(3.0)),
               "A log scale: relative errors, gentle on overshoot.")
    yield Loss("smooth_l1", "Smooth L1 loss", _r.smooth_l1, _r.smooth_l1_grad, "regression", "element", {"beta": 1.0},
               r"L = " + _MEAN + r"\begin{cases} \frac{(\hat{y}_i - y_i)^2}{2\beta} & |\hat{y}_i - y_i| < \beta \\"
               r" |\hat{y}_i - y_i| - \frac{\beta}{2} & \text{otherwise} \end{cases}",
               _DLDY + r"\frac{1}{n}\begin{cases} (\hat{y}_i - y_i)/\beta & |\hat{y}_i - y_i| < \beta \\"
               r" \mathrm{sign}(\hat{y}_i - y_i) & \text{otherwise} \end{cases}", real,
               "Huber over β: the tails keep slope 1.", picture_params={"beta": SMOOTH_L1_BETA},
               beside=Beside("huber", {"delta": SMOOTH_L1_BETA}, r"\text{Huber},\ \delta = \beta",
                             "Huber with δ = β is β times smooth L1."))
    yield Loss("gaussian_nll", "Gaussian negative log-likelihood", _l.gaussian_nll, _l.gaussian_nll_grad,
               "regression", "element", {"full": False, "eps": 1e-6},
               r"L = " + _MEAN + r"\frac{1}{2}\left(\log \sigma_i^2 + \frac{(\hat{y}_i - y_i)^2}{\sigma_i^2}\right)",
               _DLDY + r"\frac{1}{n}\,\frac{\hat{y}_i - y_i}{\sigma_i^2}", real,
               "σ² fixed: squared error over 2σ², plus a constant.", picture_params={"var": 1.0},
               param_sweep=ParamSweep("var", (0.0, 6.0), r"\sigma^2", 2.5, _l.gaussian_nll_var_grad,
                                      r"(\hat{y} - y)^2",
                                      ("Hold ŷ = {at:g} and sweep the variance σ².",
                                       "A wide σ² makes errors cheap but costs log σ².")))
    yield Loss("poisson_nll", "Poisson negative log-likelihood", _l.poisson_nll, _l.poisson_nll_grad, "regression",
               "element", {"log_input": True, "full": False, "eps": 1e-8},
               r"L = " + _MEAN + r"\big(e^{\hat{y}_i} - y_i\,\hat{y}_i\big)",
               _DLDY + r"\frac{1}{n}\big(e^{\hat{y}_i} - y_i\big)",
               Picture("count", (-1.0, 3.0), r"\hat{y}", "a count y = 3, ŷ its log-rate", float(np.log(3.0)),
                       r"\log y", _real(3.0)),
               "Too low costs linearly, too high exponentially.")
    yield Loss("bce", "Binary cross entropy", _c.bce, _c.bce_grad, "binary", "element",
               {"from_logits": False, "label_smoothing": 0.0},
               r"L = -" + _MEAN + r"\big[y_i \log \hat{y}_i + (1 - y_i)\log(1 - \hat{y}_i)\big]",
               _DLDY + r"\frac{1}{n}\,\frac{\hat{y}_i - y_i}{\hat{y}_i\,(1 - \hat{y}_i)}", probability,
               "Confident mistakes cost the most.",
               _DLDZ + r"\frac{1}{n}\left(\sigma(z_i) - y_i\right)")
    yield Loss("binary_focal", "Binary focal loss", _c.binary_focal, _c.binary_focal_grad, "binary", "element",
               {"gamma": 2.0, "alpha": None, "from_logits": False},
               r"L = -" + _MEAN + r"(1 - p_{t})^{\gamma}\log p_{t},\quad"
               r" p_{t} = y_i\,\hat{y}_i + (1 - y_i)(1 - \hat{y}_i)",
               _DLDY + r"\frac{2y_i - 1}{n}\,(1 - p_{t})^{\gamma}\left[\frac{\gamma\log p_{t}}{1 - p_{t}}"
               r" - \frac{1}{p_{t}}\right]", probability,
               "Easy examples (ŷ near 1) barely count.")
    yield Loss("hinge", "Hinge loss", _c.hinge, _c.hinge_grad, "binary", "element", {},
               r"L = " + _MEAN + r"\max(0,\ 1 - y_i\,\hat{y}_i)",
               _DLDY + r"\begin{cases} -y_i/n & y_i\,\hat{y}_i < 1 \\ 0 & \text{otherwise} \end{cases}", sign,
               "Past the margin y·ŷ = 1 the pull stops.")
    yield Loss("squared_hinge", "Squared hinge loss", _c.squared_hinge, _c.squared_hinge_grad, "binary", "element",
               {}, r"L = " + _MEAN + r"\max(0,\ 1 - y_i\,\hat{y}_i)^2",
               _DLDY + r"-\frac{2}{n}\,y_i\max(0,\ 1 - y_i\,\hat{y}_i)", sign,
               "A smooth hinge: the pull fades to the margin.")
    yield Loss("soft_margin", "Soft margin loss", _m.soft_margin, _m.soft_margin_grad, "binary", "element", {},
               r"L = " + _MEAN + r"\log\big(1 + e^{-y_i\,\hat{y}_i}\big)",
               _DLDY + r"-\frac{1}{n}\,y_i\,\sigma(-y_i\,\hat{y}_i)", sign,
               "A smooth hinge: the pull fades but never stops.")
    yield Loss("hinge_embedding", "Hinge embedding loss", _e.hinge_embedding, _e.hinge_embedding_grad, "binary",
               "element", {"margin": 1.0},
               r"L = " + _MEAN + r"\begin{cases} \hat{y}_i & y_i = 1 \\ \max(0,\ m - \hat{y}_i) & y_i = -1"
               r" \end{cases}",
               _DLDY + r"\frac{1}{n}\begin{cases} 1 & y_i = 1 \\ -1 & y_i = -1,\ \hat{y}_i \le m \\"
               r" 0 & \text{otherwise} \end{cases}",
               Picture("sign", (0.0, 2.5), r"\hat{y}", "unlike pair y = −1, ŷ their distance", 1.0, "m",
                       _real(-1.0)),
               "Unlike pairs are pushed apart to m, then let go.")
    yield Loss("cce", "Categorical cross entropy", _c.cce, _c.cce_grad, "multiclass", "sample",
               {"from_logits": False, "label_smoothing": 0.0},
               r"L = -\sum_{i=1}^{C} y_i \log \hat{y}_i",
               _DLDY + r"-\frac{y_i}{\hat{y}_i}", _two_classes("one-hot"),
               "Only the true class's probability counts.",
               _DLDZ + r"\hat{y}_i - y_i")
    yield Loss("sparse_cce", "Sparse categorical cross entropy", _c.sparse_cce, _c.sparse_cce_grad, "multiclass",
               "sample", {"from_logits": False},
               r"L = -\log \hat{y}_k,\quad k = \text{the label}",
               r"\frac{\partial L}{\partial \hat{y}_k} = -\frac{1}{\hat{y}_k}", _two_classes("class id"),
               "The label k picks one probability: −log of it.",
               _DLDZ + r"\hat{y}_i - [\,i = k\,]")
    yield Loss("nll", "Negative log-likelihood", _l.nll, _l.nll_grad, "multiclass", "sample", {},
               r"L = -\log \hat{y}_k,\quad k = \text{the label}",
               r"\frac{\partial L}{\partial \log \hat{y}_k} = -1", _log_two_classes(),
               "It picks the true class's log-probability.")
    yield Loss("kld", "Kullback-Leibler divergence", _c.kld, _c.kld_grad, "multiclass", "sample", {},
               r"L = \sum_{i=1}^{C} y_i \log\frac{y_i}{\hat{y}_i}",
               _DLDY + r"-\frac{y_i}{\hat{y}_i}", _two_classes("one-hot"),
               "Zero only when ŷ equals y exactly.")
    yield Loss("categorical_hinge", "Categorical hinge loss", _c.categorical_hinge, _c.categorical_hinge_grad,
               "multiclass", "sample", {},
               r"L = \max\big(0,\ \max_{i \ne k} \hat{y}_i - \hat{y}_k + 1\big)",
               r"\frac{\partial L}{\partial \hat{y}_k} = \begin{cases} -1 & \text{margin} < 1 \\ 0 & \text{otherwise}"
               r" \end{cases}", _picture_margin(),
               "Zero once the true score leads by 1.")
    yield Loss("multi_margin", "Multiclass margin loss", _m.multi_margin, _m.multi_margin_grad, "multiclass",
               "sample", {"p": 1, "margin": 1.0},
               r"L = \frac{1}{C}\sum_{i \ne k} \max\big(0,\ m - \hat{y}_k + \hat{y}_i\big)^{p}",
               r"\frac{\partial L}{\partial \hat{y}_k} = -\frac{1}{C}\,\#\{\, i \ne k : \hat{y}_k - \hat{y}_i < m \,\}"
               r"\quad (p = 1)", _picture_margin("class id", below=1.0),
               "Every wrong class within m of the true one pulls.")
    yield Loss("categorical_focal", "Categorical focal loss", _c.categorical_focal, _c.categorical_focal_grad,
               "multiclass", "sample",
               {"alpha": 0.25, "gamma": 2.0, "from_logits": False, "label_smoothing": 0.0, "axis": -1},
               r"L = -\sum_{i=1}^{C} \alpha\,(1 - \hat{y}_i)^{\gamma}\, y_i \log \hat{y}_i",
               _DLDY + r"\alpha\,y_i\left[\gamma(1 - \hat{y}_i)^{\gamma - 1}\log\hat{y}_i"
               r" - \frac{(1 - \hat{y}_i)^{\gamma}}{\hat{y}_i}\right]", _two_classes("one-hot"),
               "Cross entropy with the easy classes faded.")
    yield Loss("cosine_similarity", "Cosine similarity loss", _o.cosine_similarity, _o.cosine_similarity_grad,
               "vector", "sample", {"axis": -1},
               r"L = -\frac{y \cdot \hat{y}}{\lVert y \rVert\,\lVert \hat{y} \rVert} = -\cos\theta",
               r"\frac{\partial L}{\partial \hat{y}} = -\frac{1}{\lVert \hat{y} \rVert}\left(\frac{y}{\lVert y \rVert}"
               r" - \cos\theta\,\frac{\hat{y}}{\lVert \hat{y} \rVert}\right)", _picture_direction(),
               "Only the angle counts, never the length.")
    yield Loss("multilabel_soft_margin", "Multi-label soft margin loss", _m.multilabel_soft_margin,
               _m.multilabel_soft_margin_grad, "vector", "sample", {},
               r"L = -\frac{1}{C}\sum_{i=1}^{C} \big[y_i \log \sigma(\hat{y}_i)"
               r" + (1 - y_i)\log \sigma(-\hat{y}_i)\big]",
               _DLDY + r"\frac{1}{C}\big(\sigma(\hat{y}_i) - y_i\big)", _picture_labels(),
               "Each label is its own yes/no question.")
    yield Loss("dice", "Dice loss", _o.dice, _o.dice_grad, "vector", "sample", {},
               r"L = 1 - \frac{2 \sum_i y_i \hat{y}_i}{\sum_i y_i + \sum_i \hat{y}_i + \epsilon}",
               _DLDY + r"-\frac{2\,(y_i S - \sum_j y_j \hat{y}_j)}{S^2},\quad S = \sum_j y_j + \sum_j \hat{y}_j",
               _picture_mask(), "Missing and extra pixels cost alike.")
    yield Loss("tversky", "Tversky loss", _o.tversky, _o.tversky_grad, "vector", "sample",
               {"alpha": 0.5, "beta": 0.5},
               r"L = 1 - \frac{TP}{TP + \alpha\,FN + \beta\,FP + \epsilon}",
               _DLDY + r"-\frac{y_i D - TP\,\big(y_i(1 - \alpha) + \beta(1 - y_i)\big)}{D^2}",
               _picture_mask(), "Missed pixels cost more than extra ones.", picture_params={"alpha": 0.7, "beta": 0.3})
    yield Loss("margin_ranking", "Margin ranking loss", _e.margin_ranking, _e.margin_ranking_grad, "pair", "element",
               {"margin": 0.0},
               r"L = \max\big(0,\ -y\,(\hat{y}_1 - \hat{y}_2) + m\big)",
               r"\frac{\partial L}{\partial \hat{y}_1} = -\frac{\partial L}{\partial \hat{y}_2} = \begin{cases}"
               r" -y/n & -y\,(\hat{y}_1 - \hat{y}_2) + m \ge 0 \\ 0 & \text{otherwise} \end{cases}",
               Embedding(((0.0, 0.0), (1.1, 0.6), (0.9, -0.9)), "distance",
                         "ranking: x₁ = d(a, n) should beat x₂ = d(a, p)", _ranking_arguments, _ranking_pullback,
                         0.02, 10),
               "Ranked by the margin: the pull stops.", picture_params={"margin": 0.5}, inputs=("x1", "x2", "y"))
    yield Loss("cosine_embedding", "Cosine embedding loss", _e.cosine_embedding, _e.cosine_embedding_grad, "pair",
               "element", {"margin": 0.0},
               r"L = \begin{cases} 1 - \cos(\hat{y}_1, \hat{y}_2) & y = 1 \\"
               r" \max\big(0,\ \cos(\hat{y}_1, \hat{y}_2) - m\big) & y = -1 \end{cases}",
               r"\frac{\partial L}{\partial \hat{y}_1} = \begin{cases} -\nabla_{\hat{y}_1} \cos & y = 1 \\"
               r" \nabla_{\hat{y}_1} \cos & y = -1,\ \cos > m \\ 0 & \text{otherwise} \end{cases}",
               Embedding(((1.0, 0.0), (0.35, 0.95), (0.8, -0.55)), "angle",
                         "pairs (a, p) alike, y = 1, and (a, n) unlike, y = −1", _cosine_arguments, _cosine_pullback,
                         0.1, 12),
               "Only angles count: p turns in, n turns out.", picture_params={"margin": 0.5},
               inputs=("x1", "x2", "y"))
    yield Loss("triplet_margin", "Triplet margin loss", _e.triplet_margin, _e.triplet_margin_grad, "triplet",
               "element", {"margin": 1.0, "p": 2.0, "eps": _e.DISTANCE_EPSILON, "swap": False},
               r"L = \max\big(0,\ d(\hat{y}_a, \hat{y}_p) - d(\hat{y}_a, \hat{y}_n) + m\big)",
               r"\frac{\partial L}{\partial \hat{y}_p} = -\frac{\hat{y}_a - \hat{y}_p}{d(\hat{y}_a, \hat{y}_p)},\quad"
               r" \frac{\partial L}{\partial \hat{y}_n} = \frac{\hat{y}_a - \hat{y}_n}{d(\hat{y}_a, \hat{y}_n)}"
               r"\quad (L > 0)",
               Embedding(((0.0, 0.0), (1.0, 0.5), (0.3, -0.75)), "distance",
                         "embeddings: an anchor a, a positive p, a negative n",
                         _triplet_arguments, lambda points, grads: np.vstack(grads), 0.038, 10),
               "A met margin teaches nothing more.", inputs=("anchor", "positive", "negative"))
    yield Loss("ctc", "Connectionist temporal classification (CTC)", _s.ctc, _s.ctc_grad, "sequence", "sample",
               {"blank": 0},
               r"L = -\log \sum\nolimits_{\pi \in \mathcal{B}^{-1}(y)} \prod\nolimits_{t=1}^{T} \hat{y}_{t,\,\pi_t}",
               r"\frac{\partial L}{\partial \log \hat{y}_{t,k}} = -\gamma_{t,k}",
               # the model says C at step 2, A at 3–4 and T at 5, blanks around them
               Trellis(("–", "C", "A", "T"), (1, 2, 3),
                       ((2.0, 1.2, 0.1, 0.0), (0.5, 2.2, 0.3, 0.1), (0.8, 0.2, 2.0, 0.2),
                        (1.2, 0.1, 1.5, 0.4), (0.4, 0.0, 0.3, 2.1), (1.8, 0.1, 0.2, 1.0))),
               "The loss counts every alignment of the label.",
               inputs=("labels", "log_probs", "input_lengths", "label_lengths"))


LOSSES = MappingProxyType({entry.name: entry for entry in _entries()})

#: LaTeX of the output activations, for the scenes that explain them.
ACTIVATIONS = MappingProxyType({
    "softmax": r"\hat{y}_i = \mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{C} e^{z_j}}",
    "sigmoid": r"\hat{y} = \sigma(z) = \frac{1}{1 + e^{-z}}",
})
