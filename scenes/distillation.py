"""Knowledge distillation (Hinton, Vinyals & Dean 2015): a trained teacher's logits, its softmax at T = 1 (almost
everything on one class) and at a higher T (the small probabilities of the wrong classes — the "dark knowledge" —
become large enough to count), a student that descends T²·KL until it matches them, and why the factor T² keeps the
gradient's size as T changes.

A teacher sets both sets of logits and the two temperatures (`parameters`); the bars, the table and every
number the captions state follow from them, through losscore's softmax, distillation loss and its gradient."""

import numpy as np
from manim import DOWN, LEFT, PI, RIGHT, FadeIn, Triangle, ValueTracker, VGroup, linear, smooth

import losscore
from losscore.params import Param
from scenes.kit import (
    Logits,
    MathTex,
    Number,
    ProbabilityBars,
    Readouts,
    Story,
    Text,
    formula_card,
    in_order,
    redraw_on_change,
    regions,
    shown,
)
from scenes.kit import theme as th

CLASSES = ("dog", "fox", "cat", "bus")
LEARNING_RATE, STEPS = 1.5, 8  # the student's descent (SGD); the curvature of T²·KL in the logits does not depend on T
BAR_HEIGHT = 2.95  # scene units for a probability of 1


class TeacherStudent:
    """The story's numbers: a teacher's logits, a student's first logits, and the student's descent on T²·KL at the
    higher temperature, from losscore."""

    def __init__(self, teacher, student, temperatures):
        self.teacher, self.student = np.array(teacher, dtype=float), np.array(student, dtype=float)
        self.low, self.high = temperatures
        self.path = losscore.optimize(lambda z: self.gradient(z, self.high), self.student, method="sgd",
                                      lr=LEARNING_RATE, steps=STEPS)

    def gradient(self, student, temperature):
        """d(T²·KL)/d(student logits)."""
        return losscore.distillation_grad(self.teacher, student, temperature=temperature)

    def loss(self, student, temperature):
        return losscore.distillation(self.teacher, student, temperature=temperature)

    def pulls(self, temperature):
        """(‖∂KL/∂s‖, ‖∂(T²·KL)/∂s‖) for the student's first logits: losscore's gradient of T²·KL, and the same
        divided by T² (plain KL)."""
        scaled = float(np.linalg.norm(self.gradient(self.student, temperature)))
        return scaled / temperature**2, scaled

    def table_temperatures(self):
        """The temperatures the T² table compares: the story's two, and double the higher."""
        return (self.low, self.high, 2 * self.high)

    def shown_ratios(self):
        """When T doubles: by how much plain KL's gradient is divided, and T²·KL's multiplied — from the values as
        the table shows them (3 decimals), so a reader who divides them gets the same."""
        (kl_high, t2_high), (kl_double, t2_double) = (np.round(self.pulls(T), 3) for T in self.table_temperatures()[1:])
        return kl_high / kl_double, t2_double / t2_high

    def matched(self):
        """Whether descent brought T²·KL below 1 % of where it started."""
        return self.loss(self.path[-1], self.high) < 0.01 * self.loss(self.path[0], self.high)

    def learned_ranking(self):
        """Whether the student ends with the teacher's order of the classes (where the teacher ranks two classes
        alike, either order)."""
        teacher, student = (np.sign(np.subtract.outer(z, z)) for z in (self.teacher, self.path[-1]))
        return bool((student[teacher != 0] == teacher[teacher != 0]).all())


class Chart(VGroup):
    """A titled ProbabilityBars over CLASSES for `logits` (a kit Logits) at the temperature `T` (a tracker), with the
    logits themselves written under the class names, named `symbol` at the row's left."""

    def __init__(self, title, symbol, logits, T, correct, theme, box):
        super().__init__()
        self.logits, self.T = logits, T
        name_width = 0.45  # room for the logits' symbol, left of the bars
        self.bars = ProbabilityBars(self.probabilities, CLASSES, correct, theme, width=box.width - name_width - 0.15,
                                    height=BAR_HEIGHT, value_size=th.MIN_MATH)
        baseline_y = box.bottom + 0.95
        self.bars.shift([box.center[0] + name_width / 2, baseline_y, 0] - self.bars.baseline.get_center())
        self.title = Text(title, font_size=th.MIN_TEXT + 2, color=theme.text).move_to([box.center[0], box.top - 0.2, 0])
        self.numbers = VGroup()
        for i, name in enumerate(self.bars.names):
            number = Number(logits.values()[i], num_decimal_places=1, font_size=th.MIN_MATH, color=theme.text)
            spot = np.array([name.get_center()[0], baseline_y - 0.8, 0])
            number.add_updater(lambda m, i=i, spot=spot: m.set_value(self.logits.values()[i]).move_to(spot))
            self.numbers.add(number.move_to(spot))
        self.symbol = MathTex(symbol, font_size=th.MIN_MATH, color=theme.text)
        self.symbol.move_to([box.left + name_width / 2, baseline_y - 0.8, 0])
        self.add(self.title, self.bars, self.numbers, self.symbol)
        self.name = title

    def describe(self):
        """The chart as its speaker note reads it: each class's probability and logit as shown."""
        return [f"{self.name}: " + ", ".join(f"P({c}) = {shown(p)} (logit {shown(z)})" for c, p, z in
                                             zip(CLASSES, self.bars.values, self.numbers))]

    def probabilities(self):
        """softmax(logits / T), from losscore."""
        return losscore.softmax(self.logits.values(), temperature=self.T.get_value())


