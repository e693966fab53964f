"""What a loss does to learning: gradient-descent steps on the MSE parabola and the MAE V and what the learning rate
does (GradientDescentSteps); three optimizers in the valley of a line fit's MSE (LossLandscape); a linear classifier
trained on BCE, hinge and focal loss (ClassifierFit). Every step is an iterate of losscore.optimize on losscore's
gradients, and every number a caption states is computed from the story's parameters."""

from dataclasses import dataclass, field

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Axes,
    Circle,
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
from losscore.params import Param
from scenes.kit import (
    LossPlot,
    MathTex,
    Readouts,
    Story,
    Text,
    between,
    clip_segment,
    formula_card,
    loss_of_prediction,
    rectangle_between,
    redraw_on_change,
    regions,
    words,
)
from scenes.kit import theme as th


def decimals_for(*values):
    """The fewest decimals, at least 2 and at most 3, that write every value exactly (η = 0.40 beside 0.05)."""
    return next((places for places in (2, 3) if all(abs(round(v, places) - v) < 1e-9 for v in values)), 3)


# ---- GradientDescentSteps -----------------------------------------------------------------------------------------

TARGET, START = 1.0, -1.3  # the target y and the first prediction ŷ₀ (an error of −2.3)
REACH = 4.0  # the plots show ŷ within this distance of the target
STEPS = 8  # how many steps each loss takes at the shared rate
SMALL_STEPS, LARGE_STEPS = 5, 3  # steps shown at the small rate; at most this many at the large one


def descent(loss, rate, steps, start=START):
    """The predictions ŷ₀, ŷ₁, … of plain gradient descent (torch.optim.SGD) on one prediction's loss."""
    grad = losscore.LOSSES[loss].grad
    return losscore.optimize(lambda x: grad(np.full(1, TARGET), x, reduction="sum"), [start], method="sgd",
                             lr=rate, steps=steps)[:, 0]


def large_steps_shown(rate):
    """How many MSE steps at the diverging `rate` the plot shows: each ends with its arrow, the next step, still on
    the plot (the error grows by |1 − 2η| a step)."""
    errors = np.abs(descent("mse", rate, LARGE_STEPS + 1) - TARGET)
    on_plot = int(np.argmax(errors > REACH)) if (errors > REACH).any() else len(errors)
    return min(LARGE_STEPS, on_plot - 2)


class StepPlot(LossPlot):
    """A LossPlot whose arrow is the step itself, Δŷ = −η·dL/dŷ, drawn to the ŷ axis's scale: it changes with η, and
    it compares across plots that share that scale (the kit's arrow holds at the axes' end, with a break mark)."""

    def __init__(self, f, df, tracker, rate, **kwargs):
        self.rate = rate  # a ValueTracker holding η; the decorations read it, so it is set first
        unit = kwargs["width"] / (kwargs["x_range"][1] - kwargs["x_range"][0])  # screen units per unit of ŷ
        super().__init__(f, df, tracker, arrow_scale=unit, arrow_cap=np.inf, **kwargs)

    def _moved(self):
        return (*super()._moved(), self.rate.get_value())

    def step(self):
        """Δŷ = −η·dL/dŷ: the step gradient descent takes from the dot."""
        return -self.rate.get_value() * self.slope()

    def arrow_for(self, point, slope):
        return super().arrow_for(point, self.rate.get_value() * slope)


