"""The look of every scene: colour roles (Okabe–Ito, colour-blind safe) for a dark and a light background, and the
type sizes. This is the only module that names a colour; scenes ask for a role (``theme.prediction``)."""

import os
from dataclasses import dataclass

THEME_ENV = "LOSSVIZ_THEME"  # set by the pipeline from the output folder (build/<quality>-light/ → light)


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str
    axes: str
    muted: str  # secondary text, grid lines, inactive curves
    target: str  # the true label y
    prediction: str  # the prediction ŷ
    loss: str  # loss values and loss curves
    gradient: str  # gradient arrows and derivative curves
    residual: str  # the error segment between y and ŷ
    correct: str  # the correct class's bar
    other: str  # the other classes' bars
    emphasis: str  # rare highlights


DARK = Theme("dark", background="#0F1117", text="#ECEFF4", axes="#C8CDD6", muted="#7D8590",
             target="#009E73", prediction="#56B4E9", loss="#E69F00", gradient="#D55E00", residual="#F0E442",
             correct="#009E73", other="#0072B2", emphasis="#CC79A7")

# On white the light roles lose contrast: sky blue, orange and yellow are darkened, hue kept.
LIGHT = Theme("light", background="#FFFFFF", text="#16181D", axes="#2B2F36", muted="#7A808A",
              target="#007A5A", prediction="#2A86C0", loss="#B87D00", gradient="#C55000", residual="#A39500",
              correct="#007A5A", other="#0072B2", emphasis="#B8588E")

THEMES = {t.name: t for t in (DARK, LIGHT)}


def active():
    """The theme named by $LOSSVIZ_THEME (default dark)."""
    name = os.environ.get(THEME_ENV, "dark")
    if name not in THEMES:
        raise ValueError(f"{THEME_ENV}: got {name!r}, expected one of {', '.join(THEMES)}")
    return THEMES[name]


# Type sizes (manim font_size). At 854×480 a capital is about 0.61·size px tall in Text and 0.43·size in MathTex,
# so these keep every glyph at about 17–24 px: legible in a 640-px GIF.
TITLE = 60  # Text: a title card's title
CAPTION = 36  # Text
LABEL = 48  # MathTex labels and readouts
FORMULA = 50  # MathTex formula cards
NUMBER = 40  # axis numbers
MIN_TEXT, MIN_MATH = 30, 38  # the smallest sizes the layout check accepts
