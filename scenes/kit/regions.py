"""The regions a story places things in, sized from the frame (manim's config) and the safe margin, so that no story
types a coordinate: the title band (the formula card), the caption band, and between them the main plot on the left,
the side panel on the right and the readouts below the side panel.

    title    ┌──────────────────────────────────────────┐
             │ main                  │ side             │
             │                       ├──────────────────┤
             │                       │ readouts         │
    caption  └──────────────────────────────────────────┘

`regions()` reads the frame each time, so a render at any size or aspect gets regions that fit it.
"""

from dataclasses import dataclass

import numpy as np
from manim import config

from .text import SAFE

TITLE_HEIGHT = 1.3  # a one- or two-line formula card
CAPTION_HEIGHT = 0.75  # one caption line
MAIN_SHARE = 0.56  # the main plot's share of the width (STYLE: about half the width or more)
GUTTER = 0.35  # between the main plot and the side panel


@dataclass(frozen=True)
class Region:
    """An axis-aligned box of the frame, in scene units."""
    left: float
    right: float
    bottom: float
    top: float

    @property
    def width(self):
        return self.right - self.left

    @property
    def height(self):
        return self.top - self.bottom

    @property
    def center(self):
        return np.array([(self.left + self.right) / 2, (self.bottom + self.top) / 2, 0.0])

    def point(self, x=0.5, y=0.5):
        """The point at fractions (x, y) of the region's width and height from its lower left corner."""
        return np.array([self.left + x * self.width, self.bottom + y * self.height, 0.0])

    def split(self, fraction, axis="y"):
        """(lower, upper) parts for axis "y", (left, right) parts for "x", the first taking `fraction`."""
        if axis == "y":
            cut = self.bottom + fraction * self.height
            return Region(self.left, self.right, self.bottom, cut), Region(self.left, self.right, cut, self.top)
        cut = self.left + fraction * self.width
        return Region(self.left, cut, self.bottom, self.top), Region(cut, self.right, self.bottom, self.top)

    def below(self, top):
        """The part of the region below the height `top` (all of it when it lies below): what is left under a
        formula card that reaches down into it."""
        return Region(self.left, self.right, self.bottom, min(self.top, top))

    def holds(self, mob, tolerance=1e-6):
        """Whether `mob`'s bounding box lies inside the region."""
        low, high = mob.get_corner([-1, -1, 0]), mob.get_corner([1, 1, 0])
        return (low[0] >= self.left - tolerance and high[0] <= self.right + tolerance
                and low[1] >= self.bottom - tolerance and high[1] <= self.top + tolerance)


@dataclass(frozen=True)
class Regions:
    frame: Region  # inside the safe margin
    title: Region
    caption: Region
    body: Region  # between the title and the caption
    main: Region
    side: Region
    readouts: Region


def regions(side_split=0.45):
    """The layout of the current frame; `side_split` is the readouts' share of the side column's height."""
    half_w, half_h = config.frame_width / 2 - SAFE, config.frame_height / 2 - SAFE
    frame = Region(-half_w, half_w, -half_h, half_h)
    caption, rest = frame.split(CAPTION_HEIGHT / frame.height)
    body, title = rest.split(1 - TITLE_HEIGHT / rest.height)
    main, column = body.split(MAIN_SHARE, axis="x")
    column = Region(column.left + GUTTER, column.right, column.bottom, column.top)
    readouts, side = column.split(side_split)
    return Regions(frame=frame, title=title, caption=caption, body=body, main=main, side=side, readouts=readouts)
