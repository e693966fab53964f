"""Your own loss as a registry entry: `custom_loss` checks it on its whole sweep and gives a `Loss` that scenes,
figures, slides and docs read exactly as they read a built-in one; `load_loss_file` reads a file of them.

Conventions shared by every function here:

- A user's loss is ``fn(y_true, y_pred, **params)``: numpy arrays in, the losses out, one per element of y_pred (or
  one per row); losscore checks the inputs and does the reduction. Its gradient, ``grad(y_true, y_pred,
  **params)``, is dL/dŷ element by element, shaped like y_pred; without one, central differences stand in
  (``numerical_gradient``), and scenes say so.
- Errors say in a few lines which loss (``CustomLossError``) or which file (``LossFileError``, with the line) is
  wrong and why; both are ValueErrors. An exception the user's own code raises is theirs to read: it passes
  through, and in a loss file only their own lines of its traceback are shown.

A loss file is any Python file that defines ``LOSSES = [custom_loss(...), ...]``:

    >>> import numpy as np
    >>> half_square = custom_loss("half_square", lambda y, p: 0.5 * (p - y) ** 2, grad=lambda y, p: p - y,
    ...                           formula=r"\\frac{1}{2}(\\hat{y} - y)^2")
    >>> half_square.one_prediction(np.array([3.0]))  # L and dL/dŷ at ŷ = 3 for the default target y = 1
    (array([2.]), array([2.]))
    >>> custom_loss("half_square", lambda y, p: 0.5 * (p - y) ** 2, grad=lambda y, p: 2 * (p - y))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    losscore.custom.CustomLossError: custom loss 'half_square': grad disagrees ... at ŷ = −2: grad gives −6, ... give −3
"""

from __future__ import annotations

import importlib.util
import math
import re
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike

from . import pictures
from ._checks import as_array
from ._reduce import check_reduction, reduce_grad, reduce_loss
from .params import Param
from .pictures import Embedding, Picture, Trellis
from .registry import LOSSES, Loss

#: What a picture's target says about the prediction it judges (the registry's kind).
KIND_OF_TARGET = {"real": "regression", "count": "regression", "probability": "binary", "sign": "binary",
                  "one-hot": "multiclass", "class id": "multiclass", "multi-hot": "vector", "direction": "vector",
                  "mask": "vector", "logits": "multiclass"}
#: The sweep a custom loss is checked on: the samples the anatomy and the figures draw.
SWEEP = 801
#: Central differences with step h = ε^(1/3)·max(1, |ŷ|) (ε the float64 machine epsilon, so h ≈ 6.1e-6 for |ŷ| ≤ 1):
#: it balances the O(h²) error of the difference quotient against the O(ε/h) error of rounding L.
STEP = np.finfo(float).eps ** (1 / 3)
#: A given gradient agrees with central differences within RTOL of either value, or ATOL of the largest one.
RTOL, ATOL = 1e-3, 1e-5
#: The longest title or lesson: each is said as a one-line caption (about 0.26 frame units a character at 854 px).
CAPTION_CHARS = 50
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_SYMBOL = {r"\hat{y}": "ŷ", r"\hat{y}_k": "ŷₖ", r"\hat{y}_1": "ŷ₁", r"\theta": "θ"}  # the swept x, as words write it


class CustomLossError(ValueError):
    """A custom loss that cannot be drawn; the message names the loss and what is wrong."""


class LossFileError(ValueError):
    """A loss file that cannot be read; the message names the file (and the loss) and what is wrong, in a few lines."""


def numerical_gradient(fn: Callable[..., ArrayLike], y_true: ArrayLike, y_pred: ArrayLike,
                       **params: object) -> np.ndarray:
    """dL/dŷ of `fn(y_true, y_pred, **params)` by central differences: (L(ŷ + h) − L(ŷ − h)) / 2h with
    h = STEP·max(1, |ŷ|), the 2h being the step actually taken, (ŷ + h) − (ŷ − h), so that rounding ŷ ± h costs no
    accuracy. A loss per element is moved all at once (each element's loss depends on its own ŷ only); a loss per
    row, one column at a time.

    Args:
        fn: the loss, one value per element of y_pred or one per row.
        y_true: the targets, passed to fn as they are.
        y_pred: the predictions where the derivative is taken.
        **params: fn's keyword parameters.

    Returns:
        The derivative of each loss with respect to its own ŷ, shaped like y_pred (not reduced).

    Example (d(ŷ − y)²/dŷ = 2(ŷ − y)):

    >>> numerical_gradient(lambda y, p: (p - y) ** 2, np.zeros(2), np.array([1.0, -3.0])).round(8)
    array([ 2., -6.])
    """
    y_pred = np.asarray(y_pred, dtype=float)
    losses = np.asarray(fn(y_true, y_pred, **params), dtype=float)
    h = STEP * np.maximum(1.0, np.abs(y_pred))

    def quotient(moved):
        up, down = y_pred + moved * h, y_pred - moved * h
        change = np.asarray(fn(y_true, up, **params), dtype=float) - np.asarray(fn(y_true, down, **params), float)
        return change, up - down

    if losses.shape == y_pred.shape:
        change, step = quotient(1.0)
        return change / step
    grad = np.empty_like(y_pred)
    for j in range(y_pred.shape[-1]):
        change, step = quotient(np.arange(y_pred.shape[-1]) == j)
        grad[..., j] = change / step[..., j]
    return grad


