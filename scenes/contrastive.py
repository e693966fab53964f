"""Contrastive learning in a batch, as CLIP trains: four images and their four captions are unit vectors on a
circle; every image is compared with every caption (cosines), each row of that matrix is a softmax over the captions
at a temperature τ, each row's loss is −log of its own caption's share, and descent turns every vector along the
circle — matched pairs together, the hardest negative apart.

A teacher sets where the eight vectors point and the two temperatures (`parameters`); the matrix, the losses, the
arrows and every number the captions state follow from them, through losscore's softmax, CLIP loss and gradient."""

import numpy as np
from manim import RIGHT, Arc, Circle, DashedLine, Dot, FadeIn, FadeOut, Rectangle, Square, ValueTracker, VGroup, smooth

import losscore
from losscore.contrastive import through_unit
from losscore.params import Param, ParamError
from scenes.kit import MathTex, Number, Readouts, Story, formula_card, in_order, redraw_on_change, regions, shown
from scenes.kit import theme as th

PAIRS = 4
SAME_KIND_APART = 25.0  # degrees between two images (or two captions): their names, side by side, stay apart
PAIR_APART = 10.0  # degrees between any image and any caption: their marks stay apart
LONGEST_ARROW = 0.95  # scene units: the largest pull the story draws; every other arrow is to its scale
CELL = (1.1, 0.64)  # one matrix cell, width and height


def unit_vectors(degrees):
    """Rows (cos θ, sin θ): the unit vectors pointing at `degrees`."""
    radians = np.radians(degrees)
    return np.column_stack([np.cos(radians), np.sin(radians)])


def caption_angles(image_angles, offsets):
    """Where the captions point: each image's angle turned by its caption's offset, in [0, 360)."""
    return [(a + o) % 360.0 for a, o in zip(image_angles, offsets)]


def apart(a, b):
    """The angle between two directions given in degrees, in [0, 180]."""
    return abs((a - b + 180.0) % 360.0 - 180.0)


class Batch:
    """The story's numbers: four image and four caption unit vectors (caption i describes image i), and what CLIP's
    loss at a temperature τ (logit scale 1/τ) makes of them, from losscore."""

    def __init__(self, image_angles, text_angles):
        self.image_angles, self.text_angles = np.array(image_angles, dtype=float), np.array(text_angles, dtype=float)
        self.images, self.texts = unit_vectors(self.image_angles), unit_vectors(self.text_angles)
        self.cosines = self.images @ self.texts.T  # row i: image i against every caption
        off_diagonal = np.where(np.eye(PAIRS, dtype=bool), -np.inf, self.cosines)
        # (image, caption) of the hardest negative: the wrong caption most like an image
        self.hard = tuple(int(k) for k in np.unravel_index(np.argmax(off_diagonal), off_diagonal.shape))

    def probabilities(self, tau):
        """Each row's softmax over the captions."""
        return losscore.softmax(self.cosines / tau, axis=1)

    def row_losses(self, tau):
        """Each row's cross entropy: −log of its own caption's probability."""
        return losscore.nll(np.arange(PAIRS), losscore.log_softmax(self.cosines / tau, axis=1), reduction="none")

    def loss(self, tau):
        """CLIP's loss: both directions, images to captions and captions to images."""
        return losscore.clip_contrastive(self.images, self.texts, logit_scale=1.0 / tau)

    def descent(self, tau):
        """(images, captions): how descent moves each unit vector — minus CLIP's gradient, taken through the
        normalisation the model applies, so only the part along the circle is left."""
        grads = losscore.clip_contrastive_grad(self.images, self.texts, logit_scale=1.0 / tau)
        ones = np.ones((PAIRS, 1))
        return -through_unit(grads[0], self.images, ones), -through_unit(grads[1], self.texts, ones)

    def turning(self, tau):
        """(images, captions): each vector's speed along the circle under descent, counter-clockwise positive."""
        return tuple((move * unit_vectors(angles + 90.0)).sum(axis=1)
                     for move, angles in zip(self.descent(tau), (self.image_angles, self.text_angles)))

    def cosine_rates(self, tau):
        """How fast cos(I_i, T_j) changes under descent, for every (i, j)."""
        move_images, move_texts = self.descent(tau)
        return move_images @ self.texts.T + self.images @ move_texts.T

    def pairs_close_and_hardest_parts(self, tau):
        """Whether descent turns every matched pair together and the hardest negative apart."""
        rates = self.cosine_rates(tau)
        return bool((np.diag(rates) > 0).all() and rates[self.hard] < 0)


