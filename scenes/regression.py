"""Regression losses: a prediction ŷ slides along the loss curve of one target y; the gradient arrow shows the way
gradient descent would move it, and the derivative is plotted beside the loss.

A teacher sets the target, where ŷ starts and the errors the story visits (`parameters`); the axes, the arrows'
scale and every number the captions state follow from them."""

import math

from manim import DOWN, LEFT, RIGHT, UL, UP, UR, Create, DashedVMobject, FadeIn, FadeOut, ValueTracker, VGroup

import losscore
from losscore.params import Param, ParamError
from scenes.kit import LossCurveStory, LossPlot, derivative_plot, loss_of_prediction, regions, role_tex, scalar, words
from scenes.kit import theme as th

MIN_ERROR = 0.5  # how far from y the prediction starts at least, so the arrow and the residual can be seen


def axis_top(value, ticks=5):
    """The top of an axis from 0 that holds `value` (> 0) with at most `ticks` steps of 1, 2 or 5 × 10^k, and that
    step."""
    rough = value / ticks
    unit = 10 ** math.floor(math.log10(rough))
    step = next(m * unit for m in (1, 2, 5, 10) if m * unit >= rough - 1e-12)
    return step * math.ceil(value / step - 1e-9), step


def dashed(curve, width=4):
    """A drawn curve (its pieces) as dashes: a comparison, not the loss being told."""
    return VGroup(*(DashedVMobject(piece.set_stroke(width=width), num_dashes=40, dashed_ratio=0.6) for piece in curve))


class RegressionStory(LossCurveStory):
    """Formula → loss curve → prediction with arrow and readouts → derivative, then the loss's own lesson."""

    loss_name = ""  # registry name
    sweep = (0.0, 0.0)  # where the sweep takes ŷ, relative to y
    jumps_at_target = False  # whether the derivative jumps at ŷ = y (drawn in two pieces there)
    longest_arrow = 0.28  # the longest arrow the story draws, as a share of the plot's width
    captions = {}  # what the story says, by key

    steps = ("show_formula", "draw_curve", "add_prediction", "show_derivative")

    @staticmethod
    def common_parameters(start):
        return (Param(name="y_true", default=1.0, low=-2.0, high=2.0, step=0.5, meaning="the target y"),
                Param(name="start", default=start, low=-4.0, high=4.0, step=0.5,
                      meaning=f"where the prediction ŷ starts and ends (at least {MIN_ERROR:g} from y)"))

    @classmethod
    def check_together(cls, values, where):
        if abs(values["start"] - values["y_true"]) < MIN_ERROR:
            raise ParamError(f"{where}: start must be at least {MIN_ERROR:g} from y_true, got start = "
                             f"{values['start']:g} and y_true = {values['y_true']:g}")

    def visits(self):
        """Every ŷ the story takes the prediction to."""
        return [self.start, *(self.y_true + offset for offset in self.sweep)]

    def largest_pull(self):
        """The largest |gradient| the story draws an arrow for: it gets the longest arrow."""
        return max(abs(scalar(self.df, x)) for x in self.visits())

    def setup(self):
        super().setup()
        self.y_true, self.start = self.params["y_true"], self.params["start"]
        self.spec = losscore.LOSSES[self.loss_name]
        self.f, self.df = loss_of_prediction(self.loss_name, self.y_true)
        self.yhat = ValueTracker(self.start)
        t, layout = self.theme, regions()
        visited = [*self.visits(), 0.0, self.y_true]
        low, high = math.floor(min(visited) - 0.5), math.ceil(max(visited) + 0.4)
        every = 1 if high - low <= 8 else 2
        # headroom above the highest dot, for its arrow's tip
        loss_top, loss_step = axis_top(1.1 * max(scalar(self.f, x) for x in self.visits()))
        slope_top, slope_step = axis_top(1.25 * max(abs(scalar(self.df, x)) for x in self.visits()), ticks=2)
        width = 0.75 * layout.main.width
        self.plot = LossPlot(self.f, self.df, self.yhat, y_true=self.y_true, theme=t, x_range=(low, high, 1),
                             y_range=(0, loss_top, loss_step), width=width, height=0.66 * layout.main.height,
                             arrow_scale=self.longest_arrow * width / self.largest_pull(),
                             arrow_cap=self.longest_arrow * width + 1e-9,  # one scale: no arrow is held shorter
                             x_numbers=[x for x in range(low + 1, high + 1) if x % every == 0],
                             y_numbers=[loss_top]).place(layout.main.point(0.5, 0.46))  # clear of the formula
        # no axis numbers on the derivative: the curve would cross them; the readout has the value
        self.dplot = derivative_plot(self.df, self.yhat, theme=t, x_range=(low, high, 1),
                                     y_range=(-slope_top, slope_top, slope_step), width=0.7 * layout.side.width,
                                     height=0.75 * layout.side.height,
                                     breaks=(self.y_true,) if self.jumps_at_target else ())
        self.dplot.move_to(layout.side.center)
        self.readouts = self.plot.readouts(font_size=40).move_to(layout.readouts.center)

    def caption_for(self, key):
        return self.captions[key]

    def show_formula(self):
        """The formula card: the loss averages one term per sample.

        Ask: If y is measured in metres, in what units is this loss?"""
        self.open_with(self.spec.formula, self.captions["show_formula"])

    def sweep_across_target(self):
        """ŷ moves across and away from the target: the arrow follows the slope, on one scale throughout.

        Ask: Why might a constant-size pull make training overshoot near the target?"""
        self.say(self.captions["sweep"])
        for offset in self.sweep:
            self.slide_prediction(self.y_true + offset, run_time=2.0)
        self.wait()


