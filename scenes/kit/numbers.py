"""Numbers as the screen shows them: in a caption's words (`words`), in a column that adds up to its total
(`rounded_to_sum`), and live numbers that are cheap to update every frame (`Number`, `SciNumber`).

manim's DecimalNumber rebuilds itself on every ``set_value``: it deep-copies one cached MathTex per character (and a
deep copy drags along each glyph's whole SVG source), arranges them, then re-applies styles and colours. That was
about half of a render's time. ``Number`` draws exactly the same glyphs in the same places, but
- builds a glyph by copying only what drawing and moving change (points, colours, the list of parts), and
- when the new text has as many characters as the old, keeps its parts and only moves each glyph's points into
  place, with the same arithmetic as manim's ``arrange`` / ``next_to`` / ``move_to`` on cached bounding boxes.
"""

import numpy as np
from manim import DOWN, RIGHT, UP, DecimalNumber, MathTex, VGroup

_GLYPHS = {}  # (character, font size) → (a glyph at that size, its parts' points, its bounding box)


def words(value, spec="g"):
    """A number as a caption writes it (`spec` as for ``format``), with a true minus sign, not a hyphen."""
    return format(value, spec).replace("-", "−")


def rounded_to_sum(values, places=2):
    """Probabilities rounded to `places` decimals so that the rounded values still sum to 1 (largest remainders
    round up), so that a viewer adding the column shown gets the total shown. Each is within one last digit."""
    unit = 10.0**-places
    scaled = np.asarray(values, dtype=float) / unit
    rounded = np.floor(scaled + 1e-9)
    short = int(round(1 / unit - rounded.sum()))
    rounded[np.argsort(rounded - scaled, kind="stable")[:short]] += 1
    return rounded * unit


def glyph_copy(mob, memo=None):
    """A copy of the typeset text `mob` (a glyph, a formula, a caption): its arrays, parts and updaters are its
    own; what never changes after typesetting (the parsed SVG, the TeX template) is shared, not deep-copied.
    `memo` maps id(original) → copy, so a part reachable twice is copied once."""
    memo = {} if memo is None else memo
    if id(mob) in memo:
        return memo[id(mob)]
    new = object.__new__(type(mob))  # a shallow copy (as copy.copy makes it), then its own arrays
    new.__dict__ = {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in mob.__dict__.items()}
    memo[id(mob)] = new
    new.submobjects = [glyph_copy(part, memo) for part in mob.submobjects]
    new.updaters = list(mob.updaters)
    if isinstance(getattr(mob, "id_to_vgroup_dict", None), dict):  # SVG groups by id: they are parts, copied too
        new.id_to_vgroup_dict = {k: glyph_copy(group, memo) for k, group in mob.id_to_vgroup_dict.items()}
    return new


class LightCopy:
    """Mixin for typeset text: copies (every animation makes some) share the SVG source, see ``glyph_copy``."""

    def __deepcopy__(self, memo):
        return glyph_copy(self, memo)


def _parts(mob):
    return [m for m in mob.get_family() if len(m.points)]


