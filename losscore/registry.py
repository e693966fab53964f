"""LOSSES: the one description of every loss, read by scenes, figures, slides and docs.

The LaTeX uses three role symbols that scenes colour: the prediction ``\\hat{y}`` (optionally with a subscript), the
target ``y`` and the loss ``L``. No other lone ``y`` or ``L`` appears, so a colouring pass can find them.

Each entry also carries its Picture: what its target looks like, the variable a picture sweeps, what stays fixed and
where the prediction is right. Scenes and figures read those fields; none of them switches on a loss's name.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np

from . import (
    angular,
    classification,
    diffusion,
    distribution,
    embedding,
    likelihood,
    margin,
    overlap,
    pictures,
    preference,
    regression,
    segmentation,
    sequence,
)
from .contrastive import (  # functions, not the module: the package's name `contrastive` is the loss
    clip_contrastive,
    clip_contrastive_grad,
    contrastive,
    contrastive_grad,
    ntxent,
    ntxent_grad,
    through_unit,
    unit_rows,
)
from .params import Param
from .pictures import Embedding, Picture, Transport, Trellis

KINDS = ("regression", "binary", "multiclass", "vector", "preference", "pair", "triplet", "batch", "centres",
         "sequence", "distribution")
ONE_PREDICTION = ("y_true", "y_pred")  # the inputs of a loss that judges one prediction against its target
_DLDY = r"\frac{\partial L}{\partial \hat{y}_i} = "
_DLDZ = r"\frac{\partial L}{\partial z_i} = "
_MEAN = r"\frac{1}{n}\sum_{i=1}^{n} "


@dataclass(frozen=True, kw_only=True)
class Beside:
    """Another registry loss drawn beside a loss's curve (its `params`), and what relates the two."""
    name: str
    params: Mapping[str, object]
    label: str  # LaTeX beside the other curve
    caption: str  # what the relation is, in one sentence


@dataclass(frozen=True, kw_only=True)
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



def _triplet_arguments(points):
    return tuple(np.asarray(points, dtype=float)[:, None, :])  # three batches of one vector


def _pair_arguments(unlike):
    """The pairs (a, p) alike, y = 1, and (a, n) unlike, y = `unlike` (−1 for torch's cosine embedding loss, 0 for
    Hadsell's contrastive loss)."""
    def arguments(points):
        a, p, n = np.asarray(points, dtype=float)
        return np.vstack([a, a]), np.vstack([p, n]), np.array([1.0, unlike])
    return arguments


def _pair_pullback(points, grads):
    g1, g2 = grads
    return np.vstack([g1[0] + g1[1], g2[0], g2[1]])


VIEW_LABELS = np.array([0, 0, 1, 1])  # NT-Xent's picture: a and p two views of one image, n and n' of another


def _clip_batch(points):
    """CLIP's picture: images a and b, their captions p and n, each normalised (CLIP's model does so before the
    loss): ((image rows, their norms), (caption rows, their norms))."""
    a, p, n, b = np.asarray(points, dtype=float)
    return unit_rows(np.vstack([a, b]), "images"), unit_rows(np.vstack([p, n]), "captions")


def _clip_arguments(points):
    (images, _), (captions, _) = _clip_batch(points)
    return images, captions


def _clip_pullback(points, grads):
    """The gradients of the unit images and captions taken back through the normalisation to the points."""
    (images, image_norms), (captions, caption_norms) = _clip_batch(points)
    d_images = through_unit(grads[0], images, image_norms)
    d_captions = through_unit(grads[1], captions, caption_norms)
    return np.vstack([d_images[0], d_captions[0], d_captions[1], d_images[1]])


def _centre_arguments(points):
    """An embedding a of class 0 against the class centres p (its own) and n (another's), the columns of the
    weights."""
    a, p, n = np.asarray(points, dtype=float)
    return np.zeros(1), a[None], np.column_stack([p, n])


def _centre_pullback(points, grads):
    d_embedding, d_weights = grads
    return np.vstack([d_embedding, d_weights.T])


def _ranking_arguments(points):
    """The scores x1 = d(a, n) and x2 = d(a, p), with y = 1: n should rank farther from a than p."""
    a, p, n = np.asarray(points, dtype=float)
    return (np.atleast_1d(embedding.pairwise_distance(a, n)), np.atleast_1d(embedding.pairwise_distance(a, p)),
            np.ones(1))


def _ranking_pullback(points, grads):
    a, p, n = np.asarray(points, dtype=float)
    g1, g2 = (float(g[0]) for g in grads)
    eps = embedding.DISTANCE_EPSILON  # the eps pairwise_distance adds, as _ranking_arguments measured with it
    _, far = embedding._distance((a - n + eps)[None], 2.0)  # d‖a − n + eps‖/d a
    _, near = embedding._distance((a - p + eps)[None], 2.0)
    return np.vstack([g1 * far[0] + g2 * near[0], -g2 * near[0], -g1 * far[0]])


