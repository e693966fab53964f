"""Robust regression: why MSE chases an outlier and MAE or Huber do not (lines fitted by gradient descent on
losscore's gradients), and Barron's general robust loss, whose α dials from L2 down to losses that ignore outliers."""

import math

import numpy as np
from manim import (
    RIGHT,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    ValueTracker,
    VGroup,
    always_redraw,
    linear,
    smooth,
)

import losscore
from scenes import theme as th
from scenes.kit import FunctionPlot, MathTex, Readouts, Story, formula_card

# ---- OutlierFit ----------------------------------------------------------------------------------------------------

X = np.linspace(-2, 2, 9)
Y = 0.5 * X + 1 + np.array([0.12, -0.18, 0.05, 0.2, -0.1, -0.15, 0.08, 0.16, -0.1])  # a line, fixed small noise
OUTLIER = (2.2, -4.0)  # at the end of the range, where it tilts a least-squares line most
DATA_X, DATA_Y = np.append(X, OUTLIER[0]), np.append(Y, OUTLIER[1])
FITS = (("mse", "MSE"), ("mae", "MAE"), ("huber", "Huber"))
LEARNING_RATE, STEPS = 0.3, 60
BOUNCE = 6  # the step after which MAE's loss first rises (the story says so before it is shown)


def fit_line(loss, x=DATA_X, y=DATA_Y, lr=LEARNING_RATE, steps=STEPS):
    """Gradient descent on ŷ = w·x + b from (0, 0) with a fixed step size; the gradient with respect to the
    predictions comes from losscore (mean reduction), the chain rule gives dL/dw = Σ gᵢxᵢ and dL/db = Σ gᵢ.
    Returns the (w, b) after every step, starting with (0, 0)."""
    grad = losscore.LOSSES[loss].grad
    w = b = 0.0
    path = [(w, b)]
    for _ in range(steps):
        g = grad(y, w * x + b)
        w, b = w - lr * float(np.dot(g, x)), b - lr * float(g.sum())
        path.append((w, b))
    return np.array(path)


