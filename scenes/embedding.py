"""The triplet margin loss (FaceNet's) in a 2-D embedding: an anchor, a positive and a negative; the margin as a
ring; gradient descent pulling the positive in and pushing the negative out until the margin is met — then the
loss and every arrow are zero."""

import numpy as np
from manim import UP, Arrow, Circle, DashedVMobject, Dot, FadeIn, Line, ValueTracker, VGroup, linear

import losscore
from scenes.kit import MathTex, Readouts, Story
from scenes.kit import theme as th
from scenes.kit.redraw import redraw_on_change

ANCHOR, POSITIVE, NEGATIVE = (0.0, 0.0), (1.0, 0.5), (0.3, -0.75)  # embedding coordinates
MARGIN = 1.0
RATE, STEPS = 0.038, 10  # plain gradient descent on the three points together: the margin is met at step 9
SCALE, CENTER = 1.1, np.array([-2.3, -0.3, 0.0])  # embedding unit → scene units; where the origin sits


def triplet_grad(points):
    """d L / d(anchor, positive, negative), stacked (3, 2): losscore's gradient of the triplet's loss."""
    return np.array(losscore.triplet_margin_grad(*points, reduction="sum", margin=MARGIN))


def descent():
    """The points after each step of gradient descent (STEPS + 1, 3, 2), by losscore.optimize."""
    start = np.array([ANCHOR, POSITIVE, NEGATIVE])
    return losscore.optimize(triplet_grad, start, method="sgd", lr=RATE, steps=STEPS)


