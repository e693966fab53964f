"""Two losses of your own, for `make anatomy LOSS_FILE=path/to/my_losses.py` (see the README: "Your own loss").

A loss file defines LOSSES, a list of losscore.custom_loss entries. Each fn takes numpy arrays and returns the loss
element by element (losscore does the mean); a grad, if given, returns dL/dŷ element by element and is checked
against central differences before anything is drawn. Without one, dL/dŷ is computed numerically.
"""

import numpy as np

from losscore import custom_loss


def pseudo_huber(y_true, y_pred, delta):
    return delta**2 * (np.sqrt(1 + ((y_pred - y_true) / delta) ** 2) - 1)


def pseudo_huber_grad(y_true, y_pred, delta):
    return (y_pred - y_true) / np.sqrt(1 + ((y_pred - y_true) / delta) ** 2)


def linex(y_true, y_pred):
    """Varian's LINEX loss: exponential on one side of the target, linear on the other."""
    error = y_pred - y_true
    return np.exp(error) - error - 1


LOSSES = [
    custom_loss(
        "pseudo_huber",
        pseudo_huber,
        grad=pseudo_huber_grad,  # checked against central differences across the sweep
        params={"delta": 1.5},
        formula=r"\delta^2\left(\sqrt{1 + \left(\frac{\hat{y} - y}{\delta}\right)^2} - 1\right)",
        title="Pseudo-Huber loss",
        lesson="Smooth: squared near y, linear far away.",
    ),
    custom_loss(
        "linex",
        linex,  # no grad: dL/dŷ by central differences, and the video says so
        formula=r"e^{\hat{y} - y} - (\hat{y} - y) - 1",
        picture=(-2.0, 3.0),  # the range of ŷ swept (the target is y = 1)
        title="LINEX loss",
        lesson="Too high costs exponentially; too low, linearly.",
    ),
]
