"""Loss anatomy: one generic story for any registry entry that judges one prediction — its formula, its curve over
the sweep its Picture gives (what the target looks like, what is held fixed, where the prediction is right), a
prediction sweeping across with the gradient arrow, its derivative, and the lesson the registry states. A loss added
to losscore.LOSSES gets its video with no scene code written (`make anatomy`). Losses of pairs and triplets get
scenes.embedding's story, sequence losses scenes.sequence's.

In three parts: the numbers (a Sweep: the curves over the swept variable, from losscore, and the axes that hold
them), their drawing (`sweep_plots`, the views, the dashed related loss) and the story (Anatomy)."""

from dataclasses import dataclass, replace

import numpy as np
from manim import (
    LEFT,
    RIGHT,
    UP,
    Arc,
    Arrow,
    Circle,
    Create,
    DashedVMobject,
    FadeIn,
    FadeOut,
    Line,
    Rectangle,
    Square,
    ValueTracker,
    VGroup,
)

import losscore
from losscore.params import Param, closest
from scenes import theme as th
from scenes.embedding import EmbeddingAnatomy
from scenes.kit import (
    GREEK,
    LossCurveStory,
    LossPlot,
    MathTex,
    Text,
    axis_range,
    breaks,
    derivative_plot,
    formula_card,
    redraw_on_change,
    regions,
    role_tex,
)
from scenes.sequence import CTCAlignment
from scenes.transport import TransportAnatomy

# ---- the numbers ----------------------------------------------------------------------------------------------------

TARGET = Param(name="y_true", meaning="the target y (the sweep of ŷ moves with it)")


def moved_target(picture, y):
    """A real-target picture moved to the target `y`: the same sweep, shifted with it."""
    shift = y - picture.right_at
    lo, hi = picture.x_range
    return replace(picture, x_range=(lo + shift, hi + shift), right_at=y, held_fixed=f"y = {y:g}",
                   inputs=losscore.pictures.held_target(y))


def told_with(spec, given):
    """(the entry, the loss's parameters) for a story's `given` values: a lesson's target moves the sweep with it,
    its other numbers go over the ones the picture is drawn with."""
    target = given.get(TARGET.name)
    if target is not None and target != spec.picture.right_at:
        spec = replace(spec, picture=moved_target(spec.picture, target))
    return spec, {k: v for k, v in {**spec.picture_params, **given}.items() if k != TARGET.name}


@dataclass(frozen=True)
class Sweep:
    """One variable swept across `x_range` (sampled at `xs`) and what the two plots show over it: `curves`, functions
    x → (L, dL/dx) from losscore, the first one drawn and all of them held by the axes; `marker`, the x marked on the
    axis (where the prediction is right, or where the loss over a parameter is lowest)."""
    curves: tuple
    x_range: tuple
    xs: np.ndarray
    x_label: str
    marker: float
    marker_label: str

    def loss(self, x):
        return self.curves[0](x)[0]

    def slope(self, x):
        return self.curves[0](x)[1]

    def loss_range(self):
        """(low, high) of the loss axis: every curve's values, without a blow-up."""
        return axis_range(np.concatenate([curve(self.xs)[0] for curve in self.curves]))

    def slope_top(self):
        """The derivative axis runs from −top to top: every curve's slopes, without a blow-up."""
        low, top = axis_range(np.concatenate([curve(self.xs)[1] for curve in self.curves]))
        return max(top, -low)

    def breaks(self):
        """Where the derivative jumps (drawn in pieces there)."""
        return breaks(self.xs, self.slope(self.xs))

    def first_inside(self):
        """The first x whose loss and derivative both lie inside their axes."""
        values, slopes = self.curves[0](self.xs)
        fits = (values <= self.loss_range()[1]) & (np.abs(slopes) <= self.slope_top())
        return self.xs[int(np.argmax(fits))]


def prediction_sweep(spec, params):
    """The prediction swept across `spec`'s picture: the loss told with `params`, and the related loss (spec.beside)
    on the same axes and against the same target."""
    picture = spec.picture
    curves = [lambda x: spec.one_prediction(x, **params)]
    if spec.beside:
        other = replace(losscore.LOSSES[spec.beside.name], picture=picture)
        curves.append(lambda x: other.one_prediction(x, **spec.beside.params))
    return Sweep(curves=tuple(curves), x_range=picture.x_range, xs=picture.xs(801), x_label=picture.x_label,
                 marker=picture.right_at, marker_label=picture.right_at_label)


