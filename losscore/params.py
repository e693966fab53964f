"""Parameters a user may set — a loss's own (Huber's δ, focal's γ) or a story's (the logits Softmax shows) — declared
once, with their range and meaning, and checked by one function, so the same bad value gets the same message from a
lesson file, a Sphinx directive, a notebook or a slider.

Errors: a value that is not allowed raises ``ParamError`` (a ValueError) whose message starts with where the value
was given (a loss, a story, a lesson file's section), then names the key and says what is wrong, so the user can fix
it without reading the source; an unknown key is answered with the closest declared one (difflib) and the list of
keys:

    >>> delta = Param(name="delta", default=1.0, low=0.1, high=3.0, step=0.1, meaning="where the square turns linear")
    >>> check_params([delta], {"delta": 0.5}, where="huber")
    {'delta': 0.5}
    >>> check_params([delta], {"detla": 0.5}, where="huber")
    Traceback (most recent call last):
    ...
    losscore.params.ParamError: huber: unknown key 'detla' (did you mean 'delta'?); keys: delta
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

KINDS = ("float", "int", "floats", "ints", "bool", "choice")


class ParamError(ValueError):
    """A value that is not one of a parameter's allowed values; the message names where, the key and why."""


@dataclass(frozen=True, kw_only=True)
class Param:
    """One settable value: its name, default, allowed range and meaning in one line.

    Attributes:
        name: the keyword it is set by.
        default: its value when none is given (None in a registry entry's `tunable`: the one it is drawn with).
        meaning: what it does, in one line (listed for lesson files, shown beside the explorer's slider).
        kind: one of KINDS: "float" or "int" (one number in [low, high]), "floats" or "ints" (a list of such
            numbers, of a length in `length`), "bool", or "choice" (one of `choices`).
        low: the smallest number allowed, or None: no bound.
        high: the largest number allowed, or None: no bound.
        step: the resolution a slider or a grid moves by (the explorer samples low, low + step, ..., high); None for
            a value that is only typed.
        length: (fewest, most) values a "floats" or "ints" list holds.
        choices: the values a "choice" may take.
    """
    name: str
    default: object = None
    meaning: str = ""
    kind: str = "float"
    low: float | None = None
    high: float | None = None
    step: float | None = None
    length: tuple[int, int] = (1, 1)
    choices: tuple = ()

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Param {self.name!r}: kind must be one of {', '.join(KINDS)}, got {self.kind!r}")

    def grid(self) -> list[float]:
        """The values a slider can take: low, low + step, ..., high (rounded so that printing them is exact)."""
        if self.step is None or self.low is None or self.high is None:
            raise ValueError(f"Param {self.name!r} has no grid: it needs low, high and step")
        count = int(round((self.high - self.low) / self.step))
        return [round(self.low + i * self.step, 10) for i in range(count + 1)]

    def check(self, value: object, where: str = "") -> object:
        """`value`, checked against this parameter; ParamError naming `where` and the key when it is not allowed.

        Args:
            value: the value given (from TOML, a directive's option, a keyword argument).
            where: where it was given, the start of an error's message ("" for none).

        Returns:
            The value as this parameter's type: an int or a float, a list of them ("ints", "floats"), or the value
            itself ("bool", "choice").
        """
        def fail(why):
            raise ParamError(f"{where}: {self.name} {why}" if where else f"{self.name} {why}")

        if self.kind == "bool":
            if not isinstance(value, bool):
                fail(f"must be true or false, got {value!r}")
            return value
        if self.kind == "choice":
            if value not in self.choices:
                fail(f"must be one of {', '.join(map(str, self.choices))}, got {value!r}")
            return value
        if self.kind in ("floats", "ints"):
            if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
                fail(f"must be a list of numbers, got {value!r}")
            low, high = self.length
            if not low <= len(value) <= high:
                count = f"{low}" if low == high else f"{low} to {high}"
                fail(f"must hold {count} values, got {len(value)}")
            return [self._number(v, fail, self.kind == "ints") for v in value]
        return self._number(value, fail, self.kind == "int")

    def _number(self, value, fail, whole):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            fail(f"must be {'a whole number' if whole else 'a number'}, got {value!r}")
        if not math.isfinite(value):
            fail(f"must be finite, got {value!r}")
        if whole and value != int(value):
            fail(f"must be a whole number, got {value!r}")
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            fail(f"= {value:g} is outside its range [{_bound(self.low)}, {_bound(self.high)}]")
        return int(value) if whole else float(value)


def _bound(value):
    return "−∞" if value is None else f"{value:g}"


def closest(name: str, names: Iterable[str]) -> str:
    """' (did you mean X?)' for the valid name nearest to `name`, or '' when none is near (difflib's ratio < 0.6)."""
    match = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def check_params(declared: Sequence[Param], given: Mapping[str, object], where: str = "") -> dict[str, object]:
    """Every declared parameter's value: the one `given`, checked, or its default.

    Args:
        declared: the parameters that may be set.
        given: the values set, by name (a lesson file's table, a directive's options, keyword arguments).
        where: where they were given, the start of an error's message.

    Returns:
        {name: value} for every declared parameter, in the order declared.

    Raises:
        ParamError: an unknown key, a wrong type, a value out of range, NaN or infinity.
    """
    by_name = {p.name: p for p in declared}
    for key in given:
        if key not in by_name:
            keys = ", ".join(by_name) or "none"
            raise ParamError(f"{where}: unknown key {key!r}{closest(key, by_name)}; keys: {keys}")
    return {name: p.check(given[name], where) if name in given else p.default for name, p in by_name.items()}
