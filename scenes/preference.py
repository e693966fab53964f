"""Direct preference optimization (DPO; Rafailov et al. 2023): one prompt, a chosen and a rejected answer, their
log-probabilities under the policy being trained and under a frozen reference; Δ, how much more the policy prefers
the chosen answer than the reference does; the loss −log σ(βΔ); and the weight σ(−βΔ) on its gradient — largest
when the policy ranks the pair the wrong way. Then β.

A teacher sets the reference's log-probabilities, the policy's two visits and the two β (`parameters`); the axes,
the numbers and every number the captions state follow from them, through losscore's dpo and dpo_grad."""

import math

import numpy as np
from manim import DOWN, RIGHT, UP, FadeIn, ValueTracker, VGroup, smooth

import losscore
from losscore.params import Param, ParamError
from scenes.kit import FunctionPlot, MathTex, Number, Readouts, Story, Text, formula_card, regions, shown
from scenes.kit import theme as th

ANSWERS = ("chosen", "rejected")


def pair_at(margin):
    """Log-probabilities ≤ 0 (policy chosen, policy rejected, reference chosen, reference rejected) whose Δ is
    `margin` (an array): the curves are drawn through losscore.dpo at β = 1, so x is βΔ itself."""
    margin = np.atleast_1d(np.asarray(margin, dtype=float))
    zeros = np.zeros_like(margin)
    return np.minimum(margin, 0.0), np.minimum(-margin, 0.0), zeros, zeros


def loss_at(x):
    """−log σ(x) for x = βΔ, from losscore.dpo."""
    return losscore.dpo(*pair_at(x), beta=1.0, reduction="none")


def weight_at(x):
    """σ(−x), the weight on the gradient at x = βΔ: losscore's d L/d log π(chosen) is −β·σ(−βΔ) (here β = 1)."""
    return -losscore.dpo_grad(*pair_at(x), beta=1.0, reduction="none")[0]


