"""Plots of a loss and its derivative against the prediction, driven by one ValueTracker (the prediction ŷ).

Every y-value drawn comes from losscore: a plot is given a vectorised function of ŷ, normally one built by
``loss_of_prediction`` from the registry.
"""

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Arrow, Axes, DashedLine, Dot, Line, VGroup, VMobject

import losscore
from scenes import theme as th

from .readouts import Readouts
from .redraw import redraw_on_change
from .text import role_tex


def loss_of_prediction(name, y_true, **params):
    """(L(ŷ), dL/dŷ) for one prediction against the fixed target `y_true`, vectorised over ŷ, from the registry."""
    spec = losscore.LOSSES[name]

    def at(fn):
        def f(x):
            x = np.atleast_1d(np.asarray(x, dtype=float))
            return fn(np.full_like(x, y_true), x, reduction="none", **params)
        return f
    return at(spec.fn), at(spec.grad)


def _decimals(values):
    """Fewest decimals (up to 2) that write every axis number exactly."""
    for places in (0, 1, 2):
        if all(abs(round(v, places) - v) < 1e-9 for v in values or ()):
            return places
    return 2


def scalar(f, x):
    """f at one point, as a float."""
    return float(f(np.array([x]))[0])


class FunctionPlot(VGroup):
    """Axes with the curve of `f`, and a dot riding on it at x = tracker's value.

    `breaks` are x-values where f jumps: the curve is drawn in pieces there. Parts of the curve outside `y_range`
    are not drawn, and the dot stops at the edge.
    """

    def __init__(self, f, tracker, *, x_range, y_range, width, height, color, theme, x_label=r"\hat{y}",
                 y_label="L", breaks=(), x_numbers=None, y_numbers=None, samples=801):
        super().__init__()
        self.f, self.tracker, self.theme = f, tracker, theme
        self.x_range, self.y_range = x_range, y_range
        self.axes = Axes(x_range=x_range, y_range=y_range, x_length=width, y_length=height, tips=False,
                         axis_config={"color": theme.axes, "stroke_width": 2.5, "include_ticks": True,
                                      "tick_size": 0.06, "font_size": th.NUMBER},
                         x_axis_config={"decimal_number_config": {"num_decimal_places": _decimals(x_numbers)}},
                         y_axis_config={"decimal_number_config": {"num_decimal_places": _decimals(y_numbers)}})
        self.axes.add_coordinates(x_numbers if x_numbers is not None else [],
                                  y_numbers if y_numbers is not None else [])
        for axis in (self.axes.x_axis, self.axes.y_axis):
            axis.numbers.set_color(theme.muted)
        self.x_label = role_tex(x_label, theme).next_to(self.axes.x_axis.get_right(), RIGHT, buff=0.15)
        self.y_label = role_tex(y_label, theme).next_to(self.axes.y_axis.get_top(), UP, buff=0.15)
        self.curve = self.add_curve(f, color, breaks, samples)
        self.dot = Dot(radius=0.11, color=color).add_updater(lambda d: d.move_to(self.point()))
        self.add(self.axes, self.x_label, self.y_label, self.curve, self.dot)

    def _polyline(self, xs, ys, breaks):
        """The curve as corner-to-corner pieces, split at `breaks` and where it leaves the y-range."""
        inside = (ys >= self.y_range[0]) & (ys <= self.y_range[1])
        piece_id = np.searchsorted(np.sort(breaks), xs, side="left") if len(breaks) else np.zeros(len(xs), int)
        pieces = VGroup()
        start = 0
        for i in range(1, len(xs) + 1):
            if i == len(xs) or piece_id[i] != piece_id[start] or not inside[i] or not inside[i - 1]:
                run = slice(start, i)
                if inside[start] and i - start >= 2:
                    pts = [self.axes.c2p(x, y) for x, y in zip(xs[run], ys[run])]
                    pieces.add(VMobject().set_points_as_corners(pts))
                start = i
        return pieces

    def add_curve(self, f, color, breaks=(), samples=801):
        """Another curve on the same axes (not followed by the dot); returned, not yet added to the scene."""
        xs = np.linspace(*self.x_range[:2], samples)
        xs = xs[~np.isin(xs, breaks)]  # at a jump the value is neither side's: leave the point out
        return self._polyline(xs, f(xs), breaks).set_stroke(color, width=5)

    def place(self, point):
        """Shift the whole plot so that its axes are centred on `point`."""
        return self.shift(np.asarray(point, dtype=float) - self.axes.get_center())

    def value(self):
        return scalar(self.f, self.tracker.get_value())

    def point(self):
        """The screen point of (x, f(x)), held inside the y-range."""
        y = np.clip(self.value(), *self.y_range[:2])
        return self.axes.c2p(self.tracker.get_value(), y)