class TripletMargin(Story):
    """The anchor must be nearer its positive than its negative by the margin m: drawn as a ring around the anchor
    at d(a, p) + m that the negative must leave. Descent moves all three until it has; then nothing moves."""

    steps = ("show_formula", "place_points", "show_margin", "show_arrows", "descend", "settle")

    def setup(self):
        super().setup()
        t = self.theme
        self.path = descent()
        self.progress = ValueTracker(0.0)
        colors = (t.text, t.target, t.emphasis)
        self.dots = VGroup(*(redraw_on_change(lambda i=i, c=c: Dot(self.to_scene(self.points()[i]), radius=0.11,
                                                                     color=c), self.progress.get_value)
                             for i, c in enumerate(colors)))
        self.names = VGroup(*(redraw_on_change(
            lambda i=i, c=c, s=s: MathTex(s, font_size=th.LABEL, color=c).next_to(
                self.to_scene(self.points()[i]), np.array([-0.7, 0.7, 0]) if i == 0 else np.array([0.7, 0.7, 0]),
                buff=0.08), self.progress.get_value) for i, (c, s) in enumerate(zip(colors, "apn"))))
        self.rings = redraw_on_change(self._rings, self.progress.get_value)
        self.arrows = redraw_on_change(self._arrows, self.progress.get_value)
        self.readouts = Readouts([
            (r"d(a, p)", lambda: self.distances()[0], t.target),
            (r"d(a, n)", lambda: self.distances()[1], t.emphasis),
            ("L", lambda: losscore.triplet_margin(*self.points(), margin=MARGIN), t.loss),
        ], t, font_size=40).move_to([3.7, -0.2, 0])
        self.step_label = Readouts([(r"\text{step}", self.progress.get_value, t.text)], t, font_size=40,
                                   decimals=0).next_to(self.readouts, UP, buff=0.5)
        self.plane = self._plane()

    # ---- geometry -------------------------------------------------------------------------------------------------

    def points(self):
        """(anchor, positive, negative) now: the iterates, linearly between whole steps."""
        k = self.progress.get_value()
        low = min(int(np.floor(k)), STEPS)
        high = min(low + 1, STEPS)
        return self.path[low] + (k - low) * (self.path[high] - self.path[low])

    def distances(self):
        """(d(a, p), d(a, n)) as the loss measures them (losscore.pairwise_distance, torch's)."""
        a, p, n = self.points()
        return losscore.pairwise_distance(a, p), losscore.pairwise_distance(a, n)

    def to_scene(self, xy):
        return CENTER + SCALE * np.array([xy[0], xy[1], 0.0])

    def _plane(self):
        t = self.theme
        lines = VGroup()
        for v in np.arange(-2, 2.01, 1.0):
            lines.add(Line(self.to_scene((v, -2.2)), self.to_scene((v, 2.0)), stroke_color=t.axes, stroke_width=1,
                           stroke_opacity=0.35))
        for v in np.arange(-2, 1.01, 1.0):
            lines.add(Line(self.to_scene((-2.2, v)), self.to_scene((2.2, v)), stroke_color=t.axes, stroke_width=1,
                           stroke_opacity=0.35))
        return lines

    def _rings(self):
        """Dashed circles around the anchor: through the positive, and the margin m beyond it."""
        t = self.theme
        a, p, _ = self.points()
        near = losscore.pairwise_distance(a, p)
        rings = VGroup()
        for radius, color in ((near, t.target), (near + MARGIN, t.emphasis)):
            circle = Circle(radius=SCALE * radius, stroke_color=color, stroke_width=3).move_to(self.to_scene(a))
            rings.add(DashedVMobject(circle, num_dashes=48, dashed_ratio=0.55))
        return rings

    def _arrows(self):
        """At each point, the way gradient descent moves it (−gradient, 0.9 scene units per unit of gradient),
        invisible once the loss is 0."""
        t = self.theme
        points, grads = self.points(), triplet_grad(self.points())
        arrows = VGroup()
        for point, grad in zip(points, grads):
            start = self.to_scene(point)
            length = float(np.linalg.norm(grad))
            step = -0.9 * grad if length else np.array([0.9, 0.0])
            end = start + np.array([step[0], step[1], 0.0])
            arrow = Arrow(start, end, buff=0.12, color=t.gradient, stroke_width=6, max_tip_length_to_length_ratio=0.3)
            arrows.add(arrow.set_opacity(1.0 if length > 1e-9 else 0.0))
        return arrows

    # ---- the story ------------------------------------------------------------------------------------------------

    def show_formula(self):
        """The triplet loss: the anchor's distance to its positive minus its distance to the negative, plus the
        margin m, floored at 0.

        Ask: Why a margin, and not just d(a, p) < d(a, n)?"""
        self.open_with(losscore.FORMULAS["triplet_margin"], "Triplet loss: near its positive, far from its negative.")

    def place_points(self):
        """An anchor a, a positive p (same identity) and a negative n (another identity) as points of a 2-D
        embedding.

        Ask: In face recognition, what are a, p and n?"""
        self.play(FadeIn(self.plane), FadeIn(self.dots), FadeIn(self.names), run_time=1.2)
        self.say("Embeddings: an anchor a, a positive p, a negative n.")
        self.wait()

    def show_margin(self):
        """The ring through p around a, and the margin ring m beyond it: the loss is zero only when n lies outside.
        The readouts show both distances and L, from losscore.

        Ask: Is this triplet easy, semi-hard or hard?"""
        self.play(FadeIn(self.rings), FadeIn(self.readouts), run_time=1.2)
        self.say("n must lie m beyond p: here it does not.")
        self.wait()

    def show_arrows(self):
        """The descent direction at each point (minus losscore's gradient): p is pulled towards a, n pushed away,
        and a moves towards p and away from n.

        Ask: Why are p's and n's arrows the same length, and a's longer?"""
        self.play(FadeIn(self.arrows), FadeIn(self.step_label), run_time=1.0)
        self.say("Descent pulls p in and pushes n out.")
        self.wait()

    def descend(self):
        """Gradient descent, step by step (losscore.optimize): the distances close in on the margin; once n has left
        the ring, L = 0 and every arrow is gone.

        Ask: What would training learn from this triplet now?"""
        self.say("Step by step, until the margin is met.")
        self.play(self.progress.animate.set_value(STEPS), run_time=6.0, rate_func=linear)
        self.say("Margin met: L = 0, and the arrows vanish.")
        self.wait()

    def settle(self):
        """The met triplet, still: it no longer pulls on anything.

        Ask: How would you choose triplets so that training keeps learning?"""
        self.say("A met margin teaches nothing more.")
        self.wait(2)

