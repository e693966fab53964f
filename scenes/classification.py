"""Classification: binary cross entropy, softmax, categorical and sparse categorical cross entropy, and how the loss
judges good and bad predictions. Probabilities come from losscore.softmax; losses and gradients from losscore.

Each story declares the numbers a lesson may set (`parameters`, today's catalog values as defaults) and reads them
from `self.params`; its captions are written from them, and it places everything in the kit's regions."""

import math

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Arrow, Create, DashedLine, FadeIn, FadeOut, Line, ValueTracker, VGroup, smooth

import losscore
from losscore.params import Param, ParamError
from scenes.kit import (
    Logits,
    LossPlot,
    MathTex,
    Mixture,
    Number,
    ProbabilityBars,
    Readouts,
    Region,
    Story,
    Text,
    clip_segment,
    formula_card,
    loss_of_prediction,
    plain,
    rectangle_between,
    redraw_on_change,
    regions,
    role_tex,
    rounded_to_sum,
    shown,
)
from scenes.kit import theme as th

CLASSES = ("cat", "dog", "fox", "owl", "bee", "cow")  # class names; a story with C classes uses the first C
GOOD, BAD = 0.95, 0.05  # the true class's probability in CCE's good and bad predictions (they round cleanly)


def logits_param(default):
    return Param(name="logits", default=tuple(default), kind="floats", length=(2, len(CLASSES)), low=-4.0, high=4.0,
                 step=0.1, meaning=f"the raw scores z, one per class ({', '.join(CLASSES[:3])}, ...)")


LABEL = Param(name="label", default=1, kind="int", low=0, high=len(CLASSES) - 1, step=1,
              meaning="the true class's index k (0 is the first class)")


def declared(story, name):
    """The parameter `name` as `story` declares it (its range, its meaning)."""
    return next(p for p in story.parameters if p.name == name)


def under_formula(region, story):
    """`region` cut to end just below the story's formula card (a tall formula reaches below the title band)."""
    return region.below(formula_card(story.formula_tex, story.theme, story.formula_size).get_bottom()[1] - 0.1)


def right_column(story):
    """The side panel and the readouts below it, as one region, below the story's formula."""
    r = regions()
    return under_formula(Region(r.side.left, r.side.right, r.readouts.bottom, r.side.top), story)


def with_true_probability(logits, k, p):
    """`logits` with the k-th moved so that softmax gives class k the probability `p`; the others keep theirs."""
    z = np.array(logits, dtype=float)
    others = np.delete(z, k)
    z[k] = math.log(p / (1 - p)) + math.log(np.exp(others).sum())
    return z


def neg_log_plot(story, tracker, readouts, column, *, y_max):
    """−log ŷ against the probability ŷ_k given to the true class (BCE with y = 1, from the registry), filling
    `column` above `readouts`, which are placed at its foot."""
    readouts.move_to(column.point(0.5, 0), aligned_edge=DOWN).shift(0.05 * UP)
    # room for the x numbers below the axes, L and y above them, ŷ_k on their right
    origin = np.array([column.left + 0.7, readouts.get_top()[1] + 0.85, 0])
    width, height = column.right - 0.9 - origin[0], column.top - 0.6 - origin[1]
    f, df = loss_of_prediction("bce", 1.0)
    plot = LossPlot(f, df, tracker, y_true=1.0, theme=story.theme, x_range=(0, 1, 0.25), y_range=(0, y_max, 1),
                    width=width, height=height, x_label=r"\hat{y}_k", x_numbers=[0.5, 1], y_numbers=[y_max])
    return plot.place(plot.axes.get_center() + origin - plot.axes.c2p(0, 0))


