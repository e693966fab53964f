"""Robust regression: why MSE chases an outlier and MAE or Huber do not (lines fitted by gradient descent on
losscore's gradients), and Barron's general robust loss, whose α dials from L2 down to losses that ignore outliers."""

import math

import numpy as np
from manim import RIGHT, Create, DashedLine, Dot, FadeIn, FadeOut, ValueTracker, VGroup, linear, smooth

import losscore
from losscore.params import Param, ParamError
from scenes.kit import FunctionPlot, MathTex, Readouts, Story, between, formula_card, in_order, regions, role_tex, words
from scenes.kit import theme as th

# ---- OutlierFit ----------------------------------------------------------------------------------------------------

X = np.linspace(-2, 2, 9)
BULK = (0.5, 1.0)  # the line the points follow: slope, intercept
Y = BULK[0] * X + BULK[1] + np.array([0.12, -0.18, 0.05, 0.2, -0.1, -0.15, 0.08, 0.16, -0.1])  # fixed small noise
X_RANGE = (-2.5, 2.5)
FITS = (("mse", "MSE"), ("mae", "MAE"), ("huber", "Huber"))
STEADY = ("mae", "huber")  # the fits whose loss the step plot follows (MSE's, dominated by the outlier, lies above)
LEARNING_RATE, STEPS = 0.3, 60
MIN_OUTLIER = 3.0  # how far from the points' line the outlier lies at least
HOLDS = 2.0  # a fit "holds" when MSE moves at least this many times as far toward the outlier


def fit_line(loss, x, y, lr=LEARNING_RATE, steps=STEPS):
    """Gradient descent (losscore.optimize, plain SGD on all the points) on ŷ = w·x + b from (0, 0): the gradient
    with respect to the predictions comes from losscore (mean reduction), the chain rule gives dL/dw = Σ gᵢxᵢ and
    dL/db = Σ gᵢ. Returns (w, b) after every step, starting with (0, 0)."""
    grad = losscore.LOSSES[loss].grad

    def chain(theta):
        g = grad(y, theta[0] * x + theta[1])
        return np.array([g @ x, g.sum()])
    return losscore.optimize(chain, [0.0, 0.0], method="sgd", lr=lr, steps=steps)


def loss_along(loss, path, x, y, s):
    """The loss of the line `s` of the way along `path` (an array of s gives one loss each)."""
    w, b = np.moveaxis(between(path, np.atleast_1d(s)), -1, 0)
    losses = losscore.LOSSES[loss].fn(np.broadcast_to(y, (len(w), len(y))), w[:, None] * x + b[:, None],
                                      reduction="none")
    return losses.mean(axis=1)


def nice_limits(low, high, unit):
    """`low` and `high` rounded outward to whole `unit`s."""
    return unit * math.floor(low / unit + 1e-9), unit * math.ceil(high / unit - 1e-9)


