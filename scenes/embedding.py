"""Losses of pairs and triplets in a 2-D embedding (a registry entry whose picture is an Embedding): an anchor a, a
positive p and a negative n; the margin drawn as a ring (distances) or a cone (angles); gradient descent pulling p in
and pushing n out until the margin is met — then the loss and every arrow are zero. TripletMargin is FaceNet's
triplet loss told this way; `make anatomy` tells margin_ranking and cosine_embedding the same way."""

import numpy as np
from manim import UP, Arrow, Circle, DashedLine, DashedVMobject, Dot, FadeIn, Line, ValueTracker, VGroup, linear

import losscore
from scenes.kit import MathTex, Readouts, Story
from scenes.kit import theme as th
from scenes.kit.redraw import redraw_on_change

# Each geometry: how points sit on screen (embedding unit → scene units, where the origin is, the box of embedding
# coordinates the grid covers), how it reads the pair of measures it shows, and what the steps say.
GEOMETRY = {
    "distance": {"scale": 1.1, "origin": (-2.3, -0.3), "box": ((-2.2, 2.2), (-2.2, 1.95)), "decimals": 2,
                 "labels": (r"d(a, p)", r"d(a, n)"),
                 "margin": "n must lie m = {m:g} beyond p: here it does not.",
                 "arrows": "Descent pulls p in and pushes n out.",
                 "met": "Margin met: L = 0, and the arrows vanish."},
    "angle": {"scale": 2.3, "origin": (-3.0, -0.85), "box": ((-0.3, 1.35), (-0.85, 0.95)), "decimals": 3,
              "labels": (r"\cos(a, p)", r"\cos(a, n)"),
              "margin": "n must leave the cone cos > m = {m:g} around a.",
              "arrows": "Descent turns p towards a and n away.",
              "met": "n is out; p turns in until L fades to 0."},
}


def _distance_label_side(a, p, n):
    """Where each point's name goes, clear of what is drawn through it: a's away from p and n; p's outward from a
    (the ring through p crosses it square to that); n's inward, towards a, since descent pushes n outward (its
    arrow) and it ends on the margin ring."""
    return [v / (np.linalg.norm(v) or 1.0) for v in (2 * a - p - n, p - a, a - n)]


DOT = 0.11  # a point's radius on screen; names keep clear of it


