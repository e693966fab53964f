"""LOSSES: the one description of every loss, read by scenes, figures, slides and docs.

The LaTeX uses three role symbols that scenes colour: the prediction ``\\hat{y}`` (optionally with a subscript), the
target ``y`` and the loss ``L``. No other lone ``y`` or ``L`` appears, so a colouring pass can find them.
"""

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Mapping

import numpy as np

from . import classification as _c
from . import regression as _r

KINDS = ("regression", "binary", "multiclass")
_DLDY = r"\frac{\partial L}{\partial \hat{y}_i} = "
_DLDZ = r"\frac{\partial L}{\partial z_i} = "
_MEAN = r"\frac{1}{n}\sum_{i=1}^{n} "


@dataclass(frozen=True)
class Loss:
    """One loss: how to compute it, what kind of prediction it judges, and its math in LaTeX."""
    name: str
    title: str
    loss: Callable = field(repr=False)
    grad: Callable = field(repr=False)
    kind: str  # "regression" (ŷ real), "binary" (ŷ a probability or score), "multiclass" (a row of probabilities)
    per: str  # "element" or "sample": what one entry of reduction="none" is
    params: Mapping[str, object]  # keyword parameters and their defaults
    formula: str  # LaTeX of L
    derivative: str  # LaTeX of dL/dŷ
    logit_derivative: str = ""  # LaTeX of dL/dz when the loss takes from_logits=True

    def __call__(self, y_true, y_pred, **kwargs):
        return self.loss(y_true, y_pred, **kwargs)

    @property
    def domain(self):
        """(x_min, x_max, LaTeX label of x, what is held fixed) for plotting one prediction, by kind."""
        if self.kind == "regression":
            return -3.0, 3.0, r"\hat{y}", "y = 0"
        if self.name in ("hinge", "squared_hinge"):
            return -2.0, 3.0, r"\hat{y}", "y = +1"
        if self.kind == "binary":
            return 0.0, 1.0, r"\hat{y}", "y = 1"
        return 0.0, 1.0, r"\hat{y}_k", "k = the true class"

    def one_prediction(self, x, **params):
        """(L, dL/dx) at each x for a single prediction, as in `domain`: a regression residual x (target 0); a
        binary probability or score x for the positive label; for a multiclass loss the probability x of the true
        class out of two. Vectorised over x; probabilities are clipped as the losses do."""
        x = np.asarray(x, dtype=float)
        if self.kind == "regression":
            y, pred = np.zeros_like(x), x
        elif self.kind == "binary":
            y, pred = np.ones_like(x), x
        else:
            pred = np.stack([x, 1.0 - x], axis=-1)
            y = np.zeros_like(pred)
            y[..., 0] = 1.0
            if self.name == "sparse_cce":
                y = np.zeros(x.shape)
        loss = self.loss(y, pred, reduction="none", **params)
        grad = self.grad(y, pred, reduction="none", **params)
        return loss, (grad if self.kind != "multiclass" else grad[..., 0])


