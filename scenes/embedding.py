"""Losses of pairs, triplets and small batches in a 2-D embedding (a registry entry whose picture is an Embedding):
an anchor a, a positive p and a negative n (and the batch's other points); the margin drawn as a ring (distances), a
cone or a class boundary (angles), or no margin at all (a softmax over the batch); gradient descent pulling p in and
pushing n out until the margin is met — then the loss and every arrow are zero. TripletMargin is FaceNet's triplet
loss told this way; `make anatomy` tells margin_ranking, cosine_embedding, contrastive, NT-Xent, CLIP, ArcFace and
CosFace the same way."""

from dataclasses import replace

import numpy as np
from manim import UP, Arrow, Circle, DashedLine, DashedVMobject, Dot, FadeIn, Line, ValueTracker, VGroup, linear

import losscore
from losscore.params import Param, ParamError
from scenes.kit import MathTex, Readouts, Story
from scenes.kit import theme as th
from scenes.kit.redraw import redraw_on_change

# Each geometry: how points sit on screen (embedding unit → scene units, where the origin is, the box of embedding
# coordinates the grid covers, whether the unit circle is drawn), what it measures between a and the others (the
# distance or the cosine), how it draws the margin (a method of EmbeddingAnatomy), and what the steps say.
_DISTANCES = {"scale": 1.1, "origin": (-2.3, -0.3), "box": ((-2.2, 2.2), (-2.2, 1.95)), "decimals": 2,
              "measure": "distance", "arrows": "Descent: p in, n out; {most} moves most."}
_CIRCLE = {"scale": 2.0, "origin": (-2.9, -0.45), "box": ((-1.25, 1.25), (-1.15, 1.15)), "decimals": 3,
           "measure": "cosine", "circle": True, "fit_arrows": True}
GEOMETRY = {
    "distance": {**_DISTANCES, "marks": "_rings",
                 "margin": "n must lie m = {m:g} beyond p: here it does not.",
                 "steps": "Step by step, until the margin is met.",
                 "met": "Margin met: L = 0, and the arrows vanish."},
    "radius": {**_DISTANCES, "scale": 1.8, "origin": (-2.6, -0.45), "box": ((-1.3, 1.8), (-1.3, 1.3)),
               "fit_arrows": True, "marks": "_ring",
               "margin": "n must lie m = {m:g} from a: here it does not.",
               "steps": "Step by step, until n is past m.",
               "met": "n is past m and let go; p is still pulled in."},
    "angle": {"scale": 2.3, "origin": (-3.0, -0.85), "box": ((-0.3, 1.35), (-0.85, 0.95)), "decimals": 3,
              "measure": "cosine", "marks": "_cone",
              "margin": "n must leave the cone cos > m = {m:g} around a.",
              "arrows": "Descent turns p towards a and n away.",
              "steps": "Step by step, until the margin is met.",
              "met": "n is out; p turns in until L fades to 0."},
    "boundary": {**_CIRCLE, "marks": "_boundaries",
                 "margin": "With m = {m:g}, a must pass the tie moved towards p.",
                 "arrows": "Descent turns a and p together, n away.",
                 "steps": "Step by step, until a is past the tie.",
                 "met": "a is past the moved tie; the pull fades."},
    "softmax": {**_CIRCLE, "marks": "_no_margin",
                "margin": "No margin: a softmax must pick p over n.",
                "arrows": "Descent turns p towards a and n away.",
                "steps": "Step by step: a and p close in, n turns away.",
                "met": "L falls but never reaches 0."},
}
# scene units: no descent arrow is drawn longer (0.9 per unit of gradient, or less to keep to this; a geometry that
# fits its arrows draws the longest one of its descent this long)
LONGEST = 1.4


def _distance_label_side(a, p, n):
    """Where each point's name goes, clear of what is drawn through it: a's away from p and n; p's outward from a
    (the ring through p crosses it square to that); n's inward, towards a, since descent pushes n outward (its
    arrow) and it ends on the margin ring."""
    return [v / (np.linalg.norm(v) or 1.0) for v in (2 * a - p - n, p - a, a - n)]


