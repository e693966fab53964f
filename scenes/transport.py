"""A distance between two samples on a line (a registry entry whose picture is a Transport, the Wasserstein
distance): the prediction's values ŷ and the target's y as two rows of dots; their cumulative distributions, with the
area between them, which is the loss; the mass moved, each ŷ to the y of its rank; the gradient on each ŷ; then the
mass carried along its arrows until the loss is 0. `make anatomy` tells wasserstein_1d this way."""

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    Rectangle,
    ValueTracker,
    VGroup,
    VMobject,
)

import losscore
from scenes.kit import Readouts, Story, rectangle_between, redraw_on_change, regions, role_tex
from scenes.kit import theme as th

DOT = 0.1  # a value's dot radius
ROW = 0.32  # how far above (ŷ) and below (y) the number line each sample's row sits
LONGEST_ARROW = 0.9  # scene units: the largest pull is drawn this long, every other to its scale


class TransportAnatomy(Story):
    """Set `loss_name` to a registry entry whose picture is a Transport (see scenes.anatomy.anatomy_scene)."""

    loss_name = ""  # registry name
    steps = ("show_formula", "place_samples", "show_cdfs", "show_plan", "show_gradient", "transport", "settle")

    def setup(self):
        super().setup()
        t = self.theme
        self.spec = losscore.LOSSES[self.loss_name]
        self.picture = picture = self.spec.picture
        self.start = np.array(picture.prediction, dtype=float)
        self.target = np.array(picture.target, dtype=float)
        self.destination = picture.partners(self.start)
        self.progress = ValueTracker(0.0)  # 0: ŷ as given, 1: every ŷ carried onto its partner
        self.layout = layout = regions()
        low, high = picture.x_range
        main = layout.main
        # the axes count from the line's left end, so that the F axis stands there (manim's Axes cross at 0)
        self.axes = Axes(x_range=(0.0, high - low, 1.0), y_range=(0.0, 1.0, 0.5), x_length=main.width - 1.3,
                         y_length=0.6 * main.height, tips=False,
                         axis_config={"color": t.axes, "stroke_width": 2.5, "tick_size": 0.06,
                                      "font_size": th.NUMBER})
        whole = range(int(np.ceil(low)), int(np.floor(high)) + 1)
        self.axes.add_coordinates({v - low: f"{v:g}" for v in whole if v % 2 == 0}, {1: "1"})
        self.axes.coordinate_labels.set_color(t.muted)
        self.axes.move_to(main.point(0.55, 0.36))
        self.axis_label = role_tex("F", t).next_to(self.axes.y_axis.get_top(), RIGHT, buff=0.2)
        line_y = main.point(0.5, 0.88)[1]
        self.line = Line(self.at(low, line_y), self.at(high, line_y), stroke_color=t.axes, stroke_width=2.5)
        self.rows = {"prediction": line_y + ROW, "target": line_y - ROW}
        self.row_names = VGroup(*(role_tex(tex, t).next_to(self.at(low, self.rows[row]), LEFT, buff=0.3)
                                  for tex, row in ((r"\hat{y}", "prediction"), ("y", "target"))))
        self.predicted = redraw_on_change(lambda: self._dots(self.values(), "prediction", t.prediction),
                                          self.progress.get_value)
        self.targets = self._dots(self.target, "target", t.target)
        self.curves = redraw_on_change(self._cdfs, self.progress.get_value)
        self.legend = self._legend().move_to(layout.side.point(0.5, 0.45))
        self.plan = redraw_on_change(self._plan, self.progress.get_value)
        start_pull = np.abs(self.gradient(self.start))
        self.arrow_scale = LONGEST_ARROW / start_pull.max()
        self.pulls = self._pulls()
        self.readouts = Readouts([("L", self.loss, t.loss)], t, font_size=th.LABEL, decimals=3)
        self.readouts.move_to(layout.readouts.center)

    # ---- numbers, from losscore -------------------------------------------------------------------------------------

    def values(self):
        """The predicted values now: each carried the share `progress` of the way to its partner."""
        return self.start + self.progress.get_value() * (self.destination - self.start)

    def loss(self):
        return self.spec.fn(self.values(), self.target)

    def gradient(self, values):
        return self.spec.grad(values, self.target)

    # ---- drawing ----------------------------------------------------------------------------------------------------

    def plot(self, x, share):
        """The point of the CDF axes at value x and cumulative share `share`."""
        return self.axes.c2p(x - self.picture.x_range[0], share)

    def at(self, x, y):
        """The point at value x on the line's scale (the CDF axes'), at height y."""
        return np.array([self.plot(x, 0)[0], y, 0.0])

    def _dots(self, values, row, color):
        return VGroup(*(Dot(self.at(v, self.rows[row]), radius=DOT, color=color) for v in values))

    def _cdfs(self):
        """The two step curves, F_ŷ drawn over a wider F_y so both show where they agree, and the gaps between them
        shaded: their area is the loss."""
        t, (low, high) = self.theme, self.picture.x_range
        edges, mine, theirs = self.picture.cdfs(self.values())
        gaps = VGroup()
        for left, right, a, b in zip(edges[:-1], edges[1:], mine, theirs):
            if right - left > 1e-9 and abs(a - b) > 1e-9:
                corner, across = self.plot(left, min(a, b)), self.plot(right, max(a, b))
                gaps.add(rectangle_between(corner, across, stroke_width=0, fill_color=t.residual, fill_opacity=0.35))
        steps = VGroup()
        for shares, color, width in ((theirs, t.target, 9), (mine, t.prediction, 4)):
            levels = np.concatenate([[0.0], shares, [1.0]])
            xs = np.concatenate([[low], np.repeat(edges, 2), [high]])
            ys = np.repeat(levels, 2)
            curve = VMobject(stroke_color=color, stroke_width=width)
            curve.set_points_as_corners([self.plot(x, y) for x, y in zip(xs, ys)])
            steps.add(curve)
        return VGroup(gaps, steps)

    def _legend(self):
        t = self.theme
        rows = VGroup()
        for tex, color in ((r"F_{\hat{y}}", t.prediction), ("F_{y}", t.target)):
            rows.add(VGroup(Line(0.3 * LEFT, 0.3 * RIGHT, stroke_color=color, stroke_width=6),
                            role_tex(tex, t)).arrange(RIGHT, buff=0.25))
        swatch = Rectangle(width=0.6, height=0.35, stroke_width=0, fill_color=t.residual, fill_opacity=0.35)
        rows.add(VGroup(swatch, role_tex(r"\text{area} = L", t)).arrange(RIGHT, buff=0.25))
        return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.3)

    def _plan(self):
        """An arrow from each ŷ to the y it is carried to (the mass moved), invisible once it is there."""
        t = self.theme
        arrows = VGroup()
        for value, partner in zip(self.values(), self.destination):
            start, end = self.at(value, self.rows["prediction"]), self.at(partner, self.rows["target"])
            arrow = Arrow(start, end, buff=DOT + 0.03, color=t.residual, stroke_width=4,
                          max_tip_length_to_length_ratio=0.25, max_stroke_width_to_length_ratio=8)
            arrows.add(arrow.set_opacity(1.0 if abs(partner - value) > 1e-9 else 0.0))
        return arrows

    def _pulls(self):
        """At each ŷ, the way gradient descent moves it (−dL/dŷ from losscore), along the line."""
        t, row = self.theme, self.rows["prediction"]
        arrows = VGroup()
        for value, pull in zip(self.start, self.gradient(self.start)):
            start = self.at(value, row)
            arrows.add(Arrow(start, start - self.arrow_scale * pull * RIGHT, buff=0.0, color=t.gradient,
                             stroke_width=6, max_tip_length_to_length_ratio=0.3).shift(0.28 * UP))
        return arrows

    # ---- the story ------------------------------------------------------------------------------------------------

    def show_formula(self):
        """The distance between two distributions, and its name.

        Ask: Why not compare the two samples value by value?"""
        self.open_with(self.spec.formula, f"{self.spec.title}.")

    def place_samples(self):
        """The prediction's values ŷ above the line, the target's y below it: two piles of equal masses.

        Ask: Which ŷ should move to which y?"""
        self.play(FadeIn(self.line), FadeIn(self.row_names), FadeIn(self.predicted), FadeIn(self.targets),
                  run_time=1.2)
        self.say(f"Two samples of {len(self.start)} values: ŷ predicted, y the target.")
        self.wait()

    def show_cdfs(self):
        """Each sample's cumulative distribution, and the area between the two: the loss, as losscore computes it.

        Ask: What is the area when the two samples are the same?"""
        self.play(FadeIn(self.axes), FadeIn(self.axis_label), FadeIn(self.curves), FadeIn(self.legend),
                  FadeIn(self.readouts), run_time=1.2)
        self.say("L is the area between the two CDFs.")
        self.wait()

    def show_plan(self):
        """The cheapest way to turn one pile into the other on a line: each ŷ carried to the y of the same rank; L is
        the mass moved times how far, summed.

        Ask: Why can the arrows never cross?"""
        self.play(FadeIn(self.plan), run_time=1.0)
        self.say("The mass moved: each ŷ to the y of its rank.")
        self.wait()

    def show_gradient(self):
        """The gradient on each ŷ (losscore's): its mass, pointing towards its partner, however far away it is.

        Ask: How is this like the mean absolute error's gradient?"""
        pulls = np.abs(self.gradient(self.start))
        self.play(FadeIn(self.pulls), run_time=1.0)
        if np.allclose(pulls, pulls[0]):
            self.say(f"Each ŷ is pulled with its mass, {pulls[0]:g}, near or far.")
        else:
            self.say("Each ŷ is pulled towards its partner by its mass.")
        self.wait()

    def transport(self):
        """The mass carried along its arrows: the area between the CDFs, and L with it, shrinks to 0.

        Ask: Would the loss fall the same way if the samples did not overlap at all?"""
        self.play(FadeOut(self.pulls), run_time=0.6)
        self.say_and_move("Carry the mass along the arrows: L falls to 0.",
                          self.progress.animate.set_value(1.0), run_time=4.0)

    def settle(self):
        """The two piles are one: nothing is left to move.

        Ask: What would KL divergence say about two samples that do not overlap?"""
        self.say(self.spec.lesson)
        self.wait(2)
