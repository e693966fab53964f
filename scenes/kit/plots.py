"""Plots of a loss and its derivative against the prediction, driven by one ValueTracker (the prediction ŷ).

Every y-value drawn comes from losscore: a plot is given a vectorised function of ŷ, normally one built by
``loss_of_prediction`` from the registry. Nothing is drawn past a plot's axes: curves stop exactly at the edge of
the y-range, tangents are clipped to the axes' box, and a gradient arrow too long for its plot is drawn capped,
with a break mark that says so.
"""

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Arrow, Axes, DashedLine, Dot, Line, Polygon, Rectangle, VGroup, VMobject

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


def clip_segment(start, end, low, high):
    """The part of the segment start → end inside the box with corners `low` and `high` (x and y), as a pair of
    points, or None when no part of it is inside (Liang and Barsky's clipping)."""
    start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    step = end - start
    enter, leave = 0.0, 1.0
    for axis in (0, 1):
        for edge, side in ((low[axis], -1.0), (high[axis], 1.0)):
            outside_by, rate = side * (start[axis] - edge), side * step[axis]  # inside while outside_by + t·rate <= 0
            if rate == 0:
                if outside_by > 0:
                    return None
            elif rate > 0:
                leave = min(leave, -outside_by / rate)
            else:
                enter = max(enter, -outside_by / rate)
    if enter > leave:
        return None
    return start + enter * step, start + leave * step


def rectangle_between(low, high, **style):
    """The rectangle with lower left corner `low` and upper right corner `high` (screen points, such as two
    ``axes.c2p`` of a plot), styled as manim's Rectangle."""
    return Rectangle(width=high[0] - low[0], height=high[1] - low[1], **style).move_to((low + high) / 2)


