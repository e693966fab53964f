"""Loss anatomy: one generic story for any registry entry — its formula, its curve over the domain the registry gives
for its kind, a prediction sweeping across with the gradient arrow, and its derivative. A loss added to
losscore.LOSSES gets its video with no scene code written (`make anatomy`)."""

import numpy as np
from manim import Create, FadeIn, ValueTracker, smooth

import losscore
from scenes.kit import LossPlot, Readouts, Story, derivative_plot, formula_card
from scenes.kit.text import SAFE


def _nice_top(values, cap):
    """A round upper axis limit that holds most of the curve (a log's blow-up near 0 is cut at `cap`)."""
    top = float(np.clip(np.nanmax(np.clip(values, None, cap)), 1e-3, None))
    step = 10 ** np.floor(np.log10(top))
    return float(np.ceil(top / step) * step)


class Anatomy(Story):
    """Set `loss` to a registry name (see `anatomy_scene`)."""

    loss = ""
    steps = ("show_formula", "draw_curve", "add_prediction", "show_derivative", "sweep", "back_to_start")

    def setup(self):
        super().setup()
        spec = self.spec = losscore.LOSSES[self.loss]
        lo, hi, x_label, self.fixed = spec.domain
        # A regression loss depends on ŷ − y only: draw it around y = 1, so the target's marker and the L axis
        # (at ŷ = 0) stand apart.
        shift = 1.0 if spec.kind == "regression" else 0.0
        if shift:
            self.fixed = f"y = {shift:g}"
        lo, hi = lo + shift, hi + shift
        f = lambda x: spec.one_prediction(np.asarray(x) - shift)[0]  # noqa: E731
        df = lambda x: spec.one_prediction(np.asarray(x) - shift)[1]  # noqa: E731
        margin = 0.02 * (hi - lo) if spec.kind == "regression" or spec.name in ("hinge", "squared_hinge") else 0.0
        xs = np.linspace(lo + 0.01 * (hi - lo), hi - margin, 400)
        y_top = _nice_top(f(xs), 6.0)
        g_top = _nice_top(np.abs(df(xs)), 6.0)
        self.start, self.end = lo + 0.2 * (hi - lo), hi - 0.12 * (hi - lo)
        self.target = shift if spec.kind == "regression" else 1.0
        t = self.theme
        self.yhat = ValueTracker(self.start)
        step = (hi - lo) / 6
        self.plot = LossPlot(f, df, self.yhat, y_true=self.target, theme=t, x_range=(lo, hi, step),
                             y_range=(0, y_top, y_top / 4), width=5.6, height=3.5, x_label=x_label,
                             x_numbers=sorted({lo, self.target, hi} - {0.0}), y_numbers=[y_top],
                             arrow_scale=1.4 / g_top)
        self.plot.place([-3.4, -0.8, 0])
        self.dplot = derivative_plot(df, self.yhat, theme=t, x_range=(lo, hi, step), y_range=(-g_top, g_top, g_top),
                                     width=3.9, height=2.2, x_label=x_label)
        self.dplot.place([3.85, 0.75, 0])
        self.readouts = Readouts([
            (x_label, self.yhat.get_value, t.prediction),
            ("L", self.plot.value, t.loss),
            (r"dL/d" + x_label, self.plot.slope, t.gradient, True),
        ], t, font_size=40).move_to([3.9, -1.95, 0])

    def show_formula(self):
        self.formula = formula_card(self.spec.formula, self.theme, 46)
        if self.formula.width > 14.2 - 2 * SAFE:  # the longest formulas are set smaller, never past the margin
            self.formula.scale_to_fit_width(14.2 - 2 * SAFE - 0.1)
        self.write(self.formula)
        self.say(f"{self.spec.title}.")
        self.wait()

    def draw_curve(self):
        p = self.plot
        self.play(Create(p.axes), FadeIn(p.x_label, p.y_label), run_time=1.0)
        self.play(Create(p.curve), FadeIn(p.target), run_time=1.5)
        self.say(f"One prediction, {self.fixed}.")
        self.wait()

    def add_prediction(self):
        p = self.plot
        self.play(FadeIn(p.dot, scale=0.5), FadeIn(p.decorations()), FadeIn(self.readouts), run_time=1.0)
        self.say("The arrow: where gradient descent moves it.")
        self.wait()

    def show_derivative(self):
        d = self.dplot
        self.play(Create(d.axes), FadeIn(d.x_label, d.y_label), Create(d.curve), FadeIn(d.dot), run_time=1.5)
        self.say("The derivative: how hard the loss pulls.")
        self.wait()

    def sweep(self):
        self.say("Sweep the prediction across its range.")
        self.play(self.yhat.animate.set_value(self.end), run_time=5.0, rate_func=smooth)
        self.wait()

    def back_to_start(self):
        self.play(self.yhat.animate.set_value(self.start), run_time=3.0, rate_func=smooth)
        self.say("Every number here comes from losscore.")
        self.wait(2)


def anatomy_scene(name):
    """The Anatomy story for registry entry `name`, as a scene class named after it."""
    if name not in losscore.LOSSES:
        raise KeyError(f"unknown loss {name!r}; registry losses: {' '.join(losscore.LOSSES)}")
    return type(f"Anatomy_{name}", (Anatomy,), {"loss": name})