class GradientDescentSteps(Story):
    steps = ("show_rule", "two_losses", "mse_shrinks", "mae_bounces", "rate_too_small", "rate_too_large",
             "back_to_start")
    parameters = (
        Param(name="rate", default=0.4, low=0.35, high=0.75, step=0.05,
              meaning=f"η, the learning rate MSE and MAE share (MAE overshoots within its {STEPS} steps, MSE settles)"),
        Param(name="small_rate", default=0.05, low=0.02, high=0.1, step=0.01,
              meaning="too small a rate: MSE crawls"),
        Param(name="large_rate", default=1.05, low=1.02, high=1.1, step=0.01,
              meaning="too large a rate for MSE: each step multiplies the error by 1 − 2η, below −1"),
    )

    def setup(self):
        super().setup()
        t, p = self.theme, self.params
        self.paths = {loss: descent(loss, p["rate"], STEPS) for loss in ("mse", "mae")}
        self.trackers = {loss: ValueTracker(START) for loss in self.paths}
        self.rates = {loss: ValueTracker(p["rate"]) for loss in self.paths}
        digits = decimals_for(*p.values())
        self.plots, self.trails, self.panels, self.readouts = {}, {}, {}, {}
        for loss, half in zip(self.paths, regions().body.split(0.5, axis="x")):  # MSE left, MAE right
            plot_area, header = half.split(0.74)
            f, df = loss_of_prediction(loss, TARGET)
            top = float(f(TARGET + REACH)[0])  # the whole curve fits: it is highest at the edges
            # the room left beside the axes is for their labels: ŷ on the right, the numbers below
            plot = StepPlot(f, df, self.trackers[loss], self.rates[loss], y_true=TARGET, theme=t,
                            x_range=(TARGET - REACH, TARGET + REACH, 1), y_range=(0, top, top / 4),
                            width=0.75 * half.width, height=0.65 * plot_area.height,
                            x_numbers=[TARGET - REACH + 1, TARGET, TARGET + REACH - 1], y_numbers=[top])
            self.plots[loss] = plot.place(plot_area.point(0.46, 0.5))
            name = Text(loss.upper(), font_size=th.CAPTION, color=t.loss)
            readouts = Readouts([(r"\eta", self.rates[loss].get_value, t.text),
                                 (r"|\Delta \hat{y}|", lambda plot=plot: abs(plot.step()), t.gradient)], t,
                                font_size=th.NUMBER, decimals=(digits, 2))
            self.panels[loss] = VGroup(name, readouts).arrange(RIGHT, buff=0.7).move_to(header.center)
            self.readouts[loss] = readouts
            self.trails[loss] = VGroup()

    def show_rule(self):
        """The update rule: ŷ moves against the slope, scaled by the learning rate η; below it MSE's parabola and
        MAE's V, with the same target.

        Ask: What would happen with η = 0? With a negative η?"""
        self.show_title(formula_card(r"\hat{y} \leftarrow \hat{y} - \eta\,\frac{dL}{d\hat{y}}", self.theme))
        self.say("Gradient descent: a step against the slope.")
        self.play(*(FadeIn(VGroup(p.axes, p.x_label, p.y_label, p.curve, p.target)) for p in self.plots.values()),
                  *(FadeIn(panel[0]) for panel in self.panels.values()), run_time=1.0)
        self.wait(1.5)

    def two_losses(self):
        """ŷ at the same start on both, with the same η. Each arrow is the step gradient descent takes next, η times
        the slope, drawn on the ŷ axis's scale (it ends where ŷ lands); its length is read out as |Δŷ|.

        Ask: Which of the two will take the larger first step?"""
        self.say(f"Same start, same η = {self.params['rate']:g}: MSE and MAE.")
        self.play(*(FadeIn(p.dot, scale=0.5) for p in self.plots.values()),
                  *(FadeIn(r) for r in self.readouts.values()), run_time=1.0)
        self.say("Each arrow is the next step: η times the slope.")
        self.play(*(FadeIn(p.decorations()) for p in self.plots.values()), run_time=0.8)
        self.wait(0.5)

    def _steps(self, losses, paths, count, run_time=0.6):
        """Take `count` steps along `paths` for `losses` together: each jump leaves a mark where it started."""
        for k in range(count):
            marks = [Dot(self.plots[loss].point(), radius=0.05, color=self.theme.muted) for loss in losses]
            for loss, mark in zip(losses, marks):
                self.trails[loss].add(mark)
            self.add(*marks)
            self.play(*(self.trackers[loss].animate.set_value(paths[loss][k + 1]) for loss in losses),
                      run_time=run_time, rate_func=linear)

    def mse_shrinks(self):
        """The first steps: MSE's steps shrink as its slope flattens; MAE's keep one size.

        Ask: Will MSE ever reach the target exactly?"""
        self.say("MSE's steps shrink as the slope flattens.")
        self._steps(("mse", "mae"), self.paths, STEPS // 2)

    def mae_bounces(self):
        """More steps: MSE settles; MAE overshoots the target and bounces around it with the same step size.

        Ask: How could you make MAE settle: what would you change about the learning rate?"""
        self.say("MAE's steps keep one size: it overshoots, forever.")
        self._steps(("mse", "mae"), {k: v[STEPS // 2:] for k, v in self.paths.items()}, STEPS // 2)
        self.wait(0.5)

    def _restart(self, rate):
        """Clear the MSE marks and put ŷ back at the start as η turns to `rate` (the arrow follows)."""
        self.play(FadeOut(self.trails["mse"]), self.trackers["mse"].animate.set_value(START),
                  self.rates["mse"].animate.set_value(rate), run_time=0.8)
        self.trails["mse"] = VGroup()
        return {"mse": descent("mse", rate, STEPS)}

    def rate_too_small(self):
        """MAE rests; MSE restarts with a small η: the same descent, crawling.

        Ask: How many more steps does it need to get as close as before?"""
        mae = self.plots["mae"]
        self.play(FadeOut(mae.dot), FadeOut(mae.decorations()), FadeOut(self.trails["mae"]),
                  FadeOut(self.readouts["mae"]), run_time=0.5)
        small = self.params["small_rate"]
        self.say(f"η = {small:g}: the same descent, crawling.")
        self._steps(("mse",), self._restart(small), SMALL_STEPS, run_time=0.4)
        self.wait(0.5)

    def rate_too_large(self):
        """MSE restarts with a large η: each step multiplies the error by 1 − 2η, and since |1 − 2η| > 1 it
        diverges.

        Ask: What is the largest η for which MSE still converges here?"""
        large = self.params["large_rate"]
        self.say(f"η = {large:g}: each step multiplies the error by {words(1 - 2 * large)}.")
        path = self._restart(large)
        self._steps(("mse",), path, 1, run_time=0.7)
        self.say("|1 − 2η| > 1: the error grows, it diverges.")
        self._steps(("mse",), {"mse": path["mse"][1:]}, large_steps_shown(large) - 1, run_time=0.7)
        self.wait(0.5)

    def back_to_start(self):
        """Both predictions back at the start, with the shared η: the loss's slope decides every step.

        Ask: Which loss would you pick for a model that must settle exactly?"""
        self.say("The loss's slope decides every step.")
        mae = self.plots["mae"]
        self.play(FadeOut(self.trails["mse"]), self.trackers["mse"].animate.set_value(START),
                  self.rates["mse"].animate.set_value(self.params["rate"]), FadeIn(mae.dot),
                  FadeIn(mae.decorations()), FadeIn(self.readouts["mae"]),
                  self.trackers["mae"].animate.set_value(START), run_time=1.5)
        self.wait(2)


# ---- LossLandscape ------------------------------------------------------------------------------------------------

# A line ŷ = w·x + b through five points whose x are all positive: w and b then trade off against each other, and
# MSE over (w, b) is a long, narrow valley.
LINE_X = np.array([1.0, 1.5, 2.0, 2.5, 3.0])
LINE_Y = 0.8 * LINE_X + 0.5 + np.array([0.1, -0.15, 0.05, 0.1, -0.1])
DESIGN = np.column_stack([LINE_X, np.ones_like(LINE_X)])  # ŷ = DESIGN @ (w, b)
W_RANGE, B_RANGE = (-2.0, 2.0), (-0.5, 3.5)  # the valley and every path fit, with room for the names
FROM = (-0.6, 3.0)  # where every optimizer starts
ITERATIONS = 60


def landscape_loss(w, b):
    """MSE of the line (w, b) on the points, from losscore."""
    return losscore.mse(LINE_Y, w * LINE_X + b)


def landscape_grad(params):
    """d MSE / d(w, b): losscore's gradient with respect to the predictions, through ŷ = w·x + b."""
    g = losscore.mse_grad(LINE_Y, params[0] * LINE_X + params[1])
    return np.array([g @ LINE_X, g.sum()])


def landscape_minimum():
    """The (w, b) of least MSE: the least-squares line through the points."""
    return np.linalg.lstsq(DESIGN, LINE_Y, rcond=None)[0]


def optimizers(params):
    """{name on screen: losscore.optimize's method and hyper-parameters}, from the story's parameters. Every step
    uses the gradient over all the points: full-batch gradient descent, not a stochastic one."""
    return {"GD": {"method": "sgd", "lr": params["gd_rate"]},
            "momentum": {"method": "sgd", "lr": params["momentum_rate"], "momentum": params["momentum"]},
            "Adam": {"method": "adam", "lr": params["adam_rate"]}}


def landscape_paths(params):
    """{name: iterates (ITERATIONS + 1, 2)} of each optimizer from FROM, by losscore.optimize."""
    return {name: losscore.optimize(landscape_grad, FROM, steps=ITERATIONS, **hyper)
            for name, hyper in optimizers(params).items()}


def valley():
    """(along, across): unit vectors in (w, b) along the valley floor (the Hessian's flat direction) and across it."""
    along = np.linalg.eigh(DESIGN.T @ DESIGN)[1][:, 0]
    return along, np.array([-along[1], along[0]])


def overshoots(path):
    """Whether `path` runs past the minimum along the valley and then turns back."""
    along = (path - landscape_minimum()) @ valley()[0]
    return bool(along[0] < 0 < along.max() and along[-1] < along.max())


def contour_lines(levels, n=121):
    """The level curves of the landscape, in (w, b), as lists of (k, 2) arrays per level."""
    from contourpy import contour_generator

    w, b = np.linspace(*W_RANGE, n), np.linspace(*B_RANGE, n)
    z = np.array([[landscape_loss(wi, bi) for wi in w] for bi in b])
    generator = contour_generator(w, b, z)
    return [generator.lines(level) for level in levels]


def one_scale_axes(x_range, y_range, region, room=(0.0, 0.0), **config):
    """Axes with one scale on both (a right angle on screen is a right angle in the data), as large as fits in
    `region` less `room` (width, height) for what is drawn around them, centred in it."""
    (x0, x1), (y0, y1) = x_range, y_range
    unit = min((region.width - room[0]) / (x1 - x0), (region.height - room[1]) / (y1 - y0))
    return Axes(x_range=(x0, x1, 1), y_range=(y0, y1, 1), x_length=unit * (x1 - x0), y_length=unit * (y1 - y0),
                **config).move_to(region.center)


def framed_axes(x_range, y_range, labels, region, theme):
    """One-scale axes drawn as a box with a tick and a number at every whole number, the numbers and the labels
    outside it: whatever is drawn inside never crosses a number. Returns (axes, the box's drawing); the axes
    themselves are not drawn."""
    (x0, x1), (y0, y1) = x_range, y_range
    numbers = [np.arange(np.ceil(low), np.floor(high) + 1) + 0.0 for low, high in (x_range, y_range)]  # no −0
    axes = one_scale_axes(x_range, y_range, region, room=(1.3, 0.8)).shift(0.2 * UP)  # numbers below, a label above
    low, high = axes.c2p(x0, y0), axes.c2p(x1, y1)
    frame = VGroup(rectangle_between(low, high, color=theme.axes, stroke_width=2))
    for x in numbers[0]:
        frame.add(Line(axes.c2p(x, y0), axes.c2p(x, y0) + 0.1 * UP, color=theme.axes, stroke_width=2),
                  MathTex(f"{x:g}", font_size=th.NUMBER, color=theme.muted).next_to(axes.c2p(x, y0), DOWN, 0.15))
    for y in numbers[1]:
        frame.add(Line(axes.c2p(x0, y), axes.c2p(x0, y) + 0.1 * RIGHT, color=theme.axes, stroke_width=2),
                  MathTex(f"{y:g}", font_size=th.NUMBER, color=theme.muted).next_to(axes.c2p(x0, y), LEFT, 0.15))
    frame.add(MathTex(labels[0], font_size=th.LABEL).next_to(high[0] * RIGHT + low[1] * UP, RIGHT, 0.2),
              MathTex(labels[1], font_size=th.LABEL).next_to(low[0] * RIGHT + high[1] * UP, UP, 0.15))
    return axes, frame


class LossLandscape(Story):
    steps = ("show_formula", "draw_valley", "gradient_descent", "momentum", "adam", "settle")
    parameters = (
        Param(name="gd_rate", default=0.17, low=0.15, high=0.18, step=0.01,
              meaning="gradient descent's η: between 1/λ and 2/λ of the valley's steep side, so it zigzags"),
        Param(name="momentum_rate", default=0.045, low=0.01, high=0.08, step=0.005, meaning="momentum's η"),
        Param(name="momentum", default=0.9, low=0.5, high=0.9, step=0.05,
              meaning="β, the share of the last step momentum keeps"),
        Param(name="adam_rate", default=0.15, low=0.05, high=0.3, step=0.05,
              meaning="Adam's η: the size of its first step on each axis"),
    )

    def setup(self):
        super().setup()
        t, layout = self.theme, regions()
        self.paths = landscape_paths(self.params)
        self.colors = {"GD": t.prediction, "momentum": t.emphasis, "Adam": t.target}
        self.progress = {name: ValueTracker(0) for name in self.paths}  # each optimizer's step, as it walks
        self.strength = {name: ValueTracker(1.0) for name in self.paths}  # a path fades while the next one runs
        self.running = "GD"
        self.axes, self.frame = framed_axes(W_RANGE, B_RANGE, ("w", "b"), layout.main, t)
        best = landscape_minimum()
        levels = landscape_loss(*best) + np.geomspace(0.02, 12, 8)
        self.contours = VGroup(*(VMobject().set_points_as_corners(self.axes.coords_to_point(line))
                                 .set_stroke(t.loss, width=2, opacity=0.55)
                                 for level_lines in contour_lines(levels) for line in level_lines if len(line) > 1))
        self.best = VGroup(Dot(self.axes.c2p(*best), radius=0.08, color=t.loss))
        # the paths arrive along the valley from above and overshoot below: the minimum's name sits beside it
        self.best.add(Text("minimum", font_size=th.MIN_TEXT, color=t.loss).next_to(self.best[0], LEFT, 0.15))
        self.start = VGroup(Dot(self.axes.c2p(*FROM), radius=0.09, color=t.text))
        self.start.add(Text("start", font_size=th.MIN_TEXT, color=t.text).next_to(self.start[0], LEFT, 0.15))
        self.trails = {name: redraw_on_change(lambda name=name: self._trail(name),
                                              lambda name=name: (self.progress[name].get_value(),
                                                                 self.strength[name].get_value()))
                       for name in self.paths}
        rows = [(rf"\text{{{name}}}\ L", lambda name=name: landscape_loss(*self.at(name)), self.colors[name])
                for name in self.paths]
        self.readouts = Readouts(rows, t, font_size=th.NUMBER, decimals=3)
        for label, name in zip(self.readouts.labels, self.paths):
            label.set_color(self.colors[name])
        self.counter = Readouts([(r"\text{step}", lambda: self.progress[self.running].get_value(), t.text)], t,
                                font_size=th.NUMBER, decimals=0)
        VGroup(self.readouts, self.counter).arrange(DOWN, buff=0.5).move_to(layout.side.center)
        self.first_steps = self._first_steps_table().move_to(layout.readouts.center)

    def at(self, name):
        """(w, b) of optimizer `name` at the current step."""
        return between(self.paths[name], self.progress[name].get_value())

    def _trail(self, name):
        """The path walked so far, corner to corner, and a dot where the optimizer is now."""
        s, strength = self.progress[name].get_value(), self.strength[name].get_value()
        points = [self.axes.c2p(*p) for p in self.paths[name][: int(s) + 1]] + [self.axes.c2p(*self.at(name))]
        trail = VMobject().set_points_as_corners(points if len(points) > 1 else points * 2)
        trail.set_stroke(self.colors[name], width=4, opacity=strength)
        return VGroup(trail, Dot(points[-1], radius=0.08, color=self.colors[name], fill_opacity=strength))

    def _first_steps_table(self):
        """Each optimizer's first step along w and along b, from its iterates: gradient descent's follow the
        gradient (w's is the larger), Adam's are η each."""
        t = self.theme
        cells = [Text("first step", font_size=th.MIN_TEXT, color=t.muted), MathTex(r"|\Delta w|", font_size=th.NUMBER),
                 MathTex(r"|\Delta b|", font_size=th.NUMBER)]
        for name in ("GD", "Adam"):
            step = np.abs(self.paths[name][1] - self.paths[name][0])
            cells += [Text(name, font_size=th.MIN_TEXT, color=self.colors[name]),
                      *(MathTex(f"{v:.2f}", font_size=th.NUMBER, color=self.colors[name]) for v in step)]
        return VGroup(*cells).arrange_in_grid(rows=3, cols=3, buff=(0.45, 0.25))

    def show_formula(self):
        """MSE of a linear model as a function of its two parameters, w and b.

        Ask: Why is this surface a bowl, and what decides its shape?"""
        self.show_title(formula_card(r"L(w, b) = \frac{1}{n}\sum_{i=1}^{n} (w\,x_i + b - y_i)^2", self.theme, 44))
        self.say("Linear regression: MSE as a function of w and b.")
        self.play(Create(self.frame), run_time=1.0)
        self.wait(1)

    def draw_valley(self):
        """Level curves of L over (w, b), one scale on both axes: a long, narrow valley; the minimum, the start and
        each optimizer's loss.

        Ask: Which way does the gradient point at the start: along the valley or across it?"""
        self.say("Level curves of L: a long, narrow valley.")
        self.play(Create(self.contours, lag_ratio=0.1), run_time=1.6)
        self.add_foreground_mobjects(self.best)  # the minimum stays on top of every path
        self.play(FadeIn(self.best), FadeIn(self.start, scale=1.5), FadeIn(self.readouts), FadeIn(self.counter),
                  run_time=0.8)
        self.wait(0.5)

    def _run(self, name, caption, run_time=5.0):
        """Show optimizer `name` walking its path from the start, the paths walked before it faded."""
        self.say(caption)
        self.running = name
        self.add(self.trails[name])
        walked = [other for other in self.paths if other != name and self.progress[other].get_value() > 0]
        if walked:
            self.play(*(self.strength[other].animate.set_value(0.35) for other in walked), run_time=0.5)
        self.play(self.progress[name].animate.set_value(ITERATIONS), run_time=run_time, rate_func=linear)

    def gradient_descent(self):
        """Gradient descent, every step on all the points (full batch), from the start: it steps down the
        steepest slope, at right angles to the level curves, and zigzags across the valley.

        Ask: Why not just raise the learning rate to get along the valley faster?"""
        self._run("GD", "Full-batch gradient descent: steepest, so it zigzags.")

    def momentum(self):
        """Momentum from the same start: it gathers speed along the valley (and overshoots the minimum, where it
        does).

        Ask: What does the momentum coefficient trade off?"""
        overshot = overshoots(self.paths["momentum"])
        self._run("momentum", "Momentum gathers speed and overshoots." if overshot
                  else "Momentum gathers speed along the valley.")

    def adam(self):
        """Adam from the same start: it divides each axis's step by that axis's gradient size, so its first step is
        η along w and along b, where gradient descent's first step follows the gradient (mostly along w).

        Ask: Why does per-axis scaling help in a narrow valley?"""
        self.say(f"Adam scales each axis: first step {self.params['adam_rate']:g} in w and b.")
        self.play(FadeIn(self.first_steps), run_time=0.6)
        self._run("Adam", "Then it walks the valley on its own scale per axis.")

    def settle(self):
        """All three paths together: same loss, same start, different roads.

        Ask: Which optimizer would you choose for this problem, and at what cost?"""
        self.say("Same loss, same start: the optimizer picks the road.")
        self.play(*(s.animate.set_value(1.0) for s in self.strength.values()), run_time=0.8)
        self.wait(1.5)


# ---- ClassifierFit ------------------------------------------------------------------------------------------------

X_RANGE, Y_RANGE = (-3.0, 3.0), (-2.5, 2.5)  # the plane the points live in
CENTRES, SPREAD = ((0.9, 0.9), (-0.9, -0.8)), 0.65  # each class's centre, and how far its points scatter
PER_CLASS, RARE, COMMON = 8, 3, 18  # points per class when balanced; the rare and the common class's when not
FIRST_LINE = (-0.5, 0.5, 0.0)  # (w₁, w₂, b) training starts from: a line through both classes
FIT_RATE, FIT_STEPS = 0.5, 60
DOT_RADIUS, RING_RADIUS = 0.2, 0.09  # a point pulling with |∂L/∂s| = 1 is a disc this big; every point has a ring
SMALLEST_DOT = 0.045  # the disc of a point that pulls at all, however little: visible in a 640-px GIF


def two_classes(seed):
    """(balanced, imbalanced): two data sets drawn from `seed`, each (points (n, 2), labels 1 or 0). The balanced
    one has PER_CLASS points of each class; the imbalanced one keeps the RARE positives nearest the negatives'
    centre (the hard ones) among COMMON negatives."""
    rng = np.random.default_rng(seed)
    low, high = np.array([X_RANGE[0], Y_RANGE[0]]) + 0.3, np.array([X_RANGE[1], Y_RANGE[1]]) - 0.3
    positive = np.clip(rng.normal(CENTRES[0], SPREAD, (PER_CLASS, 2)), low, high)
    negative = np.clip(rng.normal(CENTRES[1], SPREAD, (COMMON, 2)), low, high)
    rare = positive[np.argsort(np.linalg.norm(positive - CENTRES[1], axis=1))[:RARE]]
    return ((np.vstack([positive, negative[:PER_CLASS]]), np.r_[np.ones(PER_CLASS), np.zeros(PER_CLASS)]),
            (np.vstack([rare, negative]), np.r_[np.ones(RARE), np.zeros(COMMON)]))


@dataclass(frozen=True, kw_only=True)
class Classifier:
    """A linear classifier's loss: its name on screen, the registry's loss and the parameters it is called with."""
    title: str
    loss: str
    params: dict = field(default_factory=dict)

    def labels(self, y01):
        """The labels the loss expects: ±1 where the registry's picture says its target is a sign, else 0/1."""
        return 2 * y01 - 1 if losscore.LOSSES[self.loss].picture.target == "sign" else y01

    def scores(self, data, theta):
        return data[0] @ theta[:2] + theta[2]

    def pulls(self, data, theta):
        """Each point's |∂L/∂s|: how hard it pulls the line (the loss of one point, so the mean's 1/n left out)."""
        return np.abs(losscore.LOSSES[self.loss].grad(self.labels(data[1]), self.scores(data, theta),
                                                      reduction="none", **self.params))

    def mean_loss(self, data, theta):
        return losscore.LOSSES[self.loss].fn(self.labels(data[1]), self.scores(data, theta), **self.params)

    def fit(self, data, steps=FIT_STEPS):
        """Iterates (w₁, w₂, b) of gradient descent on the mean loss over `data`, from FIRST_LINE."""
        x, y = data[0], self.labels(data[1])

        def grad(theta):
            g = losscore.LOSSES[self.loss].grad(y, x @ theta[:2] + theta[2], **self.params)
            return np.array([g @ x[:, 0], g @ x[:, 1], g.sum()])
        return losscore.optimize(grad, FIRST_LINE, method="sgd", lr=FIT_RATE, steps=steps)

    def margin(self):
        """The score y·s beyond which a point stops pulling (hinge: 1), read off the loss's gradient; None when no
        point ever stops."""
        s = np.linspace(0.0, 5.0, 501)
        pull = np.abs(losscore.LOSSES[self.loss].grad(self.labels(np.ones_like(s)), s, reduction="none",
                                                       **self.params))
        stopped = np.flatnonzero(pull == 0)
        return float(s[stopped[0]]) if len(stopped) else None


def classifiers(params):
    """The classifiers the story trains, from its parameters."""
    focal = {"from_logits": True, "gamma": params["gamma"]}
    return {"bce": Classifier(title="BCE", loss="bce", params={"from_logits": True}),
            "hinge": Classifier(title="hinge", loss="hinge"),
            "focal": Classifier(title=f"focal, γ = {params['gamma']:g}", loss="binary_focal", params=focal),
            "balanced_focal": Classifier(title=f"focal, α = {params['alpha']:g}", loss="binary_focal",
                                         params={**focal, "alpha": params["alpha"]})}


def wrong_side(data, theta):
    """Which points the line (w₁, w₂, b) puts on the wrong side (a score of 0 counts as wrong)."""
    return (data[0] @ theta[:2] + theta[2] > 0) != (data[1] > 0)


def every_third_step(t):
    """Training shown three gradient steps at a time: the frames in between repeat, and a GIF stores a repeated
    frame for almost nothing."""
    return np.floor(t * FIT_STEPS / 3) / (FIT_STEPS / 3)


def dot_radius(pull):
    """A point's disc: its area proportional to its pull, on one scale for every loss (a pull of 1 fills
    DOT_RADIUS), rounded up to tenths of the radius so that a dot changes only when its pull does (a small GIF
    stays small); a point that pulls at all shows at least SMALLEST_DOT, one that does not shows none."""
    radius = DOT_RADIUS * np.ceil(10 * np.sqrt(pull) - 1e-9) / 10
    return max(radius, SMALLEST_DOT) if pull > 0 else 0.0


class ClassifierFit(Story):
    steps = ("show_points", "fit_bce", "fit_hinge", "fit_focal", "imbalanced", "settle")
    parameters = (
        Param(name="seed", default=2, kind="int", low=0, high=99, step=1,
              meaning=f"which two clouds of points are drawn (the rare class: the {RARE} positives nearest the "
                      "negatives)"),
        Param(name="gamma", default=2.0, low=0.5, high=5.0, step=0.5,
              meaning="focal loss's γ: how much easy points fade"),
        Param(name="alpha", default=0.75, low=0.55, high=0.95, step=0.05,
              meaning="focal loss's α on imbalanced data: the weight of the rare class"),
    )

    def setup(self):
        super().setup()
        t, layout = self.theme, regions()
        self.balanced_data, self.imbalanced_data = two_classes(self.params["seed"])
        self.classifiers = classifiers(self.params)
        self.axes = one_scale_axes(X_RANGE, Y_RANGE, layout.main, room=(0.0, 0.3), tips=False,
                                   axis_config={"color": t.muted, "stroke_width": 2})
        self.progress = ValueTracker(0)
        self.version = 0  # changes whenever another fit is shown, so the drawings rebuild
        self._use("bce", self.balanced_data)
        key = lambda: (self.progress.get_value(), self.version)  # noqa: E731
        self.points = redraw_on_change(self._points, key)
        self.boundary = redraw_on_change(self._boundary, key)
        self.title = Text(self.classifier.title, font_size=th.CAPTION, color=t.loss)
        self.readouts = Readouts([("L", lambda: self.classifier.mean_loss(self.data, self.theta()), t.loss),
                                  (r"\text{step}", self.progress.get_value, t.text),
                                  (r"\text{wrong side}", lambda: wrong_side(self.data, self.theta()).sum(),
                                   t.emphasis)], t, font_size=th.NUMBER, decimals=(3, 0, 0))
        self.legend = self._legend()
        column = VGroup(self.title, self.readouts, self.legend).arrange(DOWN, buff=0.35)
        column.move_to((layout.side.center + layout.readouts.center) / 2)

    def _use(self, key, data):
        """Show classifier `key` on `data` from now on, at the first step of its training."""
        self.classifier, self.data = self.classifiers[key], data
        self.path, self.margin = self.classifier.fit(data), self.classifier.margin()
        self.version += 1
        self.progress.set_value(0)

    def theta(self):
        """(w₁, w₂, b) at the current step."""
        return between(self.path, self.progress.get_value())

    def _point(self, at, color, pull, wrong):
        """One point: a ring where it is, a disc whose area is its pull, an outer ring when on the wrong side."""
        t = self.theme
        mark = VGroup(Circle(radius=RING_RADIUS, color=color, stroke_width=3).move_to(at))
        radius = dot_radius(pull)
        if radius > 0:
            mark.add(Dot(at, radius=radius, color=color, fill_opacity=0.85))
        if wrong:
            mark.add(Circle(radius=DOT_RADIUS + 0.06, color=t.emphasis, stroke_width=3).move_to(at))
        return mark

    def _points(self):
        theta, data = self.theta(), self.data
        pulls, wrong = self.classifier.pulls(data, theta), wrong_side(data, theta)
        return VGroup(*(self._point(self.axes.c2p(*xy), self.theme.target if label else self.theme.other, pull, bad)
                        for xy, label, pull, bad in zip(data[0], data[1], pulls, wrong)))

    def _boundary(self):
        """The line w·x + b = 0 (and where a point stops pulling, the margins y·s = ±m, dashed), cut to the axes'
        box."""
        lines = VGroup()
        for level in (0.0,) if self.margin is None else (0.0, -self.margin, self.margin):
            ends = self._ends(self.theta(), level)
            if ends is not None:
                kind = Line if level == 0 else DashedLine
                lines.add(kind(*ends, color=self.theme.loss, stroke_width=5 if level == 0 else 3))
        return lines if len(lines) else VGroup(Dot(self.axes.c2p(0, 0), radius=0.001, fill_opacity=0))

    def _ends(self, theta, level):
        """The two points where w₁x₁ + w₂x₂ + b = level crosses the axes' box, or None where it misses it."""
        w, b = np.asarray(theta[:2]), theta[2]
        if np.linalg.norm(w) < 1e-12:
            return None
        foot = (level - b) * w / (w @ w)  # the line's point nearest the origin
        along = np.array([-w[1], w[0]]) / np.linalg.norm(w)
        reach = np.hypot(np.ptp(X_RANGE), np.ptp(Y_RANGE))
        ends = clip_segment(foot - reach * along, foot + reach * along, (X_RANGE[0], Y_RANGE[0]),
                            (X_RANGE[1], Y_RANGE[1]))
        return None if ends is None else tuple(self.axes.c2p(*end) for end in ends)

    def _legend(self):
        """What a disc, a ring alone and an outer ring mean, with one of each."""
        t = self.theme
        rows = ((self._point(ORIGIN, t.muted, 1.0, False), "pulls with |∂L/∂s| = 1"),
                (self._point(ORIGIN, t.muted, 0.0, False), "does not pull"),
                (self._point(ORIGIN, t.muted, 0.0, True), "on the wrong side"))
        legend = VGroup(*(VGroup(mark, Text(meaning, font_size=th.MIN_TEXT, color=t.muted)).arrange(RIGHT, buff=0.3)
                          for mark, meaning in rows)).arrange(DOWN, buff=0.1, aligned_edge=LEFT)
        return VGroup(Text("a disc's area is its pull", font_size=th.MIN_TEXT, color=t.muted), legend).arrange(
            DOWN, buff=0.25, aligned_edge=LEFT)

    def _show(self, key, data, caption, run_time=2.0):
        """Say what is about to happen, then switch to classifier `key` on `data` and train it from the first line."""
        self.say(caption)
        self._use(key, data)
        title = Text(self.classifier.title, font_size=th.CAPTION, color=self.theme.loss).move_to(self.title)
        self.play(FadeOut(self.title), FadeIn(title), run_time=0.4)
        self.title = title
        self.play(self.progress.animate.set_value(FIT_STEPS), run_time=run_time, rate_func=every_third_step)
        self.wait(0.5)

    def show_points(self):
        """Two classes of points and the first line a linear classifier draws (s = 0), with the readouts of its
        loss, its step and how many points are on the wrong side (ringed).

        Ask: Where would you draw the line by eye?"""
        self.show_title(formula_card(r"s = w_1 x_1 + w_2 x_2 + b, \qquad \hat{y} = \sigma(s)", self.theme, 44))
        self.say("Two classes, and a line that should separate them.")
        self.play(Create(self.axes), FadeIn(self.points), run_time=1.2)
        self.play(FadeIn(self.boundary), FadeIn(self.title), FadeIn(self.readouts), FadeIn(self.legend), run_time=0.8)
        self.wait(0.5)

    def fit_bce(self):
        """The classifier trained on BCE: every point pulls on the line, the unsure ones hardest.

        Ask: Does a point far on the right side still pull on the line?"""
        self.say("BCE: every point pulls, the unsure ones hardest.")
        self.play(self.progress.animate.set_value(FIT_STEPS), run_time=2.0, rate_func=every_third_step)
        self.wait(0.5)

    def fit_hinge(self):
        """Retrained on hinge loss: points beyond the margin (dashed) stop pulling.

        Ask: Which points decide the final line under hinge loss?"""
        self._show("hinge", self.balanced_data, "Hinge: points beyond the margin stop pulling.")

    def fit_focal(self):
        """Retrained on focal loss: easy points fade, hard ones lead.

        Ask: What happens to the line if the hard points are mislabelled?"""
        gamma = self.params["gamma"]
        self._show("focal", self.balanced_data, f"Focal, γ = {gamma:g}: easy points fade, hard ones lead.")

    def imbalanced(self):
        """A few rare points among many: BCE may leave some of them on the wrong side (the caption counts them);
        focal loss with α weighs each rare point α/(1 − α) times a common one, and the line follows the weights.

        Ask: How else could you handle a rare class, without changing the loss?"""
        data, alpha = self.imbalanced_data, self.params["alpha"]
        missed = wrong_side(data, self.classifiers["bce"].fit(data)[-1])[:RARE].sum()
        self._show("bce", data, f"{RARE} rare points: BCE leaves {missed} on the wrong side." if missed
                   else f"{RARE} rare points among {COMMON}: BCE still gets them right.")
        self._show("balanced_focal", data, f"α = {alpha:g}: rare points count {alpha / (1 - alpha):.3g}× common ones.")

    def settle(self):
        """The last fit: the loss decides which points move the line.

        Ask: Which loss would you choose for a dataset with noisy labels?"""
        self.say("The loss decides which points move the line.")
        self.wait(2)