class Distillation(Story):
    """Teacher's logits → softmax at T = 1 → raised T (dark knowledge) → a student scored by T²·KL → the T² factor in
    numbers → the student descends until it matches."""

    steps = ("show_teacher", "raise_temperature", "add_student", "why_t_squared", "match", "settle")
    parameters = (
        Param(name="teacher", default=[5.0, 3.0, 2.0, 0.5], kind="floats", length=(4, 4), low=-8.0, high=8.0,
              step=0.5, meaning=f"the teacher's logits for {', '.join(CLASSES)}"),
        Param(name="student", default=[3.0, -0.5, 2.0, 1.0], kind="floats", length=(4, 4), low=-8.0, high=8.0,
              step=0.5, meaning="the student's first logits, before it learns"),
        Param(name="temperatures", default=[1.0, 4.0], kind="floats", length=(2, 2), low=0.5, high=10.0, step=0.5,
              meaning="the plain softmax's temperature, then the higher one distillation uses"),
    )

    @classmethod
    def check_together(cls, values, where):
        in_order(values, "temperatures", where)

    def setup(self):
        super().setup()
        self.pair = TeacherStudent(self.params["teacher"], self.params["student"], self.params["temperatures"])
        self.low, self.high = self.params["temperatures"]
        self.T = ValueTracker(self.low)
        self.teacher, self.student = Logits(self.pair.teacher), Logits(self.pair.student)
        self.layout()

    def loss(self):
        return losscore.distillation(self.teacher.values(), self.student.values(), temperature=self.T.get_value())

    # ---- drawing --------------------------------------------------------------------------------------------------

    def layout(self):
        t = self.theme
        self.formula = formula_card(self.title_card_content()[1], t)
        body = regions().body.below(self.formula.get_bottom()[1] - 0.15)
        charts, panel = body.split(0.62, axis="x")
        teacher_box, student_box = charts.split(0.5, axis="x")
        answer = int(np.argmax(self.pair.teacher))  # the teacher's answer: the class both charts mark as correct
        self.teacher_chart = Chart("teacher", "t_i", self.teacher, self.T, answer, t, teacher_box)
        self.student_chart = Chart("student", "s_i", self.student, self.T, answer, t, student_box)
        self.legend = VGroup(self.marker(), Text("the teacher's share", font_size=th.MIN_TEXT, color=t.target))
        self.legend.arrange(RIGHT, buff=0.15).next_to(self.student_chart.title, DOWN, buff=0.25)
        self.t_readout = Readouts([("T", self.T.get_value, t.text)], t, decimals=1, font_size=th.MIN_MATH + 4)
        self.loss_readout = Readouts([(r"T^2\,\mathrm{KL}", self.loss, t.loss)], t, decimals=3,
                                     font_size=th.MIN_MATH + 4)
        VGroup(self.t_readout, self.loss_readout).arrange(DOWN, buff=0.3, aligned_edge=RIGHT).move_to(
            panel.point(0.5, 0.82))
        self.table = self.pull_table()
        self.table.move_to(panel.point(0, 0.3), aligned_edge=LEFT).shift(0.25 * RIGHT)

    def marker(self):
        """A small triangle pointing right, in the target's colour."""
        return Triangle(stroke_width=0, fill_color=self.theme.target, fill_opacity=1).rotate(-PI / 2).scale(0.12)

    def target_marks(self):
        """The teacher's probability at the current T, as a triangle pointing at the level on the left of each
        student bar (clear of the bar's value): where the student should be."""
        bars = self.student_chart.bars
        marks = VGroup()
        for i, p in enumerate(self.teacher_chart.probabilities()):
            x = bars.baseline.get_center()[0] + bars.centers[i][0] - bars.bar_width / 2 - 0.1
            marks.add(self.marker().move_to([x, bars.baseline.get_center()[1] + p * BAR_HEIGHT, 0], aligned_edge=RIGHT))
        return marks

    def pull_table(self):
        """T, ‖∂KL/∂s‖ and ‖∂(T²·KL)/∂s‖ for the student's first logits, one row per compared temperature."""
        t = self.theme
        heads = [MathTex("T", font_size=th.MIN_MATH), MathTex(r"\|\nabla_s \mathrm{KL}\|", font_size=th.MIN_MATH),
                 MathTex(r"\|\nabla_s T^2\mathrm{KL}\|", font_size=th.MIN_MATH, color=t.gradient)]
        rows = [heads]
        for temperature in self.pair.table_temperatures():
            plain_kl, scaled = self.pair.pulls(temperature)
            rows.append([Number(temperature, num_decimal_places=1, font_size=th.MIN_MATH),
                         Number(plain_kl, num_decimal_places=3, font_size=th.MIN_MATH, color=t.muted),
                         Number(scaled, num_decimal_places=3, font_size=th.MIN_MATH, color=t.gradient)])
        table = VGroup(*(VGroup(*row) for row in rows))
        widths = [max(row[c].width for row in rows) for c in range(3)]
        for r, row in enumerate(rows):
            x = 0.0
            for c, cell in enumerate(row):
                cell.move_to([x + widths[c] / 2, -0.62 * r, 0])
                x += widths[c] + 0.3
        table.describe = lambda: ["T, ‖∇KL‖, ‖∇T²KL‖: " + "; ".join(
            ", ".join(shown(n) for n in row) for row in table[1:])]
        return table

    # ---- the story ------------------------------------------------------------------------------------------------

    def show_teacher(self):
        """A trained teacher's logits for one image (under the class names) and their softmax at the first
        temperature (normally T = 1): nearly everything on the top class, the others barely visible.

        Ask: Trained on these probabilities, what would a student learn beyond the top class?"""
        p = self.teacher_chart.probabilities()
        top, runner_up = np.argsort(-p, kind="stable")[:2]
        self.show_title(self.formula)
        self.say("A trained teacher's logits, and their softmax.")
        self.play(FadeIn(self.teacher_chart), FadeIn(self.t_readout), run_time=1.2)
        self.say(f"At T = {self.low:g}, {CLASSES[top]} gets {p[top]:.2f}; the rest barely show."
                 if p[runner_up] < 0.1 else
                 f"At T = {self.low:g}, {CLASSES[top]} gets {p[top]:.2f}, {CLASSES[runner_up]} "
                 f"{p[runner_up]:.2f}.")
        self.wait()

    def raise_temperature(self):
        """T rises: softmax(z/T) flattens, and the wrong classes' probabilities grow large enough to count, in the
        teacher's order — the "dark knowledge" of which wrong answers are nearly right.

        Ask: What does T → ∞ do to these bars, and would that still teach anything?"""
        order = np.argsort(-self.pair.teacher)
        self.say(f"At T = {self.high:g} the wrong classes show up.")
        self.play(self.T.animate.set_value(self.high), run_time=2.5, rate_func=smooth)
        self.say(f"Dark knowledge: more {CLASSES[order[1]]} than {CLASSES[order[-1]]}.")
        self.wait()

    def add_student(self):
        """A student's first guess at the same T, the teacher's probabilities marked beside its bars (triangles), and
        the loss T²·KL.

        Ask: Why match the softened probabilities rather than the teacher's top class?"""
        self.targets = redraw_on_change(self.target_marks, self.T.get_value)  # drawn at this T, the one it stays at
        self.say("A student is scored by T²·KL against the teacher.")
        # drawn at the first T: redrawn at this one before they show (a fade needs the parts it will end with)
        self.student_chart.update()
        self.loss_readout.update()
        self.play(FadeIn(self.student_chart), FadeIn(self.targets), FadeIn(self.loss_readout), run_time=1.2)
        self.play(FadeIn(self.legend), run_time=0.6)
        self.wait()

    def why_t_squared(self):
        """The size of the gradient for the student's first logits at three temperatures: plain KL's shrinks about
        like 1/T², T²·KL's levels off, so the soft targets keep their weight as T changes.

        Ask: If the soft term is mixed with a hard-label loss, what would happen to the mix without T²?"""
        kl_drop, t2_change = self.pair.shown_ratios()
        self.say("Plain KL's gradient shrinks as T grows.")
        self.play(FadeIn(self.table), run_time=1.0)
        self.say(f"Double T: KL's gradient ÷ {kl_drop:.2g}, T²·KL's × {t2_change:.2g}.")
        self.wait()

    def match(self):
        """Gradient descent on the student's logits (SGD, losscore's gradient): its bars rise and fall onto the
        teacher's marks, and the loss goes to zero.

        Ask: The student's logits end up shifted from the teacher's: why does the loss not mind?"""
        first, final = (self.pair.loss(z, self.high) for z in self.pair.path[[0, -1]])
        self.say(f"{STEPS} steps of descent: the student matches the teacher." if self.pair.matched()
                 else f"{STEPS} steps of descent: T²·KL falls from {first:.2f} to {final:.2f}.")
        for logits in self.pair.path[1:]:
            self.play(*self.student.animate_to(logits), run_time=0.45, rate_func=linear)
        self.wait()

    def settle(self):
        """The student now gives every class the teacher's share at this T: it learned the ranking of the wrong
        classes too, not only the top one.

        Ask: Why can a small student trained this way beat one trained on hard labels alone?"""
        self.say("It learned the teacher's whole ranking." if self.pair.learned_ranking()
                 else "It moves towards the teacher's ranking.")
        self.wait(2)

