"""Text in scenes: role-coloured formulas (from the registry's LaTeX), formula cards and captions."""

import re
from collections import OrderedDict

import manim
from manim import DOWN, UP, config

from scenes import theme as th

from .glyphs import generate_glyphs
from .numbers import LightCopy, glyph_copy


class Typeset(LightCopy):
    """Mixin for manim's typeset text: cheap to copy (animations copy it several times), and typeset once per
    process. Turning a string into shapes (Pango or LaTeX, then parsing the SVG) is most of a story's time, and the
    same strings come back: a word measured to wrap a line, a label in both steps of a story, the same story told
    again with other numbers or in the other theme by the tests. A string typeset before with the same arguments
    (the defaults a story set included; a single colour aside, painted on) is a copy of the first, point for point
    what typesetting it again gives (the frames are byte-identical)."""

    _typeset = OrderedDict()  # key → the first typesetting (most recently used last)
    _KEEP = 4096  # typeset strings held at most: a few stories' worth

    def __init__(self, *strings, **kwargs):
        manim_class = next(c for c in type(self).__mro__ if c.__module__.startswith("manim."))
        # manim's set_default (a story sets the text colour) wraps __init__ in a partialmethod holding the defaults
        given = {**getattr(manim_class.__dict__.get("__init__"), "keywords", {}), **kwargs}
        # one colour is painted over the shapes afterwards (so both themes share them); several are typeset
        painted = "color" in given and not {"t2c", "t2g", "gradient", "tex_to_color_map"} & set(given)
        color = given.pop("color") if painted else None
        key = (manim_class.__name__, strings, painted, repr(sorted(given.items())),
               config["tex_template"].body if issubclass(manim_class, manim.MathTex) else None)
        first = self._typeset.get(key)
        if first is None:
            super().__init__(*strings, **kwargs)
            self._typeset[key] = glyph_copy(self)
            if len(self._typeset) > self._KEEP:
                self._typeset.popitem(last=False)
        else:
            self._typeset.move_to_end(key)
            self.__dict__.update(glyph_copy(first).__dict__)
            if painted:
                self.set_color(color)


class Text(Typeset, manim.Text):
    """manim's Text, typeset once per process and cheap to copy (Typeset), each glyph parsed once a process."""

    def generate_mobject(self):
        return generate_glyphs(self, super().generate_mobject)


class MathTex(Typeset, manim.MathTex):
    """manim's MathTex, typeset once per process and cheap to copy (Typeset), each glyph parsed once a process."""

    def generate_mobject(self):
        return generate_glyphs(self, super().generate_mobject)

SAFE = 0.4  # the margin every mobject keeps from the frame's edge

# The registry writes ŷ as \hat{y}, the target as y and the loss as L, each optionally subscripted.
_SUB = r"(?:_[a-z0-9]|_\{[a-z0-9]\})?"  # y_i or y_{i}, never a lone brace
_ROLE_TOKENS = re.compile(rf"\\hat\{{y\}}{_SUB}|(?<![\\A-Za-z])y{_SUB}(?![A-Za-z])|(?<![\\A-Za-z])L(?![A-Za-z])")


def role_colors(tex, theme):
    """{token: colour} for every role symbol in `tex`: ŷ prediction, y target, L loss."""
    colors = {}
    for token in _ROLE_TOKENS.findall(tex):
        colors[token] = theme.prediction if token.startswith(r"\hat") else theme.target if token[0] == "y" \
            else theme.loss
    return colors


def role_tex(tex, theme, font_size=th.LABEL, **kwargs):
    """MathTex with ŷ, y and L coloured by their roles, everything else in the text colour."""
    colors = role_colors(tex, theme)
    mob = MathTex(tex, substrings_to_isolate=list(colors), font_size=font_size, color=theme.text, **kwargs)
    return mob.set_color_by_tex_to_color_map(colors)


def role_tex_expression(tex):
    """What role_tex(tex) hands LaTeX (manim's joining of the formula with each role symbol in a group of its own),
    so that formulas known up front can be compiled in one run before they are typeset (texcache.prefetch)."""
    joiner = manim.MathTex.__new__(manim.MathTex)
    joiner.arg_separator, joiner.matched_strings_and_ids = " ", []
    return joiner._join_tex_strings_with_unique_deliminters(joiner._prepare_tex_strings((tex,)),
                                                            list(role_colors(tex, th.DARK)))


def formula_card(tex, theme, font_size=th.FORMULA):
    """A role-coloured formula at the top of the frame."""
    card = role_tex(tex, theme, font_size)
    widest = config.frame_width - 2 * SAFE - 0.1
    if card.width > widest:  # a long formula is set smaller, never past the margin
        card.scale_to_fit_width(widest)
    return card.to_edge(UP, buff=SAFE + 0.05)


def wrapped_text(line, theme, font_size, color=None, width=None):
    """`line` broken into centred lines no wider than `width` (default: the safe frame), of balanced lengths (no
    lone word on the last line). Each word is typeset once to measure it: a line's width is its words' plus the
    spaces (typesetting every trial line cost seconds a scene)."""
    width = width or config.frame_width - 2 * SAFE
    words = line.split()
    sizes = [Text(word, font_size=font_size).width for word in words]
    space = Text("a a", font_size=font_size).width - 2 * Text("a", font_size=font_size).width

    def lines_within(limit):
        lines, used = [], 0.0
        for word, size in zip(words, sizes):
            if lines and used + space + size <= limit:
                lines[-1].append(word)
                used += space + size
            else:
                lines.append([word])
                used = size
        return [" ".join(words) for words in lines]

    count = len(lines_within(width))
    balanced = lines_within(1.08 * (sum(sizes) + space * (len(words) - 1)) / count)
    lines = balanced if len(balanced) == count else lines_within(width)
    rows = manim.VGroup(*(Text(row, font_size=font_size, color=color or theme.text) for row in lines))
    return rows.arrange(DOWN, buff=0.22)


def caption_text(sentence, theme):
    """A one-line caption at the bottom of the frame. Too long a sentence is an error, not a smaller font."""
    text = Text(sentence, font_size=th.CAPTION, color=theme.text)
    if text.width > config.frame_width - 2 * SAFE:
        raise ValueError(f"caption too long for the frame ({len(sentence.split())} words): {sentence!r}")
    return text.to_edge(DOWN, buff=SAFE + 0.05)
