"""The layout check a test runs after every story step: everything visible sits inside the frame's safe margin,
no two texts overlap, and no text is smaller than the theme allows."""

from itertools import combinations

import numpy as np
from manim import DecimalNumber, MathTex, SingleStringMathTex, Text, VMobject, config

from scenes import theme as th

from .text import SAFE

TEXTS = (Text, MathTex, SingleStringMathTex, DecimalNumber)


def _visible(mob):
    """Drawn with some opacity (trackers and other non-vector mobjects draw nothing)."""
    return isinstance(mob, VMobject) and mob.has_points() and (
        mob.get_stroke_opacity() > 0.01 or mob.get_fill_opacity() > 0.01)


def _box(mobs):
    points = np.vstack([m.points for m in mobs])
    return points[:, :2].min(axis=0), points[:, :2].max(axis=0)


def _texts(mob):
    """The text mobjects in `mob`'s family, outermost only (a formula, not its glyphs)."""
    if isinstance(mob, TEXTS):
        yield mob
        return
    for sub in mob.submobjects:
        yield from _texts(sub)


def _name(mob):
    return getattr(mob, "tex_string", None) or getattr(mob, "original_text", None) or type(mob).__name__


def layout_problems(scene, margin=SAFE, overlap_tolerance=0.02):
    """A list of sentences, one per problem; empty when the frame is clean."""
    problems = []
    half_w, half_h = config.frame_width / 2 - margin, config.frame_height / 2 - margin
    for top in scene.mobjects:
        leaves = [m for m in top.get_family() if _visible(m)]
        if not leaves:
            continue
        low, high = _box(leaves)
        if low[0] < -half_w - 1e-6 or high[0] > half_w + 1e-6 or low[1] < -half_h - 1e-6 or high[1] > half_h + 1e-6:
            problems.append(f"{_name(top)} reaches outside the safe area: x {low[0]:.2f}..{high[0]:.2f}, "
                            f"y {low[1]:.2f}..{high[1]:.2f} (allowed ±{half_w:.2f}, ±{half_h:.2f})")
    texts = []
    for top in scene.mobjects:
        for text in _texts(top):
            leaves = [m for m in text.get_family() if _visible(m)]
            if leaves:
                texts.append((text, _box(leaves)))
                smallest = th.MIN_TEXT if isinstance(text, Text) else th.MIN_MATH
                if text.font_size < smallest - 0.5:
                    problems.append(f"{_name(text)!r} is too small: font size {text.font_size:.0f} < {smallest}")
    for (a, (alo, ahi)), (b, (blo, bhi)) in combinations(texts, 2):
        if a in b.get_family() or b in a.get_family():
            continue
        if (np.minimum(ahi, bhi) - np.maximum(alo, blo) > overlap_tolerance).all():
            problems.append(f"{_name(a)!r} overlaps {_name(b)!r}")
    return problems