class OutlierFit(Story):
    steps = ("show_data", "start_fits", "descend", "compare", "settle")
    parameters = (
        Param(name="outlier_x", default=2.2, low=-2.4, high=2.4, step=0.1, meaning="the outlier's x"),
        Param(name="outlier_y", default=-4.0, low=-6.0, high=6.0, step=0.5,
              meaning=f"the outlier's y (at least {MIN_OUTLIER:g} from the points' line)"))

    @classmethod
    def check_together(cls, values, where):
        off = values["outlier_y"] - (BULK[0] * values["outlier_x"] + BULK[1])
        if abs(off) < MIN_OUTLIER:
            raise ParamError(f"{where}: outlier_y must lie at least {MIN_OUTLIER:g} from the points' line "
                             f"y = {BULK[0]:g}x + {BULK[1]:g} (got {words(off, '.2g')} from it)")

    def setup(self):
        super().setup()
        t, layout = self.theme, regions()
        self.outlier = (self.params["outlier_x"], self.params["outlier_y"])
        self.x, self.y = np.append(X, self.outlier[0]), np.append(Y, self.outlier[1])
        self.colors = {"mse": t.loss, "mae": t.other, "huber": t.emphasis}  # three fits, three distinct hues
        self.paths = {loss: fit_line(loss, self.x, self.y) for loss, _ in FITS}
        self.losses = {loss: loss_along(loss, path, self.x, self.y, np.arange(STEPS + 1))
                       for loss, path in self.paths.items()}
        rises = np.flatnonzero(np.diff(self.losses["mae"]) > 1e-12)
        self.bounce = int(rises[0]) if len(rises) else None  # the step after which MAE's loss first rises
        self.iteration = ValueTracker(0)
        # the data plot holds every point and every line the descent draws
        ends = [w * x + b for path in self.paths.values() for w, b in path for x in X_RANGE]
        low, high = nice_limits(min(*self.y, *ends) - 0.3, max(*self.y, *ends) + 0.3, 1)
        self.plot = FunctionPlot(None, None, x_range=(*X_RANGE, 1), y_range=(low, high, 1), theme=t, color=t.loss,
                                 width=0.86 * layout.main.width, height=0.8 * layout.main.height, x_label="x",
                                 y_label="y", x_numbers=[-2, 2], y_numbers=[v for v in (low, high) if v])
        self.plot.x_label.set_color(t.text)
        self.plot.y_label.set_color(t.text)
        self.plot.place(layout.main.center)
        axes = self.plot.axes
        self.points = VGroup(*(Dot(axes.c2p(x, y), radius=0.08, color=t.target) for x, y in zip(X, Y)))
        self.outlier_dot = Dot(axes.c2p(*self.outlier), radius=0.12, color=t.target)
        self.outlier_label = MathTex(r"\text{outlier}", font_size=th.NUMBER, color=t.target)
        side = RIGHT if self.outlier[0] < 0 else -RIGHT
        self.outlier_label.next_to(self.outlier_dot, side, buff=0.15)
        self.fit_lines = {loss: self.plot.live_curve(lambda s, loss=loss: self._line(loss, s), self.iteration,
                                                     self.colors[loss], width=5) for loss, _ in FITS}
        self.step_plot = self._step_plot(layout.side)
        rows = [(rf"\text{{{label}}}\ L", lambda loss=loss: self.loss_now(loss), self.colors[loss])
                for loss, label in FITS]
        rows.append((r"\text{step}", self.iteration.get_value, t.text))
        self.readouts = Readouts(rows, t, font_size=40, decimals=(3, 3, 3, 0)).move_to(layout.readouts.center)
        for label_row, (loss, _) in zip(self.readouts.labels, FITS):
            label_row.set_color(self.colors[loss])

    def _step_plot(self, box):
        """The steady fits' loss against the step, drawn as the descent goes; its y-axis holds the losses from the
        first rise of MAE's on, where the wobble is."""
        t = self.theme
        settled = np.concatenate([self.losses[loss][self.bounce or 0:] for loss in STEADY])
        unit = 10 ** math.floor(math.log10(np.ptp(settled))) / 2
        low, high = nice_limits(settled.min() - 0.02, settled.max() + 0.02, unit)
        plot = FunctionPlot(None, None, x_range=(0, STEPS, 10), y_range=(low, high, unit), theme=t, color=t.loss,
                            width=0.56 * box.width, height=0.56 * box.height, x_label=r"\text{step}",
                            x_numbers=[STEPS], y_numbers=[low, high])
        plot.move_to(box.center)
        self.traces = {loss: plot.live_curve(lambda s, loss=loss: self._trace(loss, s), self.iteration,
                                             self.colors[loss], width=4) for loss in STEADY}
        return plot

    def _trace(self, loss, s):
        """The loss against the step up to step `s`, the loss of the line between two steps in between."""
        return lambda steps: np.where(steps <= s, loss_along(loss, self.paths[loss], self.x, self.y, steps), np.nan)

    def _line(self, loss, s):
        w, b = between(self.paths[loss], s)
        return lambda x: w * x + b

    def line_now(self, loss):
        """(w, b) of the fit's line where the descent stands now."""
        return tuple(between(self.paths[loss], self.iteration.get_value()))

    def loss_now(self, loss):
        return float(loss_along(loss, self.paths[loss], self.x, self.y, self.iteration.get_value())[0])

    def at_outlier(self, loss):
        """How far the fitted line has moved at the outlier's x from the points' own line (fitted without it)."""
        w, b = self.paths[loss][-1]
        bulk = np.polyfit(X, Y, 1)
        return abs((w - bulk[0]) * self.outlier[0] + b - bulk[1])

    def show_data(self):
        """Points along a line, and one outlier far from it.

        Ask: Before we fit anything: where should a good line go?"""
        self.show_title(formula_card(r"\hat{y}_i = w\,x_i + b, \qquad (w, b) \leftarrow (w, b) - \eta\,\nabla L",
                                     self.theme))
        self.say("Points along a line, and one far outlier.")
        self.play(Create(self.plot.axes), FadeIn(self.plot.x_label, self.plot.y_label), run_time=1.0)
        self.play(FadeIn(self.points, lag_ratio=0.1), run_time=1.2)
        self.play(FadeIn(self.outlier_dot, scale=1.5), FadeIn(self.outlier_label), run_time=0.8)
        # the data stay on top of the lines that will cross them
        self.add_foreground_mobjects(self.points, self.outlier_dot, self.outlier_label)
        self.wait()

    def start_fits(self):
        """Three lines start at (0, 0), one per loss (MSE, MAE, Huber), with live loss readouts, a step counter and
        a plot of the loss against the step.

        Ask: Which line do you expect the outlier to move most?"""
        self.say("Three lines, fitted by gradient descent.")
        p = self.step_plot
        self.play(*(FadeIn(line) for line in self.fit_lines.values()), FadeIn(self.readouts), Create(p.axes),
                  FadeIn(p.x_label, p.y_label, *self.traces.values()), run_time=1.0)
        self.wait()

    def descend(self):
        """Gradient descent with a fixed step size: every step follows the gradient of the loss; MAE's loss wobbles
        because its steps keep one size (see the loss against the step).

        Ask: Why does MAE's loss go up at some steps, though each step goes downhill?"""
        stops = [STEPS] if self.bounce is None else [max(self.bounce, 1), STEPS]
        self.say("Each step moves (w, b) against the gradient.")
        for start, stop in zip([0, *stops], stops):
            if stop == STEPS and len(stops) > 1:
                # MAE's gradient has one size, so its fixed steps overshoot: its loss rises now and then
                self.say("MAE's fixed-size steps overshoot: its loss wobbles.")
            self.play(self.iteration.animate.set_value(stop), run_time=8.0 * (stop - start) / STEPS, rate_func=linear)
        self.wait()

    def compare(self):
        """The dashed line shows the outlier's residual under MSE: the MSE line is dragged towards it, further than
        MAE's and Huber's.

        Ask: How much does the outlier pull on each line, in terms of the gradient of each loss?"""
        w, b = self.paths["mse"][-1]
        x, y = self.outlier
        moved = {loss: self.at_outlier(loss) for loss, _ in FITS}
        if moved["mse"] >= HOLDS * max(moved["mae"], moved["huber"]):
            self.say("MSE is dragged to the outlier; MAE and Huber hold.")
        else:
            self.say("MSE is dragged farthest toward the outlier.")
        self.pull = DashedLine(self.plot.axes.c2p(x, y), self.plot.axes.c2p(x, w * x + b), color=self.colors["mse"],
                               stroke_width=3)
        self.play(Create(self.pull), run_time=0.8)
        self.wait(1.5)

    def settle(self):
        """The three fits side by side: squared errors give one outlier the loudest voice.

        Ask: When would you want the outlier to pull on the fit?"""
        self.say("Squared errors give one outlier the loudest voice.")
        self.wait(2.5)