class EmbeddingAnatomy(Story):
    """Set `loss` to a registry entry whose picture is an Embedding (see scenes.anatomy.anatomy_scene)."""

    loss_name = ""  # registry name
    steps = ("show_formula", "place_points", "show_margin", "show_arrows", "descend", "settle")

    def setup(self):
        super().setup()
        t = self.theme
        self.spec = losscore.LOSSES[self.loss_name]
        self.picture, self.loss_params = self.spec.picture, dict(self.spec.picture_params)
        self.margin = self.loss_params.get("margin", self.spec.params.get("margin"))
        self.look = GEOMETRY[self.picture.geometry]
        self.path = self.descent()
        self.progress = ValueTracker(0.0)
        colors = (t.text, t.target, t.emphasis)
        self.dots = VGroup(*(redraw_on_change(lambda i=i, c=c: self._point(i, c), self.progress.get_value)
                             for i, c in enumerate(colors)))
        self.names = VGroup(*(redraw_on_change(lambda i=i, c=c, s=s: self._name(i, c, s), self.progress.get_value)
                              for i, (c, s) in enumerate(zip(colors, "apn"))))
        self.rings = redraw_on_change(self._margin_marks, self.progress.get_value)
        self.arrows = redraw_on_change(self._arrows, self.progress.get_value)
        near, far = self.look["labels"]
        self.readouts = Readouts([
            (near, lambda: self.measures()[0], t.target),
            (far, lambda: self.measures()[1], t.emphasis),
            ("L", lambda: self.spec.on_points(self.points(), **self.loss_params)[0], t.loss),
        ], t, font_size=40, decimals=self.look["decimals"]).move_to([3.7, -0.2, 0])
        self.step_label = Readouts([(r"\text{step}", self.progress.get_value, t.text)], t, font_size=40,
                                   decimals=0).next_to(self.readouts, UP, buff=0.5)
        self.plane = self._plane()

    # ---- numbers --------------------------------------------------------------------------------------------------

    def gradient(self, points):
        """dL/d(a, p, n), stacked (3, 2): losscore's gradient of the loss the points make."""
        return self.spec.on_points(points, **self.loss_params)[1]

    def descent(self):
        """The points after each step of gradient descent (steps + 1, 3, 2), by losscore.optimize."""
        return losscore.optimize(self.gradient, np.array(self.picture.start), method="sgd", lr=self.picture.rate,
                                 steps=self.picture.steps)

    def points(self):
        """(anchor, positive, negative) now: the iterates, linearly between whole steps."""
        k, last = self.progress.get_value(), self.picture.steps
        low = min(int(np.floor(k)), last)
        high = min(low + 1, last)
        return self.path[low] + (k - low) * (self.path[high] - self.path[low])

    def measures(self):
        """(a with p, a with n) as the loss measures them: torch's pairwise distance, or the cosine."""
        a, p, n = self.points()
        if self.picture.geometry == "distance":
            return losscore.pairwise_distance(a, p), losscore.pairwise_distance(a, n)
        return -losscore.cosine_similarity(a, p), -losscore.cosine_similarity(a, n)  # the loss is −cos

    # ---- drawing --------------------------------------------------------------------------------------------------

    def to_scene(self, xy):
        return np.array([*self.look["origin"], 0.0]) + self.look["scale"] * np.array([xy[0], xy[1], 0.0])

    def _point(self, i, color):
        spot = self.to_scene(self.points()[i])
        dot = Dot(spot, radius=DOT, color=color)
        if self.picture.geometry == "distance":
            return dot
        return VGroup(Line(self.to_scene((0, 0)), spot, stroke_color=color, stroke_width=5), dot)  # a vector

    def _name(self, i, color, symbol):
        points = self.points()
        if self.picture.geometry == "distance":
            away = _distance_label_side(*points)[i]
        else:  # beyond the vector's tip, turned away from the vector it is compared with (a's: p), so two
            # vectors that come together keep their names apart
            tip, other = points[i], points[1 if i == 0 else 0]
            radial = tip / np.linalg.norm(tip)
            side = np.array([-radial[1], radial[0]])
            away = 0.6 * radial + 0.8 * side * (1.0 if other[0] * tip[1] - other[1] * tip[0] >= 0 else -1.0)
        return MathTex(symbol, font_size=th.LABEL, color=color).next_to(self.to_scene(points[i]), [*away, 0],
                                                                        buff=DOT + 0.08)

    def _plane(self):
        """Grid lines at whole coordinates across the box."""
        t, (x0, x1), (y0, y1) = self.theme, *self.look["box"]
        lines = VGroup()
        for v in range(int(np.ceil(x0)), int(np.floor(x1)) + 1):
            lines.add(Line(self.to_scene((v, y0)), self.to_scene((v, y1)), stroke_color=t.axes, stroke_width=1,
                           stroke_opacity=0.35))
        for v in range(int(np.ceil(y0)), int(np.floor(y1)) + 1):
            lines.add(Line(self.to_scene((x0, v)), self.to_scene((x1, v)), stroke_color=t.axes, stroke_width=1,
                           stroke_opacity=0.35))
        return lines

    def _ray(self, angle):
        """The unit direction at `angle`, as far from the origin as the box lets it go (at most 1.25)."""
        direction = np.array([np.cos(angle), np.sin(angle)])
        reach = [1.25]
        for axis, (low, high) in enumerate(self.look["box"]):
            if direction[axis] > 1e-9:
                reach.append(high / direction[axis])
            elif direction[axis] < -1e-9:
                reach.append(low / direction[axis])
        return min(reach) * direction

    def _margin_marks(self):
        """Distances: dashed circles around a, through p and m beyond it. Angles: the cone cos(a, ·) > m around a's
        direction, as two dashed rays."""
        t = self.theme
        a, p, _ = self.points()
        if self.picture.geometry == "distance":
            near = losscore.pairwise_distance(a, p)
            rings = VGroup()
            for radius, color in ((near, t.target), (near + self.margin, t.emphasis)):
                circle = Circle(radius=self.look["scale"] * radius, stroke_color=color, stroke_width=3)
                rings.add(DashedVMobject(circle.move_to(self.to_scene(a)), num_dashes=48, dashed_ratio=0.55))
            return rings
        heading, half = np.arctan2(a[1], a[0]), np.arccos(self.margin)
        origin = self.to_scene((0, 0))
        return VGroup(*(DashedLine(origin, self.to_scene(self._ray(angle)),
                                   stroke_color=t.emphasis, stroke_width=3, dash_length=0.12)
                        for angle in (heading - half, heading + half)))

    def _arrows(self):
        """At each point, the way gradient descent moves it (−gradient, 0.9 scene units per unit of gradient),
        invisible once the gradient is 0."""
        t = self.theme
        points = self.points()
        arrows = VGroup()
        for point, grad in zip(points, self.gradient(points)):
            start = self.to_scene(point)
            length = float(np.linalg.norm(grad))
            step = -0.9 * grad if length else np.array([0.9, 0.0])
            end = start + np.array([step[0], step[1], 0.0])
            arrow = Arrow(start, end, buff=0.12, color=t.gradient, stroke_width=6, max_tip_length_to_length_ratio=0.3)
            arrows.add(arrow.set_opacity(1.0 if length > 1e-9 else 0.0))
        return arrows

    # ---- the story ------------------------------------------------------------------------------------------------

    def show_formula(self):
        """The loss over pairs or triplets, and its name.

        Ask: Why a margin, and not just the right order?"""
        self.open_with(self.spec.formula, f"{self.spec.title}.")

    def place_points(self):
        """An anchor a, a positive p (alike) and a negative n (not alike) as points of a 2-D embedding, and what the
        loss is given.

        Ask: In face recognition, what are a, p and n?"""
        self.play(FadeIn(self.plane), FadeIn(self.dots), FadeIn(self.names), run_time=1.2)
        self.say(self.picture.inputs_in_words[0].upper() + self.picture.inputs_in_words[1:] + ".")
        self.wait()

    def show_margin(self):
        """The margin the loss asks for, drawn where the negative must not be; the readouts show what the loss
        measures and L, from losscore.

        Ask: Is this an easy, a semi-hard or a hard example?"""
        self.play(FadeIn(self.rings), FadeIn(self.readouts), run_time=1.2)
        self.say(self.look["margin"].format(m=self.margin))
        self.wait()

    def show_arrows(self):
        """The descent direction at each point (minus losscore's gradient, taken back to the points): p is pulled
        towards a and n pushed away, and a moves too.

        Ask: Why does the anchor move as well?"""
        self.play(FadeIn(self.arrows), FadeIn(self.step_label), run_time=1.0)
        self.say(self.look["arrows"])
        self.wait()

    def descend(self):
        """Gradient descent, step by step (losscore.optimize): the measures close in on the margin, and the
        arrows shrink as the loss goes to zero.

        Ask: What would training learn from this example now?"""
        self.say("Step by step, until the margin is met.")
        self.play(self.progress.animate.set_value(self.picture.steps), run_time=6.0, rate_func=linear)
        self.say(self.look["met"])
        self.wait()

    def settle(self):
        """The end of descent, still: the example no longer pulls on anything.

        Ask: How would you choose examples so that training keeps learning?"""
        self.say(self.spec.lesson)
        self.wait(2)


class TripletMargin(EmbeddingAnatomy):
    """The anchor must be nearer its positive than its negative by the margin m: drawn as a ring around the anchor
    at d(a, p) + m that the negative must leave. Descent moves all three until it has; then nothing moves."""

    loss_name = "triplet_margin"
