"""Input validation shared by every loss: the home of losscore's error convention.

Every public function checks its arguments before it computes. A bad argument raises ``ValueError``
(``TypeError`` when it is not made of real numbers) whose message starts with the argument's name, says what was
seen and what was expected (the scikit-learn convention), so a user can fix the call without reading the source:

    y_pred: shape (3,) does not match y_true shape (2,) (no broadcasting)
    reduction: got 'avg', expected one of 'mean', 'sum', 'none'

Array inputs are read as float64 and must be non-empty and finite (no NaN or inf). Checks that convert return the
validated value: ``delta = check_positive(delta, "delta")``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

EPSILON = 1e-7  # Keras's backend epsilon: probabilities that go into a log are clipped to [EPSILON, 1 - EPSILON]
REDUCTIONS = ("mean", "sum", "none")


def as_array(x: ArrayLike, name: str) -> np.ndarray:
    """`x` as a finite, non-empty float64 array; TypeError for non-numbers, ValueError for empty/NaN/inf."""
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as err:  # ragged nested lists
        raise ValueError(f"{name}: cannot be read as an array ({err})") from None
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name}: expected real numbers, got dtype {arr.dtype}")
    if arr.size == 0:
        raise ValueError(f"{name}: is empty (shape {arr.shape}), expected at least one value")
    arr = np.asarray(arr, dtype=np.float64)  # no copy when it already is float64
    if not np.isfinite(arr).all():
        where = np.argwhere(~np.isfinite(arr))[0]
        at = f" at index {tuple(int(i) for i in where)}" if arr.ndim else ""
        raise ValueError(f"{name}: contains NaN or inf{at}, expected finite values")
    return arr


def check_same_shape(y_true: np.ndarray, y_pred: np.ndarray) -> None:
    """One shape for both: losscore never broadcasts a target against a prediction."""
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_pred: shape {y_pred.shape} does not match y_true shape {y_true.shape} (no broadcasting)")


def check_pair(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Both arrays, validated, of one shape."""
    y_true, y_pred = as_array(y_true, "y_true"), as_array(y_pred, "y_pred")
    check_same_shape(y_true, y_pred)
    return y_true, y_pred


def check_reduction(reduction: str) -> None:
    """One of REDUCTIONS (their meaning: ``_reduce``)."""
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction: got {reduction!r}, expected one of {', '.join(map(repr, REDUCTIONS))}")


def check_probabilities(p: np.ndarray, name: str) -> None:
    """Every value of `p` in [0, 1]; for y_pred the message suggests from_logits=True."""
    if p.min() < 0 or p.max() > 1:
        bad = p.min() if p.min() < 0 else p.max()
        raise ValueError(f"{name}: value {bad:g} lies outside [0, 1], expected probabilities"
                         + (" (pass from_logits=True for logits)" if name == "y_pred" else ""))


def check_distributions(p: np.ndarray, name: str) -> None:
    """Every row (last axis) of `p` is a probability distribution: in [0, 1], summing to 1 within 1e-6 per class."""
    if p.ndim == 0:
        raise ValueError(f"{name}: is a scalar, expected a last axis of classes")
    check_probabilities(p, name)
    sums = p.sum(axis=-1)
    bad = np.abs(sums - 1.0) > 1e-6 * p.shape[-1]
    if bad.any():
        idx = np.argwhere(np.atleast_1d(bad))[0]
        row = int(idx[0]) if len(idx) == 1 else tuple(int(i) for i in idx)
        hint = "pass from_logits=True for logits" if name == "y_pred" else "use one-hot or soft labels"
        raise ValueError(f"{name}: row {row} sums to {np.atleast_1d(sums)[tuple(idx)]:.6g}, "
                         f"expected a probability distribution ({hint})")


def check_flag(value: object, name: str) -> bool:
    """`value` as a bool; only True or False (numpy's too) are accepted."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name}: got {value!r}, expected True or False")
    return bool(value)


def check_positive(value: object, name: str) -> float:
    """`value` as a float > 0 (inf allowed; bools refused)."""
    if not isinstance(value, (int, float, np.number)) or isinstance(value, bool) or not value > 0:
        raise ValueError(f"{name}: got {value!r}, expected a number > 0")
    return float(value)


def check_in_range(value: object, name: str, low: float, high: float, *, low_open: bool = False,
                   high_open: bool = False) -> float:
    """`value` is a finite number in the interval written as [low, high], with open ends where asked."""
    ok = isinstance(value, (int, float, np.number)) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        ok = (value > low if low_open else value >= low) and (value < high if high_open else value <= high)
    if not ok:
        interval = f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
        raise ValueError(f"{name}: got {value!r}, expected a number in {interval}")
    return float(value)


def check_axis(axis: object, ndim: int) -> int:
    """`axis` as an int that indexes an array of `ndim` dimensions (negative counts from the end)."""
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool) or not -ndim <= axis < ndim:
        raise ValueError(f"axis: got {axis!r}, expected an integer in [{-ndim}, {ndim})")
    return int(axis)
