"""Classification: binary cross entropy, softmax, categorical and sparse categorical cross entropy, and how the loss
judges good and bad predictions. Probabilities come from losscore.softmax; losses and gradients from losscore."""

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    FadeIn,
    FadeOut,
    Rectangle,
    ValueTracker,
    VGroup,
    always_redraw,
    smooth,
)

import losscore
from scenes.kit import (
    Logits,
    LossPlot,
    MathTex,
    Mixture,
    Number,
    ProbabilityBars,
    Readouts,
    Story,
    Text,
    loss_of_prediction,
    plain,
    role_tex,
    shown,
)
from scenes.kit import theme as th

CLASSES = ("cat", "dog", "fox")


def neg_log_plot(story, tracker, *, width, height, y_max=5):
    """−log ŷ against the probability ŷ_k given to the true class (BCE with y = 1, from the registry)."""
    f, df = loss_of_prediction("bce", 1.0)
    return LossPlot(f, df, tracker, y_true=1.0, theme=story.theme, x_range=(0, 1, 0.25), y_range=(0, y_max, 1),
                    width=width, height=height, x_label=r"\hat{y}_k", x_numbers=[0.5, 1], y_numbers=[y_max],
                    arrow_scale=0.5)


class BinaryCrossEntropy(Story):
    """Both branches of BCE over ŷ ∈ (0, 1); a prediction for y = 1 moves from unsure to confidently right to
    confidently wrong, where the loss and its gradient explode."""

    steps = ("show_formula", "draw_branches", "mark_confidence", "unsure", "confident_right", "confident_wrong",
             "back_to_start")
    start = 0.5

    def setup(self):
        super().setup()
        t = self.theme
        self.yhat = ValueTracker(self.start)
        self.f1, self.df1 = loss_of_prediction("bce", 1.0)
        self.f0, _ = loss_of_prediction("bce", 0.0)
        self.plot = LossPlot(self.f1, self.df1, self.yhat, y_true=1.0, theme=t, x_range=(0, 1, 0.1),
                             y_range=(0, 5, 1), width=6.4, height=3.7, x_numbers=[0, 0.5, 1], y_numbers=[2, 4],
                             arrow_scale=0.5)
        self.plot.place([-2.95, -0.8, 0])
        self.branch0 = self.plot.add_curve(self.f0, t.muted)
        axes = self.plot.axes
        self.plot.y_label.next_to(axes.y_axis.get_top(), LEFT, buff=0.15)  # leaves the top for the zone names
        self.branch_labels = VGroup(
            role_tex("y = 1", t, 40).next_to(axes.c2p(0.05, 3.0), RIGHT, buff=0.15),
            role_tex("y = 0", t, 40).next_to(axes.c2p(0.95, 3.0), LEFT, buff=0.15))
        self.branch_labels[1].set_color(t.muted)
        self.followed = role_tex("y = 1", t, th.LABEL).move_to([4.5, 1.0, 0])
        self.readouts = self.plot.readouts().move_to([4.5, -0.6, 0])

    def zones(self):
        """Shaded bands over the ŷ axis: confidently wrong, unsure, confidently right (for y = 1)."""
        axes, t = self.plot.axes, self.theme
        bands = VGroup()
        for (lo, hi), name, color in (((0, 0.2), "wrong", t.emphasis), ((0.4, 0.6), "unsure", t.muted),
                                      ((0.8, 1.0), "right", t.target)):
            corner_lo, corner_hi = axes.c2p(lo, 0), axes.c2p(hi, 5)
            band = Rectangle(width=corner_hi[0] - corner_lo[0], height=corner_hi[1] - corner_lo[1], stroke_width=0,
                             fill_color=color, fill_opacity=0.14).move_to((corner_lo + corner_hi) / 2)
            label = Text(name, font_size=th.MIN_TEXT + 2, color=color).next_to(band, UP, buff=0.08)
            bands.add(VGroup(band, label))
        return bands

    def show_formula(self):
        """The BCE formula: a probability ŷ scored against a 0/1 label y.

        Ask: Why are there two log terms when only one of them is ever non-zero?"""
        self.open_with(losscore.LOSSES["bce"].formula, "BCE scores a probability ŷ against a label y.", 44)

    def draw_branches(self):
        """Both branches over ŷ ∈ (0, 1): −log ŷ for y = 1 and its mirror −log(1 − ŷ) for y = 0.

        Ask: What is the loss when ŷ = 0.5, whatever the label?"""
        p = self.plot
        self.play(Create(p.axes), FadeIn(p.x_label, p.y_label), run_time=1.2)
        self.play(Create(p.curve), Create(self.branch0), FadeIn(self.branch_labels), run_time=1.8)
        self.say("One curve for y = 1, its mirror for y = 0.")
        self.wait()

    def mark_confidence(self):
        """Shaded zones for y = 1: confidently wrong near 0, unsure in the middle, confidently right near 1.

        Ask: Where on this axis would you like a freshly initialised model to start?"""
        self.bands = self.zones()
        self.play(FadeIn(self.bands), FadeIn(self.followed), run_time=1.0)
        self.say("For y = 1: ŷ near 0 is wrong, near 1 right.")
        self.wait()

    def unsure(self):
        """The prediction at ŷ = 0.5 with its arrow and the readouts of ŷ, L and dL/dŷ.

        Ask: Which way will gradient descent move ŷ from here, and why?"""
        p = self.plot
        self.play(FadeIn(p.dot, scale=0.5), FadeIn(p.decorations()), FadeIn(self.readouts),
                  FadeOut(self.branch_labels), run_time=1.0)
        self.say("At ŷ = 0.5 the model is unsure: a middling loss.")
        self.wait()

    def confident_right(self):
        """ŷ moves to 0.95: the loss and its slope shrink towards zero.

        Ask: Why does the model keep being pushed, ever so slightly, even when it is right?"""
        self.say_and_move("Confident and right: the loss goes to zero.", self.yhat.animate.set_value(0.95))

    def confident_wrong(self):
        """ŷ moves to 0.03: loss and gradient grow without bound as ŷ → 0.

        Ask: Why do frameworks clip ŷ to [ε, 1 − ε] before taking the log?"""
        self.say_and_move("Confident and wrong: loss and gradient explode.", self.yhat.animate.set_value(0.03),
                          run_time=3.0)
        self.wait()

    def back_to_start(self):
        """ŷ returns to 0.5: the log makes a confident mistake far costlier than an unsure one.

        Ask: What would a squared error do differently for a confident mistake?"""
        self.say_and_move("The log punishes confident mistakes.", self.yhat.animate.set_value(self.start))
        self.wait()


