"""The focal loss (Lin et al. 2017, "Focal Loss for Dense Object Detection"): their Figure 1 — loss against the
probability of the true class p_t for γ ∈ {0, 0.5, 1, 2, 5} — then γ grows and easy examples fade. A zoom on the
well-classified half (p_t > 0.5) shows the fading that the full plot's scale hides."""

import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UL,
    UP,
    UR,
    Create,
    Dot,
    FadeIn,
    Line,
    ManimColor,
    ValueTracker,
    VGroup,
    interpolate_color,
    linear,
    smooth,
)

import losscore
from losscore.params import Param
from scenes.kit import FunctionPlot, Readouts, Story, Text, in_order, rectangle_between, regions, role_tex
from scenes.kit import theme as th

LIN_GAMMA = 2.0  # the γ Lin et al. use for object detection
WELL_CLASSIFIED = 0.5  # p_t above this: the model already gets the example right
FADED = 0.65  # how far the largest γ's curve is mixed toward the background (the colour fades as γ grows)


def focal_of_pt(gamma):
    """Focal loss against p_t (the true class's probability; label 1), vectorised, from losscore."""
    return lambda p: losscore.binary_focal(np.ones_like(np.atleast_1d(p)), np.atleast_1d(p), gamma=gamma,
                                           reduction="none")


def share(value):
    """A share of the loss as a caption says it: "81%", "1%", "0.05%", or "under 0.01%"."""
    percent = 100 * value
    if percent >= 10:
        return f"{percent:.0f}%"
    return f"{percent:.2g}%" if percent >= 0.01 else "under 0.01%"