class NumericalGradient:
    """The gradient field of a loss given without one: central differences of its loss (`numerical_gradient`),
    reduced like any loss's gradient. Scenes say so where they draw it.

    Args:
        fn: the user's loss, fn(y_true, y_pred, **params).
        defaults: its parameters' values when a call leaves them out.
    """

    def __init__(self, fn: Callable[..., ArrayLike], defaults: Mapping[str, object] | None = None) -> None:
        self.fn = fn  # the user's fn(y_true, y_pred, **params)
        self.defaults = dict(defaults or {})  # the parameters' values when a call leaves them out

    def __call__(self, y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean",
                 **params: object) -> np.ndarray:
        """d(reduced loss)/d y_pred, as a registry gradient: "mean" divides by the number of losses."""
        check_reduction(reduction)
        params = {**self.defaults, **params}
        with np.errstate(all="ignore"):
            losses = np.asarray(self.fn(y_true, y_pred, **params), dtype=float)
            grad = numerical_gradient(self.fn, y_true, y_pred, **params)
        return reduce_grad(grad, losses.size, reduction)


def custom_loss(name: str, fn: Callable[..., ArrayLike], *, grad: Callable[..., ArrayLike] | None = None,
                formula: str | None = None, params: Mapping[str, object] | Sequence[Param] | None = None,
                picture: Picture | Sequence[float] | None = None, lesson: str | None = None,
                title: str | None = None) -> Loss:
    """A registry entry (`losscore.Loss`) for your own loss, drawn and checked like a built-in one.

    Args:
        name: a lower-case name (letters, digits, _), not a built-in loss's: the file name of its video.
        fn: ``fn(y_true, y_pred, **params)``, numpy arrays in, the loss element by element out (an array shaped like
            y_pred, or one value per row of it); losscore does the reduction.
        grad: ``grad(y_true, y_pred, **params)``, dL/dŷ element by element (shaped like y_pred). Checked against
            central differences across the whole sweep before anything is drawn; kinks (where the derivative jumps)
            are skipped. Without it, dL/dŷ is computed by central differences (`numerical_gradient`) and the
            derivative panel says so.
        formula: LaTeX of L, with ŷ written \\hat{y}, the target y and the loss L (scenes colour them); "L = " is put
            in front unless it starts with L.
        params: keyword parameters of fn and grad: a dict of defaults, or `losscore.params.Param`s with a default
            each (their ranges let a lesson or a slider set them).
        picture: what is swept: a (low, high) range of ŷ against the target y = 1 (the default: −2 to 4), or a
            picture kind from losscore.pictures (`real(y, x_range=...)`, `probability()`, `two_classes("one-hot")`,
            `margin_scores()`, `labels()`, `mask()`, ...).
        lesson: the closing caption, one short sentence of at most 50 characters (default: where the loss is lowest
            on the sweep).
        title: its name in words, said as the first caption (default: the name, its underscores as spaces).

    Returns:
        The registry entry, a `losscore.Loss` whose fn and grad take ``(y_true, y_pred, *, reduction="mean")``.

    Raises:
        CustomLossError: a name that is taken or not a name, fn or grad not callable, a result of the wrong shape,
            values that are not finite somewhere on the sweep (naming the ŷ and a range to use instead), or a grad
            that disagrees with central differences (naming the ŷ and both values).
    """
    def fail(why):
        raise CustomLossError(f"custom loss {name!r}: {why}")

    if not isinstance(name, str) or not _NAME.fullmatch(name):
        fail("the name must be lower-case letters, digits and _ (it names files), starting with a letter")
    if name in LOSSES:
        fail(f"the name is taken by a built-in loss ({LOSSES[name].title}); choose another name")
    if not callable(fn):
        fail(f"fn is not callable (got {fn!r}); pass a function fn(y_true, y_pred, **params)")
    if grad is not None and not callable(grad):
        fail(f"grad is not callable (got {grad!r}); pass a function grad(y_true, y_pred, **params), or none")
    defaults, tunable = _params(params, fail)
    picture = _picture(picture, fail)
    xs = picture.xs(SWEEP)
    y, pred, direction = picture.inputs(xs)
    with np.errstate(all="ignore"):  # a log of a negative ŷ is reported below by name, not as a RuntimeWarning
        losses = _called(fn, "fn", y, pred, defaults, fail)
        if losses.shape != pred.shape and (pred.ndim < 2 or losses.shape != pred.shape[:-1]):
            per = "element" if pred.ndim < 2 else "element or row"
            fail(f"fn returned shape {losses.shape} for y_pred of shape {pred.shape}: it must return one loss per "
                 f"{per} (losscore does the reduction: return the loss element by element, not its mean)")
        _finite(losses, "fn", xs, picture, fail)
        numeric = numerical_gradient(fn, y, pred, **defaults)
        _finite(numeric, "central differences of fn", xs, picture, fail)
        if grad is not None:
            given = _called(grad, "grad", y, pred, defaults, fail)
            if given.shape != pred.shape:
                fail(f"grad returned shape {given.shape} for y_pred of shape {pred.shape}: it must return dL/dŷ "
                     f"element by element, shaped like y_pred")
            _finite(given, "grad", xs, picture, fail)
            _agrees(given, numeric, direction, xs, picture, fail)
    per_element = losses.shape == pred.shape
    title = title or name.replace("_", " ").capitalize()
    if lesson is None:
        lowest = float(xs[np.argmin(losses.reshape(len(xs), -1).sum(axis=1))]) + 0.0
        lesson = f"It is lowest at {_symbol(picture)} = {_g(lowest)}."
    for role, text in (("title", f"{title}."), ("lesson", lesson)):
        if not isinstance(text, str) or len(text) > CAPTION_CHARS:
            fail(f"{role} {text!r} is not one short line: it is said as a caption of at most {CAPTION_CHARS} "
                 f"characters")
    formula = formula if formula is not None else r"L = \mathrm{" + name.replace("_", r"\_") + r"}(y, \hat{y})"
    formula = formula if formula.lstrip().startswith("L") else "L = " + formula
    dldy = r"\frac{\partial L}{\partial \hat{y}_i}"
    return Loss(
        name=name,
        title=title,
        fn=_reduced(fn, defaults),
        grad=_reduced_grad(grad, per_element, defaults) if grad is not None else NumericalGradient(fn, defaults),
        kind=KIND_OF_TARGET[picture.target],
        one_value_per="element" if per_element else "sample",
        params=defaults,
        formula=formula,
        derivative=dldy + (r" = \mathrm{grad}(y_i, \hat{y}_i)" if grad is not None else
                           r" \approx \frac{L(\hat{y}_i + h) - L(\hat{y}_i - h)}{2h}"),
        picture=picture,
        lesson=lesson,
        picture_params=defaults,  # the values it is drawn with, as the captions and figure titles say
        tunable=tunable,
    )