class OutlierFit(Story):
    steps = ("show_data", "start_fits", "descend", "compare", "settle")

    def setup(self):
        super().setup()
        t = self.theme
        self.colors = {"mse": t.loss, "mae": t.other, "huber": t.emphasis}  # three fits, three distinct hues
        self.paths = {loss: fit_line(loss) for loss, _ in FITS}
        self.iteration = ValueTracker(0)
        self.axes = Axes(x_range=(-2.5, 2.5, 1), y_range=(-5, 3, 1), x_length=7.4, y_length=4.7, tips=False,
                         axis_config={"color": t.axes, "stroke_width": 2.5, "font_size": th.NUMBER})
        self.axes.add_coordinates([-2, 2], [-4, 2])
        for axis in (self.axes.x_axis, self.axes.y_axis):
            axis.numbers.set_color(t.muted)
        self.axes.move_to([-2.75, -0.55, 0])
        self.points = VGroup(*(Dot(self.axes.c2p(x, y), radius=0.08, color=t.target) for x, y in zip(X, Y)))
        self.outlier = Dot(self.axes.c2p(*OUTLIER), radius=0.12, color=t.target)
        self.outlier_label = MathTex(r"\text{outlier}", font_size=th.NUMBER, color=t.target)
        self.outlier_label.next_to(self.outlier, RIGHT, buff=0.15)
        self.fit_lines = {loss: always_redraw(lambda loss=loss: self._line(loss)) for loss, _ in FITS}
        rows = []
        for loss, label in FITS:
            rows.append((rf"\text{{{label}}}\ L", lambda loss=loss: self.loss_now(loss), self.colors[loss]))
        self.readouts = Readouts(rows, t, font_size=40, decimals=3).move_to([4.3, 0.2, 0])
        for label_row, (loss, _) in zip(self.readouts.labels, FITS):
            label_row.set_color(self.colors[loss])
        self.counter = Readouts([(r"\text{step}", lambda: self.iteration.get_value(), t.text)], t, font_size=40,
                                decimals=0).move_to([4.3, -1.6, 0])

    def line_params(self, loss):
        """(w, b) at the current step (the fits move one gradient step per unit of the tracker)."""
        path = self.paths[loss]
        s = self.iteration.get_value()
        i = min(int(s), STEPS - 1)
        return path[i] + (s - i) * (path[i + 1] - path[i])

    def loss_now(self, loss):
        w, b = self.line_params(loss)
        return losscore.LOSSES[loss].fn(DATA_Y, w * DATA_X + b)

    def _line(self, loss):
        w, b = self.line_params(loss)
        x0, x1 = -2.5, 2.5
        return Line(self.axes.c2p(x0, w * x0 + b), self.axes.c2p(x1, w * x1 + b), color=self.colors[loss],
                    stroke_width=5)

    def show_data(self):
        """Points along a line, and one outlier far below it.

        Ask: Before we fit anything: where should a good line go?"""
        self.show_title(formula_card(r"\hat{y}_i = w\,x_i + b, \qquad (w, b) \leftarrow (w, b) - \eta\,\nabla L",
                                     self.theme))
        self.play(Create(self.axes), run_time=1.0)
        self.play(FadeIn(self.points, lag_ratio=0.1), run_time=1.2)
        self.play(FadeIn(self.outlier, scale=1.5), FadeIn(self.outlier_label), run_time=0.8)
        self.say("Points along a line, and one far outlier.")
        self.wait()

    def start_fits(self):
        """Three lines start at (0, 0), one per loss (MSE, MAE, Huber), with live loss readouts and a step counter.

        Ask: Which line do you expect the outlier to move most?"""
        self.play(*(FadeIn(line) for line in self.fit_lines.values()), FadeIn(self.readouts), FadeIn(self.counter),
                  run_time=1.0)
        self.say("Three lines, fitted by gradient descent.")
        self.wait()

    def descend(self):
        """Gradient descent with a fixed step: every step uses losscore's gradient; MAE's loss wobbles because its
        steps keep one size.

        Ask: Why does MAE's loss go up at some steps, though each step goes downhill?"""
        self.say("Each step follows losscore's gradient.")
        self.play(self.iteration.animate.set_value(BOUNCE), run_time=8.0 * BOUNCE / STEPS, rate_func=linear)
        # MAE's gradient has one size, so its fixed steps overshoot: its loss readout rises now and then
        self.say("MAE's fixed-size steps overshoot: its loss wobbles.")
        self.play(self.iteration.animate.set_value(STEPS), run_time=8.0 * (STEPS - BOUNCE) / STEPS, rate_func=linear)
        self.wait()

    def compare(self):
        """The dashed line shows the outlier's residual under MSE: the MSE line tilts towards it, MAE and Huber stay
        with the others.

        Ask: How much does the outlier pull on each line, in terms of the gradient of each loss?"""
        w, b = self.line_params("mse")
        x, y = OUTLIER
        self.pull = DashedLine(self.axes.c2p(x, y), self.axes.c2p(x, w * x + b), color=self.colors["mse"],
                               stroke_width=3)
        self.play(Create(self.pull), run_time=0.8)
        self.say("MSE tilts toward the outlier; MAE and Huber hold.")
        self.wait(1.5)

    def settle(self):
        """The three fits side by side: squared errors give one outlier the loudest voice.

        Ask: When would you want the outlier to pull on the fit?"""
        self.say("Squared errors give one outlier the loudest voice.")
        self.wait(2.5)


# ---- RobustLossFamily --------------------------------------------------------------------------------------------

# The named members of Barron's family, in the order the story visits them.
MEMBERS = ((2.0, "L2"), (1.0, r"\text{pseudo-Huber / Charbonnier}"), (0.0, r"\text{Cauchy / Lorentzian}"),
           (-2.0, r"\text{Geman--McClure}"), (-math.inf, r"\text{Welsch}"))


def alpha_at(s):
    """α along the story's dial: s = 0, 1, 2, 3 are α = 2, 1, 0, −2 (linear between); from 3 to 4 α runs off to −∞."""
    if s <= 3:
        stops = [m[0] for m in MEMBERS[:4]]
        return float(np.interp(s, [0, 1, 2, 3], stops))
    if s >= 4 - 1e-9:
        return -math.inf
    return -2.0 - 2.0 * math.tan(math.pi / 2 * (s - 3))


def rho(alpha):
    return lambda x: losscore.general_robust(np.zeros_like(np.atleast_1d(x)), np.atleast_1d(x), alpha=alpha,
                                             reduction="none")


def psi(alpha):
    return lambda x: losscore.general_robust_grad(np.zeros_like(np.atleast_1d(x)), np.atleast_1d(x), alpha=alpha,
                                                  reduction="none")


def alpha_tex(alpha):
    return r"\alpha \to -\infty" if alpha == -math.inf else rf"\alpha = {alpha:g}"