# ---- RobustLossFamily --------------------------------------------------------------------------------------------

# Barron's names for members of his family
NAMED = {2.0: "L2", 1.0: "pseudo-Huber / Charbonnier", 0.0: "Cauchy / Lorentzian", -2.0: "Geman--McClure",
         -math.inf: "Welsch"}
RUN_OFF = 2.0  # how fast the dial runs from the last α given toward −∞


def alpha_at(alphas, s):
    """α along the story's dial: s = 0, 1, 2, 3 are the four α given (linear between); from 3 to 4 α runs off to
    −∞."""
    if s <= 3:
        return float(np.interp(s, [0, 1, 2, 3], alphas))
    if s >= 4 - 1e-9:
        return -math.inf
    return alphas[-1] - RUN_OFF * math.tan(math.pi / 2 * (s - 3))


def rho(alpha):
    return lambda x: losscore.general_robust(np.zeros_like(np.atleast_1d(x)), np.atleast_1d(x), alpha=alpha,
                                             reduction="none")


def psi(alpha):
    return lambda x: losscore.general_robust_grad(np.zeros_like(np.atleast_1d(x)), np.atleast_1d(x), alpha=alpha,
                                                  reduction="none")


def alpha_tex(alpha):
    return r"\alpha \to -\infty" if alpha == -math.inf else rf"\alpha = {alpha:g}"