class Number(LightCopy, DecimalNumber):
    """A DecimalNumber that updates without rebuilding itself, and is cheap to copy (LightCopy: its glyphs are
    typeset text); same look, same arguments."""

    def _glyph(self, char):
        key = (char, self._font_size)
        if key not in _GLYPHS:
            glyph = super()._string_to_mob(char)
            points = [m.points.copy() for m in _parts(glyph)]
            every = np.vstack(points)
            _GLYPHS[key] = (glyph, points, (every.min(axis=0), every.max(axis=0)))
        return _GLYPHS[key]

    def _string_to_mob(self, string, mob_class=None, **kwargs):
        if mob_class is not None or kwargs:  # units and ellipses: rare, built the usual way
            return super()._string_to_mob(string, mob_class, **kwargs)
        return glyph_copy(self._glyph(string)[0])

    def _set_submobjects_from_number(self, number):
        super()._set_submobjects_from_number(number)
        self._shown = self._get_num_string(number)

    def set_value(self, number):
        text = self._get_num_string(number)
        if text == self._shown:
            self.number = number
            return self
        glyphs = [self._glyph(c) for c in text]
        slots = [_parts(m) for m in self.submobjects]
        plain = not (self.show_ellipsis or self.unit or self.include_background_rectangle or "," in text)
        same_shape = len(slots) == len(glyphs) and all(len(s) == len(g[1]) for s, g in zip(slots, glyphs))
        if not (plain and same_shape and np.isclose(self.font_size, self._font_size, rtol=1e-12)):
            super().set_value(number)
            return self
        anchor = self.get_edge_center(self.edge_to_fix)
        shifts = self._layout(text, [g[2] for g in glyphs])
        low = np.min([box[0] + s for (_, _, box), s in zip(glyphs, shifts)], axis=0)
        high = np.max([box[1] + s for (_, _, box), s in zip(glyphs, shifts)], axis=0)
        edge = np.asarray(self.edge_to_fix)
        # move_to(anchor, aligned_edge=edge_to_fix): that edge's centre of the new box lands on the anchor
        shifts = shifts + (anchor - np.where(edge > 0, high, np.where(edge < 0, low, (low + high) / 2)))
        for slot, (_, points, _), shift in zip(slots, glyphs, shifts):
            for part, glyph_points in zip(slot, points):
                part.points = glyph_points + shift
        self.initial_height = high[1] - low[1]
        self.number, self._shown = number, text
        return self

    def _layout(self, text, boxes):
        """Each glyph's shift from its cached position, as DecimalNumber places it: arranged left to right on a
        common baseline ``digit_buff_per_font_unit · font size`` apart, centred, a minus sign raised to the middle
        of the digit after it."""
        buff = self.digit_buff_per_font_unit * self._font_size
        shifts = np.zeros((len(boxes), 3))
        for k in range(1, len(boxes)):
            (low, _), (prev_low, prev_high) = boxes[k], boxes[k - 1]
            target = np.array([prev_high[0], prev_low[1], (prev_low[2] + prev_high[2]) / 2]) + shifts[k - 1]
            shifts[k] = target - np.array([low[0], low[1], (low[2] + boxes[k][1][2]) / 2]) + [buff, 0, 0]
        low = np.min([b[0] + s for b, s in zip(boxes, shifts)], axis=0)
        high = np.max([b[1] + s for b, s in zip(boxes, shifts)], axis=0)
        shifts -= (low + high) / 2
        for i, char in enumerate(text[:-1]):
            if char == "-":
                (_, top), (next_low, next_top) = boxes[i], boxes[i + 1]
                shifts[i, 1] += (next_top[1] + shifts[i + 1, 1]) - (top[1] + shifts[i, 1])
                shifts[i, 1] -= (next_top[1] - next_low[1]) / 2
        return shifts


class SciNumber(VGroup):
    """A live number in scientific notation, m × 10^e, so a small value (1.05 × 10⁻⁶) never reads as 0.0000.
    The mantissa and the exponent are Numbers; `set_value` and `get_value` work as on a Number."""

    def __init__(self, number, *, decimals=2, font_size=40, color=None):
        super().__init__()
        kw = {"color": color} if color else {}
        self.mantissa = Number(1.0, num_decimal_places=decimals, font_size=font_size, **kw)
        self.times = MathTex(r"\times 10", font_size=font_size, **kw)
        self.exponent = Number(0, num_decimal_places=0, include_sign=True, font_size=max(38, 0.8 * font_size), **kw)
        self.times.next_to(self.mantissa, RIGHT, buff=0.12).align_to(self.mantissa, DOWN)
        self.exponent.next_to(self.times, RIGHT, buff=0.05).align_to(self.times, UP).shift(0.18 * UP)
        self.add(self.mantissa, self.times, self.exponent)
        self.set_value(number)

    @staticmethod
    def split(value, decimals=2):
        """(mantissa, exponent) with 1 ≤ |mantissa| < 10, the mantissa rounded as shown (9.999 → 1.00 × 10¹)."""
        if value == 0 or not np.isfinite(value):
            return float(value), 0
        exponent = int(np.floor(np.log10(abs(value))))
        mantissa = round(value / 10.0**exponent, decimals)
        if abs(mantissa) >= 10:
            mantissa, exponent = mantissa / 10, exponent + 1
        return mantissa, exponent

    def set_value(self, value):
        self.value = float(value)
        mantissa, exponent = self.split(self.value, self.mantissa.num_decimal_places)
        self.mantissa.set_value(mantissa)
        self.exponent.set_value(exponent)
        return self

    def get_value(self):
        return self.value