class FocalLoss(Story):
    steps = ("show_formula", "cross_entropy", "easy_examples", "gamma_family", "grow_gamma", "settle")
    parameters = (
        Param(name="gammas", default=[0.5, 1.0, 2.0, 5.0], kind="floats", length=(1, 5), low=0.1, high=10.0,
              step=0.1, meaning="the γ values drawn beside cross entropy (γ = 0), rising"),
        Param(name="gamma", default=LIN_GAMMA, low=0.0, high=10.0, step=0.1,
              meaning=f"the γ the story settles on (Lin et al. use {LIN_GAMMA:g})"),
        Param(name="easy", default=0.9, low=0.6, high=0.99, step=0.01, meaning="an easy example's p_t"),
        Param(name="hard", default=0.1, low=0.01, high=0.4, step=0.01, meaning="a hard example's p_t"))

    @classmethod
    def check_together(cls, values, where):
        in_order(values, "gammas", where)

    def setup(self):
        super().setup()
        t, layout = self.theme, regions()
        self.family = (0.0, *self.params["gammas"])
        self.easy, self.hard = self.params["easy"], self.params["hard"]
        self.colors = [interpolate_color(ManimColor(t.loss), ManimColor(t.background), FADED * i / len(self.family))
                       for i in range(len(self.family))]
        self.gamma = ValueTracker(0.0)
        self.plot = FunctionPlot(None, None, x_range=(0, 1, 0.1), y_range=(0, 5, 1),
                                 width=0.8 * layout.main.width, height=0.72 * layout.main.height, color=t.loss,
                                 theme=t, x_label="p_t", x_numbers=[0, 0.5, 1], y_numbers=[5])
        self.plot.place(layout.main.center)
        ce_top = math.ceil(10 * float(focal_of_pt(0.0)(WELL_CLASSIFIED)[0])) / 10  # −log 0.5, rounded up
        self.zoom = FunctionPlot(None, None, x_range=(WELL_CLASSIFIED, 1, 0.1),
                                 y_range=(0, ce_top, 0.1), width=0.7 * layout.side.width,
                                 height=0.52 * layout.side.height, color=t.loss, theme=t, x_label="p_t",
                                 x_numbers=[WELL_CLASSIFIED, 1], y_numbers=[ce_top])
        self.zoom.move_to(layout.side.center)
        plots = (self.plot, self.zoom)
        self.curves = [VGroup(*(plot.add_curve(focal_of_pt(g), c) for plot in plots))  # γ = 0 first: cross entropy
                       for g, c in zip(self.family, self.colors)]
        self.legend = VGroup(*(VGroup(Line(ORIGIN, 0.55 * RIGHT, color=c, stroke_width=6),
                                      role_tex(rf"\gamma = {g:g}" + (r"\ \text{(CE)}" if g == 0 else ""), t,
                                               th.MIN_MATH))
                               .arrange(RIGHT, buff=0.2) for g, c in zip(self.family, self.colors)))
        self.legend.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        self.legend.next_to(self.plot.axes.c2p(1, 5), DOWN + LEFT, buff=0.1)  # where every curve is low
        # the live curve, in the text colour: none of the family's
        self.live = VGroup(*(plot.live_curve(focal_of_pt, self.gamma, t.text, width=7) for plot in plots))
        self.examples = VGroup(self._example(self.plot, self.hard), self._example(self.zoom, self.easy))
        self.magnified = self._magnified()
        self.readouts = Readouts([
            (r"\gamma", self.gamma.get_value, t.text),
            *((rf"L / L_{{\text{{CE}}}}\ \text{{at}}\ {p:g}", lambda p=p: self.kept(p), t.loss)
              for p in (self.hard, self.easy)),
        ], t, font_size=th.MIN_MATH, decimals=(2, "sci", "sci"))  # (1 − p_t)^γ gets small fast: written m × 10^e
        self.readouts.move_to(layout.readouts.center)

    def loss_at(self, p, gamma=None):
        return float(focal_of_pt(self.gamma.get_value() if gamma is None else gamma)(p)[0])

    def kept(self, p, gamma=None):
        """The share of cross entropy's loss an example at p_t = `p` keeps: the focusing factor (1 − p_t)^γ."""
        return self.loss_at(p, gamma) / self.loss_at(p, 0.0)

    def _example(self, plot, p):
        """A dot for an example at p_t = `p` riding on the live curve, named by its p_t on the side of the dot
        towards the middle of the plot."""
        dot = Dot(radius=0.09, color=self.theme.text)
        dot.add_updater(lambda d: d.move_to(plot.axes.c2p(p, min(self.loss_at(p), plot.y_range[1]))))
        label = role_tex(rf"p_t = {p:g}", self.theme, th.MIN_MATH)
        side = UL if p > sum(plot.x_range[:2]) / 2 else UR
        label.add_updater(lambda m: m.next_to(dot, side, buff=0.05))
        return VGroup(dot, label)

    def _magnified(self):
        """The zoomed part outlined on the full plot, the same box shaded behind the zoom (the sign that one magnifies
        the other), and its name."""
        boxes = VGroup(*(self._shade(plot) for plot in (self.plot, self.zoom)))
        name = Text("well-classified", font_size=th.MIN_TEXT, color=self.theme.target)
        name.next_to(boxes[1], UP, buff=0.15).align_to(boxes[1], RIGHT)
        return VGroup(boxes, name)

    def _shade(self, plot):
        """The well-classified part of `plot` (p_t > 0.5, up to the zoom's top), outlined and lightly filled."""
        t = self.theme
        low, high = plot.axes.c2p(WELL_CLASSIFIED, 0), plot.axes.c2p(1, self.zoom.y_range[1])
        return rectangle_between(low, high, stroke_color=t.target, stroke_width=3, fill_color=t.target,
                                 fill_opacity=0.12)

    def show_formula(self):
        """The focal loss: cross entropy times the focusing factor (1 − p_t)^γ.

        Ask: What does the factor (1 − p_t)^γ do to an example the model already gets right?"""
        self.open_with(losscore.LOSSES["binary_focal"].formula, "Focal loss: cross entropy times a focusing factor.",
                       44)

    def cross_entropy(self):
        """γ = 0: the curve is plain cross entropy, −log p_t.

        Ask: How big is the loss of an easy example here? Is that small?"""
        p = self.plot
        self.say("γ = 0 is plain cross entropy, −log pₜ.")
        self.play(Create(p.axes), FadeIn(p.x_label, p.y_label), run_time=1.0)
        self.play(Create(self.curves[0][0]), FadeIn(self.legend[0]), run_time=1.2)
        self.wait()

    def easy_examples(self):
        """The half p_t > 0.5: examples the model already classifies right, outlined and zoomed in beside the plot
        (there the loss is small on the full plot's scale).

        Ask: In object detection, why are there so many easy examples?"""
        z = self.zoom
        self.say("pₜ > 0.5: examples the model already gets right.")
        self.play(FadeIn(self.magnified), Create(z.axes), FadeIn(z.x_label, z.y_label), run_time=1.0)
        self.play(Create(self.curves[0][1]), run_time=1.0)
        self.wait()

    def gamma_family(self):
        """The curves for the other γ (Lin et al.'s Figure 1), fading in colour as γ grows: larger γ flattens the
        loss where p_t is high, as the zoom shows.

        Ask: For an easy example, by what factor does γ scale the loss down?"""
        self.say("Larger γ flattens the loss where pₜ is high.")
        self.play(*(Create(c) for c in self.curves[1:]), FadeIn(self.legend[1:]), run_time=2.0)
        self.wait()

    def grow_gamma(self):
        """γ grows from 0 to the largest γ: the live curve, a hard and an easy example on it, and the share of cross
        entropy's loss each keeps.

        Ask: Why is the easy example's share shown in scientific notation?"""
        self.say("As γ grows, easy examples fade away.")
        self.play(*(c.animate.set_stroke(opacity=0.4) for c in self.curves), FadeIn(self.live),
                  FadeIn(self.examples), FadeIn(self.readouts), run_time=0.8)
        self.play(self.gamma.animate.set_value(self.family[-1]), run_time=6.0, rate_func=linear)
        self.wait()

    def settle(self):
        """γ settles at the story's γ (Lin et al. use 2): how much of its loss a hard example keeps, and how little
        an easy one, as the readouts show.

        Ask: What would make you pick a larger γ?"""
        gamma = self.params["gamma"]
        self.say(f"At γ = {gamma:g}, a hard pₜ = {self.hard:g} keeps {share(self.kept(self.hard, gamma))} of its loss.")
        self.play(self.gamma.animate.set_value(gamma), run_time=2.0, rate_func=smooth)
        self.say(f"An easy pₜ = {self.easy:g} keeps {share(self.kept(self.easy, gamma))}.")
        self.wait(2)