def _params(params, fail):
    """({name: default}, the Params to tune) from a dict of defaults or a sequence of Params."""
    if params is None:
        return {}, ()
    if isinstance(params, Mapping):
        bad = [k for k in params if not isinstance(k, str) or not k.isidentifier()]
        if bad:
            fail(f"params: {bad[0]!r} is not a keyword name")
        return dict(params), ()
    if isinstance(params, Sequence) and all(isinstance(p, Param) for p in params):
        missing = [p.name for p in params if p.default is None]
        if missing:
            fail(f"params: Param {missing[0]!r} has no default (the value the picture is drawn with)")
        return {p.name: p.default for p in params}, tuple(params)
    fail(f"params must be a dict of defaults or a list of losscore.params.Param, got {params!r}")


def _picture(picture, fail):
    if picture is None:
        return pictures.real()
    if isinstance(picture, (Embedding, Trellis)):
        fail("a custom loss judges one prediction: its picture is a sweep of ŷ (a range, or a losscore.pictures "
             "kind such as real, probability, two_classes), not pairs, triplets or sequences")
    if isinstance(picture, Picture):
        if picture.held:
            fail(f"fn takes (y_true, y_pred) only: a picture that holds other inputs ({', '.join(picture.held)}) "
                 f"is for built-in losses")
        return picture
    if isinstance(picture, Sequence) and len(picture) == 2 and all(isinstance(v, (int, float)) for v in picture):
        low, high = map(float, picture)
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            fail(f"picture=({low:g}, {high:g}) is not a range low < high")
        if not low <= 1.0 <= high:
            fail(f"picture=({low:g}, {high:g}) must hold the target y = 1; for another target pass "
                 f"losscore.pictures.real(y=..., x_range=({low:g}, {high:g}))")
        return pictures.real(x_range=(low, high))
    fail(f"picture must be a (low, high) range of ŷ or a losscore.pictures kind (real, probability, two_classes, "
         f"...), got {picture!r}")