class MeanAbsoluteError(RegressionStory):
    loss_name = "mae"
    compared, compared_label = "mse", "MSE"  # the loss whose pull the far prediction is compared with
    sweep = (-0.5, 1.5)
    longest_arrow = 0.6  # the compared loss's arrow at the far prediction: MAE's is that many times shorter
    jumps_at_target = True
    parameters = (*RegressionStory.common_parameters(start=-1.5),
                  Param(name="far", default=3.3, low=2.0, high=5.0, step=0.1,
                        meaning="how far past y the outlying prediction lies"))
    captions = {
        "show_formula": "MAE: the average distance between ŷ and y.",
        "draw_curve": "For one prediction, the loss is a V at y.",
        "add_prediction": "The arrow: where gradient descent moves ŷ.",
        "sweep": "Same pull either side; it flips at y.",
        "outlier": "An outlier pulls no harder than any error.",
        "back_to_start": "MAE treats every error alike.",
    }
    steps = RegressionStory.steps + ("sweep_across_target", "far_prediction", "compare_with_mse", "back_to_start")

    def setup(self):
        self.far = self.params["far"]  # read before the plot is sized: the far prediction is one of its visits
        super().setup()

    def visits(self):
        return [*super().visits(), self.y_true + self.far]

    def largest_pull(self):
        _, compared_slope = loss_of_prediction(self.compared, self.y_true)
        return max(super().largest_pull(), abs(scalar(compared_slope, self.y_true + self.far)))

    def caption_for(self, key):
        if key == "show_derivative":
            left, right = (scalar(self.df, x) for x in self.dplot.x_range[:2])  # −1 and +1, from losscore
            return f"The slope is {words(left, '+g')} or {words(right, '+g')}: a step."
        return super().caption_for(key)

    def show_derivative(self):
        """The derivative of |ŷ − y| is a step: −1 left of the target, +1 right of it, labelled with losscore's
        values.

        Ask: What is the derivative exactly at ŷ = y, and what do frameworks return there?"""
        super().show_derivative()
        axes, (x_min, x_max) = self.dplot.axes, self.dplot.x_range[:2]
        self.step_labels = VGroup()
        for (a, b), side in (((x_min, self.y_true), DOWN), ((self.y_true, x_max), UP)):
            # each piece's value, beside the middle of its longest stretch clear of the vertical axis
            stretches = [(a, b)] if not a < 0 < b else [(a, 0.0), (0.0, b)]
            a, b = max(stretches, key=lambda ab: ab[1] - ab[0])
            value = scalar(self.df, (a + b) / 2)
            self.step_labels.add(role_tex(f"{value:+g}", self.theme, th.NUMBER).set_color(self.theme.gradient)
                                 .next_to(axes.c2p((a + b) / 2, value), side, buff=0.12))
        self.play(FadeIn(self.step_labels), run_time=0.6)
        self.wait(0.5)

    def sweep_across_target(self):
        """ŷ crosses the target: the arrow keeps its length and flips direction.

        Ask: Why might a constant-size pull make training overshoot near the target?"""
        super().sweep_across_target()

    def far_prediction(self):
        """ŷ goes far past the target, as an outlier would: the loss grows, but the slope stays ±1 and the arrow
        keeps its length.

        Ask: Why is this good news when the data has outliers?"""
        self.say(self.captions["outlier"])
        self.slide_prediction(self.y_true + self.far, run_time=2.0)
        self.wait()

    def compare_with_mse(self):
        """What MSE would do with the same prediction, dashed beside MAE: its parabola leaves the plot, its slope
        leaves the derivative's, and its arrow, on the same scale as MAE's, is many times longer.

        Ask: With one such outlier among a hundred good points, which loss lets the outlier steer the fit?"""
        t, x = self.theme, self.y_true + self.far
        f, df = loss_of_prediction(self.compared, self.y_true)
        ratio = abs(scalar(df, x) / scalar(self.df, x))
        self.say(f"{self.compared_label} would charge {words(scalar(f, x), '.3g')} and pull {words(ratio, '.3g')}× "
                 "as hard.")
        curve, slope = (dashed(plot.add_curve(g, t.muted)) for plot, g in ((self.plot, f), (self.dplot, df)))
        below = self.plot.point() + 0.28 * DOWN
        arrow = self.plot.gradient_arrow(below, scalar(df, x), t.muted)
        mark = self.plot.break_mark(*self.plot.arrow_for(below, scalar(df, x)), color=t.muted)
        label = role_tex(rf"\text{{{self.compared_label}}}", t, th.MIN_MATH).set_color(t.muted)
        # above where the dashed parabola leaves the plot, on the side away from the L axis and its labels
        exit_point = max((curve.get_corner(UL), curve.get_corner(UR)),
                         key=lambda p: abs(self.plot.axes.p2c(p)[0]))
        label.next_to(exit_point, UP, buff=0.12)
        self.comparison = VGroup(curve, slope, arrow, mark, label)
        self.play(Create(curve), Create(slope), FadeIn(arrow, mark, label), run_time=1.5)
        self.wait(1.5)

    def leaving(self):
        return [FadeOut(self.comparison)]