class ClassStory(Story):
    """Shared set-up for the multiclass stories: logits for CLASSES with a true class, their softmax bars."""

    true_class = 1
    start_logits = (0.5, 1.5, 0.2)

    def setup(self):
        super().setup()
        self.logits = Logits(self.start_logits)
        self.onehot = None if self.true_class is None else np.eye(len(CLASSES))[self.true_class]

    def probabilities(self):
        return self.logits.probabilities()

    def make_bars(self, **kwargs):
        return ProbabilityBars(self.probabilities, CLASSES, self.true_class, self.theme, **kwargs)

    def move_logits(self, values, caption, run_time=2.5):
        self.say_and_move(caption, *self.logits.animate_to(values), run_time=run_time)


class Softmax(ClassStory):
    """Logits (any sign) → exponentials (positive) → divided by their sum → probabilities that always sum to 1."""

    steps = ("show_formula", "show_logits", "exponentiate", "normalise", "raise_one_logit", "back_to_start")
    start_logits = (2.0, 1.0, -1.0)
    true_class = None  # softmax alone knows no label

    def setup(self):
        super().setup()
        t = self.theme
        logits = self.logits
        exp = lambda: np.exp(logits.values())  # noqa: E731  (e^z, shown before it is normalised)
        columns = [(r"z_i", logits.values, t.text, True), (r"e^{z_i}", exp, t.text, False),
                   (r"\hat{y}_i", self.probabilities, t.prediction, False)]
        self.columns = []
        x0, dx, y0, dy = -4.1, 1.75, 1.05, 0.78
        self.row_names = VGroup(*(Text(n, font_size=th.CAPTION - 4, color=t.text)
                                  .move_to([x0 - 1.55, y0 - dy * (i + 1), 0])
                                  for i, n in enumerate(CLASSES)))
        for j, (head, fn, color, signed) in enumerate(columns):
            header = role_tex(head, t, 44).move_to([x0 + dx * j, y0, 0])
            cells = VGroup()
            for i in range(len(CLASSES)):
                cell = self._number(fn()[i], color, signed).move_to([x0 + dx * j, y0 - dy * (i + 1), 0])
                cell.add_updater(lambda m, fn=fn, i=i, x=x0 + dx * j, y=y0 - dy * (i + 1):
                                 m.set_value(fn()[i]).move_to([x, y, 0]))
                cells.add(cell)
            column = VGroup(header, cells)
            column.describe = lambda head=head, cells=cells: [  # for speaker notes, as the bars and readouts do
                f"{plain(head)}: " + ", ".join(f"{n} {shown(c)}" for n, c in zip(CLASSES, cells))]
            self.columns.append(column)
        total = (r"\textstyle\sum_i \hat{y}_i", lambda: float(self.probabilities().sum()), t.prediction)
        self.total = Readouts([total],
                              t, font_size=44).move_to([x0 + dx * 1.5, y0 - dy * 4.3, 0])
        self.bars = self.make_bars(width=4.2, height=2.6).move_to([4.1, -0.45, 0])

    @staticmethod
    def _number(value, color, signed):
        return Number(value, num_decimal_places=2, include_sign=signed, font_size=th.LABEL - 4, color=color)

    def show_formula(self):
        """The softmax formula: each exponentiated logit divided by the sum of all of them.

        Ask: Why the exponential, rather than just dividing the raw scores by their sum?"""
        self.open_with(losscore.ACTIVATIONS["softmax"], "Softmax turns raw scores into probabilities.")

    def show_logits(self):
        """The logits z_i: raw scores, one per class, of any sign.

        Ask: Can a logit of −1 still end up as a sizeable probability?"""
        self.play(FadeIn(self.row_names), FadeIn(self.columns[0]), run_time=1.0)
        self.say("Logits: raw scores of any sign.")
        self.wait()

    def exponentiate(self):
        """The column e^{z_i}: every score made positive, the order kept.

        Ask: What happens to these numbers if we add 100 to every logit?"""
        self.play(FadeIn(self.columns[1], shift=0.3 * RIGHT), run_time=1.0)
        self.say("The exponential makes every score positive.")
        self.wait()

    def normalise(self):
        """Each e^{z_i} divided by their sum: the probabilities ŷ_i, their sum and the bars.

        Ask: If we add the same constant to every logit, do the probabilities change?"""
        self.play(FadeIn(self.columns[2], shift=0.3 * RIGHT), FadeIn(self.total), run_time=1.0)
        self.play(FadeIn(self.bars), run_time=1.0)
        self.say("Divided by their sum, they add up to 1.")
        self.wait()

    def raise_one_logit(self):
        """One logit rises to 3: its bar grows and the others shrink, while the sum stays 1.

        Ask: Can raising one logit ever increase another class's probability?"""
        raised = list(self.start_logits)
        raised[2] = 3.0
        self.move_logits(raised, "Raise one logit: the others give way.", run_time=3.0)
        self.say("The sum stays exactly 1 at every moment.")
        self.wait()

    def back_to_start(self):
        """The logits return to the start: positive, normalised, order kept.

        Ask: What would the probabilities be if all three logits were equal?"""
        self.move_logits(self.start_logits, "Softmax: positive, normalised, order kept.", run_time=2.0)
        self.wait()