class LossPlot(FunctionPlot):
    """A loss against the prediction ŷ for a fixed target y: the target marked on the ŷ axis (labelled
    `target_label`), the prediction's tick, the residual between them, a tangent line and the gradient arrow at the
    dot."""

    def __init__(self, f, df, tracker, *, y_true, target_label="y", arrow_scale=1.0, arrow_cap=1.6, **kwargs):
        kwargs.setdefault("color", kwargs["theme"].loss)
        super().__init__(f, tracker, **kwargs)
        self.df, self.y_true = df, y_true
        theme, axes = self.theme, self.axes
        top = axes.c2p(y_true, self.y_range[1])
        self.target = VGroup(
            DashedLine(axes.c2p(y_true, 0), top, color=theme.target, stroke_width=3, dash_length=0.12),
            *([role_tex(target_label, theme).next_to(top, UP, buff=0.15)] if target_label else []))
        self.add(self.target)
        moved = self._moved
        self.residual = redraw_on_change(lambda: Line(
            axes.c2p(y_true, 0), axes.c2p(tracker.get_value(), 0), color=theme.residual, stroke_width=8,
            stroke_opacity=0.9 if abs(tracker.get_value() - y_true) > 1e-9 else 0), moved)
        self.tick = redraw_on_change(lambda: Line(
            axes.c2p(tracker.get_value(), 0) + 0.16 * DOWN, axes.c2p(tracker.get_value(), 0) + 0.16 * UP,
            color=theme.prediction, stroke_width=6), moved)
        self.tangent = redraw_on_change(self._tangent, moved)
        self.arrow_scale, self.arrow_cap = arrow_scale, arrow_cap
        self.arrow = redraw_on_change(self._arrow, moved)
        self.dot.set_color(theme.prediction)

    def place(self, point):
        """Shift the plot so its axes are centred on `point`; the decorations (drawn apart) follow at once, so they
        fade in where they belong."""
        super().place(point)
        for decoration in self.decorations():
            decoration.update()
        return self

    def _moved(self):
        """What the decorations are drawn from: the prediction and where the axes stand."""
        return (self.tracker.get_value(), *self.axes.x_axis.get_start()[:2])

    def slope(self):
        return scalar(self.df, self.tracker.get_value())

    def _screen_direction(self, slope):
        """Unit vector along the tangent in screen space (the axes' units differ)."""
        ux = self.axes.x_axis.get_unit_size()
        uy = self.axes.y_axis.get_unit_size()
        v = np.array([ux, slope * uy, 0.0])
        return v / np.linalg.norm(v)

    def _tangent(self):
        p, d = self.point(), self._screen_direction(self.slope())
        return Line(p - 1.1 * d, p + 1.1 * d, color=self.theme.gradient, stroke_width=3.5, stroke_opacity=0.9)

    def arrow_length(self):
        """Screen length of the gradient arrow: proportional to |dL/dŷ|, capped at `arrow_cap`."""
        return min(self.arrow_scale * abs(self.slope()), self.arrow_cap)

    def _arrow(self):
        """Horizontal, from the dot, the way gradient descent moves ŷ (against the slope); invisible when too short
        to read (always an Arrow, so redrawing never changes its structure)."""
        p, g, length = self.point(), self.slope(), self.arrow_length()
        direction = LEFT if g > 0 else RIGHT
        arrow = Arrow(p, p + direction * max(length, 0.01), buff=0, color=self.theme.gradient, stroke_width=7,
                      max_tip_length_to_length_ratio=0.35, max_stroke_width_to_length_ratio=12)
        return arrow.set_opacity(1 if length >= 0.05 else 0)

    def readouts(self, x_label=r"\hat{y}", font_size=44):
        """Live readouts of the prediction, the loss and the slope at the dot: x, L and dL/dx."""
        theme = self.theme
        return Readouts([(x_label, self.tracker.get_value, theme.prediction), ("L", self.value, theme.loss),
                         (r"dL/d" + x_label, self.slope, theme.gradient, True)], theme, font_size=font_size)

    def decorations(self):
        """The parts that follow the prediction, in drawing order."""
        return VGroup(self.residual, self.tick, self.tangent, self.arrow)


def derivative_plot(df, tracker, *, theme, **kwargs):
    """The derivative dL/dŷ against ŷ, with a zero line, in the gradient colour."""
    kwargs.setdefault("y_label", r"\frac{dL}{d\hat{y}}")
    plot = FunctionPlot(df, tracker, color=theme.gradient, theme=theme, **kwargs)
    plot.dot.set_color(theme.gradient)
    # a tall fraction reads better beside the plot than on top of its y-axis
    plot.y_label.set_color(theme.gradient).next_to(plot.axes, LEFT, buff=0.3)
    return plot