class MeanSquaredError(RegressionStory):
    loss_name = "mse"
    sweep = (0.3, 2.5)
    parameters = (*RegressionStory.common_parameters(start=-1.0),
                  Param(name="errors", default=[1.0, 3.0], kind="floats", length=(2, 2), low=0.5, high=4.0,
                        step=0.5, meaning="two errors ŷ − y whose losses are compared (the second one above 1)"))
    captions = {
        "show_formula": "MSE: the average squared distance to y.",
        "draw_curve": "For one prediction, the loss is a parabola.",
        "add_prediction": "The arrow: where gradient descent moves ŷ.",
        "show_derivative": "The derivative 2(ŷ − y) is a straight line.",
        "sweep": "The farther from y, the harder the pull.",
        "back_to_start": "Big errors cost most: the standard regression loss.",
    }
    steps = RegressionStory.steps + ("sweep_across_target", "compare_errors", "back_to_start")

    @classmethod
    def check_together(cls, values, where):
        super().check_together(values, where)
        small, large = values["errors"]
        if not small < large or large <= 1:
            raise ParamError(f"{where}: errors must grow, the second above 1, got {small:g} and {large:g}")

    def visits(self):
        return [*super().visits(), *(self.y_true + e for e in self.params["errors"])]

    def sweep_across_target(self):
        """ŷ moves close to the target and then away: the arrow shrinks and grows with the error.

        Ask: How does the pull at an error of 2 compare with the pull at an error of 1?"""
        super().sweep_across_target()

    def setup(self):
        super().setup()
        # the readouts share their region with the table of compared errors: readouts left, table right
        self.readouts_box = regions().readouts
        self.readouts.align_to(self.readouts_box.point(0, 0.5), LEFT)

    def compare_errors(self):
        """Two errors, one after the other, each written into a table with its loss (it stays until ŷ returns):
        the loss grows as the error's square, as the readouts show.

        Ask: If one sample is off by 10 and ten are off by 1, which costs more?"""
        t, large = self.theme, self.params["errors"][1]
        self.say(f"An error of {words(large)} costs {words(scalar(self.f, self.y_true + large))}, not {words(large)}.")
        cells = [role_tex(r"\hat{y} - y", t, th.MIN_MATH), role_tex("L", t, th.MIN_MATH)]
        for error in self.params["errors"]:
            loss = scalar(self.f, self.y_true + error)
            cells += [role_tex(f"{error:g}", t, th.MIN_MATH).set_color(t.residual),
                      role_tex(f"{loss:g}", t, th.MIN_MATH).set_color(t.loss)]
        self.table = VGroup(*cells).arrange_in_grid(rows=3, cols=2, buff=(0.4, 0.3))
        self.table.move_to(self.readouts_box.center).align_to(self.readouts_box.point(1, 0.5), RIGHT)
        for row, error in enumerate(self.params["errors"]):
            self.slide_prediction(self.y_true + error, run_time=1.5)
            shown = cells[2 + 2 * row:4 + 2 * row] if row else cells[:4]
            self.play(FadeIn(VGroup(*shown), shift=0.2 * UP), run_time=0.8)
            self.wait()

    def leaving(self):
        return [FadeOut(self.table)]