class PreferencePairs(Story):
    """Log-probabilities → Δ and βΔ → the loss curve → the weight curve → the policy ranks the pair wrong, then
    right → a larger β."""

    steps = ("show_pair", "margin", "loss_curve", "gradient_weight", "wrong_way", "right_way", "raise_beta", "settle")
    parameters = (
        Param(name="reference", default=[-12.0, -14.0], kind="floats", length=(2, 2), low=-100.0, high=-0.5, step=0.5,
              meaning="the reference's log-probabilities of the chosen and the rejected answer (the policy starts "
                      "there)"),
        Param(name="wrong_way", default=[-20.0, -10.0], kind="floats", length=(2, 2), low=-100.0, high=-0.5,
              step=0.5, meaning="the policy's log-probabilities when it ranks the pair the wrong way (Δ < 0)"),
        Param(name="right_way", default=[-8.0, -22.0], kind="floats", length=(2, 2), low=-100.0, high=-0.5,
              step=0.5, meaning="the policy's log-probabilities when it ranks the pair the right way (Δ > 0)"),
        Param(name="betas", default=[0.1, 0.5], kind="floats", length=(2, 2), low=0.01, high=1.0, step=0.01,
              meaning="β, then the larger β the story turns to"),
    )

    @classmethod
    def check_together(cls, values, where):
        reference_margin = values["reference"][0] - values["reference"][1]
        for key, sign, way in (("wrong_way", -1, "below"), ("right_way", 1, "above")):
            chosen, rejected = values[key]
            if not sign * (chosen - rejected - reference_margin) > 0:
                raise ParamError(f"{where}: {key} must put the policy's margin {way} the reference's "
                                 f"({reference_margin:g}), got {chosen:g} - ({rejected:g})")
        first, second = values["betas"]
        if not first < second:
            raise ParamError(f"{where}: betas must grow (the second is the larger), got {first:g} and {second:g}")

    # ---- numbers --------------------------------------------------------------------------------------------------

    def setup(self):
        super().setup()
        self.reference = self.params["reference"]
        self.policy = [ValueTracker(v) for v in self.reference]  # the policy starts as the reference
        self.beta = ValueTracker(self.params["betas"][0])
        self.at = ValueTracker(0.0)  # βΔ now: what the plots' dots follow
        self.at.add_updater(lambda m: m.set_value(self.beta_delta()))
        self.layout()

    def policy_logps(self):
        """The policy's (chosen, rejected) log-probabilities, on the 0.1 grid they are shown on, so that Δ and βΔ
        recompute from the numbers on screen."""
        return [round(t.get_value(), 1) for t in self.policy]

    def beta_value(self):
        return round(self.beta.get_value(), 2)

    def logps(self):
        """The four inputs of losscore.dpo, one pair each."""
        return [[v] for v in (*self.policy_logps(), *self.reference)]

    def delta(self):
        """Δ = (log π(chosen) − log π(rejected)) − (the reference's same margin)."""
        chosen, rejected = self.policy_logps()
        return (chosen - rejected) - (self.reference[0] - self.reference[1])

    def beta_delta(self):
        return self.beta_value() * self.delta()

    def loss(self):
        return losscore.dpo(*self.logps(), beta=self.beta_value())

    def weight(self):
        """σ(−βΔ): losscore's gradient with respect to log π(chosen), divided by −β."""
        return -float(losscore.dpo_grad(*self.logps(), beta=self.beta_value())[0][0]) / self.beta_value()

    def visits(self):
        """Every βΔ the story shows."""
        (small, large), reference_margin = self.params["betas"], self.reference[0] - self.reference[1]
        deltas = [chosen - rejected - reference_margin for chosen, rejected in (self.params["wrong_way"],
                                                                                 self.params["right_way"])]
        return [0.0, small * deltas[0], small * deltas[1], large * deltas[1]]

    # ---- drawing --------------------------------------------------------------------------------------------------

    def layout(self):
        t = self.theme
        self.formula = formula_card(self.title_card_content()[1], t)
        below = self.formula.get_bottom()[1] - 0.15
        layout = regions(side_split=0.5)
        main, side = layout.main.below(below), layout.side.below(below)
        reach = max(3, math.ceil(max(abs(x) for x in self.visits())))
        loss_top = math.ceil(float(loss_at(-reach)[0]))
        weight_box, loss_box = main.split(0.42)
        common = dict(x_range=(-reach, reach, reach), width=main.width - 1.5, theme=t, x_label=r"\beta\Delta",
                      x_numbers=[-reach, reach])
        self.loss_plot = FunctionPlot(loss_at, self.at, y_range=(0, loss_top, loss_top), height=loss_box.height - 0.7,
                                      color=t.loss, y_label="L", y_numbers=[loss_top], **common)
        self.weight_plot = FunctionPlot(weight_at, self.at, y_range=(0, 1, 1), height=weight_box.height - 0.7,
                                        color=t.gradient, y_label="w", y_numbers=[1], **common)
        for plot, box, name, color in ((self.loss_plot, loss_box, r"-\log\sigma(\beta\Delta)", t.loss),
                                       (self.weight_plot, weight_box, r"w = \sigma(-\beta\Delta)", t.gradient)):
            plot.place(box.center)
            # beside the plot, clear of the x-axis numbers under the axis's ends
            plot.y_label.set_color(color).move_to([main.left + 0.35, plot.axes.get_center()[1], 0])
            # the curve's name where the curve is low: over the right half of the plot
            plot.name = MathTex(name, font_size=th.MIN_MATH, color=color)
            plot.name.move_to(plot.axes.c2p(0.55 * reach, 0.62 * plot.y_range[1]))
            # the top's number right of the axis, where both curves are low (left of it, the weight runs along 1)
            top = plot.axes.y_axis.numbers[0]
            top.next_to(plot.axes.c2p(0, plot.y_range[1]), RIGHT, buff=0.25)
        self.table = self.logp_table().move_to(side.center)
        self.margins = Readouts([(r"\Delta", self.delta, t.text), (r"\beta", self.beta_value, t.text),
                                 (r"\beta\Delta", self.beta_delta, t.text)], t, decimals=[1, 2, 3],
                                font_size=th.MIN_MATH + 2)
        self.loss_readout, self.weight_readout = (
            Readouts([(label, fn, color)], t, decimals=3, font_size=th.MIN_MATH + 2)
            for label, fn, color in (("L", self.loss, t.loss), ("w", self.weight, t.gradient)))
        column = VGroup(self.loss_readout, self.weight_readout).arrange(DOWN, buff=0.32, aligned_edge=RIGHT)
        VGroup(self.margins, column).arrange(RIGHT, buff=0.8, aligned_edge=UP).move_to(layout.readouts.center)

    def logp_table(self):
        """log π of each answer (columns) under the policy and the reference (rows); the policy's row is live."""
        t = self.theme
        corner = MathTex(r"\log\pi", font_size=th.MIN_MATH + 2)
        heads = [Text(name, font_size=th.MIN_TEXT, color=color) for name, color in zip(ANSWERS, (t.correct, t.other))]
        rows = [(Text("policy", font_size=th.MIN_TEXT, color=t.prediction), self.policy_logps),
                (Text("reference", font_size=th.MIN_TEXT, color=t.muted), lambda: self.reference)]
        name_width = max(row[0].width for row in rows)
        x0, dx, dy = name_width + 0.9, 1.75, 0.62
        corner.move_to([name_width / 2, 0, 0])
        for c, head in enumerate(heads):
            head.move_to([x0 + dx * c, 0, 0])
        body = VGroup()
        for r, (name, values) in enumerate(rows, start=1):
            name.move_to([name_width / 2, -dy * r, 0])
            cells = VGroup(*(Number(values()[c], num_decimal_places=1, font_size=th.MIN_MATH + 2)
                             .move_to([x0 + dx * c, -dy * r, 0]) for c in range(2)))
            for c, number in enumerate(cells):  # a Number keeps its left edge as its value changes
                number.add_updater(lambda m, c=c, values=values: m.set_value(values()[c]))
            body.add(VGroup(name, cells))
        table = VGroup(corner, VGroup(*heads), body)
        table.describe = lambda: [f"log π ({row[0].original_text}): " + ", ".join(
            f"{answer} {shown(n)}" for answer, n in zip(ANSWERS, row[1])) for row in body]
        return table

    # ---- the story ------------------------------------------------------------------------------------------------

    def move_policy(self, logps, run_time=2.5):
        self.play(*(t.animate.set_value(v) for t, v in zip(self.policy, logps)), run_time=run_time, rate_func=smooth)

    def show_pair(self):
        """One prompt with a chosen and a rejected answer: the log-probability of each under the policy being
        trained and under the frozen reference; the policy starts as a copy of the reference.

        Ask: Why compare with a reference model at all, rather than the policy's log-probabilities alone?"""
        self.show_title(self.formula)
        self.say("Log-probabilities of a chosen and a rejected answer.")
        self.play(FadeIn(self.table), run_time=1.0)
        self.wait()

    def margin(self):
        """Δ: the policy's margin (chosen minus rejected) minus the reference's; β scales it into the implicit
        reward margin βΔ.

        Ask: The policy could raise both log-probabilities: what would Δ say?"""
        self.say("Δ: the policy's margin minus the reference's.")
        self.play(FadeIn(self.margins), run_time=0.8)
        self.wait()

    def loss_curve(self):
        """The loss −log σ(βΔ) against βΔ, with the pair's dot: log 2 while the policy equals the reference.

        Ask: What does the loss approach as βΔ grows, and does it ever reach it?"""
        p = self.loss_plot
        self.add(self.at)
        self.say(f"The loss −log σ(βΔ): log 2 = {self.loss():.3f} at Δ = 0.")
        self.show_plot(p, p.name, readouts=self.loss_readout, dot_time=0.6)
        self.wait()

    def gradient_weight(self):
        """The gradient's weight σ(−βΔ): dL/d log π(chosen) = −β·σ(−βΔ) = −dL/d log π(rejected); a half while the
        policy equals the reference.

        Ask: Why would a loss want its pull to fade once a pair is ranked right?"""
        p = self.weight_plot
        self.say("Its gradient is β times the weight σ(−βΔ).")
        self.show_plot(p, p.name, readouts=self.weight_readout, dot_time=0.6)
        self.wait()

    def wrong_way(self):
        """The policy prefers the rejected answer more than the reference does (Δ < 0): the loss climbs and the
        weight approaches 1 — the gradient is strongest here.

        Ask: Which pairs of a batch dominate a DPO update?"""
        chosen, rejected = self.params["wrong_way"]
        self.say("Now the policy ranks the pair the wrong way." if chosen < rejected
                 else "Now its margin falls below the reference's: Δ < 0.")
        self.move_policy((chosen, rejected))
        self.say(f"The weight rises to {self.weight():.2f}: the strongest pull.")
        self.wait()

    def right_way(self):
        """The policy prefers the chosen answer more than the reference does (Δ > 0): the loss falls and the weight
        fades.

        Ask: Does the loss ever stop pulling the chosen answer up?"""
        chosen, rejected = self.params["right_way"]
        self.say("Then the right way: chosen above rejected, Δ > 0." if chosen > rejected
                 else "Then its margin beats the reference's: Δ > 0.")
        self.move_policy((chosen, rejected))
        self.say(f"The weight falls to {self.weight():.2f}: the pull fades.")
        self.wait()

    def raise_beta(self):
        """β grows: the same Δ becomes a larger βΔ, so the loss and the weight fall further for a pair ranked right
        (and would rise faster for one ranked wrong); the gradient itself is β·σ(−βΔ).

        Ask: What does β trade off, and what happens to the policy's distance from the reference?"""
        small, large = self.params["betas"]
        self.say(f"β = {large:g}: the same Δ counts {large / small:.3g}× as much.")
        self.play(self.beta.animate.set_value(large), run_time=2.0, rate_func=smooth)
        self.wait()

    def settle(self):
        """The pair ranked right, at the larger β: DPO is a logistic loss on the policy's margin over its reference.

        Ask: How is this different from training a reward model and then running RL?"""
        self.say("DPO pulls hardest on pairs it ranks wrong.")
        self.wait(2)
