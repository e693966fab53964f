"""Gradient-descent optimizers, step for step as ``torch.optim`` computes them, on numpy arrays.

Learning scenes move predictions and parameters with these, so every step on screen (a step of Adam included) comes
from losscore. Names, defaults and the order of operations follow torch.optim (SGD, Adam, RMSprop, Adagrad) with
no weight decay, dampening, amsgrad, centring or learning-rate decay.

Errors, as ``_checks`` says, name the argument: an unknown method or hyper-parameter, or a value outside its range
(lr ≤ 0, betas outside [0, 1), a negative momentum, ...), raises ValueError before the first step.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_array

HYPER = {  # method → its hyper-parameters and torch.optim's defaults
    "sgd": {"momentum": 0.0, "nesterov": False},
    "adam": {"betas": (0.9, 0.999), "eps": 1e-8},
    "rmsprop": {"alpha": 0.99, "eps": 1e-8, "momentum": 0.0},
    "adagrad": {"eps": 1e-10},
}


def _number(value, name, low=None, high=None, *, low_open=False, high_open=False):
    ok = isinstance(value, (int, float, np.number)) and not isinstance(value, bool) and math.isfinite(value)
    if ok and low is not None:
        ok = value > low if low_open else value >= low
    if ok and high is not None:
        ok = value < high if high_open else value <= high
    if not ok:
        interval = f"{'(' if low_open else '['}{low:g}, {'inf' if high is None else f'{high:g}'}" \
                   f"{')' if high_open or high is None else ']'}"
        raise ValueError(f"{name}: got {value!r}, expected a number in {interval}")
    return float(value)


def _hyper(method, lr, steps, hyper):
    if method not in HYPER:
        raise ValueError(f"method: got {method!r}, expected one of {', '.join(map(repr, HYPER))}")
    unknown = sorted(set(hyper) - set(HYPER[method]))
    if unknown:
        raise ValueError(f"{unknown[0]}: not a hyper-parameter of {method!r} (it takes {', '.join(HYPER[method])})")
    _number(lr, "lr", 0.0, low_open=True)
    if not isinstance(steps, (int, np.integer)) or isinstance(steps, bool) or steps < 0:
        raise ValueError(f"steps: got {steps!r}, expected a whole number >= 0")
    h = {**HYPER[method], **hyper}
    if "momentum" in h:
        h["momentum"] = _number(h["momentum"], "momentum", 0.0)
    if "eps" in h:
        h["eps"] = _number(h["eps"], "eps", 0.0)
    if "alpha" in h:
        h["alpha"] = _number(h["alpha"], "alpha", 0.0)
    if "betas" in h:
        betas = h["betas"]
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"betas: got {betas!r}, expected a pair (beta1, beta2)")
        h["betas"] = tuple(_number(b, f"betas[{i}]", 0.0, 1.0, high_open=True) for i, b in enumerate(betas))
    if "nesterov" in h:
        if not isinstance(h["nesterov"], (bool, np.bool_)):
            raise ValueError(f"nesterov: got {h['nesterov']!r}, expected True or False")
        if h["nesterov"] and h["momentum"] <= 0:
            raise ValueError("nesterov: needs momentum > 0 (as torch.optim.SGD)")
    return h


def optimize(grad: Callable[[np.ndarray], ArrayLike], x0: ArrayLike, *, method: str, lr: float, steps: int,
             **hyper: float | bool | tuple[float, float]) -> np.ndarray:
    """Run `steps` steps of `method` from `x0` on the gradient function `grad`; return every iterate.

    Args:
        grad: a function of x (an array shaped like `x0`) returning the gradient at x, of the same shape.
        x0: the starting point, an array-like of real numbers (any shape).
        method: "sgd" (momentum=0.0, nesterov=False), "adam" (betas=(0.9, 0.999), eps=1e-8), "rmsprop"
            (alpha=0.99, eps=1e-8, momentum=0.0) or "adagrad" (eps=1e-10): torch.optim's names and defaults.
        lr: the learning rate, > 0.
        steps: how many steps, a whole number >= 0.
        **hyper: the method's hyper-parameters (above).

    Returns:
        An array of shape (steps + 1, *x0.shape): x0, then the iterate after each step. A diverging run is
        returned as it goes; only if an iterate overflows to ±inf does the run stop there, and the array is then
        shorter (it ends with the last finite iterate).

    Raises:
        ValueError: a `grad` that returns the wrong shape, or a non-finite value at a finite x (named "grad").

    Example (SGD on (x − 3)², gradient 2(x − 3); each step multiplies the error by 1 − 2·lr):

    >>> optimize(lambda x: 2 * (x - 3), [0.0], method="sgd", lr=0.25, steps=3)[:, 0].tolist()
    [0.0, 1.5, 2.25, 2.625]
    """
    h = _hyper(method, lr, steps, hyper)
    x = as_array(x0, "x0").copy()
    iterates = [x.copy()]
    state = {}
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            g = np.asarray(grad(x.copy()), dtype=float)
            if g.shape != x.shape:
                raise ValueError(f"grad: returned shape {g.shape} at step {t}, expected {x.shape} (the shape of x0)")
            if not np.isfinite(g).all():
                raise ValueError(f"grad: returned a non-finite value at step {t} (x = {x.tolist()})")
            x = x - _step(method, h, state, g, t, lr)
            if not np.isfinite(x).all():  # overflow: the run has left the numbers
                break
            iterates.append(x.copy())
    return np.array(iterates)


def _step(method, h, state, g, t, lr):
    """The update torch.optim subtracts from x at step t (state carries the method's buffers)."""
    if method == "sgd":
        if h["momentum"]:
            buf = g.copy() if "buf" not in state else h["momentum"] * state["buf"] + g
            state["buf"] = buf
            g = g + h["momentum"] * buf if h["nesterov"] else buf
        return lr * g
    if method == "adam":
        beta1, beta2 = h["betas"]
        state["m"] = state.get("m", 0.0) * beta1 + (1 - beta1) * g
        state["v"] = state.get("v", 0.0) * beta2 + (1 - beta2) * g * g
        denom = np.sqrt(state["v"]) / math.sqrt(1 - beta2**t) + h["eps"]
        return lr / (1 - beta1**t) * state["m"] / denom
    if method == "rmsprop":
        state["square"] = state.get("square", 0.0) * h["alpha"] + (1 - h["alpha"]) * g * g
        scaled = g / (np.sqrt(state["square"]) + h["eps"])
        if h["momentum"]:
            state["buf"] = state.get("buf", 0.0) * h["momentum"] + scaled
            return lr * state["buf"]
        return lr * scaled
    state["sum"] = state.get("sum", 0.0) + g * g  # adagrad
    return lr * g / (np.sqrt(state["sum"]) + h["eps"])


__all__ = ["optimize", "HYPER"]