class CategoricalCrossEntropy(ClassStory):
    """A one-hot label beside softmax bars: only the true class's term survives, L = −log ŷ_k, traced on the −log
    curve; the gradient on the logits, ŷ − y, as one arrow per class."""

    steps = ("show_formula", "label_and_bars", "only_true_term", "gradient_arrows", "good_prediction",
             "bad_prediction", "back_to_start")

    def setup(self):
        super().setup()
        t = self.theme
        self.bars = self.make_bars(width=4.6, height=2.4).move_to([-3.6, -0.15, 0])
        self.labels = VGroup(*(role_tex(f"y = {v:g}", t, 40).next_to(name, DOWN, buff=0.15)
                               for v, name in zip(self.onehot, self.bars.names)))
        self.p_true = ValueTracker(self.probabilities()[self.true_class])
        self.p_true.add_updater(lambda m: m.set_value(self.probabilities()[self.true_class]))
        self.plot = neg_log_plot(self, self.p_true, width=4.4, height=2.6).place([3.55, -0.2, 0])
        self.loss = Readouts([("L", lambda: losscore.cce(self.onehot, self.probabilities()), t.loss)], t,
                             font_size=44).move_to([3.8, -2.3, 0])

    def show_formula(self):
        """The CCE formula: a sum over classes of label times −log probability.

        Ask: With a one-hot label, how many terms of this sum are non-zero?"""
        self.open_with(losscore.LOSSES["cce"].formula, "Cross entropy compares a label with probabilities.")

    def label_and_bars(self):
        """Softmax bars for three classes with the one-hot label under them.

        Ask: Which bar should grow for the loss to fall?"""
        self.add(self.p_true)
        self.play(FadeIn(self.bars), run_time=1.0)
        self.play(FadeIn(self.labels), run_time=0.8)
        self.say("The label is one-hot: 1 for the true class.")
        self.wait()

    def only_true_term(self):
        """Only the true class's term survives: the loss readout and the dot on the −log ŷ_k curve.

        Ask: Does the loss care how the remaining probability is spread over the wrong classes?"""
        p = self.plot
        self.play(Create(p.axes), FadeIn(p.x_label, p.y_label, p.target), Create(p.curve), run_time=1.5)
        self.play(FadeIn(p.dot, scale=0.5), FadeIn(self.loss), run_time=0.8)
        self.say("Only the true class counts: L = −log ŷ of it.")
        self.wait()

    def gradient_arrows(self):
        """The gradient on the logits, ŷ − y: one arrow per class, down for the true class, up for the others.

        Ask: Why is the gradient on the logits so much simpler than the gradient on the probabilities?"""
        self.arrows = self.bars.gradient_arrows(lambda: losscore.cce_grad(
            self.onehot, self.logits.values(), from_logits=True, reduction="sum"))
        self.arrow_label = role_tex(r"\partial L / \partial z_i = \hat{y}_i - y_i", self.theme, 40)
        self.arrow_label.next_to(self.labels, DOWN, buff=0.3)
        self.play(FadeIn(self.arrows), FadeIn(self.arrow_label), run_time=1.0)
        self.say("Gradient on the logits: down for the true class.")
        self.wait()

    def good_prediction(self):
        """The logits move so the true class gets most of the probability: the loss falls.

        Ask: What is the smallest loss this model can reach, and can it reach it?"""
        self.move_logits((-0.5, 3.0, -0.5), "A high probability for the truth: low loss.")

    def bad_prediction(self):
        """The logits move so the true class's probability falls: the loss climbs steeply.

        Ask: How much does halving the true class's probability add to the loss?"""
        self.move_logits((2.5, -0.3, 1.2), "As it falls, the loss rises sharply.", run_time=3.0)

    def back_to_start(self):
        """The logits return to the start: the loss is −log of the true class's probability.

        Ask: How would label smoothing change the label row, and the arrows?"""
        self.move_logits(self.start_logits, "Cross entropy: −log of the true class's probability.", run_time=2.0)
        self.wait()


