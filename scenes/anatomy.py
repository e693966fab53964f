"""Loss anatomy: one generic story for any registry entry that judges one prediction — its formula, its curve over
the sweep its Picture gives (what the target looks like, what is held fixed, where the prediction is right), a
prediction sweeping across with the gradient arrow, its derivative, and the lesson the registry states. A loss added
to losscore.LOSSES gets its video with no scene code written (`make anatomy`). Losses of pairs and triplets get
scenes.embedding's story, sequence losses scenes.sequence's."""

import numpy as np
from manim import Arc, Arrow, Circle, Square, ValueTracker, VGroup

import losscore
from scenes.embedding import EmbeddingAnatomy
from scenes.kit import LossCurveStory, LossPlot, derivative_plot, formula_card
from scenes.kit.redraw import redraw_on_change
from scenes.kit.text import SAFE
from scenes.sequence import CTCAlignment

GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "var": "σ²"}  # parameter names as captions write them


def _nice(value):
    """A round number at or beyond `value`, away from zero."""
    if value == 0:
        return 0.0
    size = abs(value)
    step = 10 ** np.floor(np.log10(size))
    m = next(m for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * step >= size * (1 - 1e-9))
    return float(np.copysign(m * step, value))


def _axis_range(values):
    """(low, high) holding the curve, with 0 inside. A blow-up (a log near 0: values far beyond the typical
    size) is cut at four times the median size, so the rest of the curve keeps its room."""
    size = np.abs(values)
    typical = float(np.median(size))
    cap = 4 * typical if typical > 0 and size.max() > 8 * typical else np.inf
    shown = np.clip(values, -cap, cap)
    return min(0.0, _nice(shown.min())), max(_nice(shown.max()), 1e-3)


def _jumps(xs, values):
    """The x between two samples where `values` jumps (a step in a derivative), so the curve is drawn in pieces."""
    steps = np.abs(np.diff(values))
    big = steps > 0.03 * (np.ptp(values) or 1.0)
    return tuple((xs[:-1][big] + xs[1:][big]) / 2)


def direction_view(picture, tracker, theme, center, size=2.0):
    """The two vectors of a direction picture: y and ŷ as arrows from one point, the angle between them marked.
    Both come from the picture's own inputs at the current x, so the arrows are the vectors the loss is given."""
    def build():
        y, pred, _ = picture.inputs(np.array([tracker.get_value()]))
        scale = 0.42 * size / max(np.linalg.norm(pred[0]), np.linalg.norm(y[0]))
        origin = np.asarray(center, dtype=float)
        ring = Circle(radius=0.42 * size, color=theme.muted, stroke_width=2, stroke_opacity=0.6).move_to(origin)
        target = Arrow(origin, origin + scale * np.append(y[0], 0), buff=0, color=theme.target, stroke_width=6)
        guess = Arrow(origin, origin + scale * np.append(pred[0], 0), buff=0, color=theme.prediction, stroke_width=6)
        angle = float(np.arctan2(pred[0][1], pred[0][0]) - np.arctan2(y[0][1], y[0][0]))
        arc = Arc(radius=0.22 * size, start_angle=float(np.arctan2(y[0][1], y[0][0])), angle=angle,
                  arc_center=origin, color=theme.residual, stroke_width=4)
        return VGroup(ring, arc, target, guess)
    return redraw_on_change(build, tracker.get_value)


def mask_view(picture, tracker, theme, center, size=2.0):
    """A mask picture: each pixel a square, outlined where the true mask y is 1, filled as much as ŷ predicts."""
    def build():
        y, pred, _ = picture.inputs(np.array([tracker.get_value()]))
        side = size / len(y[0]) * 1.6
        cells = VGroup()
        for truth, guess in zip(y[0], pred[0]):
            cells.add(VGroup(
                Square(side, stroke_width=0, fill_color=theme.prediction, fill_opacity=0.85 * float(guess)),
                Square(side, color=theme.target if truth else theme.muted, stroke_width=5 if truth else 2)))
        return cells.arrange_in_grid(rows=2, buff=0.08).move_to(center)
    return redraw_on_change(build, tracker.get_value)


VIEWS = {"direction": direction_view, "mask": mask_view}  # targets a curve alone does not show


