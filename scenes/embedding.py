"""Losses of pairs, triplets and small batches in a 2-D embedding (a registry entry whose picture is an Embedding):
an anchor a, a positive p and a negative n (and the batch's other points); the margin drawn as a ring (distances), a
cone or a class boundary (angles), or no margin at all (a softmax over the batch); gradient descent pulling p in and
pushing n out until the margin is met — then the loss and every arrow are zero. TripletMargin is FaceNet's triplet
loss told this way; `make anatomy` tells margin_ranking, cosine_embedding, contrastive, NT-Xent, CLIP, ArcFace and
CosFace the same way.

In three parts: the numbers (scenes.kit.embedding_numbers, shared with the printed figures), their drawing
(EmbeddingDrawing) and the story (EmbeddingAnatomy)."""

import numpy as np
from manim import UP, Arrow, Circle, DashedLine, DashedVMobject, Dot, FadeIn, Line, ValueTracker, VGroup, linear

import losscore
from losscore.params import Param, ParamError
from scenes.kit import EmbeddingNumbers, MathTex, Readouts, Story, redraw_on_change, regions
from scenes.kit import theme as th

# How each geometry sits on screen: embedding unit → scene units, where the origin is, the box of embedding
# coordinates the grid covers, whether the unit circle is drawn, the readouts' decimals, and how the margin is drawn
# (a method of EmbeddingDrawing).
_DISTANCES = {"scale": 1.1, "origin": (-2.3, -0.3), "box": ((-2.2, 2.2), (-2.2, 1.95)), "decimals": 2}
_CIRCLE = {"scale": 2.0, "origin": (-2.9, -0.45), "box": ((-1.25, 1.25), (-1.15, 1.15)), "decimals": 3,
           "circle": True, "fit_arrows": True}
PLANES = {
    "distance": {**_DISTANCES, "marks": "rings"},
    "radius": {**_DISTANCES, "scale": 1.8, "origin": (-2.6, -0.45), "box": ((-1.3, 1.8), (-1.3, 1.3)),
               "fit_arrows": True, "marks": "ring"},
    "angle": {"scale": 2.3, "origin": (-3.0, -0.85), "box": ((-0.3, 1.35), (-0.85, 0.95)), "decimals": 3,
              "marks": "cone"},
    "boundary": {**_CIRCLE, "marks": "ties"},
    "softmax": {**_CIRCLE, "marks": "no_margin"},
}
# What the story says of each geometry's margin, arrows and descent.
_PULLED = "Descent: p in, n out; {most} moves most."
CAPTIONS = {
    "distance": {"margin": "n must lie m = {m:g} beyond p: here it does not.", "arrows": _PULLED,
                 "steps": "Step by step, until the margin is met.",
                 "met": "Margin met: L = 0, and the arrows vanish."},
    "radius": {"margin": "n must lie m = {m:g} from a: here it does not.", "arrows": _PULLED,
               "steps": "Step by step, until n is past m.",
               "met": "n is past m and let go; p is still pulled in."},
    "angle": {"margin": "n must leave the cone cos > m = {m:g} around a.",
              "arrows": "Descent turns p towards a and n away.",
              "steps": "Step by step, until the margin is met.",
              "met": "n is out; p turns in until L fades to 0."},
    "boundary": {"margin": "With m = {m:g}, a must pass the tie moved towards p.",
                 "arrows": "Descent turns a and p together, n away.",
                 "steps": "Step by step, until a is past the tie.",
                 "met": "a is past the moved tie; the pull fades."},
    "softmax": {"margin": "No margin: a softmax must pick p over n.",
                "arrows": "Descent turns p towards a and n away.",
                "steps": "Step by step: a and p close in, n turns away.",
                "met": "L falls but never reaches 0."},
}
# scene units: no descent arrow is drawn longer (0.9 per unit of gradient, or less to keep to this; a geometry that
# fits its arrows draws the longest one of its descent this long)
LONGEST = 1.4
DOT = 0.11  # a point's radius on screen; names keep clear of it


def _distance_label_side(a, p, n):
    """Where each point's name goes, clear of what is drawn through it: a's away from p and n; p's outward from a
    (the ring through p crosses it square to that); n's inward, towards a, since descent pushes n outward (its
    arrow) and it ends on the margin ring."""
    return [v / (np.linalg.norm(v) or 1.0) for v in (2 * a - p - n, p - a, a - n)]