@dataclass(frozen=True, kw_only=True)
class Loss:
    """One loss: how to compute it, what kind of prediction it judges, its math in LaTeX, and its picture.

    Every field is named where an entry is written (``Loss(name=..., formula=..., derivative=...)``): a positional
    entry raises TypeError, so two LaTeX strings can never be swapped unnoticed."""
    name: str
    title: str
    fn: Callable = field(repr=False)  # fn(y_true, y_pred, *, reduction, **params)
    grad: Callable = field(repr=False)
    # one of KINDS: "regression" (ŷ real), "binary" (a probability or score), "multiclass" (a row), "vector" (a row
    # or mask judged as a whole), "preference" (log-probabilities of a chosen and a rejected answer), "pair",
    # "triplet" and "batch" (inputs compared with each other), "centres" (embeddings against class centres),
    # "sequence" (CTC), "distribution" (two samples)
    kind: str
    # "element" or "sample": what one entry of reduction="none" is; "batch": one value for all the inputs together
    # (a loss with no reduction, as NT-Xent and the Wasserstein distance)
    one_value_per: str
    params: Mapping[str, object]  # keyword parameters and their defaults
    formula: str  # LaTeX of L
    derivative: str  # LaTeX of dL/dŷ
    picture: Picture | Embedding | Trellis | Transport = field(repr=False)
    lesson: str = ""  # one sentence: what the picture teaches (the anatomy's closing caption)
    logit_derivative: str = ""  # LaTeX of dL/dz when the loss takes from_logits=True
    picture_params: Mapping[str, object] = field(default_factory=dict)  # parameters the picture is drawn with
    inputs: tuple = ONE_PREDICTION  # the positional arguments: several for pairs, triplets and sequences
    beside: Beside | None = None  # a related loss the anatomy draws beside this one
    param_sweep: ParamSweep | None = None  # a parameter the anatomy sweeps after the prediction
    # the numeric parameters a user may set (a lesson, a slider), with their ranges; a default left out is the one
    # the picture is drawn with (picture_params, else params), filled in here so it has one home
    tunable: tuple[Param, ...] = ()

    def __post_init__(self):
        drawn = {**self.params, **self.picture_params}
        unknown = [p.name for p in self.tunable if p.name not in drawn]
        if unknown:
            raise ValueError(f"loss {self.name!r}: tunable {', '.join(unknown)} not among its parameters")
        filled = tuple(p if p.default is not None else replace(p, default=drawn[p.name]) for p in self.tunable)
        object.__setattr__(self, "tunable", filled)  # frozen: set once, while the record is being made
        if self.takes_one_prediction:
            given = [*self.swept, *self.picture.held]
            if sorted(given) != sorted(self.inputs):
                raise ValueError(f"loss {self.name!r}: its picture gives {', '.join(given)}, expected its inputs "
                                 f"{', '.join(self.inputs)}: a target, a prediction, and the others held")

    @property
    def takes_one_prediction(self):
        """Whether the loss's picture is a sweep of one prediction against its target (any other input held by the
        picture)."""
        return isinstance(self.picture, Picture)

    @property
    def swept(self):
        """(target, prediction): the inputs a Picture's y_true and y_pred are."""
        return self.picture.roles or self.inputs[:2]

    def on_points(self, points, **params):
        """(L, dL/d points) for an Embedding picture's points: the loss summed over the pairs or triplets the points
        make (or the one value of the batch they are), and its gradient taken back to each point."""
        args = self.picture.arguments(points)
        summed = {} if self.one_value_per == "batch" else {"reduction": "sum"}
        grads = self.grad(*args, **summed, **params)
        return self.fn(*args, **summed, **params), self.picture.pullback(points, grads)

    def one_prediction(self, x, **params):
        """(L, dL/dx) at each x of the picture's sweep (see Picture), vectorised over x; inputs besides the target
        and the prediction are the picture's held values, one per x."""
        x = np.atleast_1d(np.asarray(x, dtype=float))
        y, pred, direction = self.picture.inputs(x)
        target, prediction = self.swept
        given = {target: y, prediction: pred, **{k: np.full(x.size, v, dtype=float)
                                                  for k, v in self.picture.held.items()}}
        args = [given[name] for name in self.inputs]
        loss = self.fn(*args, reduction="none", **params)
        grad = self.grad(*args, reduction="none", **params)
        if isinstance(grad, tuple):  # one gradient per input (DPO's): the prediction's
            grad = grad[self.inputs.index(prediction)]
        return np.asarray(loss).reshape(x.shape), (grad * direction).reshape(x.size, -1).sum(axis=1).reshape(x.shape)


SMOOTH_L1_BETA = 2.0  # smooth L1's picture is drawn at this β, beside Huber with δ = β
NOISE_LEVEL = 20.0  # the SNR min_snr_mse's picture holds: a nearly clean sample, above γ = 5


def _unit(degrees):
    """The unit vector at `degrees` from the first axis: a point on the circle of an angular picture."""
    return float(np.cos(np.radians(degrees))), float(np.sin(np.radians(degrees)))


# ArcFace's and CosFace's picture, and how sharp their softmax is
_CENTRES_PICTURE = Embedding(
    start=(_unit(80.0), _unit(10.0), _unit(160.0)),
    geometry="boundary",
    inputs_in_words="an embedding a, its class centre p, another's n",
    arguments=_centre_arguments,
    pullback=_centre_pullback,
    rate=0.03,
    steps=12,
)
_SOFTMAX_SCALE = Param(name="scale", low=1.0, high=64.0, step=1.0, meaning="s: how sharp the softmax is")