DOT = 0.11  # a point's radius on screen; names keep clear of it


def descent(spec, picture, params):
    """The points of `picture` after each step of gradient descent on `spec` (steps + 1, points, 2): losscore's
    gradient taken back to the points, losscore.optimize's steps."""
    def gradient(points):
        return spec.on_points(points, **params)[1]
    return losscore.optimize(gradient, np.array(picture.start), method="sgd", lr=picture.rate, steps=picture.steps)


class EmbeddingAnatomy(Story):
    """Set `loss` to a registry entry whose picture is an Embedding (see scenes.anatomy.anatomy_scene)."""

    loss_name = ""  # registry name
    steps = ("show_formula", "place_points", "show_margin", "show_arrows", "descend", "settle")

    def setup(self):
        super().setup()
        t = self.theme
        self.spec = losscore.LOSSES[self.loss_name]
        self.picture, self.loss_params = self.start_with(self.spec, self.params)
        self.margin = self.loss_params.get("margin", self.spec.params.get("margin"))
        self.look = GEOMETRY[self.picture.geometry]
        self.path = self.descent()
        largest = max(float(np.linalg.norm(self.gradient(points), axis=1).max()) for points in self.path)
        fitted = LONGEST / largest if largest > 0 else 0.9
        self.arrow_scale = fitted if self.look.get("fit_arrows") else min(0.9, fitted)
        self.progress = ValueTracker(0.0)
        names = self.picture.names
        colors = (t.text, t.target, *[t.emphasis] * (len(names) - 2))  # a, p, and the points unlike a
        self.dots = VGroup(*(redraw_on_change(lambda i=i, c=c: self._point(i, c), self.progress.get_value)
                             for i, c in enumerate(colors)))
        self.names = VGroup(*(redraw_on_change(lambda i=i, c=c, s=s: self._name(i, c, s), self.progress.get_value)
                              for i, (c, s) in enumerate(zip(colors, names))))
        self.rings = redraw_on_change(getattr(self, self.look["marks"]), self.progress.get_value)
        self.arrows = redraw_on_change(self._arrows, self.progress.get_value)
        a, p, n = names[:3]
        near, far = (rf"d({a}, {p})", rf"d({a}, {n})") if self.look["measure"] == "distance" else \
            (rf"\cos({a}, {p})", rf"\cos({a}, {n})")
        self.readouts = Readouts([
            (near, lambda: self.measures()[0], t.target),
            (far, lambda: self.measures()[1], t.emphasis),
            ("L", lambda: self.spec.on_points(self.points(), **self.loss_params)[0], t.loss),
        ], t, font_size=40, decimals=self.look["decimals"]).move_to([3.7, -0.2, 0])
        self.step_label = Readouts([(r"\text{step}", self.progress.get_value, t.text)], t, font_size=40,
                                   decimals=0).next_to(self.readouts, UP, buff=0.5)
        self.plane = self._plane()

    # ---- numbers --------------------------------------------------------------------------------------------------

    POINTS = ("anchor", "positive", "negative")  # story parameters that move the picture's start

    @classmethod
    def start_with(cls, spec, params):
        """(the picture, the loss's parameters) for the story's `params`: points given move the start."""
        start = [params.get(name, point) for name, point in zip(cls.POINTS, spec.picture.start)]
        picture = replace(spec.picture, start=(*map(tuple, start), *spec.picture.start[3:]))
        return picture, {**spec.picture_params, **{k: v for k, v in params.items() if k not in cls.POINTS}}

    def gradient(self, points):
        """dL/d(a, p, n), stacked (3, 2): losscore's gradient of the loss the points make."""
        return self.spec.on_points(points, **self.loss_params)[1]

    def descent(self):
        """The points after each step of gradient descent (steps + 1, points, 2), by losscore.optimize."""
        return descent(self.spec, self.picture, self.loss_params)

    def points(self):
        """(anchor, positive, negative) now: the iterates, linearly between whole steps."""
        k, last = self.progress.get_value(), self.picture.steps
        low = min(int(np.floor(k)), last)
        high = min(low + 1, last)
        return self.path[low] + (k - low) * (self.path[high] - self.path[low])

    def measures(self):
        """(a with p, a with n) as the loss measures them: torch's pairwise distance, or the cosine."""
        a, p, n = self.points()[:3]
        if self.look["measure"] == "distance":
            return losscore.pairwise_distance(a, p), losscore.pairwise_distance(a, n)
        return -losscore.cosine_similarity(a, p), -losscore.cosine_similarity(a, n)  # the loss is −cos

    # ---- drawing --------------------------------------------------------------------------------------------------

    def to_scene(self, xy):
        return np.array([*self.look["origin"], 0.0]) + self.look["scale"] * np.array([xy[0], xy[1], 0.0])

    def _point(self, i, color):
        spot = self.to_scene(self.points()[i])
        dot = Dot(spot, radius=DOT, color=color)
        if self.look["measure"] == "distance":
            return dot
        return VGroup(Line(self.to_scene((0, 0)), spot, stroke_color=color, stroke_width=5), dot)  # a vector

    def _name(self, i, color, symbol):
        points = self.points()
        if self.look["measure"] == "distance":
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
        if self.look.get("circle"):  # where unit vectors end: only their directions count
            lines.add(Circle(radius=self.look["scale"], stroke_color=t.muted, stroke_width=2,
                             stroke_opacity=0.6).move_to(self.to_scene((0, 0))))
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

    def _circle_around(self, center, radius, color):
        circle = Circle(radius=self.look["scale"] * radius, stroke_color=color, stroke_width=3)
        return DashedVMobject(circle.move_to(self.to_scene(center)), num_dashes=48, dashed_ratio=0.55)

    def _rays(self, angles, color):
        origin = self.to_scene((0, 0))
        return VGroup(*(DashedLine(origin, self.to_scene(self._ray(angle)), stroke_color=color, stroke_width=3,
                                   dash_length=0.12) for angle in angles))

    def _rings(self):
        """Dashed circles around a, through p and m beyond it."""
        t = self.theme
        a, p = self.points()[:2]
        near = losscore.pairwise_distance(a, p)
        return VGroup(self._circle_around(a, near, t.target), self._circle_around(a, near + self.margin, t.emphasis))

    def _ring(self):
        """A dashed circle of radius m around a, which n must leave."""
        return VGroup(self._circle_around(self.points()[0], self.margin, self.theme.emphasis))

    def _cone(self):
        """The cone cos(a, ·) > m around a's direction, as two dashed rays."""
        a = self.points()[0]
        heading, half = np.arctan2(a[1], a[0]), np.arccos(self.margin)
        return self._rays((heading - half, heading + half), self.theme.emphasis)

    def tie(self, margin):
        """The direction, between p and n, where a would score p's class and n's alike (the loss of two classes is
        log 2 there: losscore's, with this margin), as an angle; None where a's own centre p is already short of it."""
        a, p, n = self.points()
        start, apart = np.arctan2(p[1], p[0]), np.arctan2(n[1], n[0]) - np.arctan2(p[1], p[0])
        apart = (apart + np.pi) % (2 * np.pi) - np.pi  # the short way round, from p to n
        params = {**self.loss_params, "margin": margin}

        def above_tie(angle):  # a's loss at `angle` beyond the tie's log 2
            at = np.array([np.cos(angle), np.sin(angle)]) * np.linalg.norm(a)
            return self.spec.on_points(np.array([at, p, n]), **params)[0] > np.log(2.0)

        if above_tie(start):
            return None
        low, high = 0.0, 1.0  # shares of the way from p to n; the loss grows along it
        for _ in range(50):
            low, high = ((low + high) / 2, high) if not above_tie(start + (low + high) / 2 * apart) else \
                (low, (low + high) / 2)
        return start + (low + high) / 2 * apart

    def _boundaries(self):
        """Where a's class and n's tie: with no margin, the bisector (muted), and with the loss's margin (its own
        colour), moved towards p: a must cross that one."""
        t = self.theme
        ties = [(self.tie(margin), color) for margin, color in ((0.0, t.muted), (self.margin, t.emphasis))]
        return VGroup(*(self._rays([angle], color) for angle, color in ties if angle is not None))

    def _no_margin(self):
        """Nothing: a softmax over the batch has no margin to draw."""
        return VGroup()

    def _arrows(self):
        """At each point, the way gradient descent moves it (−gradient, `arrow_scale` scene units per unit of
        gradient), invisible once the gradient is 0."""
        t = self.theme
        points = self.points()
        arrows = VGroup()
        for point, grad in zip(points, self.gradient(points)):
            start = self.to_scene(point)
            length = float(np.linalg.norm(grad))
            step = -self.arrow_scale * grad if length else np.array([0.9, 0.0])
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
        lengths = np.linalg.norm(self.gradient(self.points()), axis=1)
        self.say(self.look["arrows"].format(most=self.picture.names[int(np.argmax(lengths))]))
        self.play(FadeIn(self.arrows), FadeIn(self.step_label), run_time=1.0)
        self.wait()

    def descend(self):
        """Gradient descent, step by step (losscore.optimize): the measures close in on the margin, and the
        arrows shrink as the loss goes to zero.

        Ask: What would training learn from this example now?"""
        self.say(self.look["steps"])
        self.play(self.progress.animate.set_value(self.picture.steps), run_time=6.0, rate_func=linear)
        self.say(self.look["met"])
        self.wait()

    def settle(self):
        """The end of descent, still: the example no longer pulls on anything.

        Ask: How would you choose examples so that training keeps learning?"""
        self.say(self.spec.lesson)
        self.wait(2)