class RobustLossFamily(Story):
    steps = ("show_formula", "l2", "charbonnier", "cauchy", "geman_mcclure", "welsch", "back_to_l2")

    def setup(self):
        super().setup()
        t = self.theme
        self.dial = ValueTracker(0.0)
        common = dict(x_range=(-6, 6, 2), theme=t, x_label="x", x_numbers=[-6, 6])
        self.rho_plot = FunctionPlot(rho(2.0), ValueTracker(0), y_range=(0, 4, 1), width=5.8, height=3.2,
                                     color=t.loss, y_label=r"\rho", y_numbers=[4], **common).place([-3.5, -0.85, 0])
        self.psi_plot = FunctionPlot(psi(2.0), ValueTracker(0), y_range=(-2, 2, 1), width=4.8, height=3.2,
                                     color=t.gradient, y_label=r"\psi", y_numbers=[-2, 2], **common)
        self.psi_plot.place([3.3, -0.85, 0])
        self.psi_plot.y_label.set_color(t.gradient)
        self.rho_plot.y_label.set_color(t.loss)
        self.live = VGroup(
            always_redraw(lambda: self.rho_plot.add_curve(rho(self.alpha()), t.loss).set_stroke(width=6)),
            always_redraw(lambda: self.psi_plot.add_curve(psi(self.alpha()), t.gradient).set_stroke(width=6)))
        self.ghosts = VGroup()
        self.name = None

    def alpha(self):
        return alpha_at(self.dial.get_value())

    def show_formula(self):
        """Barron's general robust loss: one shape parameter α, one scale c.

        Ask: What would you expect the loss to look like for residuals much smaller than c?"""
        self.open_with(losscore.LOSSES["general_robust"].formula, "Barron's loss: one dial α for a family of losses.",
                       42)

    def _name_member(self, index):
        alpha, name = MEMBERS[index]
        label = MathTex(alpha_tex(alpha) + r":\ " + name, font_size=th.LABEL - 8, color=self.theme.text)
        self.name = label.move_to([0, 1.82, 0])
        self.play(FadeIn(label), run_time=0.5)

    def _visit(self, index, caption):
        """Say where the dial goes, turn it to member `index` (leaving a faint copy of the curves just passed), then
        name the member."""
        self.say(caption)
        if index:
            ghost = VGroup(*(c.copy().clear_updaters().set_stroke(self.theme.muted, width=3, opacity=0.6)
                             for c in self.live))
            self.add(ghost)
            self.ghosts.add(ghost)
            self.play(FadeOut(self.name), run_time=0.3)
            self.play(self.dial.animate.set_value(index), run_time=2.0, rate_func=smooth)
        self._name_member(index)
        self.wait()

    def l2(self):
        """The loss ρ(x) and its pull ψ(x) = ρ′(x) at α = 2: L2, the pull grows linearly with x.

        Ask: What does a linear ψ mean for an outlier ten times farther away?"""
        for plot in (self.rho_plot, self.psi_plot):
            self.play(Create(plot.axes), FadeIn(plot.x_label, plot.y_label), run_time=0.8)
        self.play(FadeIn(self.live), run_time=0.8)
        self._visit(0, "α = 2 is L2: the pull ψ grows with x.")

    def charbonnier(self):
        """α = 1, Charbonnier (pseudo-Huber): quadratic near 0, linear far out; ψ levels off.

        Ask: Which earlier loss does this resemble, and where does it differ?"""
        self._visit(1, "α = 1: quadratic near 0, then linear; ψ levels off.")

    def cauchy(self):
        """α = 0, Cauchy (Lorentzian): the loss grows like a log and ψ falls for large x.

        Ask: What does it mean for training that the pull falls as the residual grows?"""
        self._visit(2, "α = 0: the pull starts to fall for large x.")

    def geman_mcclure(self):
        """α = −2, Geman–McClure: the loss flattens out; large residuals barely pull.

        Ask: What risk comes with a loss that ignores large residuals at the start of training?"""
        self._visit(3, "α = −2: large residuals barely pull at all.")

    def welsch(self):
        """α → −∞, Welsch: the loss saturates and far points are ignored.

        Ask: Is this still a convex loss? Why does that matter?"""
        self._visit(4, "α → −∞: far points are simply ignored.")

    def back_to_l2(self):
        """The dial returns to α = 2: small α stops listening to large residuals.

        Ask: How would you choose α for a dataset you have never seen?"""
        self.say("Small α stops listening to large residuals.")
        self.play(FadeOut(self.name), run_time=0.3)
        self.play(self.dial.animate.set_value(0.0), run_time=2.0, rate_func=smooth)
        self._name_member(0)
        self.wait(2)