class BinaryCrossEntropy(Story):
    """Both branches of BCE over ŷ ∈ (0, 1); a prediction for y = 1 moves from unsure to confidently right to
    confidently wrong, where the loss and its gradient explode. The gradient arrow is drawn to one scale; where it
    would run past its cap, it is drawn broken."""

    steps = ("show_formula", "draw_branches", "mark_confidence", "unsure", "confident_right", "confident_wrong",
             "back_to_start")
    parameters = (
        Param(name="unsure", default=0.5, low=0.4, high=0.6, step=0.05,
              meaning="ŷ where the model is unsure (the story starts and ends there)"),
        Param(name="confident_right", default=0.95, low=0.8, high=0.95, step=0.05,
              meaning="a confidently right ŷ for y = 1 (no closer to 1: its arrow must fit before ŷ = 1)"),
        Param(name="confident_wrong", default=0.03, low=0.01, high=0.2, step=0.01,
              meaning="a confidently wrong ŷ for y = 1"),
    )
    zones = (("wrong", 0.0, 0.2, "emphasis"), ("unsure", 0.4, 0.6, "muted"), ("right", 0.8, 1.0, "target"))
    PLOT_SHARE = 0.72  # of the body's width: a wide plot gives the short arrows near ŷ = 1 room to be seen
    CAP_SHARE = 0.4  # the longest arrow drawn, as a share of the plot's width
    ARROW_LIFT = 0.28  # the arrow runs just above the dot, so the dot never hides a short one
    formula_tex, formula_size = losscore.LOSSES["bce"].formula, 44  # the two-term formula is wide

    def setup(self):
        super().setup()
        t = self.theme
        area, side = under_formula(regions().body, self).split(self.PLOT_SHARE, axis="x")
        y_max = math.ceil(-math.log(declared(self, "confident_wrong").low))  # the most wrong ŷ stays on the plot
        self.yhat = ValueTracker(self.params["unsure"])
        f1, df1 = loss_of_prediction("bce", 1.0)
        f0, _ = loss_of_prediction("bce", 0.0)
        # room for the y numbers and L on the left, ŷ on the right, the x numbers below and the zones' names above
        width, height = area.width - 1.25, area.height - 1.0
        self.plot = LossPlot(f1, df1, self.yhat, y_true=1.0, theme=t, x_range=(0, 1, 0.1),
                             y_range=(0, y_max, 1), width=width, height=height, x_numbers=[0, 0.5, 1],
                             y_numbers=list(range(2, y_max + 1, 2)))
        origin = np.array([area.left + 0.7, area.bottom + 0.5, 0])
        self.plot.place(self.plot.axes.get_center() + origin - self.plot.axes.c2p(0, 0))
        self.branch0 = self.plot.add_curve(f0, t.muted)
        axes = self.plot.axes
        self.plot.y_label.next_to(axes.y_axis.get_top(), LEFT, buff=0.15)  # leaves the top for the zone names
        self.branch_labels = VGroup(
            role_tex("y = 1", t, 40).next_to(axes.c2p(0.05, 0.6 * y_max), RIGHT, buff=0.15),
            role_tex("y = 0", t, 40).next_to(axes.c2p(0.95, 0.6 * y_max), LEFT, buff=0.15))
        self.branch_labels[1].set_color(t.muted)
        # one scale for every arrow: the confidently right one (the shortest room before ŷ = 1) still fits
        highest_right = declared(self, "confident_right").high
        self.arrow_scale = 0.95 * highest_right * (1 - highest_right) * width  # scene units per unit of dL/dŷ
        self.arrow_cap = self.CAP_SHARE * width
        moved = lambda: (self.yhat.get_value(), *axes.get_center()[:2])  # noqa: E731
        self.tangent = redraw_on_change(self._tangent, moved)
        self.arrow = redraw_on_change(self._arrow, moved)
        self.followed = role_tex("y = 1", t, th.LABEL)
        self.readouts = self.plot.readouts()
        VGroup(self.followed, self.readouts).arrange(DOWN, buff=0.6).move_to(side.center)
        self.readouts.align_to(side.point(0.03), LEFT)  # values grow to the right: −100.00 at ŷ = 0.01

    def loss_at(self, yhat):
        return float(losscore.bce([1.0], [yhat]))

    def slope_at(self, yhat):
        return float(losscore.bce_grad([1.0], [yhat])[0])

    def _tangent(self):
        """The tangent at the dot, cut at the edges of the axes (a steep one would run over the tick labels)."""
        p, axes = self.plot, self.plot.axes
        x, g = self.yhat.get_value(), p.slope()
        screen = np.array([axes.x_axis.get_unit_size(), g * axes.y_axis.get_unit_size()])
        half = 1.1 / np.linalg.norm(screen)  # 1.1 scene units each way, in units of ŷ
        y = p.value()
        inside = clip_segment((x - half, y - g * half), (x + half, y + g * half),
                              (p.x_range[0], p.y_range[0]), (p.x_range[1], p.y_range[1]))
        a, b = inside if inside else ((x, y), (x, y))
        return Line(axes.c2p(*a), axes.c2p(*b), color=self.theme.gradient, stroke_width=3.5,
                    stroke_opacity=0.9 if inside else 0)

    def arrow_length(self):
        """(length drawn, whether it is capped): proportional to |dL/dŷ| on the scene's one scale, up to the cap."""
        wanted = self.arrow_scale * abs(self.plot.slope())
        return min(wanted, self.arrow_cap), wanted > self.arrow_cap

    def _arrow(self):
        """From just above the dot, the way gradient descent moves ŷ; a capped arrow has two strokes across its
        shaft, the mark of a length cut short (always the same parts, so redrawing never changes its structure)."""
        t, dot, top = self.theme, self.plot.point(), self.plot.axes.c2p(0, self.plot.y_range[1])[1]
        # above the dot, or below it where the dot is near the top of the axes
        start = dot + self.ARROW_LIFT * (UP if dot[1] + self.ARROW_LIFT + 0.15 <= top else DOWN)
        length, capped = self.arrow_length()
        direction = LEFT if self.plot.slope() > 0 else RIGHT
        arrow = Arrow(start, start + direction * max(length, 0.01), buff=0, color=t.gradient, stroke_width=7,
                      max_tip_length_to_length_ratio=0.35, max_stroke_width_to_length_ratio=12)
        arrow.set_opacity(1 if length >= 0.05 else 0)
        middle = start + direction * 0.45 * length
        slant = 0.1 * direction + 0.2 * UP
        cut = VGroup(*(Line(middle + s * direction - slant, middle + s * direction + slant, color=t.text,
                            stroke_width=4) for s in (-0.07, 0.07)))
        return VGroup(arrow, cut.set_opacity(1 if capped else 0))

    def zone_bands(self):
        """Shaded bands over the ŷ axis: confidently wrong, unsure, confidently right (for y = 1)."""
        axes, t = self.plot.axes, self.theme
        bands = VGroup()
        for name, lo, hi, role in self.zones:
            color = getattr(t, role)
            band = rectangle_between(axes.c2p(lo, 0), axes.c2p(hi, self.plot.y_range[1]), stroke_width=0,
                                     fill_color=color, fill_opacity=0.14)
            label = Text(name, font_size=th.MIN_TEXT + 2, color=color).next_to(band, UP, buff=0.08)
            bands.add(VGroup(band, label))
        return bands

    def show_formula(self):
        """The BCE formula: a probability ŷ scored against a 0/1 label y.

        Ask: Why are there two log terms when only one of them is ever non-zero?"""
        self.open_with(self.formula_tex, "BCE scores a probability ŷ against a label y.", self.formula_size)

    def draw_branches(self):
        """Both branches over ŷ ∈ (0, 1): −log ŷ for y = 1 and its mirror −log(1 − ŷ) for y = 0.

        Ask: What is the loss when ŷ = 0.5, whatever the label?"""
        p = self.plot
        self.say("One curve for y = 1, its mirror for y = 0.")
        self.play(Create(p.axes), FadeIn(p.x_label, p.y_label), run_time=1.2)
        self.play(Create(p.curve), Create(self.branch0), FadeIn(self.branch_labels), run_time=1.8)

    def mark_confidence(self):
        """Shaded zones for y = 1: confidently wrong near 0, unsure in the middle, confidently right near 1.

        Ask: Where on this axis would you like a freshly initialised model to start?"""
        self.bands = self.zone_bands()
        self.say("For y = 1: ŷ near 0 is wrong, near 1 right.")
        self.play(FadeIn(self.bands), FadeIn(self.followed), run_time=1.0)
        self.wait()

    def unsure(self):
        """The prediction in the unsure zone, with the arrow gradient descent follows and the readouts of ŷ, L and
        dL/dŷ.

        Ask: Which way will gradient descent move ŷ from here, and why?"""
        p = self.plot
        self.say(f"At ŷ = {self.params['unsure']:g} the model is unsure: a middling loss.")
        self.play(FadeIn(p.dot, scale=0.5), FadeIn(p.residual, p.tick, self.tangent, self.arrow),
                  FadeIn(self.readouts), FadeOut(self.branch_labels), run_time=1.0)
        self.wait()

    def confident_right(self):
        """ŷ moves close to 1: the loss and its slope shrink towards zero, and so does the arrow.

        Ask: Why does the model keep being pushed, ever so slightly, even when it is right?"""
        right = self.params["confident_right"]
        self.say_and_move(f"Confident and right: L falls to {self.loss_at(right):.2f}.",
                          self.yhat.animate.set_value(right))

    def confident_wrong(self):
        """ŷ moves close to 0: loss and gradient grow without bound as ŷ → 0. The arrow keeps one scale: when it
        would be longer than the plot allows it is drawn at its cap with its shaft cut, and the slope readout gives
        its real size.

        Ask: Why do frameworks clip ŷ to [ε, 1 − ε] before taking the log?"""
        wrong, unsure = self.params["confident_wrong"], self.params["unsure"]
        steeper = self.slope_at(wrong) / self.slope_at(unsure)
        self.say_and_move(f"Confident and wrong: {steeper:.0f}× as steep as at ŷ = {unsure:g}.",
                          self.yhat.animate.set_value(wrong), run_time=3.0)
        if self.arrow_length()[1]:
            self.say("The cut arrow is too long to draw to scale.")
            self.wait()

    def back_to_start(self):
        """ŷ returns to the unsure zone: the log makes a confident mistake far costlier than an unsure one.

        Ask: What would a squared error do differently for a confident mistake?"""
        self.say_and_move("The log punishes confident mistakes.", self.yhat.animate.set_value(self.params["unsure"]))
        self.wait()