class Matrix(VGroup):
    """A PAIRS × PAIRS grid of live numbers (`values()` gives the matrix), rows named I_i, columns T_j; `describe`
    reads them for speaker notes."""

    def __init__(self, values, centers, heading, *, decimals, signed, color):
        super().__init__()
        self.heading = heading
        self.cells = VGroup()
        for i in range(PAIRS):
            for j in range(PAIRS):
                number = Number(values()[i, j], num_decimal_places=decimals, include_sign=signed,
                                font_size=th.MIN_MATH, color=color).move_to(centers[i][j])
                number.add_updater(lambda m, i=i, j=j: m.set_value(values()[i, j]).move_to(centers[i][j]))
                self.cells.add(number)
        self.add(self.cells)

    def describe(self):
        rows = [self.cells[i * PAIRS:(i + 1) * PAIRS] for i in range(PAIRS)]
        return [f"{self.heading}, row I{i + 1}: " + ", ".join(shown(n) for n in row) for i, row in enumerate(rows)]


class ContrastiveBatch(Story):
    """Pairs on a circle → all-pairs cosines → a softmax per row at τ → −log of the match per row → τ lowered →
    the gradient on the circle."""

    steps = ("show_pairs", "compare_all", "hardest_negative", "row_softmax", "score_rows", "cool_down",
             "gradient", "settle")
    parameters = (
        Param(name="image_angles", default=[40.0, 95.0, 200.0, 300.0], kind="floats", length=(PAIRS, PAIRS),
              low=0.0, high=359.0, step=5.0, meaning="where each image's unit vector points, in degrees"),
        Param(name="text_offsets", default=[-25.0, -25.0, 25.0, -25.0], kind="floats", length=(PAIRS, PAIRS),
              low=-60.0, high=60.0, step=5.0,
              meaning="how far each caption's vector is turned from its image's, in degrees (counter-clockwise +)"),
        Param(name="temperatures", default=[1.0, 0.25], kind="floats", length=(2, 2), low=0.05, high=2.0, step=0.05,
              meaning="the softmax temperature τ, then the lower one it is cooled to"),
    )

    @classmethod
    def check_together(cls, values, where):
        in_order(values, "temperatures", where, falling=True)
        images, texts = values["image_angles"], caption_angles(values["image_angles"], values["text_offsets"])
        for kind, angles in (("images", images), ("captions", texts)):
            for i in range(PAIRS):
                for j in range(i):
                    if apart(angles[i], angles[j]) < SAME_KIND_APART:
                        raise ParamError(f"{where}: {kind} {j + 1} and {i + 1} point {apart(angles[i], angles[j]):g}° "
                                         f"apart, expected at least {SAME_KIND_APART:g}° (image_angles, text_offsets)")
        for i, a in enumerate(images):
            for j, b in enumerate(texts):
                if apart(a, b) < PAIR_APART:
                    raise ParamError(f"{where}: image {i + 1} and caption {j + 1} point {apart(a, b):g}° apart, "
                                     f"expected at least {PAIR_APART:g}° (image_angles, text_offsets)")

    def setup(self):
        super().setup()
        self.batch = Batch(self.params["image_angles"],
                           caption_angles(self.params["image_angles"], self.params["text_offsets"]))
        self.warm, self.cold = self.params["temperatures"]
        self.tau = ValueTracker(self.warm)
        self.layout()

    def probabilities(self):
        return self.batch.probabilities(self.tau.get_value())

    def row_loss_values(self):
        return self.batch.row_losses(self.tau.get_value())

    def loss(self):
        return self.batch.loss(self.tau.get_value())

    # ---- drawing --------------------------------------------------------------------------------------------------

    def layout(self):
        t = self.theme
        self.formula = formula_card(self.title_card_content()[1], t)
        body = regions().body.below(self.formula.get_bottom()[1] - 0.15)
        circle_box, matrix_box = body.split(0.4, axis="x")
        self.center = circle_box.center
        self.radius = min(circle_box.width, circle_box.height) / 2 - 0.6
        self.circle = Circle(radius=self.radius, stroke_color=t.muted, stroke_width=2.5).move_to(self.center)
        b = self.batch
        self.marks = VGroup(*(self.mark(a, image=True) for a in b.image_angles),
                            *(self.mark(a, image=False) for a in b.text_angles))
        self.names = VGroup(*(self.name(f"I_{i + 1}", a, outside=True) for i, a in enumerate(b.image_angles)),
                            *(self.name(f"T_{i + 1}", a, outside=False) for i, a in enumerate(b.text_angles)))
        self.matches = VGroup(*(self.arc_between(a, c, self.radius, t.target, 7)
                                for a, c in zip(b.image_angles, b.text_angles)))
        i, j = b.hard
        self.chord = DashedLine(self.at(b.image_angles[i]), self.at(b.text_angles[j]), color=t.emphasis,
                                stroke_width=5, dash_length=0.12)
        self.matrix_parts(matrix_box)

    def at(self, degrees, radius=None):
        """The screen point at `degrees` on the circle (or at `radius` from its centre)."""
        return self.center + (self.radius if radius is None else radius) * np.array([*unit_vectors(degrees)[0], 0])

    def mark(self, degrees, image):
        """An image is a dot, a caption a square."""
        t = self.theme
        shape = Dot(radius=0.11, color=t.text) if image else Square(0.2, stroke_color=t.text, stroke_width=4,
                                                                     fill_color=t.background, fill_opacity=1)
        return shape.move_to(self.at(degrees))

    def name(self, tex, degrees, outside):
        """Images are named outside the circle, captions inside, each on its own ray."""
        label = MathTex(tex, font_size=th.MIN_MATH, color=self.theme.text)
        return label.move_to(self.at(degrees, self.radius + (0.52 if outside else -0.55)))

    def arc_between(self, a, b, radius, color, width):
        """The shorter arc of the circle from `a` to `b` degrees."""
        sweep = (b - a + 180.0) % 360.0 - 180.0
        return Arc(radius=radius, start_angle=np.radians(a), angle=np.radians(sweep), arc_center=self.center,
                   stroke_color=color, stroke_width=width)

    def matrix_parts(self, box):
        t = self.theme
        w, h = CELL
        grid_width = (PAIRS + 1) * w + 0.35 + w  # row names, cells, a gap, the loss column
        left = box.center[0] - grid_width / 2
        top = box.top - 0.62  # below the matrix's heading
        self.cell_centers = [[np.array([left + w * (j + 1.5), top - h * (i + 1.5), 0]) for j in range(PAIRS)]
                             for i in range(PAIRS)]
        loss_x = left + w * (PAIRS + 1) + 0.35 + w / 2
        self.headers = VGroup(
            *(MathTex(f"I_{i + 1}", font_size=th.MIN_MATH).move_to([left + w / 2, self.cell_centers[i][0][1], 0])
              for i in range(PAIRS)),
            *(MathTex(f"T_{j + 1}", font_size=th.MIN_MATH).move_to([self.cell_centers[0][j][0], top - h / 2, 0])
              for j in range(PAIRS)))
        middle = (self.cell_centers[0][0] + self.cell_centers[-1][-1]) / 2
        self.heading_cos = MathTex(r"\cos(I_i, T_j)", font_size=th.MIN_MATH).move_to([middle[0], box.top - 0.25, 0])
        self.heading_p = MathTex(r"p_{ij} = \mathrm{softmax}_j\big(\cos(I_i, T_j) / \tau\big)", font_size=th.MIN_MATH,
                                 color=t.prediction).move_to(self.heading_cos)
        self.diagonal = VGroup(*(Rectangle(width=w - 0.06, height=h - 0.06, stroke_color=t.target, stroke_width=4)
                                 .move_to(self.cell_centers[i][i]) for i in range(PAIRS)))
        i, j = self.batch.hard
        self.hard_cell = Rectangle(width=w - 0.06, height=h - 0.06, stroke_color=t.emphasis,
                                   stroke_width=4).move_to(self.cell_centers[i][j])
        self.cos_cells = Matrix(lambda: self.batch.cosines, self.cell_centers, "cos(I_i, T_j)", decimals=2,
                                signed=False, color=t.text)
        self.p_cells = Matrix(self.probabilities, self.cell_centers, "p_ij", decimals=3, signed=False,
                              color=t.text)
        self.fills = redraw_on_change(self.fill, self.tau.get_value)
        self.loss_column = VGroup(MathTex(r"\ell_i", font_size=th.MIN_MATH, color=t.loss)
                                  .move_to([loss_x, top - h / 2, 0]))
        for i in range(PAIRS):
            number = Number(self.row_loss_values()[i], num_decimal_places=2, font_size=th.MIN_MATH, color=t.loss)
            y = self.cell_centers[i][0][1]
            number.add_updater(lambda m, i=i, y=y: m.set_value(self.row_loss_values()[i]).move_to([loss_x, y, 0]))
            self.loss_column.add(number.move_to([loss_x, y, 0]))
        self.loss_column.describe = lambda: ["ℓ_i = −log p_ii: " + ", ".join(shown(n) for n in self.loss_column[1:])]
        self.loss_rule = MathTex(r"\ell_i = -\log p_{ii}", font_size=th.MIN_MATH, color=t.loss)
        self.readouts = VGroup(Readouts([(r"\tau", self.tau.get_value, t.text)], t, font_size=th.MIN_MATH),
                               Readouts([("L", self.loss, t.loss)], t, decimals=3, font_size=th.MIN_MATH))
        bottom = self.cell_centers[-1][0][1] - h / 2
        row = VGroup(self.loss_rule, *self.readouts).arrange(RIGHT, buff=0.7)
        row.move_to([middle[0] + w / 2, (bottom + box.bottom) / 2, 0])

    def fill(self):
        """Each cell shaded by its probability, in the prediction's colour."""
        p = self.probabilities()
        w, h = CELL
        return VGroup(*(Rectangle(width=w - 0.06, height=h - 0.06, stroke_width=0, fill_color=self.theme.prediction,
                                  fill_opacity=0.08 + 0.6 * p[i, j]).move_to(self.cell_centers[i][j])
                        for i in range(PAIRS) for j in range(PAIRS)))

    def arrows(self):
        """At each vector, an arrow along the circle the way descent turns it, its length proportional to the speed
        (one scale: the fastest gets LONGEST_ARROW); images' arrows run outside the circle, captions' inside."""
        images, texts = self.batch.turning(self.cold)
        scale = LONGEST_ARROW / max(np.abs(images).max(), np.abs(texts).max())
        arrows = VGroup()
        for angles, speeds, offset in ((self.batch.image_angles, images, 0.25),
                                       (self.batch.text_angles, texts, -0.25)):
            for degrees, speed in zip(angles, speeds):
                radius, length = self.radius + offset, scale * abs(speed)
                sweep = np.degrees(np.sign(speed) * max(length, 0.01) / radius)
                arc = self.arc_between(degrees, degrees + sweep, radius, self.theme.gradient, 6)
                arc.add_tip(tip_length=min(0.22, 0.6 * max(length, 0.01)), tip_width=0.2)
                arrows.add(arc.set_opacity(1 if length >= 0.06 else 0))  # too short to read: drawn invisible
        return arrows

    def arrow_caption(self):
        """What the arrows show, claimed only where the numbers bear it out."""
        i, j = self.batch.hard
        if self.batch.pairs_close_and_hardest_parts(self.cold):
            return f"Descent turns pairs together, I{i + 1} and T{j + 1} apart."
        return "Each arrow: how descent turns that vector."

    # ---- the story ------------------------------------------------------------------------------------------------

    def show_pairs(self):
        """Four images and the captions that describe them, as unit vectors on a circle (as CLIP normalises them):
        each pair joined by an arc in the target's colour.

        Ask: Why normalise the embeddings at all, rather than compare raw vectors?"""
        self.show_title(self.formula)
        self.say("Four images and their captions, as unit vectors.")
        self.play(FadeIn(self.circle), FadeIn(self.matches), FadeIn(self.marks), FadeIn(self.names), run_time=1.5)
        self.wait()

    def compare_all(self):
        """The batch's similarity matrix: every image against every caption, cos(I_i, T_j); the matched pairs on
        the diagonal.

        Ask: How many comparisons does a batch of 32,768 pairs make?"""
        self.say("Every image is compared with every caption.")
        self.play(FadeIn(self.headers), FadeIn(self.heading_cos), FadeIn(self.cos_cells), FadeIn(self.diagonal),
                  run_time=1.2)
        self.wait()

    def hardest_negative(self):
        """The wrong caption most like an image — the largest cosine off the diagonal — joined to it by a dashed
        chord and outlined in the matrix.

        Ask: Why do hard negatives teach the model more than easy ones?"""
        i, j = self.batch.hard
        self.say(f"Hardest negative: T{j + 1}, the wrong caption nearest I{i + 1}.")
        self.play(FadeIn(self.chord), FadeIn(self.hard_cell), run_time=1.0)
        self.wait()

    def row_softmax(self):
        """Each row becomes a softmax over the captions of cos/τ: the cells now hold probabilities that sum to 1
        along each row, shaded by size.

        Ask: Why a softmax over the batch, rather than scoring each pair on its own?"""
        self.say(f"Each row: a softmax over the captions, τ = {self.warm:g}.")
        self.play(FadeOut(self.cos_cells), FadeOut(self.heading_cos), run_time=0.5)
        self.play(FadeIn(self.fills), FadeIn(self.p_cells), FadeIn(self.heading_p), run_time=1.0)
        self.wait()

    def score_rows(self):
        """Each row's loss ℓ_i = −log p_ii, the cross entropy of picking its own caption, and L, CLIP's loss
        (which scores the columns the same way: each caption picking its image).

        Ask: Which row costs most, and where on the circle do you see why?"""
        self.say("Each row's loss: −log of its own caption's share.")
        self.play(FadeIn(self.loss_column), FadeIn(self.loss_rule), FadeIn(self.readouts), run_time=1.0)
        self.wait()

    def cool_down(self):
        """τ falls: every row sharpens towards its largest cosine; rows whose match is nearest lose almost all their
        loss, while the row with a hard negative keeps splitting its probability.

        Ask: What happens to the loss as τ → 0 if a wrong caption is nearer than the right one?"""
        self.say(f"Cooler, τ = {self.cold:g}: every row sharpens.")
        self.play(self.tau.animate.set_value(self.cold), run_time=2.5, rate_func=smooth)
        self.wait()

    def gradient(self):
        """The descent direction at every vector, along the circle and to one scale: matched pairs turn towards each
        other, the hardest negative's image and caption turn apart, confident pairs barely move.

        Ask: Which vectors move most, and why those?"""
        self.arrows_shown = self.arrows()
        self.say(self.arrow_caption())
        self.play(FadeIn(self.arrows_shown), run_time=1.0)
        self.wait(1.5)

    def settle(self):
        """The whole picture, still: the loss is lowest when each image's own caption is its nearest, by a margin
        τ can see.

        Ask: Why does CLIP learn τ rather than fix it?"""
        self.say("Each image must pick its caption out of the batch.")
        self.wait(2)