def parameter_sweep(spec):
    """The parameter spec.param_sweep names swept instead, the prediction held at its `at`: the loss over it and its
    derivative, marked where that derivative is zero (the lowest loss)."""
    asked, params = spec.param_sweep, dict(spec.picture_params)  # the registry's sweep of a parameter
    y, pred, _ = spec.picture.inputs(np.array([asked.at]))

    def curve(v):
        v = np.atleast_1d(np.asarray(v, dtype=float))
        held = {"y_true": np.full(v.shape, y[0]), "y_pred": np.full(v.shape, pred[0]), **params, asked.param: v}
        return spec.fn(reduction="none", **held), asked.grad(reduction="none", **held)

    lo, hi = asked.x_range
    xs = np.linspace(lo + 0.01 * (hi - lo), hi, 801)
    lowest = _root(lambda v: curve(v)[1][0], xs, curve(xs)[1])
    return Sweep(curves=(curve,), x_range=asked.x_range, xs=xs, x_label=asked.x_label, marker=lowest,
                 marker_label=asked.lowest_label)


def _root(f, xs, values):
    """The x where f (sampled as `values` at xs) first changes sign, to machine precision (bisection)."""
    i = int(np.flatnonzero(np.diff(np.sign(values)) != 0)[0])
    low, high = xs[i], xs[i + 1]
    for _ in range(60):
        middle = 0.5 * (low + high)
        low, high = (middle, high) if np.sign(f(middle)) == np.sign(f(low)) else (low, middle)
    return 0.5 * (low + high)


# ---- the drawing ----------------------------------------------------------------------------------------------------

def sweep_plots(sweep, tracker, theme, narrow=False):
    """(loss plot, derivative plot, readouts) of `sweep`, for `tracker` moving along it; `narrow` leaves room on the
    left for a view of the prediction itself."""
    lo, hi = sweep.x_range
    y_low, y_top = sweep.loss_range()
    g_top = sweep.slope_top()
    step = (hi - lo) / 6
    plot = LossPlot(sweep.loss, sweep.slope, tracker, y_true=sweep.marker, theme=theme, x_range=(lo, hi, step),
                    y_range=(y_low, y_top, (y_top - y_low) / 4), width=4.3 if narrow else 5.4, height=3.5,
                    x_label=sweep.x_label, target_label=sweep.marker_label,
                    x_numbers=sorted({round(v, 2) for v in (lo, sweep.marker, hi)} - {0.0}),
                    # a small dip below 0 keeps its room but not its label, which would sit on the x axis
                    y_numbers=[v for v in (y_low, y_top) if v and (v > 0 or -v > 0.25 * (y_top - y_low))],
                    arrow_scale=1.4 / g_top)
    layout = regions()
    plot.place(layout.main.point(0.39 if narrow else 0.46, 0.4))  # low in the main region, clear of the formula
    dplot = derivative_plot(sweep.slope, tracker, theme=theme, x_range=(lo, hi, step), y_range=(-g_top, g_top, g_top),
                            width=3.9, height=2.2, x_label=sweep.x_label, breaks=sweep.breaks(),
                            y_label=rf"\frac{{dL}}{{d{sweep.x_label}}}")
    dplot.place(layout.side.center)
    readouts = plot.readouts(sweep.x_label, font_size=40).move_to(layout.readouts.center)
    return plot, dplot, readouts


def mark_numerical(dplot, theme):
    """Say on the derivative panel that its derivative was found numerically (shown with the panel's label)."""
    note = Text("numerical", font_size=th.MIN_TEXT, color=theme.gradient)
    note.next_to(dplot.axes, UP, buff=0.15).align_to(dplot.axes, RIGHT)
    dplot.y_label = VGroup(dplot.y_label, note)


def dashed_beside(plot, dplot, sweep, label, theme):
    """((the related loss's dashes, its derivative's), its name): the second curve of `sweep` dashed on both plots,
    named above the loss plot where it leaves it on the right."""
    xs, other = sweep.xs, sweep.curves[1]
    values, slopes = other(xs)
    curves = VGroup()
    for part, (on, points) in enumerate(((plot, values), (dplot, slopes))):
        curve = on.add_curve(lambda x, part=part: other(x)[part], theme.muted, breaks=breaks(xs, points))
        curves.add(VGroup(*(DashedVMobject(piece.set_stroke(width=4), num_dashes=40, dashed_ratio=0.6)
                            for piece in curve)))
    top = plot.y_range[1]
    leaving = xs[(values >= top) & (xs > sweep.marker)]
    name = role_tex(label, theme, th.MIN_MATH).set_color(theme.muted)
    name.next_to(plot.axes.c2p(leaving[0] if len(leaving) else xs[-1], top), UP, buff=0.2)
    return curves, name


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