TRIPLET = losscore.LOSSES["triplet_margin"]


class TripletMargin(EmbeddingAnatomy):
    """The anchor must be nearer its positive than its negative by the margin m: drawn as a ring around the anchor
    at d(a, p) + m that the negative must leave. Descent moves all three until it has; then nothing moves."""

    loss_name = "triplet_margin"
    parameters = (
        *(Param(name=name, default=list(point), kind="floats", length=(2, 2), low=-1.5, high=1.5, meaning=meaning)
          for name, point, meaning in zip(EmbeddingAnatomy.POINTS, TRIPLET.picture.start,
                                          ("a, the anchor (x, y)", "p, alike with a (x, y)", "n, unlike a (x, y)"))),
        Param(name="margin", default=TRIPLET.params["margin"], low=0.25, high=1.5, step=0.05,
              meaning="m: how much farther than p the negative must be"),
    )

    @classmethod
    def check_together(cls, values, where):
        """The story ends with the margin met and every point on the plane: refuse numbers for which it would not."""
        picture, params = cls.start_with(TRIPLET, values)
        path = descent(TRIPLET, picture, params)
        left = TRIPLET.on_points(path[-1], **params)[0]
        if left > 0:
            raise ParamError(f"{where}: {picture.steps} steps of descent leave the margin unmet (L = {left:.3g}): "
                             f"start n farther from a, or lower the margin")
        (x0, x1), (y0, y1) = GEOMETRY[picture.geometry]["box"]
        if not ((path[..., 0] >= x0) & (path[..., 0] <= x1) & (path[..., 1] >= y0) & (path[..., 1] <= y1)).all():
            raise ParamError(f"{where}: the points would leave the plane ({x0:g}..{x1:g} by {y0:g}..{y1:g}) as they "
                             f"descend: start them nearer the middle")
