"""The focal loss (Lin et al. 2017, "Focal Loss for Dense Object Detection"): their Figure 1 — loss against the
probability of the true class p_t for γ ∈ {0, 0.5, 1, 2, 5} — then γ grows and easy examples fade."""

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    Create,
    FadeIn,
    Line,
    Rectangle,
    ValueTracker,
    VGroup,
    always_redraw,
    linear,
    smooth,
)

import losscore
from scenes import theme as th
from scenes.kit import FunctionPlot, Readouts, Story, Text, role_tex

GAMMAS = (0.0, 0.5, 1.0, 2.0, 5.0)  # the paper's Figure 1
EASY = 0.9  # an easy, well-classified example's p_t, whose loss the readouts follow


def focal_of_pt(gamma):
    """Focal loss against p_t (the true class's probability; label 1), vectorised, from losscore."""
    return lambda p: losscore.binary_focal(np.ones_like(np.atleast_1d(p)), np.atleast_1d(p), gamma=gamma,
                                           reduction="none")


class FocalLoss(Story):
    steps = ("show_formula", "cross_entropy", "easy_examples", "gamma_family", "grow_gamma", "settle")

    def setup(self):
        super().setup()
        t = self.theme
        self.colors = (t.loss, t.prediction, t.target, t.other, t.emphasis)
        self.gamma = ValueTracker(0.0)
        self.plot = FunctionPlot(focal_of_pt(0.0), ValueTracker(EASY), x_range=(0, 1, 0.1), y_range=(0, 5, 1),
                                 width=6.6, height=3.6, color=t.loss, theme=t, x_label="p_t",
                                 x_numbers=[0, 0.5, 1], y_numbers=[5])
        self.plot.place([-2.9, -0.8, 0])
        self.curves = [self.plot.curve] + [self.plot.add_curve(focal_of_pt(g), c) for g, c in
                                           zip(GAMMAS[1:], self.colors[1:])]
        self.legend = VGroup(*(VGroup(Line(ORIGIN, 0.55 * RIGHT, color=c, stroke_width=6),
                                      role_tex(rf"\gamma = {g:g}" + (r"\ \text{(CE)}" if g == 0 else ""), t, 40))
                               .arrange(RIGHT, buff=0.2) for g, c in zip(GAMMAS, self.colors)))
        self.legend.arrange(DOWN, aligned_edge=LEFT, buff=0.16).move_to([4.6, 0.55, 0])
        self.live = always_redraw(lambda: self.plot.add_curve(focal_of_pt(self.gamma.get_value()), t.loss)
                                  .set_stroke(width=8))
        easy_loss = lambda: float(focal_of_pt(self.gamma.get_value())(EASY)[0])  # noqa: E731
        ce_loss = float(losscore.bce([1.0], [EASY]))
        self.readouts = Readouts([
            (r"\gamma", self.gamma.get_value, t.text),
            (rf"L(p_t = {EASY:g})", easy_loss, t.loss),
            (r"L \,/\, L_{\text{CE}}", lambda: easy_loss() / ce_loss, t.loss),
        ], t, font_size=40, decimals=(2, "sci", "sci")).move_to([4.2, -1.9, 0])  # (1 − 0.9)^γ gets small fast

    def show_formula(self):
        """The focal loss: cross entropy times the focusing factor (1 − p_t)^γ.

        Ask: What does the factor (1 − p_t)^γ do to an example the model already gets right?"""
        self.open_with(losscore.LOSSES["binary_focal"].formula, "Focal loss: cross entropy times a focusing factor.",
                       44)

    def cross_entropy(self):
        """γ = 0: the curve is plain cross entropy, −log p_t.

        Ask: How big is the loss at p_t = 0.9 here? Is that small?"""
        p = self.plot
        self.play(Create(p.axes), FadeIn(p.x_label, p.y_label), run_time=1.0)
        self.play(Create(p.curve), FadeIn(self.legend[0]), run_time=1.2)
        self.say("γ = 0 is plain cross entropy, −log pₜ.")
        self.wait()

    def easy_examples(self):
        """The band p_t > 0.5: examples the model already classifies right.

        Ask: In object detection, why are there so many easy examples?"""
        axes, t = self.plot.axes, self.theme
        lo, hi = axes.c2p(0.5, 0), axes.c2p(1.0, 5)
        band = Rectangle(width=hi[0] - lo[0], height=hi[1] - lo[1], stroke_width=0, fill_color=t.target,
                         fill_opacity=0.12).move_to((lo + hi) / 2)
        label = Text("well-classified", font_size=th.MIN_TEXT + 2, color=t.target).next_to(band.get_top(), DOWN, 0.15)
        self.easy = VGroup(band, label)
        self.play(FadeIn(self.easy), run_time=1.0)
        self.say("pₜ > 0.5: examples the model already gets right.")
        self.wait()

    def gamma_family(self):
        """The curves for γ = 0.5, 1, 2, 5 (Lin et al.'s Figure 1): larger γ flattens the loss where p_t is high.

        Ask: At p_t = 0.9 and γ = 2, by what factor is the loss scaled down?"""
        self.play(*(Create(c) for c in self.curves[1:]), FadeIn(self.legend[1:]), run_time=2.0)
        self.say("Larger γ flattens the loss where pₜ is high.")
        self.wait()

    def grow_gamma(self):
        """γ grows from 0 to 5: the live curve and the readouts for an easy example (p_t = 0.9) relative to cross
        entropy.

        Ask: Why is the ratio shown in scientific notation?"""
        self.play(*(c.animate.set_stroke(opacity=0.35) for c in self.curves), FadeIn(self.live), FadeIn(self.readouts),
                  run_time=0.8)
        self.say("As γ grows, easy examples fade away.")
        self.play(self.gamma.animate.set_value(5.0), run_time=6.0, rate_func=linear)
        self.wait()

    def settle(self):
        """γ settles at 2, the value Lin et al. use: hard examples keep their loss.

        Ask: What would make you pick a larger γ?"""
        self.say("Hard examples keep their loss; Lin et al. use γ = 2.")
        self.play(self.gamma.animate.set_value(2.0), run_time=2.0, rate_func=smooth)
        self.wait(2)