def _entries():
    yield Loss("mae", "Mean absolute error", _r.mae, _r.mae_grad, "regression", "element", {},
               r"L = " + _MEAN + r"\left| y_i - \hat{y}_i \right|",
               _DLDY + r"\frac{1}{n}\,\mathrm{sign}(\hat{y}_i - y_i)")
    yield Loss("mse", "Mean squared error", _r.mse, _r.mse_grad, "regression", "element", {},
               r"L = " + _MEAN + r"(y_i - \hat{y}_i)^2",
               _DLDY + r"\frac{2}{n}(\hat{y}_i - y_i)")
    yield Loss("huber", "Huber loss", _r.huber, _r.huber_grad, "regression", "element", {"delta": 1.0},
               r"L = " + _MEAN + r"\begin{cases} \frac{1}{2}(\hat{y}_i - y_i)^2 & |\hat{y}_i - y_i| \le \delta \\"
               r" \delta\left(|\hat{y}_i - y_i| - \frac{\delta}{2}\right) & \text{otherwise} \end{cases}",
               _DLDY + r"\frac{1}{n}\,\mathrm{clip}(\hat{y}_i - y_i,\, -\delta,\, \delta)")
    yield Loss("log_cosh", "Log-cosh loss", _r.log_cosh, _r.log_cosh_grad, "regression", "element", {},
               r"L = " + _MEAN + r"\log\cosh(\hat{y}_i - y_i)",
               _DLDY + r"\frac{1}{n}\tanh(\hat{y}_i - y_i)")
    yield Loss("quantile", "Quantile (pinball) loss", _r.quantile, _r.quantile_grad, "regression", "element",
               {"q": 0.5},
               r"L = " + _MEAN + r"\max\big(q\,(y_i - \hat{y}_i),\ (q - 1)(y_i - \hat{y}_i)\big)",
               _DLDY + r"\frac{1}{n}\begin{cases} -q & \hat{y}_i < y_i \\ 1 - q & \hat{y}_i > y_i \end{cases}")
    yield Loss("general_robust", "General robust loss (Barron)", _r.general_robust, _r.general_robust_grad,
               "regression", "element", {"alpha": 1.0, "scale": 1.0},
               r"L = " + _MEAN + r"\frac{|\alpha - 2|}{\alpha}\left[\left(\frac{((\hat{y}_i - y_i)/c)^2}"
               r"{|\alpha - 2|} + 1\right)^{\alpha/2} - 1\right]",
               _DLDY + r"\frac{\hat{y}_i - y_i}{n\,c^2}\left(\frac{((\hat{y}_i - y_i)/c)^2}{|\alpha - 2|} + 1"
               r"\right)^{\alpha/2 - 1}")
    yield Loss("bce", "Binary cross entropy", _c.bce, _c.bce_grad, "binary", "element",
               {"from_logits": False, "label_smoothing": 0.0},
               r"L = -" + _MEAN + r"\big[y_i \log \hat{y}_i + (1 - y_i)\log(1 - \hat{y}_i)\big]",
               _DLDY + r"\frac{1}{n}\,\frac{\hat{y}_i - y_i}{\hat{y}_i\,(1 - \hat{y}_i)}",
               _DLDZ + r"\frac{1}{n}\left(\sigma(z_i) - y_i\right)")
    yield Loss("binary_focal", "Binary focal loss", _c.binary_focal, _c.binary_focal_grad, "binary", "element",
               {"gamma": 2.0, "alpha": None, "from_logits": False},
               r"L = -" + _MEAN + r"(1 - p_{t})^{\gamma}\log p_{t},\quad p_{t} = y_i\,\hat{y}_i + (1 - y_i)(1 - \hat{y}_i)",
               _DLDY + r"\frac{2y_i - 1}{n}\,(1 - p_{t})^{\gamma}\left[\frac{\gamma\log p_{t}}{1 - p_{t}}"
               r" - \frac{1}{p_{t}}\right]")
    yield Loss("hinge", "Hinge loss", _c.hinge, _c.hinge_grad, "binary", "element", {},
               r"L = " + _MEAN + r"\max(0,\ 1 - y_i\,\hat{y}_i)",
               _DLDY + r"\begin{cases} -y_i/n & y_i\,\hat{y}_i < 1 \\ 0 & \text{otherwise} \end{cases}")
    yield Loss("squared_hinge", "Squared hinge loss", _c.squared_hinge, _c.squared_hinge_grad, "binary", "element",
               {}, r"L = " + _MEAN + r"\max(0,\ 1 - y_i\,\hat{y}_i)^2",
               _DLDY + r"-\frac{2}{n}\,y_i\max(0,\ 1 - y_i\,\hat{y}_i)")
    yield Loss("cce", "Categorical cross entropy", _c.cce, _c.cce_grad, "multiclass", "sample",
               {"from_logits": False, "label_smoothing": 0.0},
               r"L = -\sum_{i=1}^{C} y_i \log \hat{y}_i",
               _DLDY + r"-\frac{y_i}{\hat{y}_i}",
               _DLDZ + r"\hat{y}_i - y_i")
    yield Loss("sparse_cce", "Sparse categorical cross entropy", _c.sparse_cce, _c.sparse_cce_grad, "multiclass",
               "sample", {"from_logits": False},
               r"L = -\log \hat{y}_k,\quad k = \text{the label}",
               r"\frac{\partial L}{\partial \hat{y}_k} = -\frac{1}{\hat{y}_k}",
               _DLDZ + r"\hat{y}_i - [\,i = k\,]")
    yield Loss("kld", "Kullback-Leibler divergence", _c.kld, _c.kld_grad, "multiclass", "sample", {},
               r"L = \sum_{i=1}^{C} y_i \log\frac{y_i}{\hat{y}_i}",
               _DLDY + r"-\frac{y_i}{\hat{y}_i}")


LOSSES = MappingProxyType({entry.name: entry for entry in _entries()})

#: LaTeX of the output activations, for the scenes that explain them.
ACTIVATIONS = MappingProxyType({
    "softmax": r"\hat{y}_i = \mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{C} e^{z_j}}",
    "sigmoid": r"\hat{y} = \sigma(z) = \frac{1}{1 + e^{-z}}",
})