class ClassStory(Story):
    """Shared set-up for the multiclass stories: logits for the first C of CLASSES (C from the `logits` parameter)
    with a true class (`label`) where the story has one, and their softmax bars."""

    parameters = (logits_param((0.5, 1.5, 0.2)), LABEL)
    formula_size = th.FORMULA
    TRUE_CLASS_DECIMALS = 4  # −log of ŷ_k shown this way gives the loss shown (two decimals, as on a bar, do not)

    @classmethod
    def check_together(cls, values, where):
        count, k = len(values["logits"]), values.get("label")
        if k is not None and k >= count:
            raise ParamError(f"{where}: label = {k} is not a class: with {count} logits it is 0 to {count - 1}")

    def setup(self):
        super().setup()
        self.start_logits = np.array(self.params["logits"], dtype=float)
        self.logits = Logits(self.start_logits)
        self.names = CLASSES[:len(self.start_logits)]
        self.true_class = self.params.get("label")
        self.onehot = None if self.true_class is None else np.eye(len(self.names))[self.true_class]

    def probabilities(self):
        return self.logits.probabilities()

    def true_probability(self):
        return float(self.probabilities()[self.true_class])

    def make_bars(self, probabilities=None, **kwargs):
        return ProbabilityBars(probabilities or self.probabilities, self.names, self.true_class, self.theme, **kwargs)

    def true_class_readout(self):
        """The readout row of ŷ_k (shown with TRUE_CLASS_DECIMALS)."""
        return (r"\hat{y}_k", self.true_probability, self.theme.prediction)

    def move_logits(self, values, caption, run_time=2.5):
        self.say_and_move(caption, *self.logits.animate_to(values), run_time=run_time)