def _called(function, role, y, pred, params, fail):
    """`function`'s result on the sweep as a float array; a result that is not numbers is refused by name (an
    exception the user's code raises is theirs to read, and passes through)."""
    result = function(y, pred, **params)
    try:
        return np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        fail(f"{role} returned {type(result).__name__}, not an array of numbers")


def _symbol(picture):
    return _SYMBOL.get(picture.x_label, "x")


def _g(value):
    """A number as captions write it: 3 significant digits, a true minus sign."""
    return f"{value:.3g}".replace("-", "−")


def _finite(values, what, xs, picture, fail):
    """Refuse values that are not finite somewhere on the sweep: name the first x, and suggest the range where they
    are (for a range picture of ŷ)."""
    ok = np.isfinite(values.reshape(len(xs), -1)).all(axis=1)
    if ok.all():
        return
    x, low, high = _symbol(picture), *picture.x_range
    first = int(np.argmin(ok))
    seen = values.reshape(len(xs), -1)[first]
    why = (f"{what} is not finite at {x} = {_g(xs[first])} ({_g(seen[~np.isfinite(seen)][0])}) on the sweep "
           f"{_g(low)} ≤ {x} ≤ {_g(high)}")
    if not ok.any():
        fail(why + "; it is not finite anywhere on it")
    run = max(_runs(ok), key=lambda r: r[1] - r[0])
    suggestion = _inside(xs, run)
    hint = f"; it is finite for {_g(xs[run[0]])} ≤ {x} ≤ {_g(xs[run[1]])}"
    if picture.target == "real" and picture.right_at is not None and suggestion[0] <= picture.right_at <= \
            suggestion[1]:
        y = picture.right_at
        hint += (f": pass picture=({_g(suggestion[0])}, {_g(suggestion[1])})" if y == 1.0 else
                 f": pass picture=losscore.pictures.real(y={y:g}, x_range=({suggestion[0]:g}, {suggestion[1]:g}))")
    fail(why + hint)


def _runs(ok):
    """(first, last) index of each run of True in `ok`."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], ok.astype(int), [0]])))
    return [(int(a), int(b) - 1) for a, b in zip(edges[::2], edges[1::2])]


def _inside(xs, run):
    """A round range inside the samples xs[run[0]] .. xs[run[1]]: each end that borders values which are not
    finite moves in by 1 % of the run and rounds inwards to a tenth of the run's order of magnitude."""
    first, last = run
    low, high = float(xs[first]), float(xs[last])
    width = high - low
    unit = 10.0 ** (math.floor(math.log10(width)) - 1) if width > 0 else 1.0
    if first > 0:
        low = math.ceil((low + 0.01 * width) / unit) * unit
    if last < len(xs) - 1:
        high = math.floor((high - 0.01 * width) / unit) * unit
    return round(low, 12) + 0.0, round(high, 12) + 0.0


def _agrees(given, numeric, direction, xs, picture, fail):
    """Refuse a given gradient that disagrees with central differences anywhere on the sweep, except next to a
    kink: where either derivative, along the sweep, jumps (pictures.jumps, as the anatomy draws it in pieces)."""
    n = len(xs)
    given, numeric = given.reshape(n, -1), numeric.reshape(n, -1)
    along = [(g * np.reshape(direction, (n, -1))).sum(axis=1) for g in (given, numeric)]
    kink = np.zeros(n, bool)
    for slope in along:
        gap = pictures.jumps(slope)
        kink[:-1] |= gap
        kink[1:] |= gap
    size = np.abs(numeric).max()
    bad = (np.abs(given - numeric) > np.maximum(RTOL * np.maximum(np.abs(given), np.abs(numeric)), ATOL * size))
    bad &= ~kink[:, None]
    if bad.any():
        i, j = np.argwhere(bad)[0]
        element = f" (element {j} of ŷ)" if given.shape[1] > 1 else ""
        fail(f"grad disagrees with central differences at {_symbol(picture)} = {_g(xs[i])}{element}: grad gives "
             f"{_g(given[i, j])}, central differences give {_g(numeric[i, j])}")