def pick_view(picture, tracker, theme, center, size=2.0):
    """A row of log-probabilities as bars hanging from 0, each as long as −log ŷ_j (cut at 5): the true class's bar,
    outlined in the target colour, is the one the loss picks, and its length, marked beside it, is L."""
    cap = 5.0

    def build():
        y, pred, _ = picture.inputs(np.array([tracker.get_value()]))
        truth, row = int(np.ravel(y)[0]), pred[0]
        width, depth = 0.3 * size, 2.0 * size / cap
        top = np.asarray(center, dtype=float) + np.array([0.0, 0.5 * size, 0.0])
        half = 0.45 * size
        bars = VGroup(Line(top - [half, 0, 0], top + [half, 0, 0], stroke_color=theme.axes, stroke_width=3))
        for j, value in enumerate(row):
            x = (j - (len(row) - 1) / 2) * 1.6 * width
            length = max(min(-value, cap), 0.0) * depth
            picked = j == truth
            bar = Rectangle(width=width, height=max(length, 1e-3), stroke_width=5 if picked else 0,
                            stroke_color=theme.target, fill_color=theme.prediction if picked else theme.muted,
                            fill_opacity=0.85 if picked else 0.5)
            bars.add(bar.move_to(top + [x, -length / 2, 0.0]))
            bars.add(MathTex("k" if picked else "j", font_size=th.LABEL - 4,
                             color=theme.target if picked else theme.muted).move_to(top + [x, 0.3, 0.0]))
            if picked:  # L: the picked bar's length, drawn beside it
                side = top + [x - width / 2 - 0.15, 0.0, 0.0]
                shown = 1.0 if length > 0.3 else 0.0
                bars.add(Line(side, side - [0, length, 0], stroke_color=theme.loss, stroke_width=5,
                              stroke_opacity=shown if length > 1e-3 else 0.0),
                         MathTex("L", font_size=th.LABEL - 4, color=theme.loss).next_to(
                             side - [0, length / 2, 0], LEFT, buff=0.1).set_opacity(shown))
        return bars
    return redraw_on_change(build, tracker.get_value)


VIEWS = {"direction": direction_view, "mask": mask_view, "pick": pick_view}  # what a curve alone does not show


# ---- the story ------------------------------------------------------------------------------------------------------