class Softmax(ClassStory):
    """Logits (any sign) → exponentials (positive) → divided by their sum → probabilities that always sum to 1.
    The probabilities are shown rounded so that the column adds up to the total shown."""

    steps = ("show_formula", "show_logits", "exponentiate", "normalise", "raise_one_logit", "back_to_start")
    parameters = (logits_param((2.0, 1.0, -1.0)),)  # softmax alone knows no label
    formula_tex = losscore.ACTIVATIONS["softmax"]

    def setup(self):
        super().setup()
        t = self.theme
        # the table on the left half, the bars on the right: six classes need the room
        main, side = under_formula(regions().body, self).split(0.5, axis="x")
        logits = self.logits
        exp = lambda: np.exp(logits.values())  # noqa: E731  (e^z, shown before it is normalised)
        columns = [(r"z_i", logits.values, t.text, True), (r"e^{z_i}", exp, t.text, False),
                   (r"\hat{y}_i", self.shown_probabilities, t.prediction, False)]
        # header, one row per class, the total: centred in the main region, rows no further apart than 0.9
        rows = len(self.names)
        dy = min(0.9, main.height / (rows + 2))
        top = main.center[1] + dy * (rows + 1) / 2
        name_x, *column_x = (main.point(x)[0] for x in (0.12, 0.34, 0.58, 0.82))
        self.row_names = VGroup(*(Text(n, font_size=th.CAPTION - 4, color=t.text).move_to([name_x, top - dy * i, 0])
                                  for i, n in enumerate(self.names, start=1)))
        self.columns = []
        for (head, fn, color, signed), x in zip(columns, column_x):
            cells = VGroup()
            for i in range(rows):
                at = np.array([x, top - dy * (i + 1), 0])
                cell = self._number(fn()[i], color, signed).move_to(at)
                cell.add_updater(lambda m, fn=fn, i=i, at=at: m.set_value(fn()[i]).move_to(at))
                cells.add(cell)
            column = VGroup(role_tex(head, t, 44).move_to([x, top, 0]), cells)
            column.describe = lambda head=head, cells=cells: [  # for speaker notes, as the bars and readouts do
                f"{plain(head)}: " + ", ".join(f"{n} {shown(c)}" for n, c in zip(self.names, cells))]
            self.columns.append(column)
        total = (r"\textstyle\sum_i \hat{y}_i", lambda: float(self.shown_probabilities().sum()), t.prediction)
        self.total = Readouts([total], t, font_size=44)
        self.total.move_to([(column_x[1] + column_x[2]) / 2, top - dy * (rows + 1.2), 0])
        self.bars = self.make_bars(self.shown_probabilities, width=side.width - 0.6, height=2.6)
        self.bars.shift(side.point(0.5, 0.3) - self.bars.baseline.get_center())

    def shown_probabilities(self):
        return rounded_to_sum(self.probabilities())

    @staticmethod
    def _number(value, color, signed):
        return Number(value, num_decimal_places=2, include_sign=signed, font_size=th.LABEL - 4, color=color)

    def raised_logits(self):
        """The smallest logit raised one above the largest: (the logits, the class raised)."""
        z, lowest = self.start_logits.copy(), int(np.argmin(self.start_logits))
        z[lowest] = z.max() + 1
        return z, self.names[lowest]

    def show_formula(self):
        """The softmax formula: each exponentiated logit divided by the sum of all of them.

        Ask: Why the exponential, rather than just dividing the raw scores by their sum?"""
        self.open_with(self.formula_tex, "Softmax turns raw scores into probabilities.", self.formula_size)

    def show_logits(self):
        """The logits z_i: raw scores, one per class, of any sign.

        Ask: Can a logit of −1 still end up as a sizeable probability?"""
        self.say("Logits: raw scores of any sign.")
        self.play(FadeIn(self.row_names), FadeIn(self.columns[0]), run_time=1.0)
        self.wait()

    def exponentiate(self):
        """The column e^{z_i}: every score made positive, the order kept.

        Ask: What happens to these numbers if we add 100 to every logit?"""
        self.say("The exponential makes every score positive.")
        self.play(FadeIn(self.columns[1], shift=0.3 * RIGHT), run_time=1.0)
        self.wait()

    def normalise(self):
        """Each e^{z_i} divided by their sum: the probabilities ŷ_i, their sum and the bars.

        Ask: If we add the same constant to every logit, do the probabilities change?"""
        self.say("Divided by their sum, they add up to 1.")
        self.play(FadeIn(self.columns[2], shift=0.3 * RIGHT), FadeIn(self.total), run_time=1.0)
        self.play(FadeIn(self.bars), run_time=1.0)
        self.wait()

    def raise_one_logit(self):
        """The smallest logit rises above the largest: its bar grows and the others shrink, while the sum stays 1.

        Ask: Can raising one logit ever increase another class's probability?"""
        raised, name = self.raised_logits()
        self.move_logits(raised, f"Raise {name}'s logit: the others give way.", run_time=3.0)
        self.say("The sum stays exactly 1 at every moment.")
        self.wait()

    def back_to_start(self):
        """The logits return to the start: positive, normalised, order kept.

        Ask: What would the probabilities be if all the logits were equal?"""
        self.move_logits(self.start_logits, "Softmax: positive, normalised, order kept.", run_time=2.0)
        self.wait()