class SparseCategoricalCrossEntropy(ClassStory):
    """The same loss with an integer label: k picks the bar directly; equal to CCE with the one-hot row; one number
    per label instead of C."""

    steps = ("show_formula", "label_picks_a_bar", "same_as_cce", "prediction_moves", "memory", "back_to_start")

    def setup(self):
        super().setup()
        t = self.theme
        self.bars = self.make_bars(width=5.0, height=2.8)
        self.bars.shift([-3.4, -1.5, 0] - self.bars.baseline.get_center())
        k = self.true_class
        self.label = MathTex(f"k = {k}", font_size=th.LABEL, color=t.target)
        self.label.move_to(self.bars.baseline.get_center() + self.bars.centers[k] + 3.45 * UP)
        self.pointer = always_redraw(lambda: Arrow(
            self.label.get_bottom(), self.bars.values[k].get_top(), buff=0.1, color=t.target, stroke_width=5,
            max_tip_length_to_length_ratio=0.25))
        self.losses = Readouts([
            (r"\text{CCE}", lambda: losscore.cce(self.onehot, self.probabilities()), t.loss),
            (r"\text{sparse CCE}", lambda: losscore.sparse_cce(k, self.probabilities()), t.loss),
        ], t, font_size=44).move_to([3.4, 0.6, 0])

    def show_formula(self):
        """The sparse CCE formula: the label is a class number k, not a one-hot row.

        Ask: When does it pay to store a label as one integer instead of a row?"""
        self.open_with(losscore.LOSSES["sparse_cce"].formula, "Sparse CCE: the label is a class number k.")

    def label_picks_a_bar(self):
        """The label k points straight at its bar.

        Ask: What happens if k is out of range, say k = 3 with three classes?"""
        self.play(FadeIn(self.bars), run_time=1.0)
        self.play(FadeIn(self.label), Create(self.pointer), run_time=1.0)
        self.say("The label k picks its bar directly.")
        self.wait()

    def same_as_cce(self):
        """Readouts of CCE (one-hot label) and sparse CCE (integer label): the same number.

        Ask: Why must the two always agree?"""
        self.play(FadeIn(self.losses), run_time=1.0)
        self.say("Same loss as CCE with a one-hot label.")
        self.wait()

    def prediction_moves(self):
        """The logits move: both readouts change together and stay equal.

        Ask: Is the gradient the same for the two losses too?"""
        self.move_logits((2.0, 0.2, 0.8), "Whatever the prediction, the two agree.")

    def memory(self):
        """The storage for one label with 10 classes: ten numbers one-hot, one number sparse.

        Ask: How much memory do the labels of a million samples over 10,000 classes take in each form?"""
        t, k, n = self.theme, self.true_class, 10
        onehot = np.eye(n, dtype=int)[k]
        self.storage = VGroup(
            role_tex(r"\text{one-hot: } y = (" + ",".join(map(str, onehot)) + r")", t, 40),
            Text(f"{n} numbers per label", font_size=th.MIN_TEXT + 2, color=t.muted),
            role_tex(rf"\text{{sparse: }} y = {k}", t, 40),
            Text("1 number per label", font_size=th.MIN_TEXT + 2, color=t.muted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.18).move_to([3.35, -1.55, 0])
        self.play(FadeIn(self.storage, shift=0.2 * UP), run_time=1.2)
        self.say("With C classes: C numbers per label, or one.")
        self.wait(1.5)

    def back_to_start(self):
        """The logits return to the start: same loss, far less memory for many classes.

        Ask: When can you not use the sparse form?"""
        self.move_logits(self.start_logits, "Same loss, far less memory for many classes.", run_time=2.0)
        self.wait()


class GoodVsBadPredictions(Story):
    """Bars shift from a good prediction (0.9 on the true class) to worse ones (0.4, 0.25); the loss meter and the
    dot on the −log curve climb with them."""

    steps = ("show_formula", "good", "worse", "bad", "back_to_good")
    names = ("cat", "dog", "fox", "owl")
    true_class = 0
    predictions = ((0.90, 0.05, 0.03, 0.02), (0.40, 0.30, 0.20, 0.10), (0.25, 0.30, 0.25, 0.20))

    def setup(self):
        super().setup()
        t = self.theme
        self.mix = Mixture(self.predictions)
        self.onehot = np.eye(len(self.names))[self.true_class]
        self.bars = ProbabilityBars(self.mix.probabilities, self.names, self.true_class, t, width=5.0, height=2.2)
        self.bars.shift([-3.6, -0.9, 0] - self.bars.baseline.get_center())
        self.p_true = ValueTracker(self.predictions[0][self.true_class])
        self.p_true.add_updater(lambda m: m.set_value(self.mix.probabilities()[self.true_class]))
        self.plot = neg_log_plot(self, self.p_true, width=4.4, height=2.4, y_max=2).place([3.55, -0.1, 0])
        self.meter = Readouts([("L", self.loss, t.loss)], t, font_size=44).move_to([3.6, -2.35, 0])
        self.ledger = VGroup()  # one row per prediction visited, under the bars

    def loss(self):
        return losscore.cce(self.onehot, self.mix.probabilities())

    def show_formula(self):
        """The CCE formula that judges each prediction.

        Ask: Which single number decides the loss of a prediction?"""
        self.open_with(losscore.LOSSES["cce"].formula, "The loss judges the true class's probability.")

    def _visit(self, index, caption):
        self.say(caption)
        if index:
            self.play(self.mix.t.animate.set_value(index), run_time=2.5, rate_func=smooth)
        p = self.predictions[index][self.true_class]
        entry = role_tex(rf"\hat{{y}}_k = {p:.2f} \;\Rightarrow\; L = {self.loss():.3f}", self.theme, 38)
        self.ledger.add(entry)
        self.ledger.arrange(DOWN, aligned_edge=LEFT, buff=0.12).move_to([-3.6, -1.65, 0], aligned_edge=UP)
        self.play(FadeIn(entry), run_time=0.6)
        self.wait()

    def good(self):
        """A good prediction: 0.90 on the true class; the bars, the dot on −log ŷ_k and the loss meter.

        Ask: What loss would a perfect prediction get?"""
        self.add(self.p_true)
        p = self.plot
        self.play(FadeIn(self.bars), run_time=1.0)
        self.play(Create(p.axes), FadeIn(p.x_label, p.y_label, p.target), Create(p.curve), run_time=1.2)
        self.play(FadeIn(p.dot, scale=0.5), FadeIn(self.meter), run_time=0.8)
        self._visit(0, "Good: most probability on the true class.")

    def worse(self):
        """A worse prediction: 0.40 on the true class; the loss grows and is written in the ledger.

        Ask: The true class lost more than half its probability: did the loss more than double?"""
        self._visit(1, "Less sure of the truth: the loss grows.")

    def bad(self):
        """A bad prediction: another class leads, 0.25 on the true class; the loss climbs further.

        Ask: Is this prediction wrong under accuracy? How does the loss tell it apart from the previous one?"""
        self._visit(2, "Another class leads: the loss climbs higher.")

    def back_to_good(self):
        """Back to the good prediction: low loss needs a high probability for the truth.

        Ask: Two models have the same accuracy: how can their losses differ?"""
        self.say_and_move("Low loss needs a high probability for the truth.", self.mix.t.animate.set_value(0),
                          run_time=2.5)
        self.wait()
