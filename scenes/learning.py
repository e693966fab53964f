"""What a loss does to learning: gradient-descent steps on the MSE parabola and the MAE V, and what the learning
rate does. Every step is an iterate of losscore.optimize on losscore's gradient."""

import numpy as np
from manim import RIGHT, UP, Dot, FadeIn, FadeOut, ValueTracker, VGroup, linear

import losscore
from scenes.kit import LossPlot, Readouts, Story, Text, loss_of_prediction
from scenes.kit import theme as th

TARGET, START = 1.0, -1.3  # the target y and the first prediction ŷ₀ (an error of −2.3)
RATE, STEPS = 0.4, 8  # the shared learning rate η and how many steps each loss takes
SMALL, LARGE = 0.05, 1.05  # too small a rate (it crawls) and too large for MSE (2η > 2: the error grows)


def descent(loss, rate, steps, start=START):
    """The predictions ŷ₀, ŷ₁, … of plain gradient descent (torch.optim.SGD) on one prediction's loss."""
    grad = losscore.LOSSES[loss].grad
    return losscore.optimize(lambda x: grad(np.full(1, TARGET), x, reduction="sum"), [start], method="sgd",
                             lr=rate, steps=steps)[:, 0]


class GradientDescentSteps(Story):
    steps = ("show_rule", "two_losses", "mse_shrinks", "mae_bounces", "rate_too_small", "rate_too_large",
             "back_to_start")

    def setup(self):
        super().setup()
        t = self.theme
        self.paths = {loss: descent(loss, RATE, STEPS) for loss in ("mse", "mae")}
        self.trackers = {loss: ValueTracker(START) for loss in self.paths}
        self.step_sizes = {loss: ValueTracker(0.0) for loss in self.paths}
        self.plots, self.trails, self.panels = {}, {}, {}
        for loss, x, y_top in (("mse", -3.4, 10), ("mae", 3.3, 4)):
            f, df = loss_of_prediction(loss, TARGET)
            plot = LossPlot(f, df, self.trackers[loss], y_true=TARGET, theme=t, x_range=(-2.5, 4.5, 1),
                            y_range=(0, y_top, y_top / 4), width=5.6, height=2.9, x_numbers=[-2, 1, 4],
                            y_numbers=[y_top], arrow_scale=0.35 if loss == "mse" else 0.6)
            self.plots[loss] = plot.place([x, -0.95, 0])
            name = Text(loss.upper(), font_size=th.CAPTION, color=t.loss)
            sizes = Readouts([(r"|\Delta \hat{y}|", self.step_sizes[loss].get_value, t.prediction)], t,
                             font_size=40)
            self.panels[loss] = VGroup(name, sizes).arrange(RIGHT, buff=0.6).next_to(plot.axes, UP, buff=0.6)
            self.trails[loss] = VGroup()

    def show_rule(self):
        self.open_with(r"\hat{y} \leftarrow \hat{y} - \eta\,\frac{dL}{d\hat{y}}",
                       "Gradient descent: a step against the slope.")

    def two_losses(self):
        for plot in self.plots.values():
            self.add(plot.axes, plot.x_label, plot.y_label, plot.curve, plot.target)
        self.play(*(FadeIn(p.dot, scale=0.5) for p in self.plots.values()),
                  *(FadeIn(p.decorations()) for p in self.plots.values()),
                  *(FadeIn(panel) for panel in self.panels.values()), run_time=1.0)
        self.say(f"Same start, same η = {RATE:g}: MSE and MAE.")
        self.wait()

    def _steps(self, losses, paths, count, run_time=0.6):
        """Take `count` steps along `paths` for `losses` together: each jump leaves a mark where it started."""
        for k in range(count):
            marks = [Dot(self.plots[loss].point(), radius=0.05, color=self.theme.muted) for loss in losses]
            for loss, mark in zip(losses, marks):
                self.trails[loss].add(mark)
            self.add(*marks)
            moves = [self.trackers[loss].animate.set_value(paths[loss][k + 1]) for loss in losses]
            sizes = [self.step_sizes[loss].animate.set_value(abs(paths[loss][k + 1] - paths[loss][k]))
                     for loss in losses]
            self.play(*moves, *sizes, run_time=run_time, rate_func=linear)

    def mse_shrinks(self):
        self.say("MSE's steps shrink as the slope flattens.")
        self._steps(("mse", "mae"), self.paths, STEPS // 2)
        self.wait(0.5)

    def mae_bounces(self):
        self.say("MAE's steps keep one size: it overshoots, forever.")
        self._steps(("mse", "mae"), {k: v[STEPS // 2:] for k, v in self.paths.items()}, STEPS // 2)
        self.wait()

    def _restart(self, rate, caption):
        """Clear the MSE marks, put ŷ back at the start, then descend with another rate."""
        self.say(caption)
        self.play(FadeOut(self.trails["mse"]), self.trackers["mse"].animate.set_value(START),
                  self.step_sizes["mse"].animate.set_value(0.0), run_time=0.8)
        self.trails["mse"] = VGroup()
        return {"mse": descent("mse", rate, STEPS)}

    def rate_too_small(self):
        self.play(FadeOut(self.plots["mae"].dot), FadeOut(self.plots["mae"].decorations()),
                  FadeOut(self.trails["mae"]), run_time=0.5)
        self.small = self._restart(SMALL, f"η = {SMALL:g}: the same descent, crawling.")
        self._steps(("mse",), self.small, 5, run_time=0.4)
        self.wait(0.5)

    def rate_too_large(self):
        factor = 1 - 2 * LARGE
        factor = f"{factor:g}".replace("-", "−")  # a minus sign, not a hyphen
        self.large = self._restart(LARGE, f"η = {LARGE:g}: each step multiplies the error by {factor}.")
        self._steps(("mse",), self.large, 3, run_time=0.7)
        self.say("|1 − 2η| > 1: the error grows, it diverges.")
        self.wait()

    def back_to_start(self):
        self.play(FadeOut(self.trails["mse"]), self.trackers["mse"].animate.set_value(START),
                  self.step_sizes["mse"].animate.set_value(0.0), FadeIn(self.plots["mae"].dot),
                  FadeIn(self.plots["mae"].decorations()), self.trackers["mae"].animate.set_value(START),
                  self.step_sizes["mae"].animate.set_value(0.0), run_time=1.5)
        self.say("The loss's slope decides every step.")
        self.wait(2)


__all__ = ["GradientDescentSteps", "descent"]