class Anatomy(LossCurveStory):
    """Set `loss_name` to a registry name (see `anatomy_scene`)."""

    loss_name = ""  # registry name
    entry = None  # the entry itself, for a loss that is not in losscore.LOSSES (a loss file's)
    steps = ("show_formula", "draw_curve", "add_prediction", "show_derivative", "sweep", "back_to_start")

    def setup(self):
        super().setup()
        self.spec, params = told_with(self.entry or losscore.LOSSES[self.loss_name], self.params)
        picture = self.picture = self.spec.picture
        self.numbers = prediction_sweep(self.spec, params)
        lo, hi = picture.x_range
        self.start, self.end = lo + 0.2 * (hi - lo), hi - 0.12 * (hi - lo)
        self.yhat = ValueTracker(self.start)
        view = picture.view or picture.target
        viewed = view in VIEWS  # the plot gives room to a picture of the prediction itself
        # between the narrowed plot and the side column
        self.view = VIEWS[view](picture, self.yhat, self.theme, regions().main.point(0.87, 0.61), size=1.8) \
            if viewed else None
        self.plot, self.dplot, self.readouts = sweep_plots(self.numbers, self.yhat, self.theme, narrow=viewed)
        self.numerical = isinstance(self.spec.grad, losscore.NumericalGradient)
        if self.numerical:  # no gradient was given: the derivative panel says how it was found
            mark_numerical(self.dplot, self.theme)

    def show_formula(self):
        """The loss's formula and its name, with the values it is drawn for.

        Ask: What does each symbol in the formula stand for?"""
        self.show_title(formula_card(self.spec.formula, self.theme, 46))  # set smaller where it is too wide
        self.say(f"{self.spec.title}.")
        self.wait()

    CAPTIONS = {"add_prediction": "The arrow: where gradient descent moves it.",
                "show_derivative": "The derivative: how hard the loss pulls.",
                "show_derivative numerical": "The derivative, numerically: how hard it pulls."}

    def caption_for(self, key):
        if key == "draw_curve":
            shown = ", ".join(f"{GREEK.get(k, k)} = {v:g}" for k, v in self.spec.picture_params.items())
            fixed = self.picture.held_fixed
            if not shown:
                return f"One prediction, {fixed}."
            symbol = len(fixed.split()[0]) == 1  # "y = 1" stays lower case: y is a symbol, not a word
            return f"{fixed if symbol else fixed[0].upper() + fixed[1:]}; {shown}."
        if key == "back_to_start":
            return self.spec.lesson
        if key == "show_derivative" and self.numerical:
            return self.CAPTIONS["show_derivative numerical"]
        return self.CAPTIONS[key]

    def reveals(self):
        return [self.view] if self.view else []

    def sweep(self):
        """The prediction sweeps across its range: the loss, the arrow and the readouts follow it.

        Ask: Where is the slope steepest, and what does that mean for training?"""
        self.say_and_move("Sweep the prediction across its range.", self.yhat.animate.set_value(self.end),
                          run_time=5.0)

    @staticmethod
    def steps_for(spec):
        """The steps of `spec`'s anatomy: the usual ones, with a related loss beside it and a sweep over a
        parameter where the registry asks for them."""
        steps = list(Anatomy.steps)
        if spec.beside:
            steps.insert(steps.index("sweep"), "compare")
        if spec.param_sweep:
            steps.append("sweep_param")
        return tuple(steps)

    def compare(self):
        """A related loss drawn dashed on the same axes, and its derivative beside this one's: what relates them.

        Ask: When would you choose one over the other?"""
        beside = self.spec.beside
        self.beside_curves, name = dashed_beside(self.plot, self.dplot, self.numbers, beside.label, self.theme)
        self.play(*(Create(c) for c in self.beside_curves), FadeIn(name), run_time=1.5)
        self.say(beside.caption)
        self.wait()

    def sweep_param(self):
        """The prediction held still and a parameter of the loss swept instead: the loss over it and its derivative
        (from losscore), lowest where the derivative is zero.

        Ask: What does a model learn when it predicts this parameter too?"""
        sweep = parameter_sweep(self.spec)
        # new axes, curves and readouts, drawn as the prediction's were; they start where both dots are inside
        self.param = ValueTracker(sweep.marker)
        self.plot, self.dplot, self.readouts = sweep_plots(sweep, self.param, self.theme)
        self.param.set_value(sweep.first_inside())
        shown = [m for m in self.mobjects if m is not self.formula and m is not self.caption]
        self.play(*(FadeOut(m) for m in shown), run_time=0.8)
        self.say(self.spec.param_sweep.captions[0].format(at=self.spec.param_sweep.at))
        p, d = self.plot, self.dplot
        self.play(Create(p.axes), Create(d.axes), FadeIn(p.x_label, p.y_label, d.x_label, d.y_label), run_time=1.0)
        self.play(Create(p.curve), Create(d.curve), FadeIn(p.target), run_time=1.2)
        self.play(FadeIn(p.dot), FadeIn(d.dot), FadeIn(p.decorations()), FadeIn(self.readouts), run_time=0.8)
        lo, hi = sweep.x_range
        self.play(self.param.animate.set_value(hi - 0.05 * (hi - lo)), run_time=3.0)
        self.play(self.param.animate.set_value(sweep.marker), run_time=2.0)
        self.say(self.spec.param_sweep.captions[1])
        self.wait(2)


def anatomy_scene(name, losses=None):
    """The anatomy of registry entry `name`, as a scene class named after it: the story its picture asks for (a sweep
    of one prediction, points of an embedding, or a trellis). `losses` ({name: Loss}, a loss file's) are looked up
    beside losscore.LOSSES."""
    known = {**losscore.LOSSES, **(losses or {})}
    if name not in known:
        raise KeyError(f"unknown loss {name!r}{closest(name, known)}; losses: {' '.join(known)}")
    spec = known[name]
    story = STORIES[type(spec.picture)]
    steps = {"steps": Anatomy.steps_for(spec)} if story is Anatomy else {}
    own = {"entry": spec} if name not in losscore.LOSSES else {}
    parameters = spec.tunable or story.parameters
    if story is Anatomy and spec.picture.target == "real":  # a real target may be set too (the sweep follows it)
        parameters = (*parameters, replace(TARGET, default=spec.picture.right_at, low=spec.picture.right_at - 3,
                                           high=spec.picture.right_at + 3))
    return type(f"Anatomy_{name}", (story,), {"loss_name": name, **own, **steps, "parameters": parameters})


STORIES = {losscore.Picture: Anatomy, losscore.Embedding: EmbeddingAnatomy, losscore.Trellis: CTCAlignment,
           losscore.pictures.Transport: TransportAnatomy}
