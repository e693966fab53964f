"""Live readouts: rows of `label = value`, each value recomputed every frame from a function (from losscore)."""

from manim import DOWN, RIGHT, VGroup

from scenes import theme as th

from .notes import plain, shown
from .numbers import Number, SciNumber
from .text import role_tex


class Readouts(VGroup):
    """Rows of (LaTeX label, value function, colour[, signed]); the '=' signs line up and values keep a fixed number
    of decimals (with a sign where asked) so they don't jitter. `decimals` is one number or one per row; a row
    whose decimals are "sci" is written m × 10^e, for values that get too small for fixed decimals."""

    def __init__(self, rows, theme, *, decimals=2, font_size=th.LABEL):
        super().__init__()
        labels = VGroup(*(role_tex(label + " =", theme, font_size) for label, _, _, *_ in rows))
        labels.arrange(DOWN, aligned_edge=RIGHT, buff=0.32)
        self.values = VGroup()
        places = [decimals] * len(rows) if isinstance(decimals, int) else list(decimals)
        for label, (_, fn, color, *signed), digits in zip(labels, rows, places):
            if digits == "sci":
                number = SciNumber(fn(), font_size=font_size, color=color)
            else:
                number = Number(fn(), num_decimal_places=digits, include_sign=bool(signed and signed[0]),
                                font_size=font_size, color=color)
            number.next_to(label, RIGHT, buff=0.18)
            number.add_updater(lambda m, fn=fn: m.set_value(fn()))
            self.values.add(number)
        self.labels = labels
        self.names = [plain(label) for label, *_ in rows]
        self.add(labels, self.values)

    def describe(self):
        """The rows as text, 'label = value' (for speaker notes)."""
        return [f"{name} = {shown(number)}" for name, number in zip(self.names, self.values)]