class LogitGradients(VGroup):
    """How gradient descent moves each logit, −∂L/∂z_i = y_i − ŷ_i, as one arrow per class on one scale: the true
    class's arrow rises from the zero line, the others' fall one after another from its tip back to the zero line,
    so the picture shows that the gradient sums to zero."""

    def __init__(self, gradient, xs, true_class, theme, *, unit, zero):
        super().__init__()
        self.gradient, self.xs, self.true_class, self.theme = gradient, xs, true_class, theme
        self.unit, self.zero = unit, zero  # scene units per unit of gradient; the zero line's height
        self.zero_line = self._level(0.0)
        self.arrows = redraw_on_change(self._arrows, lambda: np.asarray(gradient(), dtype=float))
        self.add(self.zero_line, self.arrows)

    def descent(self):
        return -np.asarray(self.gradient(), dtype=float)

    def spans(self):
        """(start, end) heights of each class's arrow above the zero line, in units of the gradient."""
        step, k = self.descent(), self.true_class
        spans, level = [None] * len(step), step[k]
        spans[k] = (0.0, step[k])
        for i in (i for i in range(len(step)) if i != k):
            spans[i] = (level, level + step[i])
            level += step[i]
        return spans

    def point(self, x, value):
        return np.array([x, self.zero + self.unit * value, 0.0])

    def _level(self, value, x_from=None, x_to=None):
        """A dashed guide at `value`, across the arrows or from x_from to x_to."""
        x_from, x_to = (self.xs[0] - 0.45, self.xs[-1] + 0.45) if x_from is None else (x_from, x_to)
        return DashedLine(self.point(x_from, value), self.point(x_to, value), color=self.theme.muted,
                          stroke_width=2.5, dash_length=0.1)

    def _arrows(self):
        spans = self.spans()
        group = VGroup(self._level(self.descent()[self.true_class]))  # the true class's tip: where the downs start
        downs = [i for i in range(len(self.xs)) if i != self.true_class]
        for i, j in zip(downs, downs[1:]):  # each down arrow starts where the one before it ends
            group.add(self._level(spans[i][1], self.xs[i], self.xs[j]))
        if self.descent()[self.true_class] * self.unit < 0.1:  # guides that close would smudge into the zero line
            group.set_opacity(0)
        for x, (a, b) in zip(self.xs, spans):
            length = abs(b - a) * self.unit
            end = self.point(x, b) if length >= 0.01 else self.point(x, a) + 0.01 * UP
            arrow = Arrow(self.point(x, a), end, buff=0, color=self.theme.gradient, stroke_width=6,
                          max_tip_length_to_length_ratio=0.3, max_stroke_width_to_length_ratio=10)
            group.add(arrow.set_opacity(1 if length >= 0.05 else 0))  # too short to read: drawn invisible
        return group


