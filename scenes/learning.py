"""What a loss does to learning: gradient-descent steps on the MSE parabola and the MAE V, and what the learning
rate does. Every step is an iterate of losscore.optimize on losscore's gradient."""

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

import losscore
from scenes.kit import LossPlot, MathTex, Readouts, Story, Text, loss_of_prediction
from scenes.kit import theme as th
from scenes.kit.redraw import redraw_on_change

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
        """The update rule: ŷ moves against the slope, scaled by the learning rate η.

        Ask: What would happen with η = 0? With a negative η?"""
        self.open_with(r"\hat{y} \leftarrow \hat{y} - \eta\,\frac{dL}{d\hat{y}}",
                       "Gradient descent: a step against the slope.")

    def two_losses(self):
        """MSE and MAE, each with ŷ at the same start and the same η; the step sizes are read out.

        Ask: Which of the two will take the larger first step?"""
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
        """The first steps: MSE's steps shrink as its slope flattens; MAE's keep one size.

        Ask: Will MSE ever reach the target exactly?"""
        self.say("MSE's steps shrink as the slope flattens.")
        self._steps(("mse", "mae"), self.paths, STEPS // 2)
        self.wait(0.5)

    def mae_bounces(self):
        """More steps: MSE settles; MAE overshoots the target and bounces around it with the same step size.

        Ask: How could you make MAE settle: what would you change about the learning rate?"""
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
        """MSE restarts with a small η: the same descent, crawling.

        Ask: How many more steps does it need to get as close as before?"""
        self.play(FadeOut(self.plots["mae"].dot), FadeOut(self.plots["mae"].decorations()),
                  FadeOut(self.trails["mae"]), run_time=0.5)
        self.small = self._restart(SMALL, f"η = {SMALL:g}: the same descent, crawling.")
        self._steps(("mse",), self.small, 5, run_time=0.4)
        self.wait(0.5)

    def rate_too_large(self):
        """MSE restarts with a large η: each step multiplies the error by 1 − 2η, and since |1 − 2η| > 1 it diverges.

        Ask: What is the largest η for which MSE still converges here?"""
        factor = 1 - 2 * LARGE
        factor = f"{factor:g}".replace("-", "−")  # a minus sign, not a hyphen
        self.large = self._restart(LARGE, f"η = {LARGE:g}: each step multiplies the error by {factor}.")
        self._steps(("mse",), self.large, 3, run_time=0.7)
        self.say("|1 − 2η| > 1: the error grows, it diverges.")
        self.wait()

    def back_to_start(self):
        """Both predictions back at the start: the loss's slope decides every step.

        Ask: Which loss would you pick for a model that must settle exactly?"""
        self.play(FadeOut(self.trails["mse"]), self.trackers["mse"].animate.set_value(START),
                  self.step_sizes["mse"].animate.set_value(0.0), FadeIn(self.plots["mae"].dot),
                  FadeIn(self.plots["mae"].decorations()), self.trackers["mae"].animate.set_value(START),
                  self.step_sizes["mae"].animate.set_value(0.0), run_time=1.5)
        self.say("The loss's slope decides every step.")
        self.wait(2)




# ---- LossLandscape ------------------------------------------------------------------------------------------------

# A line ŷ = w·x + b through five points whose x are all positive: w and b then trade off against each other, and
# MSE over (w, b) is a long, narrow valley.
LINE_X = np.array([1.0, 1.5, 2.0, 2.5, 3.0])
LINE_Y = 0.8 * LINE_X + 0.5 + np.array([0.1, -0.15, 0.05, 0.1, -0.1])
W_RANGE, B_RANGE = (-1.0, 2.0), (-0.5, 3.5)
FROM = (-0.6, 3.0)  # where every optimizer starts
ITERATIONS = 60
OPTIMIZERS = (("SGD", {"method": "sgd", "lr": 0.17}), ("momentum", {"method": "sgd", "lr": 0.045, "momentum": 0.9}),
              ("Adam", {"method": "adam", "lr": 0.15}))


def landscape_loss(w, b):
    """MSE of the line (w, b) on the points, from losscore."""
    return losscore.mse(LINE_Y, w * LINE_X + b)


def landscape_grad(params):
    """d MSE / d(w, b): losscore's gradient with respect to the predictions, through ŷ = w·x + b."""
    g = losscore.mse_grad(LINE_Y, params[0] * LINE_X + params[1])
    return np.array([g @ LINE_X, g.sum()])


def landscape_paths():
    """{name: iterates (ITERATIONS + 1, 2)} of each optimizer from FROM, by losscore.optimize."""
    return {name: losscore.optimize(landscape_grad, FROM, steps=ITERATIONS, **hyper) for name, hyper in OPTIMIZERS}


def contour_lines(levels, n=121):
    """The level curves of the landscape, in (w, b), as lists of (k, 2) arrays per level."""
    from contourpy import contour_generator

    w, b = np.linspace(*W_RANGE, n), np.linspace(*B_RANGE, n)
    z = np.array([[landscape_loss(wi, bi) for wi in w] for bi in b])
    generator = contour_generator(w, b, z)
    return [generator.lines(level) for level in levels]


class LossLandscape(Story):
    steps = ("show_formula", "draw_valley", "sgd", "momentum", "adam", "settle")

    def setup(self):
        super().setup()
        t = self.theme
        self.paths = landscape_paths()
        self.colors = {"SGD": t.prediction, "momentum": t.emphasis, "Adam": t.target}
        self.progress = {name: ValueTracker(0) for name in self.paths}  # each optimizer's step, as it walks
        self.running = "SGD"
        self.axes = Axes(x_range=(*W_RANGE, 0.5), y_range=(*B_RANGE, 0.5), x_length=7.0, y_length=4.9, tips=False,
                         axis_config={"color": t.axes, "stroke_width": 2, "font_size": th.NUMBER})
        self.axes.add_coordinates([-1, 1, 2], [1, 2, 3])
        for axis in (self.axes.x_axis, self.axes.y_axis):
            axis.numbers.set_color(t.muted)
        self.axes.move_to([-2.7, -0.55, 0])
        self.labels = VGroup(MathTex("w", font_size=th.LABEL).next_to(self.axes.x_axis, RIGHT, buff=0.15),
                             MathTex("b", font_size=th.LABEL).next_to(self.axes.y_axis, UP, buff=0.1))
        best = np.linalg.lstsq(np.vstack([LINE_X, np.ones_like(LINE_X)]).T, LINE_Y, rcond=None)[0]
        self.minimum = landscape_loss(*best)
        levels = self.minimum + np.geomspace(0.02, 12, 8)
        self.contours = VGroup()
        for level_lines in contour_lines(levels):
            for line in level_lines:
                if len(line) > 1:
                    self.contours.add(VMobject().set_points_as_corners([self.axes.c2p(*p) for p in line])
                                      .set_stroke(t.loss, width=2, opacity=0.55))
        self.best = Dot(self.axes.c2p(*best), radius=0.07, color=t.loss)
        self.start = Dot(self.axes.c2p(*FROM), radius=0.09, color=t.text)
        self.trails = {name: redraw_on_change(lambda name=name: self._trail(name), self.progress[name].get_value)
                       for name in self.paths}
        rows = [(rf"\text{{{name}}}\ L", lambda name=name: landscape_loss(*self.at(name)), self.colors[name])
                for name in self.paths]
        self.readouts = Readouts(rows, t, font_size=40, decimals=3).move_to([4.4, 0.3, 0])
        for label, name in zip(self.readouts.labels, self.paths):
            label.set_color(self.colors[name])
        self.counter = Readouts([(r"\text{step}", lambda: self.progress[self.running].get_value(), t.text)], t,
                                font_size=40,
                                decimals=0).move_to([4.4, -1.45, 0])

    def at(self, name):
        """(w, b) of optimizer `name` at the current step (between two iterates, on the straight line)."""
        path, s = self.paths[name], self.progress[name].get_value()
        i = min(int(s), ITERATIONS - 1)
        return path[i] + (s - i) * (path[i + 1] - path[i])

    def _trail(self, name):
        """The path walked so far, corner to corner, and a dot where the optimizer is now."""
        s = self.progress[name].get_value()
        points = [self.axes.c2p(*p) for p in self.paths[name][: int(s) + 1]] + [self.axes.c2p(*self.at(name))]
        trail = VMobject().set_points_as_corners(points if len(points) > 1 else points * 2)
        trail.set_stroke(self.colors[name], width=4)
        return VGroup(trail, Dot(points[-1], radius=0.08, color=self.colors[name]))

    def show_formula(self):
        """MSE of a linear model as a function of its two parameters, w and b.

        Ask: Why is this surface a bowl, and what decides its shape?"""
        self.open_with(r"L(w, b) = \frac{1}{n}\sum_{i=1}^{n} (w\,x_i + b - y_i)^2",
                       "Linear regression: MSE as a function of w and b.", 44)

    def draw_valley(self):
        """Level curves of L over (w, b): a long, narrow valley; the minimum, the start and the readouts.

        Ask: Which way does the gradient point at the start: along the valley or across it?"""
        self.play(Create(self.axes), FadeIn(self.labels), run_time=1.0)
        self.play(Create(self.contours, lag_ratio=0.1), FadeIn(self.best), run_time=1.8)
        self.say("Level curves of L: a long, narrow valley.")
        self.play(FadeIn(self.start, scale=1.5), FadeIn(self.readouts), FadeIn(self.counter), run_time=0.8)
        self.wait()

    def _run(self, name, caption, run_time=6.0):
        """Show optimizer `name` walking its path from the start (the others stay where they finished)."""
        self.say(caption)
        self.running = name
        self.add(self.trails[name])
        self.play(self.progress[name].animate.set_value(ITERATIONS), run_time=run_time, rate_func=linear)
        self.wait()

    def sgd(self):
        """SGD from the start: it steps down the steepest slope and zigzags across the valley.

        Ask: Why not just raise the learning rate to get along the valley faster?"""
        self._run("SGD", "SGD steps down the steepest slope: it zigzags.")

    def momentum(self):
        """Momentum from the same start: it gathers speed along the valley and overshoots.

        Ask: What does the momentum coefficient trade off?"""
        self._run("momentum", "Momentum gathers speed and overshoots.")

    def adam(self):
        """Adam from the same start: it scales each axis by its own gradient history.

        Ask: Why does per-axis scaling help in a narrow valley?"""
        self._run("Adam", "Adam scales each axis by its gradient history.")

    def settle(self):
        """All three paths together: same loss, same start, different roads.

        Ask: Which optimizer would you choose for this problem, and at what cost?"""
        self.say("Same loss, same start: the optimizer picks the road.")
        self.wait(2.5)


# ---- ClassifierFit ------------------------------------------------------------------------------------------------

POSITIVE = np.array([[1.2, 1.0], [0.6, 1.6], [1.8, 0.4], [1.0, 0.2], [2.0, 1.4], [0.3, 0.6], [1.5, 1.9], [-0.2, 1.2]])
NEGATIVE = np.array([[-1.2, -0.8], [-0.5, -1.5], [-1.8, -0.2], [-1.0, 0.3], [-2.0, -1.4], [0.2, -0.7], [-1.4, -1.9],
                     [0.6, -0.2]])
BALANCED = (np.vstack([POSITIVE, NEGATIVE]), np.r_[np.ones(len(POSITIVE)), np.zeros(len(NEGATIVE))])
# few positives, many negatives: plain BCE pushes the boundary into the rare class
RARE = POSITIVE[[0, 5, 7]]
COMMON = np.vstack([NEGATIVE, NEGATIVE + [0.3, 0.5], [[0.0, 0.2], [-0.4, 0.5]]])
IMBALANCED = (np.vstack([RARE, COMMON]), np.r_[np.ones(len(RARE)), np.zeros(len(COMMON))])
CLASSIFIERS = {  # name: (registry loss, its parameters, caption name); hinge takes labels ±1, the others 0/1
    "BCE": ("bce", {"from_logits": True}),
    "hinge": ("hinge", {}),
    "focal": ("binary_focal", {"from_logits": True, "gamma": 2.0}),
    "focal, α = 0.75": ("binary_focal", {"from_logits": True, "gamma": 2.0, "alpha": 0.75}),
}
FIT_RATE, FIT_STEPS = 0.5, 60


def every_third_step(t):
    """Training shown three gradient steps at a time: the frames in between repeat, and a GIF stores a repeated
    frame for almost nothing."""
    return np.floor(t * FIT_STEPS / 3) / (FIT_STEPS / 3)


def labels_for(loss, y01):
    """The labels `loss` expects: ±1 for a hinge (its target kind is "sign"), 0/1 otherwise."""
    return 2 * y01 - 1 if losscore.LOSSES[loss].picture.target == "sign" else y01


def classifier_fit(name, data, steps=FIT_STEPS):
    """Iterates (w₁, w₂, b) of gradient descent on classifier `name`'s loss over `data`, score s = w·x + b."""
    loss, params = CLASSIFIERS[name]
    x, y = data[0], labels_for(loss, data[1])

    def grad(theta):
        g = losscore.LOSSES[loss].grad(y, x @ theta[:2] + theta[2], **params)
        return np.array([g @ x[:, 0], g @ x[:, 1], g.sum()])
    return losscore.optimize(grad, [0.0, 0.0, 0.0], method="sgd", lr=FIT_RATE, steps=steps)


def pulls(name, data, theta):
    """Each point's |∂L/∂s|: how hard the loss pulls the boundary because of that point (0 for a point a hinge
    no longer sees)."""
    loss, params = CLASSIFIERS[name]
    x, y = data[0], labels_for(loss, data[1])
    return np.abs(losscore.LOSSES[loss].grad(y, x @ theta[:2] + theta[2], reduction="none", **params))


def mean_loss(name, data, theta):
    loss, params = CLASSIFIERS[name]
    return losscore.LOSSES[loss].fn(labels_for(loss, data[1]), data[0] @ theta[:2] + theta[2], **params)


class ClassifierFit(Story):
    steps = ("show_points", "fit_bce", "fit_hinge", "fit_focal", "imbalanced", "settle")

    def setup(self):
        super().setup()
        t = self.theme
        self.axes = Axes(x_range=(-3, 3, 1), y_range=(-2.5, 2.5, 1), x_length=6.6, y_length=5.2, tips=False,
                         axis_config={"color": t.muted, "stroke_width": 2}).move_to([-2.8, -0.45, 0])
        self.progress = ValueTracker(0)
        self.version = 0  # changes whenever another fit is shown, so the drawings rebuild
        self.data, self.name = BALANCED, "BCE"
        self.path = classifier_fit(self.name, self.data)
        key = lambda: (self.progress.get_value(), self.version)  # noqa: E731
        self.points = redraw_on_change(self._points, key)
        self.boundary = redraw_on_change(self._boundary, key)
        self.title = Text("BCE", font_size=th.CAPTION, color=t.loss)
        self.readouts = Readouts([("L", lambda: mean_loss(self.name, self.data, self.theta()), t.loss),
                                  (r"\text{step}", self.progress.get_value, t.text)], t, font_size=40, decimals=(3, 0))
        self.legend = Text("dot size: how hard\nit pulls the line", font_size=th.MIN_TEXT + 2, color=t.muted)
        VGroup(self.title, self.readouts, self.legend).arrange(DOWN, buff=0.45).move_to([4.1, 0.2, 0])

    def theta(self):
        s = self.progress.get_value()
        i = min(int(s), len(self.path) - 2)
        return self.path[i] + (s - i) * (self.path[i + 1] - self.path[i])

    def _points(self):
        t, theta = self.theme, self.theta()
        strength = pulls(self.name, self.data, theta)
        scale = strength.max() or 1.0
        dots = VGroup()
        # ten sizes, not a continuum: a dot changes only when its pull does, so a small GIF stays small
        for (x1, x2), label, pull in zip(self.data[0], self.data[1], np.round(strength / scale, 1)):
            dots.add(Dot(self.axes.c2p(x1, x2), radius=0.05 + 0.13 * pull, color=t.target if label else t.other,
                         fill_opacity=0.35 + 0.65 * pull))
        return dots

    def _boundary(self):
        """The line w·x + b = 0 (and for a hinge its margins at ±1), cut to the axes' box."""
        lines = VGroup()
        levels = (0.0, -1.0, 1.0) if CLASSIFIERS[self.name][0] == "hinge" else (0.0,)
        for level in levels:
            ends = self._ends(self.theta(), level)
            if ends is not None:
                line = Line(*ends, color=self.theme.loss, stroke_width=5 if level == 0 else 3)
                lines.add(line if level == 0 else DashedLine(*ends, color=self.theme.loss, stroke_width=3))
        return lines if len(lines) else VGroup(Dot(self.axes.c2p(0, 0), radius=0.001, fill_opacity=0))

    def _ends(self, theta, level):
        """The two points where w₁x₁ + w₂x₂ + b = level crosses the axes' box, or None where it misses it."""
        (w1, w2, b), (x_lo, x_hi), (y_lo, y_hi) = theta, (-3.0, 3.0), (-2.5, 2.5)
        found = []
        if abs(w2) > 1e-12:
            found += [(x, (level - b - w1 * x) / w2) for x in (x_lo, x_hi)]
        if abs(w1) > 1e-12:
            found += [((level - b - w2 * y) / w1, y) for y in (y_lo, y_hi)]
        inside = [(x, y) for x, y in found if x_lo - 1e-9 <= x <= x_hi + 1e-9 and y_lo - 1e-9 <= y <= y_hi + 1e-9]
        if len(inside) < 2:
            return None
        first = inside[0]
        second = max(inside, key=lambda p: (p[0] - first[0]) ** 2 + (p[1] - first[1]) ** 2)
        return self.axes.c2p(*first), self.axes.c2p(*second)

    def _show(self, name, data, caption, run_time=2.0):
        """Switch to classifier `name` on `data` and train it from scratch, as the caption says."""
        self.name, self.data, self.path = name, data, classifier_fit(name, data)
        self.version += 1
        self.progress.set_value(0)
        title = Text(name, font_size=th.CAPTION, color=self.theme.loss).move_to(self.title)
        self.play(FadeOut(self.title), FadeIn(title), run_time=0.4)
        self.title = title
        self.say(caption)
        self.play(self.progress.animate.set_value(FIT_STEPS), run_time=run_time, rate_func=every_third_step)
        self.wait()

    def show_points(self):
        """Two classes of points and a linear classifier's boundary, with the readouts of its loss and step.

        Ask: Where would you draw the line by eye?"""
        self.open_with(r"s = w_1 x_1 + w_2 x_2 + b, \qquad \hat{y} = \sigma(s)",
                       "Two classes and a line that separates them.", 44)
        self.play(Create(self.axes), FadeIn(self.points), run_time=1.2)
        self.play(FadeIn(self.boundary), FadeIn(self.title), FadeIn(self.readouts), FadeIn(self.legend), run_time=0.8)
        self.wait(0.5)

    def fit_bce(self):
        """The classifier trained on BCE: every point pulls on the boundary, the unsure ones hardest.

        Ask: Does a point far on the right side still pull on the line?"""
        self.say("BCE: every point pulls, the unsure ones hardest.")
        self.play(self.progress.animate.set_value(FIT_STEPS), run_time=2.0, rate_func=every_third_step)
        self.wait()

    def fit_hinge(self):
        """Retrained on hinge loss: points beyond the margin stop pulling.

        Ask: Which points decide the final line under hinge loss?"""
        self._show("hinge", BALANCED, "Hinge: points beyond the margin stop pulling.")

    def fit_focal(self):
        """Retrained on focal loss with γ = 2: easy points fade, hard ones lead.

        Ask: What happens to the boundary if the hard points are mislabelled?"""
        self._show("focal", BALANCED, "Focal, γ = 2: easy points fade, hard ones lead.")

    def imbalanced(self):
        """Three rare points: BCE lets one fall outside; focal with α = 0.75 weighs the rare class and moves the
        line.

        Ask: How else could you handle a rare class, without changing the loss?"""
        self._show("BCE", IMBALANCED, "Three rare points: BCE lets one fall outside.")
        self._show("focal, α = 0.75", IMBALANCED, "α = 0.75 weighs the rare class: it moves the line.")

    def settle(self):
        """The last fit: the loss decides which points move the line.

        Ask: Which loss would you choose for a dataset with noisy labels?"""
        self.say("The loss decides which points move the line.")
        self.wait(2)