def _entries():
    real, probability = pictures.real(), pictures.probability()
    sign = pictures.one_value(1.0, (-1.5, 3.5), target="sign", held_fixed="y = +1")
    yield Loss(
        name="mae",
        title="Mean absolute error",
        fn=regression.mae,
        grad=regression.mae_grad,
        kind="regression",
        one_value_per="element",
        params={},
        formula=r"L = " + _MEAN + r"\left| y_i - \hat{y}_i \right|",
        derivative=_DLDY + r"\frac{1}{n}\,\mathrm{sign}(\hat{y}_i - y_i)",
        picture=real,
        lesson="Every error pulls with the same force.",
    )
    yield Loss(
        name="mse",
        title="Mean squared error",
        fn=regression.mse,
        grad=regression.mse_grad,
        kind="regression",
        one_value_per="element",
        params={},
        formula=r"L = " + _MEAN + r"(y_i - \hat{y}_i)^2",
        derivative=_DLDY + r"\frac{2}{n}(\hat{y}_i - y_i)",
        picture=real,
        lesson="The pull grows with the error.",
    )
    yield Loss(
        name="huber",
        title="Huber loss",
        fn=regression.huber,
        grad=regression.huber_grad,
        kind="regression",
        one_value_per="element",
        params={"delta": 1.0},
        formula=r"L = " + _MEAN + r"\begin{cases} \frac{1}{2}(\hat{y}_i - y_i)^2 & |\hat{y}_i - y_i| \le \delta \\"
                r" \delta\left(|\hat{y}_i - y_i| - \frac{\delta}{2}\right) & \text{otherwise} \end{cases}",
        derivative=_DLDY + r"\frac{1}{n}\,\mathrm{clip}(\hat{y}_i - y_i,\, -\delta,\, \delta)",
        picture=real,
        lesson="Squared near y, linear far away: a capped pull.",
        tunable=(Param(name="delta", low=0.25, high=3.0, step=0.25, meaning="where the square turns into a line"),),
    )
    yield Loss(
        name="log_cosh",
        title="Log-cosh loss",
        fn=regression.log_cosh,
        grad=regression.log_cosh_grad,
        kind="regression",
        one_value_per="element",
        params={},
        formula=r"L = " + _MEAN + r"\log\cosh(\hat{y}_i - y_i)",
        derivative=_DLDY + r"\frac{1}{n}\tanh(\hat{y}_i - y_i)",
        picture=real,
        lesson="A smooth Huber: the pull levels off at 1.",
    )
    yield Loss(
        name="quantile",
        title="Quantile (pinball) loss",
        fn=regression.quantile,
        grad=regression.quantile_grad,
        kind="regression",
        one_value_per="element",
        params={"q": 0.5},
        formula=r"L = " + _MEAN + r"\max\big(q\,(y_i - \hat{y}_i),\ (q - 1)(y_i - \hat{y}_i)\big)",
        derivative=_DLDY + r"\frac{1}{n}\begin{cases} -q & \hat{y}_i < y_i \\ 1 - q & \hat{y}_i > y_i \end{cases}",
        picture=real,
        lesson="Tilted V: q sets which side costs more.",
        tunable=(Param(name="q", low=0.05, high=0.95, step=0.05,
                       meaning="the quantile: how much under-predicting costs"),),
    )
    yield Loss(
        name="general_robust",
        title="General robust loss (Barron)",
        fn=regression.general_robust,
        grad=regression.general_robust_grad,
        kind="regression",
        one_value_per="element",
        params={"alpha": 1.0, "scale": 1.0},
        formula=r"L = " + _MEAN + r"\frac{|\alpha - 2|}{\alpha}\left[\left(\frac{((\hat{y}_i - y_i)/c)^2}"
                r"{|\alpha - 2|} + 1\right)^{\alpha/2} - 1\right]",
        derivative=_DLDY + r"\frac{\hat{y}_i - y_i}{n\,c^2}\left(\frac{((\hat{y}_i - y_i)/c)^2}{|\alpha - 2|} + 1"
                   r"\right)^{\alpha/2 - 1}",
        picture=real,
        lesson="α = 1: quadratic near y, then linear.",
        tunable=(Param(name="alpha", low=-4.0, high=2.0, step=0.5,
                       meaning="the shape: 2 is L2, 1 Charbonnier, 0 Cauchy"),
                 Param(name="scale", low=0.5, high=2.0, step=0.25, meaning="c: the error where the bend sits")),
    )
    yield Loss(
        name="poisson",
        title="Poisson loss",
        fn=regression.poisson,
        grad=regression.poisson_grad,
        kind="regression",
        one_value_per="element",
        params={},
        formula=r"L = " + _MEAN + r"\big(\hat{y}_i - y_i \log(\hat{y}_i + \epsilon)\big)",
        derivative=_DLDY + r"\frac{1}{n}\left(1 - \frac{y_i}{\hat{y}_i + \epsilon}\right)",
        picture=pictures.one_value(3.0, (0.0, 9.0), target="count", held_fixed="a count y = 3, ŷ a rate",
                                   open_ends=True),
        lesson="As the rate ŷ nears 0 the log explodes.",
    )
    yield Loss(
        name="mape",
        title="Mean absolute percentage error",
        fn=regression.mape,
        grad=regression.mape_grad,
        kind="regression",
        one_value_per="element",
        params={},
        formula=r"L = " + _MEAN + r"100\,\frac{|y_i - \hat{y}_i|}{\max(|y_i|,\, \epsilon)}",
        derivative=_DLDY + r"\frac{100}{n}\,\frac{\mathrm{sign}(\hat{y}_i - y_i)}{\max(|y_i|,\, \epsilon)}",
        picture=pictures.real(2.0, x_range=(0.0, 6.0)),
        lesson="Under-predicting costs at most 100%; over, no limit.",
    )
    yield Loss(
        name="msle",
        title="Mean squared logarithmic error",
        fn=regression.msle,
        grad=regression.msle_grad,
        kind="regression",
        one_value_per="element",
        params={},
        formula=r"L = " + _MEAN + r"\big(\log(1 + \hat{y}_i) - \log(1 + y_i)\big)^2",
        derivative=_DLDY + r"\frac{2}{n}\,\frac{\log(1 + \hat{y}_i) - \log(1 + y_i)}{1 + \hat{y}_i}",
        picture=pictures.real(3.0, x_range=(0.0, 12.0)),
        lesson="A log scale: relative errors, gentle on overshoot.",
    )
    yield Loss(
        name="smooth_l1",
        title="Smooth L1 loss",
        fn=regression.smooth_l1,
        grad=regression.smooth_l1_grad,
        kind="regression",
        one_value_per="element",
        params={"beta": 1.0},
        formula=r"L = " + _MEAN + r"\begin{cases} \frac{(\hat{y}_i - y_i)^2}{2\beta} & |\hat{y}_i - y_i| < \beta \\"
                r" |\hat{y}_i - y_i| - \frac{\beta}{2} & \text{otherwise} \end{cases}",
        derivative=_DLDY + r"\frac{1}{n}\begin{cases} (\hat{y}_i - y_i)/\beta & |\hat{y}_i - y_i| < \beta \\"
                   r" \mathrm{sign}(\hat{y}_i - y_i) & \text{otherwise} \end{cases}",
        picture=real,
        lesson="Huber over β: the tails keep slope 1.",
        picture_params={"beta": SMOOTH_L1_BETA},
        beside=Beside(
            name="huber",
            params={"delta": SMOOTH_L1_BETA},
            label=r"\text{Huber},\ \delta = \beta",
            caption="Huber with δ = β is β times smooth L1.",
        ),
        tunable=(Param(name="beta", low=0.25, high=3.0, step=0.25, meaning="where the square turns into a line"),),
    )
    yield Loss(
        name="gaussian_nll",
        title="Gaussian negative log-likelihood",
        fn=likelihood.gaussian_nll,
        grad=likelihood.gaussian_nll_grad,
        kind="regression",
        one_value_per="element",
        params={"full": False, "eps": 1e-6},
        formula=r"L = " + _MEAN + r"\frac{1}{2}\left(\log \sigma_i^2 + \frac{(\hat{y}_i - y_i)^2}{\sigma_i^2}\right)",
        derivative=_DLDY + r"\frac{1}{n}\,\frac{\hat{y}_i - y_i}{\sigma_i^2}",
        picture=real,
        lesson="σ² fixed: squared error over 2σ², plus a constant.",
        picture_params={"var": 1.0},
        param_sweep=ParamSweep(
            param="var",
            x_range=(0.0, 6.0),
            x_label=r"\sigma^2",
            at=2.5,
            grad=likelihood.gaussian_nll_var_grad,
            lowest_label=r"(\hat{y} - y)^2",
            captions=("Hold ŷ = {at:g} and sweep the variance σ².", "A wide σ² makes errors cheap but costs log σ²."),
        ),
        tunable=(Param(name="var", low=0.25, high=4.0, step=0.25, meaning="σ², the variance the model predicts"),),
    )
    yield Loss(
        name="poisson_nll",
        title="Poisson negative log-likelihood",
        fn=likelihood.poisson_nll,
        grad=likelihood.poisson_nll_grad,
        kind="regression",
        one_value_per="element",
        params={"log_input": True, "full": False, "eps": 1e-8},
        formula=r"L = " + _MEAN + r"\big(e^{\hat{y}_i} - y_i\,\hat{y}_i\big)",
        derivative=_DLDY + r"\frac{1}{n}\big(e^{\hat{y}_i} - y_i\big)",
        picture=pictures.one_value(3.0, (-1.0, 3.0), target="count", held_fixed="a count y = 3, ŷ its log-rate",
                                   right_at=float(np.log(3.0)), right_at_label=r"\log y"),
        lesson="Too low costs linearly, too high exponentially.",
    )
    yield Loss(
        name="min_snr_mse",
        title="Min-SNR-γ weighted MSE",
        fn=diffusion.min_snr_mse,
        grad=diffusion.min_snr_mse_grad,
        kind="regression",
        one_value_per="sample",
        params={"gamma": 5.0, "prediction_type": "epsilon"},
        formula=r"L = \frac{\min(\mathrm{SNR},\, \gamma)}{\mathrm{SNR}}\,\frac{1}{n}\sum_{i=1}^{n}(\hat{y}_i - y_i)^2",
        derivative=_DLDY + r"\frac{\min(\mathrm{SNR},\, \gamma)}{\mathrm{SNR}}\,\frac{2}{n}(\hat{y}_i - y_i)",
        picture=replace(real, held={"snr": NOISE_LEVEL}, held_fixed=f"y = 1 at SNR {NOISE_LEVEL:g}"),
        lesson="An easy, high-SNR sample counts only γ/SNR.",
        inputs=("target", "prediction", "snr"),
        tunable=(Param(name="gamma", low=1.0, high=30.0, step=1.0, meaning="γ: the SNR above which weights fall"),),
    )
    yield Loss(
        name="bce",
        title="Binary cross entropy",
        fn=classification.bce,
        grad=classification.bce_grad,
        kind="binary",
        one_value_per="element",
        params={"from_logits": False, "label_smoothing": 0.0},
        formula=r"L = -" + _MEAN + r"\big[y_i \log \hat{y}_i + (1 - y_i)\log(1 - \hat{y}_i)\big]",
        derivative=_DLDY + r"\frac{1}{n}\,\frac{\hat{y}_i - y_i}{\hat{y}_i\,(1 - \hat{y}_i)}",
        picture=probability,
        lesson="Confident mistakes cost the most.",
        logit_derivative=_DLDZ + r"\frac{1}{n}\left(\sigma(z_i) - y_i\right)",
        tunable=(Param(name="label_smoothing", low=0.0, high=0.5, step=0.05,
                       meaning="how far the target moves from 1 to ½"),),
    )
    yield Loss(
        name="binary_focal",
        title="Binary focal loss",
        fn=classification.binary_focal,
        grad=classification.binary_focal_grad,
        kind="binary",
        one_value_per="element",
        params={"gamma": 2.0, "alpha": None, "from_logits": False},
        formula=r"L = -" + _MEAN + r"(1 - p_{t})^{\gamma}\log p_{t},\quad"
                r" p_{t} = y_i\,\hat{y}_i + (1 - y_i)(1 - \hat{y}_i)",
        derivative=_DLDY + r"\frac{2y_i - 1}{n}\,(1 - p_{t})^{\gamma}\left[\frac{\gamma\log p_{t}}{1 - p_{t}}"
                   r" - \frac{1}{p_{t}}\right]",
        picture=probability,
        lesson="Easy examples (ŷ near 1) barely count.",
        tunable=(Param(name="gamma", low=0.0, high=5.0, step=0.5, meaning="how much easy examples are faded"),),
    )
    yield Loss(
        name="hinge",
        title="Hinge loss",
        fn=classification.hinge,
        grad=classification.hinge_grad,
        kind="binary",
        one_value_per="element",
        params={},
        formula=r"L = " + _MEAN + r"\max(0,\ 1 - y_i\,\hat{y}_i)",
        derivative=_DLDY + r"\begin{cases} -y_i/n & y_i\,\hat{y}_i < 1 \\ 0 & \text{otherwise} \end{cases}",
        picture=sign,
        lesson="Past the margin y·ŷ = 1 the pull stops.",
    )
    yield Loss(
        name="squared_hinge",
        title="Squared hinge loss",
        fn=classification.squared_hinge,
        grad=classification.squared_hinge_grad,
        kind="binary",
        one_value_per="element",
        params={},
        formula=r"L = " + _MEAN + r"\max(0,\ 1 - y_i\,\hat{y}_i)^2",
        derivative=_DLDY + r"-\frac{2}{n}\,y_i\max(0,\ 1 - y_i\,\hat{y}_i)",
        picture=sign,
        lesson="A smooth hinge: the pull fades to the margin.",
    )
    yield Loss(
        name="soft_margin",
        title="Soft margin loss",
        fn=margin.soft_margin,
        grad=margin.soft_margin_grad,
        kind="binary",
        one_value_per="element",
        params={},
        formula=r"L = " + _MEAN + r"\log\big(1 + e^{-y_i\,\hat{y}_i}\big)",
        derivative=_DLDY + r"-\frac{1}{n}\,y_i\,\sigma(-y_i\,\hat{y}_i)",
        picture=sign,
        lesson="A smooth hinge: the pull fades but never stops.",
    )
    yield Loss(
        name="hinge_embedding",
        title="Hinge embedding loss",
        fn=embedding.hinge_embedding,
        grad=embedding.hinge_embedding_grad,
        kind="binary",
        one_value_per="element",
        params={"margin": 1.0},
        formula=r"L = " + _MEAN + r"\begin{cases} \hat{y}_i & y_i = 1 \\ \max(0,\ m - \hat{y}_i) & y_i = -1"
                r" \end{cases}",
        derivative=_DLDY + r"\frac{1}{n}\begin{cases} 1 & y_i = 1 \\ -1 & y_i = -1,\ \hat{y}_i \le m \\"
                   r" 0 & \text{otherwise} \end{cases}",
        picture=Picture(
            target="sign",
            x_range=(0.0, 2.5),
            x_label=r"\hat{y}",
            held_fixed="unlike pair y = −1, ŷ their distance",
            right_at=1.0,
            right_at_label="m",
            inputs=pictures.held_target(-1.0),
        ),
        lesson="Unlike pairs are pushed apart to m, then let go.",
        tunable=(Param(name="margin", low=0.25, high=2.5, step=0.25, meaning="m: how far apart unlike pairs must be"),),
    )
    yield Loss(
        name="dpo",
        title="Direct preference optimization",
        fn=preference.dpo,
        grad=preference.dpo_grad,
        kind="preference",
        one_value_per="element",
        params={"beta": 0.1, "label_smoothing": 0.0},
        formula=r"L = -(1 - \varepsilon)\log \sigma(\beta\Delta) - \varepsilon\log\sigma(-\beta\Delta),\quad"
                r" \Delta = (\hat{y}_c - \hat{y}_r) - (y_c - y_r)",
        derivative=r"\frac{\partial L}{\partial \hat{y}_c} = -\frac{\partial L}{\partial \hat{y}_r} = -\beta\big["
                   r"(1 - \varepsilon)\,\sigma(-\beta\Delta) - \varepsilon\,\sigma(\beta\Delta)\big],\quad"
                   r" \hat{y} = \log \pi_\theta,\ y = \log \pi_{\mathrm{ref}}",
        picture=pictures.preference(),
        lesson="Pairs ranked the wrong way pull hardest.",
        inputs=preference.INPUTS,
        tunable=(Param(name="beta", low=0.05, high=1.0, step=0.05, meaning="β: how far the policy may leave the "
                       "reference"),
                 Param(name="label_smoothing", low=0.0, high=0.5, step=0.05,
                       meaning="ε: the share of preferences taken to be flipped")),
    )
    yield Loss(
        name="cce",
        title="Categorical cross entropy",
        fn=classification.cce,
        grad=classification.cce_grad,
        kind="multiclass",
        one_value_per="sample",
        params={"from_logits": False, "label_smoothing": 0.0},
        formula=r"L = -\sum_{i=1}^{C} y_i \log \hat{y}_i",
        derivative=_DLDY + r"-\frac{y_i}{\hat{y}_i}",
        picture=pictures.two_classes("one-hot"),
        lesson="Only the true class's probability counts.",
        logit_derivative=_DLDZ + r"\hat{y}_i - y_i",
        tunable=(Param(name="label_smoothing", low=0.0, high=0.5, step=0.05,
                       meaning="how much of the target is spread evenly"),),
    )
    yield Loss(
        name="sparse_cce",
        title="Sparse categorical cross entropy",
        fn=classification.sparse_cce,
        grad=classification.sparse_cce_grad,
        kind="multiclass",
        one_value_per="sample",
        params={"from_logits": False},
        formula=r"L = -\log \hat{y}_k,\quad k = \text{the label}",
        derivative=r"\frac{\partial L}{\partial \hat{y}_k} = -\frac{1}{\hat{y}_k}",
        picture=pictures.two_classes("class id"),
        lesson="The label k picks one probability: −log of it.",
        logit_derivative=_DLDZ + r"\hat{y}_i - [\,i = k\,]",
    )
    yield Loss(
        name="nll",
        title="Negative log-likelihood",
        fn=likelihood.nll,
        grad=likelihood.nll_grad,
        kind="multiclass",
        one_value_per="sample",
        params={},
        formula=r"L = -\log \hat{y}_k,\quad k = \text{the label}",
        derivative=r"\frac{\partial L}{\partial \log \hat{y}_k} = -1",
        picture=pictures.log_two_classes(),
        lesson="It picks the true class's log-probability.",
    )
    yield Loss(
        name="kld",
        title="Kullback-Leibler divergence",
        fn=classification.kld,
        grad=classification.kld_grad,
        kind="multiclass",
        one_value_per="sample",
        params={},
        formula=r"L = \sum_{i=1}^{C} y_i \log\frac{y_i}{\hat{y}_i}",
        derivative=_DLDY + r"-\frac{y_i}{\hat{y}_i}",
        picture=pictures.two_classes("one-hot"),
        lesson="Zero only when ŷ equals y exactly.",
    )
    yield Loss(
        name="categorical_hinge",
        title="Categorical hinge loss",
        fn=classification.categorical_hinge,
        grad=classification.categorical_hinge_grad,
        kind="multiclass",
        one_value_per="sample",
        params={},
        formula=r"L = \max\big(0,\ \max_{i \ne k} \hat{y}_i - \hat{y}_k + 1\big)",
        derivative=r"\frac{\partial L}{\partial \hat{y}_k} = \begin{cases} -1 & \text{margin} < 1 \\ 0 &"
                   r" \text{otherwise}"
                   r" \end{cases}",
        picture=pictures.margin_scores(),
        lesson="Zero once the true score leads by 1.",
    )
    yield Loss(
        name="multi_margin",
        title="Multiclass margin loss",
        fn=margin.multi_margin,
        grad=margin.multi_margin_grad,
        kind="multiclass",
        one_value_per="sample",
        params={"p": 1, "margin": 1.0},
        formula=r"L = \frac{1}{C}\sum_{i \ne k} \max\big(0,\ m - \hat{y}_k + \hat{y}_i\big)^{p}",
        derivative=r"\frac{\partial L}{\partial \hat{y}_k} = -\frac{1}{C}\,\#\{\, i \ne k : \hat{y}_k -"
                   r" \hat{y}_i < m \,\}"
                   r"\quad (p = 1)",
        picture=pictures.margin_scores("class id", below=1.0),
        lesson="Every wrong class within m of the true one pulls.",
        tunable=(Param(name="margin", low=0.25, high=2.0, step=0.25, meaning="m: the lead the true score needs"),),
    )
    yield Loss(
        name="categorical_focal",
        title="Categorical focal loss",
        fn=classification.categorical_focal,
        grad=classification.categorical_focal_grad,
        kind="multiclass",
        one_value_per="sample",
        params={"alpha": 0.25, "gamma": 2.0, "from_logits": False, "label_smoothing": 0.0, "axis": -1},
        formula=r"L = -\sum_{i=1}^{C} \alpha\,(1 - \hat{y}_i)^{\gamma}\, y_i \log \hat{y}_i",
        derivative=_DLDY + r"\alpha\,y_i\left[\gamma(1 - \hat{y}_i)^{\gamma - 1}\log\hat{y}_i"
                   r" - \frac{(1 - \hat{y}_i)^{\gamma}}{\hat{y}_i}\right]",
        picture=pictures.two_classes("one-hot"),
        lesson="Cross entropy with the easy classes faded.",
        tunable=(Param(name="gamma", low=0.0, high=5.0, step=0.5, meaning="how much easy classes are faded"),
                 Param(name="alpha", low=0.25, high=1.0, step=0.25, meaning="the weight of every term")),
    )
    yield Loss(
        name="sparsemax_loss",
        title="Sparsemax loss",
        fn=distribution.sparsemax_loss,
        grad=distribution.sparsemax_loss_grad,
        kind="multiclass",
        one_value_per="sample",
        params={},
        formula=r"L = p \cdot (\hat{y} - \hat{y}_k) + \frac{1}{2}\big(1 - \lVert p \rVert^2\big),\quad"
                r" p = \mathrm{sparsemax}(\hat{y}),\ k = \text{the label}",
        derivative=_DLDY + r"\mathrm{sparsemax}(\hat{y})_i - [\,i = k\,]",
        picture=pictures.margin_scores("class id"),
        lesson="A lead of 1 costs exactly 0: sparsemax is one-hot.",
    )
    yield Loss(
        name="poly1",
        title="Poly-1 loss",
        fn=distribution.poly1,
        grad=distribution.poly1_grad,
        kind="multiclass",
        one_value_per="sample",
        params={"epsilon": 2.0},
        formula=r"L = -\sum_{i=1}^{C} y_i \log p_i + \epsilon\,(1 - p_t),\quad p = \mathrm{softmax}(\hat{y}),\ "
                r"p_t = \sum_i y_i\,p_i",
        derivative=_DLDY + r"p_i - y_i - \epsilon\,p_i\,(y_i - p_t)",
        picture=pictures.class_logits(),
        lesson="Near p = 1 it pulls 1 + ε times harder than CE.",
        tunable=(Param(name="epsilon", low=-1.0, high=5.0, step=0.5, meaning="ε: the weight of the 1 − p term"),),
    )
    yield Loss(
        name="distillation",
        title="Knowledge distillation loss",
        fn=distribution.distillation,
        grad=distribution.distillation_grad,
        kind="multiclass",
        one_value_per="sample",
        params={"temperature": 2.0},
        formula=r"L = T^2 \sum_{i=1}^{C} p_i \log\frac{p_i}{q_i},\quad p = \mathrm{softmax}(y / T),\ "
                r"q = \mathrm{softmax}(\hat{y} / T)",
        derivative=_DLDY + r"T\,(q_i - p_i)",
        picture=pictures.teacher_logits(),
        lesson="The student is pulled to the teacher's soft row.",
        inputs=("teacher_logits", "student_logits"),
        tunable=(Param(name="temperature", low=0.5, high=8.0, step=0.5,
                       meaning="T: how much both softmaxes are softened"),),
    )
    yield Loss(
        name="cosine_similarity",
        title="Cosine similarity loss",
        fn=overlap.cosine_similarity,
        grad=overlap.cosine_similarity_grad,
        kind="vector",
        one_value_per="sample",
        params={"axis": -1},
        formula=r"L = -\frac{y \cdot \hat{y}}{\lVert y \rVert\,\lVert \hat{y} \rVert} = -\cos\theta",
        derivative=r"\frac{\partial L}{\partial \hat{y}} = -\frac{1}{\lVert \hat{y}"
                   r" \rVert}\left(\frac{y}{\lVert y \rVert}"
                   r" - \cos\theta\,\frac{\hat{y}}{\lVert \hat{y} \rVert}\right)",
        picture=pictures.direction(),
        lesson="Only the angle counts, never the length.",
    )
    yield Loss(
        name="multilabel_soft_margin",
        title="Multi-label soft margin loss",
        fn=margin.multilabel_soft_margin,
        grad=margin.multilabel_soft_margin_grad,
        kind="vector",
        one_value_per="sample",
        params={},
        formula=r"L = -\frac{1}{C}\sum_{i=1}^{C} \big[y_i \log \sigma(\hat{y}_i)"
                r" + (1 - y_i)\log \sigma(-\hat{y}_i)\big]",
        derivative=_DLDY + r"\frac{1}{C}\big(\sigma(\hat{y}_i) - y_i\big)",
        picture=pictures.labels(),
        lesson="Each label is its own yes/no question.",
    )
    yield Loss(
        name="dice",
        title="Dice loss",
        fn=overlap.dice,
        grad=overlap.dice_grad,
        kind="vector",
        one_value_per="sample",
        params={},
        formula=r"L = 1 - \frac{2 \sum_i y_i \hat{y}_i}{\sum_i y_i + \sum_i \hat{y}_i + \epsilon}",
        derivative=_DLDY + r"-\frac{2\,(y_i S - \sum_j y_j \hat{y}_j)}{S^2},\quad S = \sum_j y_j + \sum_j \hat{y}_j",
        picture=pictures.mask(),
        lesson="Missing and extra pixels cost alike.",
    )
    yield Loss(
        name="tversky",
        title="Tversky loss",
        fn=overlap.tversky,
        grad=overlap.tversky_grad,
        kind="vector",
        one_value_per="sample",
        params={"alpha": 0.5, "beta": 0.5},
        formula=r"L = 1 - \frac{TP}{TP + \alpha\,FN + \beta\,FP + \epsilon}",
        derivative=_DLDY + r"-\frac{y_i D - TP\,\big(y_i(1 - \alpha) + \beta(1 - y_i)\big)}{D^2}",
        picture=pictures.mask(),
        lesson="Missed pixels cost more than extra ones.",
        picture_params={"alpha": 0.7, "beta": 0.3},
        tunable=(Param(name="alpha", low=0.0, high=1.0, step=0.1, meaning="the weight of missed mask pixels"),
                 Param(name="beta", low=0.0, high=1.0, step=0.1, meaning="the weight of extra pixels")),
    )
    yield Loss(
        name="lovasz_hinge",
        title="Lovász hinge loss",
        fn=segmentation.lovasz_hinge,
        grad=segmentation.lovasz_hinge_grad,
        kind="vector",
        one_value_per="sample",
        params={},
        formula=r"L = \sum_{k} \max\big(0,\ m_{(k)}\big)\,(J_k - J_{k-1}),\quad m_i = 1 - \hat{y}_i\,(2y_i - 1)",
        derivative=_DLDY + r"-(2y_i - 1)\,(J_k - J_{k-1})\quad (m_i = m_{(k)} > 0)",
        picture=pictures.mask_logits(),
        lesson="Zero once every pixel is past its margin ±1.",
    )
    yield Loss(
        name="margin_ranking",
        title="Margin ranking loss",
        fn=embedding.margin_ranking,
        grad=embedding.margin_ranking_grad,
        kind="pair",
        one_value_per="element",
        params={"margin": 0.0},
        formula=r"L = \max\big(0,\ -y\,(\hat{y}_1 - \hat{y}_2) + m\big)",
        derivative=r"\frac{\partial L}{\partial \hat{y}_1} = -\frac{\partial L}{\partial \hat{y}_2} = \begin{cases}"
                   r" -y/n & -y\,(\hat{y}_1 - \hat{y}_2) + m \ge 0 \\ 0 & \text{otherwise} \end{cases}",
        picture=Embedding(
            start=((0.0, 0.0), (1.1, 0.6), (0.9, -0.9)),
            geometry="distance",
            inputs_in_words="ranking: x₁ = d(a, n) should beat x₂ = d(a, p)",
            arguments=_ranking_arguments,
            pullback=_ranking_pullback,
            rate=0.02,
            steps=10,
        ),
        lesson="Ranked by the margin: the pull stops.",
        picture_params={"margin": 0.5},
        inputs=("x1", "x2", "y"),
        tunable=(Param(name="margin", low=0.0, high=1.5, step=0.1, meaning="m: how far the ranking must lead"),),
    )
    yield Loss(
        name="cosine_embedding",
        title="Cosine embedding loss",
        fn=embedding.cosine_embedding,
        grad=embedding.cosine_embedding_grad,
        kind="pair",
        one_value_per="element",
        params={"margin": 0.0},
        formula=r"L = \begin{cases} 1 - \cos(\hat{y}_1, \hat{y}_2) & y = 1 \\"
                r" \max\big(0,\ \cos(\hat{y}_1, \hat{y}_2) - m\big) & y = -1 \end{cases}",
        derivative=r"\frac{\partial L}{\partial \hat{y}_1} = \begin{cases} -\nabla_{\hat{y}_1} \cos & y = 1 \\"
                   r" \nabla_{\hat{y}_1} \cos & y = -1,\ \cos > m \\ 0 & \text{otherwise} \end{cases}",
        picture=Embedding(
            start=((1.0, 0.0), (0.35, 0.95), (0.8, -0.55)),
            geometry="angle",
            inputs_in_words="pairs (a, p) alike, y = 1, and (a, n) unlike, y = −1",
            arguments=_pair_arguments(-1.0),
            pullback=_pair_pullback,
            rate=0.1,
            steps=12,
        ),
        lesson="Only angles count: p turns in, n turns out.",
        picture_params={"margin": 0.5},
        inputs=("x1", "x2", "y"),
        tunable=(Param(name="margin", low=-0.5, high=0.9, step=0.1,
                       meaning="m: the cosine unlike pairs must fall to"),),
    )
    yield Loss(
        name="contrastive",
        title="Contrastive loss (Hadsell et al.)",
        fn=contrastive,
        grad=contrastive_grad,
        kind="pair",
        one_value_per="element",
        params={"margin": 1.0},
        formula=r"L = \frac{1}{2}\big[\,y\,d^2 + (1 - y)\max(0,\ m - d)^2\big],\quad"
                r" d = \lVert \hat{y}_1 - \hat{y}_2 \rVert",
        derivative=r"\frac{\partial L}{\partial \hat{y}_1} = -\frac{\partial L}{\partial \hat{y}_2} = \Big(y - (1 - y)"
                   r"\,\frac{\max(0,\ m - d)}{d}\Big)(\hat{y}_1 - \hat{y}_2)",
        picture=Embedding(
            start=((0.0, 0.0), (1.0, 0.6), (0.1, -0.5)),
            geometry="radius",
            inputs_in_words="pairs (a, p) similar, y = 1, and (a, n) dissimilar, y = 0",
            arguments=_pair_arguments(0.0),
            pullback=_pair_pullback,
            rate=0.1,
            steps=10,
        ),
        lesson="n is let go at m; p is pulled in all the way.",
        inputs=("x1", "x2", "y"),
        tunable=(Param(name="margin", low=0.25, high=2.0, step=0.25, meaning="m: how far apart unlike pairs must be"),),
    )
    yield Loss(
        name="triplet_margin",
        title="Triplet margin loss",
        fn=embedding.triplet_margin,
        grad=embedding.triplet_margin_grad,
        kind="triplet",
        one_value_per="element",
        params={"margin": 1.0, "p": 2.0, "eps": embedding.DISTANCE_EPSILON, "swap": False},
        formula=r"L = \max\big(0,\ d(\hat{y}_a, \hat{y}_p) - d(\hat{y}_a, \hat{y}_n) + m\big)",
        derivative=r"\frac{\partial L}{\partial \hat{y}_p} = -\frac{\hat{y}_a - \hat{y}_p}{d(\hat{y}_a,"
                   r" \hat{y}_p)},\quad"
                   r" \frac{\partial L}{\partial \hat{y}_n} = \frac{\hat{y}_a - \hat{y}_n}{d(\hat{y}_a, \hat{y}_n)}"
                   r"\quad (L > 0)",
        picture=Embedding(
            start=((0.0, 0.0), (1.0, 0.5), (0.3, -0.75)),
            geometry="distance",
            inputs_in_words="embeddings: an anchor a, a positive p, a negative n",
            arguments=_triplet_arguments,
            pullback=lambda points, grads: np.vstack(grads),
            rate=0.038,
            steps=10,
        ),
        lesson="A met margin teaches nothing more.",
        inputs=("anchor", "positive", "negative"),
        tunable=(Param(name="margin", low=0.1, high=2.0, step=0.1, meaning="m: how much nearer the positive must be"),),
    )
    yield Loss(
        name="ntxent",
        title="NT-Xent loss (SimCLR)",
        fn=ntxent,
        grad=ntxent_grad,
        kind="batch",
        one_value_per="batch",
        params={"temperature": 0.07},
        formula=r"L = -\frac{1}{P}\sum_{(i,\,j)} \log\frac{e^{s_{ij}}}{e^{s_{ij}} + \sum_{k \in N(i)} e^{s_{ik}}},\quad"
                r" s_{ij} = \frac{\cos(\hat{y}_i, \hat{y}_j)}{\tau}",
        derivative=r"\frac{\partial L}{\partial s_{ij}} = \frac{q_{ij} - 1}{P},\quad \frac{\partial L}{\partial s_{ik}}"
                   r" = \frac{q_{ik}}{P},\quad q = \text{the pair's softmax}",
        picture=Embedding(
            start=(_unit(60.0), _unit(150.0), _unit(10.0), _unit(-100.0)),
            geometry="softmax",
            inputs_in_words="two views a, p of one image; n, n' of another",
            arguments=lambda points: (np.asarray(points, dtype=float), VIEW_LABELS),
            pullback=lambda points, grads: grads,
            rate=0.05,
            steps=12,
            names=("a", "p", "n", "n'"),
        ),
        lesson="Views of one image turn together, others apart.",
        picture_params={"temperature": 0.5},
        inputs=("embeddings", "labels"),
        tunable=(Param(name="temperature", low=0.05, high=1.0, step=0.05,
                       meaning="τ: how sharply the softmax singles out negatives"),),
    )
    yield Loss(
        name="clip_contrastive",
        title="CLIP contrastive loss",
        fn=clip_contrastive,
        grad=clip_contrastive_grad,
        kind="batch",
        one_value_per="sample",
        params={"logit_scale": 1.0},
        formula=r"L = \frac{1}{2}\big[\mathrm{CE}(Z,\ i) + \mathrm{CE}(Z^{\top},\ i)\big],\quad Z = s\,\hat{y}_I\,"
                r"\hat{y}_T^{\top}",
        derivative=r"\frac{\partial L}{\partial Z_{ij}} = \frac{1}{2}\big(\mathrm{softmax}_j(Z_{i\cdot})"
                   r" + \mathrm{softmax}_i(Z_{\cdot j})\big) - [\,i = j\,]",
        picture=Embedding(
            start=(_unit(60.0), _unit(150.0), _unit(10.0), _unit(-100.0)),
            geometry="softmax",
            inputs_in_words="images a, b and their captions p, n",
            arguments=_clip_arguments,
            pullback=_clip_pullback,
            rate=0.04,
            steps=12,
            names=("a", "p", "n", "b"),
        ),
        lesson="Images pick their captions, captions their images.",
        picture_params={"logit_scale": 2.0},
        inputs=("image_features", "text_features"),
        tunable=(Param(name="logit_scale", low=1.0, high=20.0, step=1.0, meaning="s = 1/τ: how sharp each softmax "
                       "is"),),
    )
    yield Loss(
        name="arcface",
        title="ArcFace loss",
        fn=angular.arcface,
        grad=angular.arcface_grad,
        kind="centres",
        one_value_per="sample",
        params={"margin": 0.5, "scale": 64.0},
        formula=r"L = -\log\frac{e^{s\cos(\theta_{y} + m)}}{e^{s\cos(\theta_{y} + m)}"
                r" + \sum_{c \ne y} e^{s\cos\theta_c}}",
        derivative=r"\frac{\partial L}{\partial \cos\theta_{y}} = -s\,(1 - P_{y})\,\frac{\sin(\theta_{y} + m)}"
                   r"{\sin\theta_{y}},\quad \frac{\partial L}{\partial \cos\theta_c} = s\,P_c",
        picture=_CENTRES_PICTURE,
        lesson="a must be m radians nearer its centre than n.",
        picture_params={"scale": 4.0},
        inputs=("labels", "embeddings", "weights"),
        tunable=(Param(name="margin", low=0.0, high=1.0, step=0.05, meaning="m: the angle added to a's own"),
                 _SOFTMAX_SCALE),
    )
    yield Loss(
        name="cosface",
        title="CosFace loss",
        fn=angular.cosface,
        grad=angular.cosface_grad,
        kind="centres",
        one_value_per="sample",
        params={"margin": 0.35, "scale": 64.0},
        formula=r"L = -\log\frac{e^{s(\cos\theta_{y} - m)}}{e^{s(\cos\theta_{y} - m)}"
                r" + \sum_{c \ne y} e^{s\cos\theta_c}}",
        derivative=r"\frac{\partial L}{\partial \cos\theta_{y}} = -s\,(1 - P_{y}),\quad"
                   r" \frac{\partial L}{\partial \cos\theta_c} = s\,P_c",
        picture=_CENTRES_PICTURE,
        lesson="a's cosine must beat n's by the margin m.",
        picture_params={"scale": 4.0},
        inputs=("labels", "embeddings", "weights"),
        tunable=(Param(name="margin", low=0.0, high=0.9, step=0.05, meaning="m: the cosine taken from a's own"),
                 _SOFTMAX_SCALE),
    )
    yield Loss(
        name="ctc",
        title="Connectionist temporal classification (CTC)",
        fn=sequence.ctc,
        grad=sequence.ctc_grad,
        kind="sequence",
        one_value_per="sample",
        params={"blank": 0},
        formula=r"L = -\log \sum\nolimits_{\pi \in \mathcal{B}^{-1}(y)} \prod\nolimits_{t=1}^{T} \hat{y}_{t,\,\pi_t}",
        derivative=r"\frac{\partial L}{\partial \log \hat{y}_{t,k}} = -\gamma_{t,k}",
        picture=Trellis(
            classes=("–", "C", "A", "T"),
            label=(1, 2, 3),
            logits=((2.0, 1.2, 0.1, 0.0), (0.5, 2.2, 0.3, 0.1), (0.8, 0.2, 2.0, 0.2),
                    (1.2, 0.1, 1.5, 0.4), (0.4, 0.0, 0.3, 2.1), (1.8, 0.1, 0.2, 1.0)),
        ),
        lesson="The loss counts every alignment of the label.",
        inputs=("labels", "log_probs", "input_lengths", "label_lengths"),
    )
    yield Loss(
        name="wasserstein_1d",
        title="Wasserstein-1 distance",
        fn=distribution.wasserstein_1d,
        grad=distribution.wasserstein_1d_grad,
        kind="distribution",
        one_value_per="batch",
        params={"u_weights": None, "v_weights": None},
        formula=r"L = \int \big|F_{\hat{y}}(t) - F_{y}(t)\big|\,dt",
        derivative=r"\frac{\partial L}{\partial \hat{y}_i} = \frac{1}{n}\,\mathrm{sign}\big(\hat{y}_i"
                   r" - y_{\pi(i)}\big),\quad y_{\pi(i)} = \text{the } y \text{ of } \hat{y}_i\text{'s rank}",
        picture=Transport(prediction=(-2.5, -1.0, 0.0, 2.0), target=(0.5, 1.5, 2.5, 4.0), x_range=(-3.0, 4.5)),
        lesson="The least mass × distance that turns ŷ into y.",
        inputs=("u_values", "v_values"),
    )

LOSSES = MappingProxyType({entry.name: entry for entry in _entries()})

#: LaTeX of the output activations, for the scenes that explain them.
ACTIVATIONS = MappingProxyType({
    "softmax": r"\hat{y}_i = \mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{C} e^{z_j}}",
    "sigmoid": r"\hat{y} = \sigma(z) = \frac{1}{1 + e^{-z}}",
})