def _reduced(fn, defaults):
    """The user's fn as a registry function: inputs checked, parameters left out at their defaults, the result
    reduced (mean, sum or none)."""
    def loss(y_true, y_pred, *, reduction="mean", **params):
        check_reduction(reduction)
        losses = np.asarray(fn(as_array(y_true, "y_true"), as_array(y_pred, "y_pred"), **{**defaults, **params}),
                            dtype=float)
        return reduce_loss(losses, reduction)
    return loss


def _reduced_grad(grad, per_element, defaults):
    """The user's grad as a registry gradient: d(reduced loss)/dŷ, a mean dividing by the number of losses."""
    def gradient(y_true, y_pred, *, reduction="mean", **params):
        check_reduction(reduction)
        y_pred = as_array(y_pred, "y_pred")
        g = np.asarray(grad(as_array(y_true, "y_true"), y_pred, **{**defaults, **params}), dtype=float)
        losses = y_pred.size if per_element else y_pred.size // max(y_pred.shape[-1], 1)
        return reduce_grad(g, losses, reduction)
    return gradient


def load_loss_file(path: str | Path) -> dict[str, Loss]:
    """The losses of a loss file: a Python file, anywhere on disk, that defines ``LOSSES = [custom_loss(...), ...]``.
    Its folder is importable while it runs (it may import a module beside it).

    Args:
        path: the loss file (``~`` is expanded).

    Returns:
        {name: Loss} for every entry of its LOSSES, in their order.

    Raises:
        LossFileError: the file does not exist; it fails to import (with the traceback lines of the user's own code,
            none of losscore's); a custom_loss in it is refused (with its line); it defines no LOSSES, or LOSSES is
            empty, holds something that is not a custom_loss, one name twice or a built-in loss's name.
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise LossFileError(f"loss file {path}: no such file")
    module_name = f"_lossviz_loss_file_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.resolve().parent))
    writes_bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # leave the user's folder as it was
    try:
        spec.loader.exec_module(module)
    except CustomLossError as err:
        line = next((f.lineno for f in reversed(traceback.extract_tb(err.__traceback__))
                     if Path(f.filename).resolve() == path.resolve()), None)
        raise LossFileError(f"loss file {path}{f', line {line}' if line else ''}: {err}") from None
    except Exception as err:  # the user's code failed: show its own lines of the traceback, then the error
        mine = [f for f in traceback.extract_tb(err.__traceback__) if _theirs(f.filename)]
        lines = traceback.format_list(mine) + traceback.format_exception_only(type(err), err)
        raise LossFileError(f"loss file {path} failed to import:\n" + "".join(lines).rstrip()) from None
    finally:
        sys.path.remove(str(path.resolve().parent))
        sys.dont_write_bytecode = writes_bytecode
    entries = getattr(module, "LOSSES", None)
    if entries is None:
        raise LossFileError(f"loss file {path}: defines no LOSSES (a list of losscore.custom_loss(...) entries)")
    if isinstance(entries, Loss) or not isinstance(entries, Sequence) or not all(isinstance(e, Loss) for e in entries):
        raise LossFileError(f"loss file {path}: LOSSES must be a list of losscore.custom_loss(...) entries, got "
                            f"{entries!r:.80}")
    if not entries:
        raise LossFileError(f"loss file {path}: LOSSES is empty; list the losses to draw in it")
    names = [e.name for e in entries]
    twice = next((n for n in names if names.count(n) > 1), None)
    if twice:
        raise LossFileError(f"loss file {path}: LOSSES holds {twice!r} twice")
    built_in = next((n for n in names if n in LOSSES), None)
    if built_in:  # a Loss made by hand rather than by custom_loss
        raise LossFileError(f"loss file {path}: {built_in!r} is the name of a built-in loss; choose another name")
    return {e.name: e for e in entries}


def _theirs(filename):
    """Whether a traceback line is the user's code: not losscore's or scenes', not Python's or its packages'."""
    if filename.startswith("<"):
        return False
    folder = Path(filename).resolve()
    ours = [Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "scenes"]
    system = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    return not any(folder.is_relative_to(root) for root in (*ours, *system))
