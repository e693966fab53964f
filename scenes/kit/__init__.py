"""The scene kit: what every scene shares (README.md, "How it fits together"). Scenes import from here, never each
other."""

from scenes import theme

from . import family
from .bars import Logits, Mixture, ProbabilityBars
from .curve_story import LossCurveStory
from .embedding_numbers import EmbeddingNumbers, tie
from .iterates import between
from .layout import layout_problems
from .notes import GREEK, plain, shown, step_notes
from .numbers import Number, rounded_to_sum, words
from .plots import FunctionPlot, LossPlot, clip_segment, derivative_plot, loss_of_prediction, rectangle_between, scalar
from .ranges import axis_range, breaks, jumps
from .readouts import Readouts
from .redraw import redraw_on_change
from .regions import Region, Regions, regions
from .story import Story, in_order
from .text import SAFE, MathTex, Text, caption_text, formula_card, role_colors, role_tex

family.install()  # manim's get_family, walked once (see family.py)

__all__ = ["theme", "Logits", "Mixture", "ProbabilityBars", "layout_problems", "Number", "FunctionPlot", "LossPlot",
           "derivative_plot", "loss_of_prediction", "scalar", "Readouts", "redraw_on_change", "Region", "Regions",
           "regions", "Story", "LossCurveStory", "SAFE",
           "MathTex", "Text", "caption_text", "formula_card", "role_colors", "role_tex", "plain", "shown", "step_notes",
           "GREEK", "axis_range", "breaks", "jumps", "EmbeddingNumbers", "tie",
           "between", "clip_segment", "in_order", "rectangle_between", "rounded_to_sum", "words"]