def alpha_words(alpha):
    return "α → −∞" if alpha == -math.inf else f"α = {words(alpha)}"


def what_alpha_does(alpha, reach):
    """What the loss does to large residuals at this α, as its pull ψ shows on 0 ≤ x ≤ `reach` (ψ grows like
    x^(α − 1) far out; every member is quadratic near 0)."""
    xs = np.linspace(0, reach, 241)
    pull = psi(alpha)(xs)
    far, middle, most = pull[-1], pull[len(xs) // 2], pull.max()
    if alpha == -math.inf:
        return "far points are simply ignored."
    if far < 0.25 * most:
        return "ρ levels off: large residuals barely pull."
    if far < 0.95 * most:
        return "the pull ψ starts to fall for large x."
    if far < 1.1 * middle:
        return "quadratic near 0; far out, ψ levels off."
    if far > 1.9 * middle:
        return "the pull ψ grows in step with x."
    return "ψ still grows with x, but more slowly."


class RobustLossFamily(Story):
    steps = ("show_formula", "first_alpha", "second_alpha", "third_alpha", "fourth_alpha", "alpha_to_minus_infinity",
             "back_to_start")
    parameters = (Param(name="alphas", default=[2.0, 1.0, 0.0, -2.0], kind="floats", length=(4, 4), low=-10.0,
                        high=2.0, step=0.5, meaning="the four α the dial stops at, falling, before it runs to −∞"),)

    @classmethod
    def check_together(cls, values, where):
        in_order(values, "alphas", where, falling=True)

    def setup(self):
        super().setup()
        t, layout = self.theme, regions()
        self.alphas = self.params["alphas"]
        self.dial = ValueTracker(0.0)
        plots_box, band = layout.body.split(0.7)
        self.name_box, key_box = band.split(0.5)
        left, right = plots_box.split(0.55, axis="x")
        common = dict(x_range=(-6, 6, 2), theme=t, x_label="x", x_numbers=[-6, 6], height=0.66 * plots_box.height)
        self.rho_plot = FunctionPlot(None, None, y_range=(0, 4, 1), width=0.8 * left.width, color=t.loss,
                                     y_label=r"\rho(x)", y_numbers=[4], **common).move_to(left.center)
        self.psi_plot = FunctionPlot(None, None, y_range=(-2, 2, 1), width=0.8 * right.width, color=t.gradient,
                                     y_label=r"\psi(x)", y_numbers=[-2, 2], **common).move_to(right.center)
        self.psi_plot.y_label.set_color(t.gradient)
        self.rho_plot.y_label.set_color(t.loss)
        # what the symbols stand for, each in its curve's colour: a legend for both plots
        self.key = VGroup(role_tex(r"x = (\hat{y} - y)/c,\ c = 1", t, th.MIN_MATH),
                          MathTex(r"\rho:\ \text{one residual's loss}", font_size=th.MIN_MATH, color=t.loss),
                          MathTex(r"\psi = \rho':\ \text{its pull}", font_size=th.MIN_MATH, color=t.gradient))
        self.key.arrange(RIGHT, buff=0.7).move_to(key_box.center)
        self.live = VGroup(self.rho_plot.live_curve(lambda a: rho(alpha_at(self.alphas, a)), self.dial, t.loss),
                           self.psi_plot.live_curve(lambda a: psi(alpha_at(self.alphas, a)), self.dial, t.gradient))
        self.ghosts = VGroup()
        self.name = None

    def alpha(self):
        return alpha_at(self.alphas, self.dial.get_value())

    def show_formula(self):
        """Barron's general robust loss: one shape parameter α, one scale c; ρ is the loss of one residual x, ψ its
        derivative, the pull.

        Ask: What would you expect the loss to look like for residuals much smaller than c?"""
        self.open_with(losscore.LOSSES["general_robust"].formula, "Barron's loss: one dial α for a family of losses.",
                       42)

    def _name_member(self, index):
        alpha = self.alphas[index] if index < len(self.alphas) else -math.inf
        name = NAMED.get(alpha)
        label = MathTex(alpha_tex(alpha) + (rf":\ \text{{{name}}}" if name else ""), font_size=th.LABEL - 8,
                        color=self.theme.text)
        self.name = label.move_to(self.name_box.center)
        self.play(FadeIn(label), run_time=0.5)

    def _visit(self, index):
        """Say where the dial goes, turn it to stop `index` (leaving a faint copy of the curves just passed), then
        name the member."""
        alpha = self.alphas[index] if index < len(self.alphas) else -math.inf
        self.say(f"{alpha_words(alpha)}: {what_alpha_does(alpha, self.psi_plot.x_range[1])}")
        if index:
            ghost = VGroup(*(c.copy().clear_updaters().set_stroke(self.theme.muted, width=3, opacity=0.6)
                             for c in self.live))
            self.add(ghost)
            self.ghosts.add(ghost)
            self.play(FadeOut(self.name), run_time=0.3)
            self.play(self.dial.animate.set_value(index), run_time=2.0, rate_func=smooth)
        self._name_member(index)
        self.wait()

    def first_alpha(self):
        """The loss ρ(x) of one residual and its pull ψ(x) = ρ′(x), drawn at the first α, with a key to the symbols.

        Ask: If ψ grows linearly, what does that mean for an outlier ten times farther away?"""
        self.say("ρ is one residual's loss; ψ, its slope, is its pull.")
        for plot in (self.rho_plot, self.psi_plot):
            self.play(Create(plot.axes), FadeIn(plot.x_label, plot.y_label), run_time=0.8)
        self.play(FadeIn(self.live), FadeIn(self.key), run_time=0.8)
        self._visit(0)

    def second_alpha(self):
        """The dial turns to the second α; the curves just passed stay behind as faint copies.

        Ask: Which earlier loss does this resemble, and where does it differ?"""
        self._visit(1)

    def third_alpha(self):
        """The dial turns to the third α; compare ψ far out with the faint copies.

        Ask: What would it mean for training if the pull fell as the residual grows?"""
        self._visit(2)

    def fourth_alpha(self):
        """The dial turns to the fourth α: the lower α, the less a large residual pulls.

        Ask: What risk comes with a loss that ignores large residuals at the start of training?"""
        self._visit(3)

    def alpha_to_minus_infinity(self):
        """α → −∞, Welsch: the loss saturates and far points are ignored.

        Ask: Is this still a convex loss? Why does that matter?"""
        self._visit(4)

    def back_to_start(self):
        """The dial returns to the first α; the faint curves left behind show small α no longer listening to large
        residuals.

        Ask: How would you choose α for a dataset you have never seen?"""
        self.say("Small α stops listening to large residuals.")
        self.play(FadeOut(self.name), run_time=0.3)
        self.play(self.dial.animate.set_value(0.0), run_time=2.0, rate_func=smooth)
        self._name_member(0)
        self.wait(2)