class EmbeddingDrawing:
    """The mobjects of an embedding picture, drawn from its `numbers` for the points `progress` (a ValueTracker)
    steps into descent: the grid, each point (a dot, or a vector from the origin where only its direction counts)
    with its name, the margin, the arrows of descent and the readouts. `live(build)` redraws what `build` makes
    whenever the progress moves."""

    def __init__(self, numbers, theme, progress):
        self.numbers, self.theme, self.progress = numbers, theme, progress
        self.plane = PLANES[numbers.picture.geometry]
        largest = numbers.largest_pull()
        fitted = LONGEST / largest if largest > 0 else 0.9
        self.arrow_scale = fitted if self.plane.get("fit_arrows") else min(0.9, fitted)

    def live(self, build):
        return redraw_on_change(build, self.progress.get_value)

    def now(self):
        """The points at the current progress."""
        return self.numbers.points(self.progress.get_value())

    def to_scene(self, xy):
        return np.array([*self.plane["origin"], 0.0]) + self.plane["scale"] * np.array([xy[0], xy[1], 0.0])

    def point(self, i, color):
        spot = self.to_scene(self.now()[i])
        dot = Dot(spot, radius=DOT, color=color)
        if not self.numbers.by_angle:
            return dot
        return VGroup(Line(self.to_scene((0, 0)), spot, stroke_color=color, stroke_width=5), dot)  # a vector

    def name(self, i, color, symbol):
        points = self.now()
        if not self.numbers.by_angle:
            away = _distance_label_side(*points)[i]
        else:  # beyond the vector's tip, turned away from the vector it is compared with (a's: p), so two
            # vectors that come together keep their names apart
            tip, other = points[i], points[1 if i == 0 else 0]
            radial = tip / np.linalg.norm(tip)
            side = np.array([-radial[1], radial[0]])
            away = 0.6 * radial + 0.8 * side * (1.0 if other[0] * tip[1] - other[1] * tip[0] >= 0 else -1.0)
        return MathTex(symbol, font_size=th.LABEL, color=color).next_to(self.to_scene(points[i]), [*away, 0],
                                                                        buff=DOT + 0.08)

    def grid(self):
        """Grid lines at whole coordinates across the box."""
        t, (x0, x1), (y0, y1) = self.theme, *self.plane["box"]
        lines = VGroup()
        for v in range(int(np.ceil(x0)), int(np.floor(x1)) + 1):
            lines.add(Line(self.to_scene((v, y0)), self.to_scene((v, y1)), stroke_color=t.axes, stroke_width=1,
                           stroke_opacity=0.35))
        for v in range(int(np.ceil(y0)), int(np.floor(y1)) + 1):
            lines.add(Line(self.to_scene((x0, v)), self.to_scene((x1, v)), stroke_color=t.axes, stroke_width=1,
                           stroke_opacity=0.35))
        if self.plane.get("circle"):  # where unit vectors end: only their directions count
            lines.add(Circle(radius=self.plane["scale"], stroke_color=t.muted, stroke_width=2,
                             stroke_opacity=0.6).move_to(self.to_scene((0, 0))))
        return lines

    def _ray(self, angle):
        """The unit direction at `angle`, as far from the origin as the box lets it go (at most 1.25)."""
        direction = np.array([np.cos(angle), np.sin(angle)])
        reach = [1.25]
        for axis, (low, high) in enumerate(self.plane["box"]):
            if direction[axis] > 1e-9:
                reach.append(high / direction[axis])
            elif direction[axis] < -1e-9:
                reach.append(low / direction[axis])
        return min(reach) * direction

    def _circle_around(self, center, radius, color):
        circle = Circle(radius=self.plane["scale"] * radius, stroke_color=color, stroke_width=3)
        return DashedVMobject(circle.move_to(self.to_scene(center)), num_dashes=48, dashed_ratio=0.55)

    def _rays(self, angles, color):
        origin = self.to_scene((0, 0))
        return VGroup(*(DashedLine(origin, self.to_scene(self._ray(angle)), stroke_color=color, stroke_width=3,
                                   dash_length=0.12) for angle in angles))

    def margin(self):
        """The margin as the geometry draws it, for the points now."""
        return getattr(self, self.plane["marks"])()

    def rings(self):
        """Dashed circles around a, through p and m beyond it."""
        a, p = self.now()[:2]
        near = losscore.pairwise_distance(a, p)
        return VGroup(self._circle_around(a, near, self.theme.target),
                      self._circle_around(a, near + self.numbers.margin, self.theme.emphasis))

    def ring(self):
        """A dashed circle of radius m around a, which n must leave."""
        return VGroup(self._circle_around(self.now()[0], self.numbers.margin, self.theme.emphasis))

    def cone(self):
        """The cone cos(a, ·) > m around a's direction, as two dashed rays."""
        a = self.now()[0]
        heading, half = np.arctan2(a[1], a[0]), np.arccos(self.numbers.margin)
        return self._rays((heading - half, heading + half), self.theme.emphasis)

    def ties(self):
        """Where a's class and n's tie: with no margin, the bisector (muted), and with the loss's margin (its own
        colour), moved towards p: a must cross that one."""
        t, points = self.theme, self.now()
        ties = [(self.numbers.tie(points, margin), color)
                for margin, color in ((0.0, t.muted), (self.numbers.margin, t.emphasis))]
        return VGroup(*(self._rays([angle], color) for angle, color in ties if angle is not None))

    def no_margin(self):
        """Nothing: a softmax over the batch has no margin to draw."""
        return VGroup()

    def arrows(self):
        """At each point, the way gradient descent moves it (−gradient, `arrow_scale` scene units per unit of
        gradient), invisible once the gradient is 0."""
        points = self.now()
        arrows = VGroup()
        for point, grad in zip(points, self.numbers.gradient(points)):
            start = self.to_scene(point)
            length = float(np.linalg.norm(grad))
            step = -self.arrow_scale * grad if length else np.array([0.9, 0.0])
            end = start + np.array([step[0], step[1], 0.0])
            arrow = Arrow(start, end, buff=0.12, color=self.theme.gradient, stroke_width=6,
                          max_tip_length_to_length_ratio=0.3)
            arrows.add(arrow.set_opacity(1.0 if length > 1e-9 else 0.0))
        return arrows

    def readouts(self):
        """What the loss measures between a and p, and a and n, and L, for the points now (from losscore)."""
        t, numbers = self.theme, self.numbers
        a, p, n = numbers.picture.names[:3]
        near, far = (rf"\cos({a}, {p})", rf"\cos({a}, {n})") if numbers.by_angle else \
            (rf"d({a}, {p})", rf"d({a}, {n})")
        return Readouts([
            (near, lambda: numbers.measures(self.now())[0], t.target),
            (far, lambda: numbers.measures(self.now())[1], t.emphasis),
            ("L", lambda: numbers.loss(self.now()), t.loss),
        ], t, font_size=40, decimals=self.plane["decimals"])

    def step_label(self):
        return Readouts([(r"\text{step}", self.progress.get_value, self.theme.text)], self.theme, font_size=40,
                        decimals=0)


