"""Probability bars: one bar per class, height = probability, the correct class in its role colour, each bar
labelled with its value. Heights follow a function (normally softmax of logit trackers, from losscore), so they
animate smoothly whenever the trackers move."""

import numpy as np
from manim import DOWN, RIGHT, UP, Arrow, Line, Rectangle, ValueTracker, VGroup

import losscore
from scenes import theme as th

from .iterates import between
from .notes import shown
from .numbers import Number
from .redraw import redraw_on_change
from .text import Text


class Logits:
    """C logits as ValueTrackers; `probabilities()` is their softmax, computed by losscore."""

    def __init__(self, values):
        self.trackers = [ValueTracker(float(v)) for v in values]

    def values(self):
        return np.array([t.get_value() for t in self.trackers])

    def probabilities(self):
        return losscore.softmax(self.values())

    def animate_to(self, values):
        """Animations that move every logit to `values` together."""
        return [t.animate.set_value(float(v)) for t, v in zip(self.trackers, values)]


class Mixture:
    """A probability vector that moves between fixed distributions: `t` slides from one to the next, and every point
    on the way is a convex mix of two distributions, so it always sums to 1."""

    def __init__(self, distributions):
        self.distributions = np.asarray(distributions, dtype=float)
        losscore.cce(self.distributions, self.distributions)  # validates: each row a probability distribution
        self.t = ValueTracker(0.0)

    def probabilities(self):
        return between(self.distributions, self.t.get_value())


class ProbabilityBars(VGroup):
    """Bars for `probabilities()` (a callable giving C values in [0, 1]) over class names, on a baseline.
    `correct` is the true class's index, or None where no class is the true one."""

    def __init__(self, probabilities, names, correct, theme, *, width=4.0, height=3.0, value_size=th.NUMBER):
        super().__init__()
        # a plain function, not a bound method: copying a mobject (as animations do) must not copy the scene
        self.probabilities = lambda: np.asarray(probabilities())
        self.correct, self.theme, self.class_names = correct, theme, list(names)
        self.height_per_unit = height
        n = len(names)
        slot = width / n
        self.bar_width = 0.62 * slot
        self.baseline = Line([-width / 2, 0, 0], [width / 2, 0, 0], color=theme.axes, stroke_width=2.5)
        self.centers = [np.array([-width / 2 + slot * (i + 0.5), 0, 0]) for i in range(n)]
        self.names = VGroup(*(Text(name, font_size=th.CAPTION - 4, color=self._color(i)).next_to(c, DOWN, buff=0.18)
                              for i, (name, c) in enumerate(zip(names, self.centers))))
        self.bars = VGroup(*(redraw_on_change(lambda i=i: self._bar(i), lambda i=i: self._bar_key(i))
                             for i in range(n)))
        self.values = VGroup()
        for i in range(n):
            number = Number(self.probabilities()[i], num_decimal_places=2, font_size=value_size,
                            color=self._color(i))
            number.add_updater(lambda m, i=i: m.set_value(self.probabilities()[i]).next_to(self.bars[i], UP, 0.1))
            self.values.add(number.next_to(self.bars[i], UP, 0.1))
        self.add(self.baseline, self.bars, self.names, self.values)

    def describe(self):
        """Each class's probability as shown, the true class marked (for speaker notes)."""
        return [f"P({name}{' (true)' if i == self.correct else ''}) = {shown(number)}"
                for i, (name, number) in enumerate(zip(self.class_names, self.values))]

    def _color(self, i):
        return self.theme.correct if i == self.correct else self.theme.other

    def _bar(self, i):
        h = max(float(self.probabilities()[i]) * self.height_per_unit, 1e-3)
        base = self.baseline.get_center() + self.centers[i]  # centres are offsets from the baseline's centre
        rect = Rectangle(width=self.bar_width, height=h, stroke_width=0, fill_color=self._color(i), fill_opacity=0.9)
        return rect.move_to(base, aligned_edge=DOWN)

    def _bar_key(self, i):
        return (float(self.probabilities()[i]), *self.baseline.get_start()[:2])

    def gradient_arrows(self, gradient, scale=2.5, cap=1.5):
        """One arrow per class beside its bar, pointing along `gradient()` (e.g. ∂L/∂z = ŷ − y): up where it is
        positive, down where negative; length ∝ |value|, capped."""
        arrows = VGroup()
        for i in range(len(self.centers)):
            def redraw(i=i):
                g = float(gradient()[i])
                length = min(abs(g) * scale, cap)
                start = self.bars[i].get_right() + 0.22 * RIGHT
                start[1] = self.baseline.get_center()[1] + 0.15 + (0 if g > 0 else max(length, 0.01))
                arrow = Arrow(start, start + (UP if g > 0 else DOWN) * max(length, 0.01), buff=0,
                              color=self.theme.gradient, stroke_width=6, max_tip_length_to_length_ratio=0.3,
                              max_stroke_width_to_length_ratio=10)
                return arrow.set_opacity(1 if length >= 0.05 else 0)  # too short to read: drawn invisible
            arrows.add(redraw_on_change(redraw, lambda i=i: (float(gradient()[i]), *self.baseline.get_start()[:2])))
        return arrows