class CategoricalCrossEntropy(ClassStory):
    """A one-hot label beside softmax bars: only the true class's term survives, L = −log ŷ_k, traced on the −log
    curve; gradient descent on the logits, y − ŷ, as one arrow per logit, the arrows summing to zero."""

    steps = ("show_formula", "label_and_bars", "only_true_term", "gradient_arrows", "good_prediction",
             "bad_prediction", "back_to_start")
    formula_tex = losscore.LOSSES["cce"].formula

    @classmethod
    def check_together(cls, values, where):
        super().check_together(values, where)
        k = values["label"]
        p = float(losscore.softmax(np.array(values["logits"], dtype=float))[k])
        if not BAD < p < GOOD:
            raise ParamError(f"{where}: logits give the true class (label {k}) ŷ_k = {p:.3f}; the story needs "
                             f"{BAD:g} < ŷ_k < {GOOD:g}, between its bad and good predictions")

    def setup(self):
        super().setup()
        t, main = self.theme, under_formula(regions().main, self)
        label_width = 1.9  # the arrows' name, left of them
        bar_height = 1.5  # the rest of the height goes to the arrows below
        self.bars = self.make_bars(width=main.width - label_width, height=bar_height)
        self.bars.shift([main.right - self.bars.baseline.width / 2, main.top - 0.45 - bar_height, 0]
                        - self.bars.baseline.get_center())
        # the one-hot label as a row of digits under the names (six "y = 0" would not fit), named on the left
        row = self.bars.names.get_bottom()[1] - 0.4
        self.labels = VGroup(*(MathTex(f"{v:g}", font_size=40, color=t.target if v else t.text)
                               .move_to([self.bars.baseline.get_center()[0] + c[0], row, 0])
                               for v, c in zip(self.onehot, self.bars.centers)))
        self.labels.add(role_tex("y_i", t, 40).move_to([main.left + label_width / 2, row, 0]))
        xs = [self.bars.baseline.get_center()[0] + c[0] for c in self.bars.centers]
        zero = main.bottom + 0.08
        # a plain function, not a bound method: copying a mobject (as animations do) must not copy the scene
        self.descent = LogitGradients(lambda: self.logit_gradient(), xs, self.true_class, t,
                                      unit=self.labels.get_bottom()[1] - 0.2 - zero, zero=zero)
        self.descent_label = VGroup(role_tex(r"-\partial L/\partial z_i", t, th.MIN_MATH),
                                    role_tex(r"= y_i - \hat{y}_i", t, th.MIN_MATH)).arrange(DOWN, buff=0.15)
        self.descent_label.move_to([main.left + label_width / 2, zero + self.descent.unit / 2, 0])
        self.p_true = ValueTracker(self.true_probability())
        self.p_true.add_updater(lambda m: m.set_value(self.true_probability()))
        self.loss_readouts = Readouts([self.true_class_readout(), ("L", self.loss_value, t.loss)], t,
                                      decimals=(self.TRUE_CLASS_DECIMALS, 2), font_size=44)
        self.plot = neg_log_plot(self, self.p_true, self.loss_readouts, right_column(self), y_max=5)

    def loss_value(self, logits=None):
        """L for `logits` (default: the current ones)."""
        return losscore.cce(self.onehot, self.probabilities() if logits is None else losscore.softmax(logits))

    def logit_gradient(self):
        return losscore.cce_grad(self.onehot, self.logits.values(), from_logits=True, reduction="sum")

    def show_formula(self):
        """The CCE formula: a sum over classes of label times −log probability.

        Ask: With a one-hot label, how many terms of this sum are non-zero?"""
        self.open_with(self.formula_tex, "Cross entropy compares a label with probabilities.", self.formula_size)

    def label_and_bars(self):
        """Softmax bars for the classes with the one-hot label under them.

        Ask: Which bar should grow for the loss to fall?"""
        self.add(self.p_true)
        self.say("The label is one-hot: 1 for the true class.")
        self.play(FadeIn(self.bars), run_time=1.0)
        self.play(FadeIn(self.labels), run_time=0.8)
        self.wait()

    def only_true_term(self):
        """Only the true class's term survives: the dot on the −log ŷ_k curve and the readouts of ŷ_k and L.

        Ask: Does the loss care how the remaining probability is spread over the wrong classes?"""
        p = self.plot
        self.say("Only the true class counts: L = −log ŷ of it.")
        self.show_plot(p, p.target, readouts=self.loss_readouts)
        self.wait()

    def gradient_arrows(self):
        """How gradient descent moves the logits, y − ŷ (minus the gradient ŷ − y): one arrow per logit, up for the
        true class, down for the others, on one scale. The downs, stacked, span exactly the up: the gradient sums
        to zero.

        Ask: Why is the gradient on the logits so much simpler than the gradient on the probabilities?"""
        self.say("Descent raises the true logit, lowers the rest.")
        self.play(FadeIn(self.descent), FadeIn(self.descent_label), run_time=1.0)
        self.say("Up as much as down: the gradient sums to zero.")
        self.wait()

    def good_prediction(self):
        """The true class's logit rises until it holds most of the probability: the loss falls, and so do the
        arrows.

        Ask: What is the smallest loss this model can reach, and can it reach it?"""
        good = with_true_probability(self.start_logits, self.true_class, GOOD)
        self.move_logits(good, f"{GOOD:.2f} for the truth: the loss falls to {self.loss_value(good):.2f}.")

    def bad_prediction(self):
        """The true class's logit falls until it holds little probability: the loss climbs steeply.

        Ask: How much does halving the true class's probability add to the loss?"""
        bad = with_true_probability(self.start_logits, self.true_class, BAD)
        self.move_logits(bad, f"{BAD:.2f} for the truth: the loss rises to {self.loss_value(bad):.2f}.", run_time=3.0)

    def back_to_start(self):
        """The logits return to the start: the loss is −log of the true class's probability.

        Ask: How would label smoothing change the label row, and the arrows?"""
        self.move_logits(self.start_logits, "Cross entropy: −log of the true class's probability.", run_time=2.0)
        self.wait()