class Anatomy(LossCurveStory):
    """Set `loss` to a registry name (see `anatomy_scene`)."""

    loss = ""
    steps = ("show_formula", "draw_curve", "add_prediction", "show_derivative", "sweep", "back_to_start")

    def setup(self):
        super().setup()
        spec = self.spec = losscore.LOSSES[self.loss]
        picture = self.picture = spec.picture
        lo, hi = picture.x_range
        params = dict(spec.picture_params)
        f = lambda x: spec.one_prediction(x, **params)[0]  # noqa: E731
        df = lambda x: spec.one_prediction(x, **params)[1]  # noqa: E731
        xs = picture.xs(801)
        y_low, y_top = _axis_range(f(xs))
        g_low, g_top = _axis_range(df(xs))
        g_top = max(g_top, -g_low)
        self.start, self.end = lo + 0.2 * (hi - lo), hi - 0.12 * (hi - lo)
        t = self.theme
        self.yhat = ValueTracker(self.start)
        step = (hi - lo) / 6
        marker = picture.marker
        viewed = picture.target in VIEWS  # the plot gives room to a picture of the target itself
        self.plot = LossPlot(f, df, self.yhat, y_true=marker, theme=t, x_range=(lo, hi, step),
                             y_range=(y_low, y_top, (y_top - y_low) / 4), width=4.3 if viewed else 5.4, height=3.5,
                             x_label=picture.x_label, target_label=picture.marker_label,
                             x_numbers=sorted({round(v, 2) for v in (lo, marker, hi)} - {0.0}),
                             # a small dip below 0 keeps its room but not its label, which would sit on the x axis
                             y_numbers=[v for v in (y_low, y_top) if v and (v > 0 or -v > 0.25 * (y_top - y_low))],
                             arrow_scale=1.4 / g_top)
        self.view = VIEWS[picture.target](picture, self.yhat, t, [-0.2, 0.3, 0], size=1.8) if viewed else None
        self.plot.place([-3.8 if viewed else -3.25, -0.8, 0])
        self.dplot = derivative_plot(df, self.yhat, theme=t, x_range=(lo, hi, step), y_range=(-g_top, g_top, g_top),
                                     width=3.9, height=2.2, x_label=picture.x_label, breaks=_jumps(xs, df(xs)),
                                     y_label=rf"\frac{{dL}}{{d{picture.x_label}}}")
        self.dplot.place([3.85, 0.75, 0])
        self.readouts = self.plot.readouts(picture.x_label, font_size=40).move_to([3.9, -1.95, 0])

    def show_formula(self):
        """The loss's formula and its name, with the values it is drawn for.

        Ask: What does each symbol in the formula stand for?"""
        formula = formula_card(self.spec.formula, self.theme, 46)
        if formula.width > 14.2 - 2 * SAFE:  # the longest formulas are set smaller, never past the margin
            formula.scale_to_fit_width(14.2 - 2 * SAFE - 0.1)
        self.show_title(formula)
        self.say(f"{self.spec.title}.")
        self.wait()

    CAPTIONS = {"add_prediction": "The arrow: where gradient descent moves it.",
                "show_derivative": "The derivative: how hard the loss pulls."}

    def caption_for(self, key):
        if key == "draw_curve":
            shown = ", ".join(f"{GREEK.get(k, k)} = {v:g}" for k, v in self.spec.picture_params.items())
            fixed = self.picture.fixed
            if not shown:
                return f"One prediction, {fixed}."
            symbol = len(fixed.split()[0]) == 1  # "y = 1" stays lower case: y is a symbol, not a word
            return f"{fixed if symbol else fixed[0].upper() + fixed[1:]}; {shown}."
        if key == "back_to_start":
            return self.spec.lesson
        return self.CAPTIONS[key]

    def reveals(self):
        return [self.view] if self.view else []

    def sweep(self):
        """The prediction sweeps across its range: the loss, the arrow and the readouts follow it.

        Ask: Where is the slope steepest, and what does that mean for training?"""
        self.say_and_move("Sweep the prediction across its range.", self.yhat.animate.set_value(self.end),
                          run_time=5.0)


def anatomy_scene(name):
    """The anatomy of registry entry `name`, as a scene class named after it: the story its picture asks for (a sweep
    of one prediction, points of an embedding, or a trellis)."""
    if name not in losscore.LOSSES:
        raise KeyError(f"unknown loss {name!r}; registry losses: {' '.join(losscore.LOSSES)}")
    story = STORIES[type(losscore.LOSSES[name].picture)]
    return type(f"Anatomy_{name}", (story,), {"loss": name})


STORIES = {losscore.Picture: Anatomy, losscore.Embedding: EmbeddingAnatomy, losscore.Trellis: CTCAlignment}
