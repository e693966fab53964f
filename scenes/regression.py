"""Regression losses: a prediction ŷ slides along the loss curve of one target y; the gradient arrow shows the way
gradient descent would move it, and the derivative is plotted beside the loss."""

from manim import DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, ValueTracker, VGroup

import losscore
from scenes.kit import LossCurveStory, LossPlot, derivative_plot, loss_of_prediction, role_tex, scalar
from scenes.kit import theme as th


class RegressionStory(LossCurveStory):
    """Formula → loss curve → prediction with arrow and readouts → derivative, then the loss's own lesson."""

    loss_name = ""  # registry name
    y_true = 1.0
    start = -1.5  # where ŷ starts and ends (the GIF loops back to it)
    x_range = (-2.5, 4.5, 1)
    loss_range = (0, 4, 1)
    grad_range = (-2, 2, 1)
    arrow_scale = 1.0
    grad_breaks = ()  # where the derivative jumps
    captions = {}  # what the story says, by key

    steps = ("show_formula", "draw_curve", "add_prediction", "show_derivative")

    def setup(self):
        super().setup()
        self.spec = losscore.LOSSES[self.loss_name]
        self.f, self.df = loss_of_prediction(self.loss_name, self.y_true)
        self.yhat = ValueTracker(self.start)
        t = self.theme
        x_numbers = list(range(int(self.x_range[0]) + 1, int(self.x_range[1]) + 1))
        self.plot = LossPlot(self.f, self.df, self.yhat, y_true=self.y_true, theme=t, x_range=self.x_range,
                             y_range=self.loss_range, width=5.6, height=3.6, arrow_scale=self.arrow_scale,
                             x_numbers=x_numbers, y_numbers=self._ends(self.loss_range))
        self.plot.place([-3.4, -0.75, 0])
        self.dplot = derivative_plot(self.df, self.yhat, theme=t, x_range=self.x_range, y_range=self.grad_range,
                                     width=4.2, height=2.2, breaks=self.grad_breaks,
                                     )  # no axis numbers: the curve would cross them; the readout has the value
        self.dplot.place([4.1, 0.85, 0])
        self.readouts = self.plot.readouts().move_to([3.9, -1.85, 0])

    @staticmethod
    def _ends(axis_range):
        low, high, _ = axis_range
        return [v for v in (low, high) if v != 0]

    def caption_for(self, key):
        return self.captions[key]

    def show_formula(self):
        """The formula card: the loss averages one term per sample.

        Ask: If y is measured in metres, in what units is this loss?"""
        self.open_with(self.spec.formula, self.captions["show_formula"])


class MeanAbsoluteError(RegressionStory):
    loss_name = "mae"
    loss_range = (0, 4, 1)
    grad_range = (-2, 2, 1)
    arrow_scale = 1.0
    grad_breaks = (RegressionStory.y_true,)
    captions = {
        "show_formula": "MAE: the average distance between ŷ and y.",
        "draw_curve": "For one prediction, the loss is a V at y.",
        "add_prediction": "The arrow: where gradient descent moves ŷ.",
        "show_derivative": "The slope is −1 or +1: a step.",
        "sweep": "Same pull either side; it flips at y.",
        "outlier": "An outlier pulls no harder than any error.",
        "back_to_start": "MAE treats every error alike.",
    }
    steps = RegressionStory.steps + ("sweep_across_target", "far_prediction", "back_to_start")

    def show_derivative(self):
        """The derivative of |ŷ − y| is a step: −1 left of the target, +1 right of it, labelled with losscore's
        values.

        Ask: What is the derivative exactly at ŷ = y, and what do frameworks return there?"""
        super().show_derivative()
        axes, (x_min, x_max) = self.dplot.axes, self.x_range[:2]
        left, right = (scalar(self.df, x) for x in (x_min, x_max))  # −1 and +1, from losscore
        self.step_labels = VGroup(
            role_tex(f"{left:+g}", self.theme, th.NUMBER).next_to(axes.c2p(x_min, left), DOWN + RIGHT, buff=0.1),
            role_tex(f"{right:+g}", self.theme, th.NUMBER).next_to(axes.c2p(x_max, right), UP + LEFT, buff=0.1))
        self.step_labels.set_color(self.theme.gradient)
        self.play(FadeIn(self.step_labels), run_time=0.6)
        self.wait(0.5)

    def sweep_across_target(self):
        """ŷ crosses the target: the arrow keeps its length and flips direction.

        Ask: Why might a constant-size pull make training overshoot near the target?"""
        self.say(self.captions["sweep"])
        self.slide_prediction(self.y_true - 0.5, run_time=2.0)
        self.slide_prediction(self.y_true + 1.5, run_time=2.5)
        self.wait()

    def far_prediction(self):
        """ŷ goes far from the target: the loss grows, but the slope stays ±1.

        Ask: Why is this good news when the data has outliers?"""
        self.say(self.captions["outlier"])
        self.slide_prediction(self.y_true + 3.3, run_time=2.0)
        self.wait(1.5)


class MeanSquaredError(RegressionStory):
    loss_name = "mse"
    loss_range = (0, 10, 2)
    grad_range = (-8, 8, 4)
    arrow_scale = 0.25
    start = -1.0
    captions = {
        "show_formula": "MSE: the average squared distance to y.",
        "draw_curve": "For one prediction, the loss is a parabola.",
        "add_prediction": "The arrow: where gradient descent moves ŷ.",
        "show_derivative": "The derivative 2(ŷ − y) is a straight line.",
        "sweep": "The farther from y, the harder the pull.",
        "errors": "An error of 3 costs 9, not 3.",
        "back_to_start": "Big errors cost most: the standard regression loss.",
    }
    steps = RegressionStory.steps + ("sweep_across_target", "compare_errors", "back_to_start")

    def sweep_across_target(self):
        """ŷ moves close to the target and then away: the arrow shrinks and grows with the error.

        Ask: How does the pull at an error of 2 compare with the pull at an error of 1?"""
        self.say(self.captions["sweep"])
        self.slide_prediction(self.y_true + 0.3, run_time=2.0)
        self.slide_prediction(self.y_true + 2.5, run_time=2.0)
        self.wait()

    def compare_errors(self):
        """Errors of 1 and 3 side by side: the loss readout goes 1 → 9 (both from losscore).

        Ask: If one sample is off by 10 and ten are off by 1, which costs more?"""
        rows = VGroup()
        for error in (1, 3):
            self.slide_prediction(self.y_true + error, run_time=1.5)
            loss = scalar(self.f, self.y_true + error)
            row = role_tex(rf"\hat{{y}} - y = {error:g} \;\Rightarrow\; L = {loss:g}", self.theme, 44)
            rows.add(row)
            rows.arrange(DOWN, aligned_edge=LEFT, buff=0.25).to_corner(UP + LEFT, buff=0.45)
            self.play(FadeIn(row, shift=0.2 * UP), run_time=0.8)
            if error == 1:
                self.say(self.captions["errors"])
            self.wait()
        self.wait()
        self.play(FadeOut(rows), run_time=0.6)