class SparseCategoricalCrossEntropy(ClassStory):
    """The same loss with an integer label: k picks the bar directly; equal to CCE with the one-hot row; one number
    per label instead of C."""

    steps = ("show_formula", "label_picks_a_bar", "same_as_cce", "prediction_moves", "memory", "back_to_start")
    formula_tex = losscore.LOSSES["sparse_cce"].formula

    def setup(self):
        super().setup()
        t, r, k = self.theme, regions(), self.true_class
        bar_height = 2.3
        self.bars = self.make_bars(width=r.main.width - 1.0, height=bar_height)
        self.bars.shift(r.main.point(0.5, 0.27) - self.bars.baseline.get_center())
        self.label = role_tex(f"k = {k}", t, th.LABEL).set_color(t.target)
        # above the tallest bar's value, so the pointer never turns round
        self.label.next_to(self.bars.baseline.get_center() + self.bars.centers[k] + (bar_height + 0.8) * UP, UP, 0)
        self.pointer = redraw_on_change(
            lambda: Arrow(self.label.get_bottom(), self.bars.values[k].get_top(), buff=0.1, color=t.target,
                          stroke_width=5, max_tip_length_to_length_ratio=0.25),
            lambda: self.bars.values[k].get_top())
        self.losses = Readouts([
            self.true_class_readout(),
            (r"\text{CCE}", lambda: losscore.cce(self.onehot, self.probabilities()), t.loss),
            (r"\text{sparse CCE}", lambda: losscore.sparse_cce(k, self.probabilities()), t.loss),
        ], t, decimals=(self.TRUE_CLASS_DECIMALS, 2, 2), font_size=44).move_to(r.side.center)

    def moved_logits(self):
        """A different prediction: the true class's probability moved to 0.2 from a high one, to 0.8 from a low
        one (values that round cleanly)."""
        target = 0.2 if self.true_probability() >= 0.5 else 0.8
        return with_true_probability(self.start_logits, self.true_class, target)

    def show_formula(self):
        """The sparse CCE formula: the label is a class number k, not a one-hot row.

        Ask: When does it pay to store a label as one integer instead of a row?"""
        self.open_with(self.formula_tex, "Sparse CCE: the label is a class number k.", self.formula_size)

    def label_picks_a_bar(self):
        """The label k points straight at its bar.

        Ask: What happens if k is out of range, say k = C with C classes?"""
        self.say("The label k picks its bar directly.")
        self.play(FadeIn(self.bars), run_time=1.0)
        self.play(FadeIn(self.label), Create(self.pointer), run_time=1.0)
        self.wait()

    def same_as_cce(self):
        """Readouts of ŷ_k, CCE (one-hot label) and sparse CCE (integer label): the same number, −log ŷ_k.

        Ask: Why must the two always agree?"""
        self.say("Same loss as CCE with a one-hot label.")
        self.play(FadeIn(self.losses), run_time=1.0)
        self.wait()

    def prediction_moves(self):
        """The logits move: both readouts change together and stay equal.

        Ask: Is the gradient the same for the two losses too?"""
        self.move_logits(self.moved_logits(), "Whatever the prediction, the two agree.")

    def memory(self):
        """The storage for one label with this example's classes: C numbers one-hot, one number sparse.

        Ask: How much memory do the labels of a million samples over 10,000 classes take in each form?"""
        t, k, count = self.theme, self.true_class, len(self.names)
        onehot = np.eye(count, dtype=int)[k]
        self.storage = VGroup(
            role_tex(r"\text{one-hot: } y = (" + ",".join(map(str, onehot)) + r")", t, 40),
            Text(f"{count} numbers per label", font_size=th.MIN_TEXT + 2, color=t.muted),
            role_tex(rf"\text{{sparse: }} k = {k}", t, 40),
            Text("1 number per label", font_size=th.MIN_TEXT + 2, color=t.muted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.18).move_to(regions().readouts.center)
        self.say(f"With {count} classes: {count} numbers per label, or one.")
        self.play(FadeIn(self.storage, shift=0.2 * UP), run_time=1.2)
        self.wait()

    def back_to_start(self):
        """The logits return to the start: same loss, far less memory for many classes.

        Ask: When can you not use the sparse form?"""
        self.move_logits(self.start_logits, "Same loss, far less memory for many classes.", run_time=2.0)
        self.wait()


def prediction_param(name, default, meaning):
    return Param(name=name, default=tuple(default), kind="floats", length=(2, len(CLASSES)), low=0.0, high=1.0,
                 step=0.01, meaning=f"{meaning}: one probability per class, the true class first, summing to 1")


class GoodVsBadPredictions(Story):
    """Bars shift from a good prediction to worse ones, the true class's probability falling each time; the loss
    meter and the dot on the −log curve climb with them, and a ledger keeps each visit's ŷ_k and L."""

    steps = ("show_formula", "good", "worse", "bad", "back_to_good")
    visits = ("good", "worse", "bad")
    parameters = (prediction_param("good", (0.90, 0.05, 0.03, 0.02), "the good prediction"),
                  prediction_param("worse", (0.40, 0.30, 0.20, 0.10), "a worse one"),
                  prediction_param("bad", (0.25, 0.30, 0.25, 0.20), "a bad one"))
    true_class = 0
    formula_tex, formula_size = losscore.LOSSES["cce"].formula, th.FORMULA

    @classmethod
    def check_together(cls, values, where):
        rows = [values[name] for name in cls.visits]
        for name, row in zip(cls.visits, rows):
            if len(row) != len(rows[0]):
                raise ParamError(f"{where}: {name} has {len(row)} probabilities, good has {len(rows[0])}")
            if any(abs(round(p, 2) - p) > 1e-9 for p in row):  # the bars and the ledger show two decimals
                raise ParamError(f"{where}: {name} must give each probability with at most two decimals")
            if abs(sum(row) - 1) > 1e-9:
                raise ParamError(f"{where}: {name}'s probabilities must sum to 1, they sum to {sum(row):g}")
            if row[0] == 0:
                raise ParamError(f"{where}: {name} gives the true class 0: its loss is infinite")
        if max(rows[0]) != rows[0][0]:
            raise ParamError(f"{where}: good must give the true class (the first) the largest probability")
        truth = [row[0] for row in rows]
        if not truth[0] > truth[1] > truth[2]:
            raise ParamError(f"{where}: the true class's probability must fall from good to worse to bad, "
                             f"got {', '.join(f'{p:g}' for p in truth)}")

    def setup(self):
        super().setup()
        t, main = self.theme, under_formula(regions().main, self)
        self.predictions = [self.params[name] for name in self.visits]
        self.names = CLASSES[:len(self.predictions[0])]
        self.mix = Mixture(self.predictions)
        self.onehot = np.eye(len(self.names))[self.true_class]
        self.bars = ProbabilityBars(self.mix.probabilities, self.names, self.true_class, t, width=main.width - 1.5,
                                    height=2.0)
        self.bars.shift([main.center[0], main.top - 2.45, 0] - self.bars.baseline.get_center())
        self.p_true = ValueTracker(self.predictions[0][self.true_class])
        self.p_true.add_updater(lambda m: m.set_value(self.mix.probabilities()[self.true_class]))
        worst = -math.log(self.predictions[-1][self.true_class])
        self.meter = Readouts([("L", self.loss_value, t.loss)], t, decimals=3, font_size=44)
        self.plot = neg_log_plot(self, self.p_true, self.meter, right_column(self), y_max=max(2, math.ceil(worst)))
        self.ledger_top = self.bars.names.get_bottom()[1] - 0.35
        self.ledger = VGroup()  # one row per prediction visited, under the bars

    def loss_value(self):
        return losscore.cce(self.onehot, self.mix.probabilities())

    def show_formula(self):
        """The CCE formula that judges each prediction.

        Ask: Which single number decides the loss of a prediction?"""
        self.open_with(self.formula_tex, "The loss judges the true class's probability.", self.formula_size)

    def _visit(self, index, caption=None):
        if caption:
            self.say(caption)
        if index:
            self.play(self.mix.t.animate.set_value(index), run_time=2.5, rate_func=smooth)
        p = self.predictions[index][self.true_class]
        entry = role_tex(rf"\hat{{y}}_k = {p:.2f} \;\Rightarrow\; L = {self.loss_value():.3f}", self.theme, 38)
        self.ledger.add(entry)
        self.ledger.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        self.ledger.move_to([self.bars.baseline.get_center()[0], self.ledger_top, 0], aligned_edge=UP)
        self.play(FadeIn(entry), run_time=0.6)
        self.wait()

    def good(self):
        """A good prediction: the true class leads; the bars, the dot on −log ŷ_k and the loss meter.

        Ask: What loss would a perfect prediction get?"""
        self.add(self.p_true)
        p = self.plot
        truth = self.predictions[0][self.true_class]
        self.say("Good: most probability on the true class." if truth > 0.5 else "Good: the true class leads.")
        self.play(FadeIn(self.bars), run_time=1.0)
        self.show_plot(p, p.target, readouts=self.meter, run_time=1.2)
        self._visit(0)

    def worse(self):
        """A worse prediction: less probability on the true class; the loss grows and is written in the ledger.

        Ask: The true class lost some of its probability: did the loss grow by as much, or by more?"""
        self._visit(1, "Less sure of the truth: the loss grows.")

    def bad(self):
        """A bad prediction: even less on the true class; the loss climbs further.

        Ask: Is this prediction wrong under accuracy? How does the loss tell it apart from the previous one?"""
        row = self.predictions[2]
        leads = max(row[1:]) > row[self.true_class]
        self._visit(2, "Another class leads: the loss climbs higher." if leads
                    else "Even less for the truth: the loss climbs higher.")

    def back_to_good(self):
        """Back to the good prediction: low loss needs a high probability for the truth.

        Ask: Two models have the same accuracy: how can their losses differ?"""
        self.say_and_move("Low loss needs a high probability for the truth.", self.mix.t.animate.set_value(0),
                          run_time=2.5)
        self.wait()
