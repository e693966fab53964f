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
    if len(texts) < 2:
        return problems
    lows, highs = (np.array([box[i] for _, box in texts]) for i in (0, 1))
    # every pair's overlap at once (a scene may hold a hundred numbers); a text inside another one is no problem
    overlapping = ((np.minimum(highs[:, None], highs[None]) - np.maximum(lows[:, None], lows[None]))
                   > overlap_tolerance).all(axis=-1)
    for i, j in combinations(range(len(texts)), 2):
        a, b = texts[i][0], texts[j][0]
        if overlapping[i, j] and a not in b.get_family() and b not in a.get_family():
            problems.append(f"{_name(a)!r} overlaps {_name(b)!r}")
    return problems