class EmbeddingAnatomy(Story):
    """Set `loss_name` to a registry entry whose picture is an Embedding (see scenes.anatomy.anatomy_scene)."""

    loss_name = ""  # registry name
    steps = ("show_formula", "place_points", "show_margin", "show_arrows", "descend", "settle")

    def setup(self):
        super().setup()
        self.spec = losscore.LOSSES[self.loss_name]
        self.numbers = EmbeddingNumbers.of(self.spec, self.params)
        self.picture = self.numbers.picture
        self.captions = CAPTIONS[self.picture.geometry]
        self.progress = ValueTracker(0.0)
        draw = self.drawing = EmbeddingDrawing(self.numbers, self.theme, self.progress)
        names = self.picture.names
        t = self.theme
        colors = (t.text, t.target, *[t.emphasis] * (len(names) - 2))  # a, p, and the points unlike a
        self.dots = VGroup(*(draw.live(lambda i=i, c=c: draw.point(i, c)) for i, c in enumerate(colors)))
        self.names = VGroup(*(draw.live(lambda i=i, c=c, s=s: draw.name(i, c, s))
                              for i, (c, s) in enumerate(zip(colors, names))))
        self.rings = draw.live(draw.margin)
        self.arrows = draw.live(draw.arrows)
        self.readouts = draw.readouts().move_to(regions(side_split=1).readouts.center)  # the whole side column
        self.step_label = draw.step_label().next_to(self.readouts, UP, buff=0.5)
        self.plane = draw.grid()

    def points(self):
        """The points on screen now."""
        return self.drawing.now()

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
        self.say(self.captions["margin"].format(m=self.numbers.margin))
        self.wait()

    def show_arrows(self):
        """The descent direction at each point (minus losscore's gradient, taken back to the points): p is pulled
        towards a and n pushed away, and a moves too.

        Ask: Why does the anchor move as well?"""
        lengths = np.linalg.norm(self.numbers.gradient(self.points()), axis=1)
        self.say(self.captions["arrows"].format(most=self.picture.names[int(np.argmax(lengths))]))
        self.play(FadeIn(self.arrows), FadeIn(self.step_label), run_time=1.0)
        self.wait()

    def descend(self):
        """Gradient descent, step by step (losscore.optimize): the measures close in on the margin, and the
        arrows shrink as the loss goes to zero.

        Ask: What would training learn from this example now?"""
        self.say(self.captions["steps"])
        self.play(self.progress.animate.set_value(self.picture.steps), run_time=6.0, rate_func=linear)
        self.say(self.captions["met"])
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
          for name, point, meaning in zip(EmbeddingNumbers.POINTS, TRIPLET.picture.start,
                                          ("a, the anchor (x, y)", "p, alike with a (x, y)", "n, unlike a (x, y)"))),
        Param(name="margin", default=TRIPLET.params["margin"], low=0.25, high=1.5, step=0.05,
              meaning="m: how much farther than p the negative must be"),
    )

    @classmethod
    def check_together(cls, values, where):
        """The story ends with the margin met and every point on the plane: refuse numbers for which it would not."""
        numbers = EmbeddingNumbers.of(TRIPLET, values)
        path, steps = numbers.path, numbers.picture.steps
        left = numbers.loss(path[-1])
        if left > 0:
            raise ParamError(f"{where}: {steps} steps of descent leave the margin unmet (L = {left:.3g}): "
                             f"start n farther from a, or lower the margin")
        (x0, x1), (y0, y1) = PLANES[numbers.picture.geometry]["box"]
        if not ((path[..., 0] >= x0) & (path[..., 0] <= x1) & (path[..., 1] >= y0) & (path[..., 1] <= y1)).all():
            raise ParamError(f"{where}: the points would leave the plane ({x0:g}..{x1:g} by {y0:g}..{y1:g}) as they "
                             f"descend: start them nearer the middle")