class FunctionPlot(VGroup):
    """Axes with the curve of `f`, and a dot riding on it at x = tracker's value.

    `breaks` are x-values where f jumps: the curve is drawn in pieces there. A curve stops where it leaves
    `y_range` (exactly at the edge), and the dot stops at the edge. With `f` None the plot has no curve of its own
    and no dot: only the axes, for curves added later (`add_curve`, `live_curve`).
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
        self.add(self.axes, self.x_label, self.y_label)
        if f is None:
            self.curve = self.dot = None
            return
        self.curve = self.add_curve(f, color, breaks, samples)
        self.dot = Dot(radius=0.11, color=color).add_updater(lambda d: d.move_to(self.point()))
        self.add(self.curve, self.dot)

    def box(self):
        """(lower left, upper right) corners of the axes' x- and y-range on screen: nothing drawn leaves it."""
        (x0, x1), (y0, y1) = self.x_range[:2], self.y_range[:2]
        return self.axes.c2p(x0, y0)[:2], self.axes.c2p(x1, y1)[:2]

    def _crossing(self, x0, y0, x1, y1):
        """The point where the straight piece from (x0, y0) to (x1, y1) crosses the edge of the y-range (one end is
        inside, the other outside); None when the outside value is not finite."""
        low, high = self.y_range[:2]
        outside = y1 if low <= y0 <= high else y0
        if not np.isfinite(outside):
            return None
        edge = high if outside > high else low
        share = (edge - y0) / (y1 - y0)
        return x0 + share * (x1 - x0), edge

    def _polyline(self, xs, ys, breaks):
        """The curve as corner-to-corner pieces, split at `breaks` and where it leaves the y-range, each piece
        running to the very edge where it leaves."""
        low, high = self.y_range[:2]
        piece_id = np.searchsorted(np.sort(breaks), xs, side="left") if len(breaks) else np.zeros(len(xs), int)
        with np.errstate(invalid="ignore"):
            inside = (ys >= low) & (ys <= high)  # NaN is never inside
        same = piece_id[1:] == piece_id[:-1]  # sample i + 1 is on sample i's piece
        joined = inside[1:] & inside[:-1] & same  # ... and continues its run inside the range
        starts = np.flatnonzero(inside & ~np.r_[False, joined])
        ends = np.flatnonzero(inside & ~np.r_[joined, False])
        pieces = VGroup()
        for first, last in zip(starts, ends):
            run = np.column_stack([xs[first:last + 1], ys[first:last + 1]])
            if first > 0 and same[first - 1]:  # it comes in from outside the range: start at the edge
                edge = self._crossing(xs[first - 1], ys[first - 1], xs[first], ys[first])
                run = run if edge is None else np.vstack([edge, run])
            if last < len(xs) - 1 and same[last]:  # it leaves the range: end at the edge
                edge = self._crossing(xs[last], ys[last], xs[last + 1], ys[last + 1])
                run = run if edge is None else np.vstack([run, edge])
            if len(run) >= 2:
                pieces.add(VMobject().set_points_as_corners(self.axes.coords_to_point(run)))
        return pieces

    def add_curve(self, f, color, breaks=(), samples=801):
        """Another curve on the same axes (not followed by the dot); returned, not yet added to the scene."""
        xs = np.linspace(*self.x_range[:2], samples)
        xs = xs[~np.isin(xs, breaks)]  # at a jump the value is neither side's: leave the point out
        return self._polyline(xs, f(xs), breaks).set_stroke(color, width=5)

    def live_curve(self, curve_at, tracker, color, width=6, breaks=()):
        """A curve that follows a parameter: `curve_at(value)` is the function drawn for the tracker's value,
        redrawn whenever the value (or the plot's place) changes; returned, not yet added to the scene."""
        return redraw_on_change(lambda: self.add_curve(curve_at(tracker.get_value()), color, breaks)
                                .set_stroke(width=width),
                                lambda: (tracker.get_value(), *self.axes.x_axis.get_start()[:2]))

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
    dot.

    The arrow's length is `arrow_scale` × |dL/dŷ| (one scale for every arrow of the plot), up to `arrow_cap` and up
    to the end of the axes; an arrow held shorter than that is drawn with a break mark (`cap_mark`)."""

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
        self.cap_mark = redraw_on_change(lambda: self.break_mark(*self.arrow_for(self.point(), self.slope())), moved)
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
        """The tangent at the prediction (through its true point, even where the dot is held at the edge), clipped
        to the axes; a hidden line when none of it is inside."""
        x = self.tracker.get_value()
        p, d = self.axes.c2p(x, self.value()), self._screen_direction(self.slope())
        inside = clip_segment(p - 1.1 * d, p + 1.1 * d, *self.box()) if np.isfinite(p).all() else None
        start, end = (np.append(point[:2], 0.0) for point in inside) if inside else (p, p + 0.01 * RIGHT)
        return Line(start, end, color=self.theme.gradient, stroke_width=3.5,
                    stroke_opacity=0.9 if inside and np.linalg.norm(end - start) > 1e-3 else 0)

    def arrow_for(self, point, slope):
        """(start, end, held) of the horizontal arrow for gradient `slope` drawn from `point`: the way descent moves
        ŷ (against the slope), `arrow_scale` × |slope| long; `held` when it is held shorter, at `arrow_cap` or at the
        end of the axes."""
        length = self.arrow_scale * abs(slope)
        held = length > self.arrow_cap
        length = min(length, self.arrow_cap)
        direction = LEFT if slope > 0 else RIGHT
        end = point + direction * length
        (left, _), (right, _) = self.box()
        if not left <= end[0] <= right:
            end[0], held = np.clip(end[0], left, right), True
        return point, end, held

    def arrow_length(self):
        """Screen length of the gradient arrow at the dot: proportional to |dL/dŷ|, unless held (see `arrow_for`)."""
        start, end, _ = self.arrow_for(self.point(), self.slope())
        return float(np.linalg.norm(end - start))

    def gradient_arrow(self, point, slope, color):
        """The arrow for `slope` from `point` on this plot's scale (always an Arrow, so redrawing never changes its
        structure); invisible when too short to read."""
        start, end, _ = self.arrow_for(point, slope)
        if np.linalg.norm(end - start) < 0.01:
            end = start + (LEFT if slope > 0 else RIGHT) * 0.01
        arrow = Arrow(start, end, buff=0, color=color, stroke_width=7, max_tip_length_to_length_ratio=0.35,
                      max_stroke_width_to_length_ratio=12)
        return arrow.set_opacity(1 if np.linalg.norm(end - start) >= 0.05 else 0)

    def _arrow(self):
        return self.gradient_arrow(self.point(), self.slope(), self.theme.gradient)

    def break_mark(self, start, end, held, color=None):
        """Two slashes with a gap between them across the middle of the arrow start → end, visible only when the
        arrow is `held` shorter than its gradient: the sign that it would be longer."""
        along = (end - start) / max(np.linalg.norm(end - start), 1e-9)
        slant = 0.5 * along + UP
        slant = 0.16 * slant / np.linalg.norm(slant)
        middle = (start + end) / 2 - 0.12 * along  # clear of the tip
        gap = 0.05 * along
        mark = VGroup(Polygon(middle - gap - slant, middle + gap - slant, middle + gap + slant, middle - gap + slant,
                              stroke_width=0, fill_color=self.theme.background, fill_opacity=1),
                      *(Line(middle + side * gap - slant, middle + side * gap + slant,
                             color=color or self.theme.gradient, stroke_width=3) for side in (-1, 1)))
        return mark.set_opacity(1 if held else 0)

    def readouts(self, x_label=r"\hat{y}", font_size=44):
        """Live readouts of the prediction, the loss and the slope at the dot: x, L and dL/dx."""
        theme = self.theme
        return Readouts([(x_label, self.tracker.get_value, theme.prediction), ("L", self.value, theme.loss),
                         (r"dL/d" + x_label, self.slope, theme.gradient, True)], theme, font_size=font_size)

    def decorations(self):
        """The parts that follow the prediction, in drawing order."""
        return VGroup(self.residual, self.tick, self.tangent, self.arrow, self.cap_mark)


def derivative_plot(df, tracker, *, theme, **kwargs):
    """The derivative dL/dŷ against ŷ, with a zero line, in the gradient colour."""
    kwargs.setdefault("y_label", r"\frac{dL}{d\hat{y}}")
    plot = FunctionPlot(df, tracker, color=theme.gradient, theme=theme, **kwargs)
    plot.dot.set_color(theme.gradient)
    # a tall fraction reads better beside the plot than on top of its y-axis
    plot.y_label.set_color(theme.gradient).next_to(plot.axes, LEFT, buff=0.3)
    return plot
