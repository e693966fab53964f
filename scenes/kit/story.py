"""The story base scene: ``construct()`` runs named steps, one method each (the 3Blue1Brown pattern).

A subclass lists its steps in order::

    class MeanSquaredError(Story):
        steps = ("show_formula", "draw_curve", ...)

After each step ``step_done(name)`` runs: a test hooks it to check the layout or grab the frame, and a slide deck
pauses there. A step that names no method is an error when the class is defined, not halfway through a render.

A story declares the numbers a teacher may change in ``parameters`` (``losscore.params.Param``: name, default, range,
meaning) and reads them from ``self.params``; ``Story(params={...})`` checks them first (``check_params``), so a
lesson file, a directive and a notebook get the same message for the same bad value. Every clip opens on a title
card (``title_card``): the scene's title in words, its formula and one line on what it shows.
"""

from manim import (
    DOWN,
    UP,
    Create,
    DecimalNumber,
    FadeIn,
    FadeOut,
    ManimColor,
    MathTex,
    Scene,
    Text,
    VGroup,
    config,
    smooth,
)

from losscore.params import Param, ParamError, check_params
from scenes import catalog
from scenes import theme as th

from .numbers import words
from .text import caption_text, formula_card, role_tex, wrapped_text

CAPTION_SECONDS = 2.0  # the shortest time a caption stays on screen
READING_SPEED = 17.0  # characters a second a viewer reads while also watching
TITLE_SECONDS = 2.5  # how long the title card holds before the story starts


def in_order(values, key, where, *, falling=False):
    """Refuse (ParamError) the list parameter `key` of `values` unless it rises, or with `falling` falls, strictly
    from one value to the next: for a story's ``check_together``."""
    given = values[key]
    if any(b >= a if falling else b <= a for a, b in zip(given, given[1:])):
        raise ParamError(f"{where}: {key} must {'fall' if falling else 'rise'} from one to the next, got "
                         f"{', '.join(map(words, given))}")


def reading_time(sentence):
    """How long a caption must stay on screen to be read while the picture moves."""
    return max(CAPTION_SECONDS, len(sentence) / READING_SPEED)


class Story(Scene):
    steps: tuple = ()
    parameters: tuple[Param, ...] = ()  # what a lesson may set; defaults are the catalog's own numbers
    loss_name = ""  # the registry loss the story tells, if it tells one (an anatomy)

    def __init__(self, *args, params=None, **kwargs):
        self.params = self.check_params(params or {})
        super().__init__(*args, **kwargs)

    @classmethod
    def check_params(cls, given, where=None):
        """The story's parameter values: `given`, checked one by one and together, over the defaults."""
        where = where or cls.story_name()
        values = check_params(cls.parameters, given, where)
        cls.check_together(values, where)
        return values

    @classmethod
    def check_together(cls, values, where):
        """Raise losscore.params.ParamError where values that are each fine do not fit together (a label beyond
        the logits given); a story with such rules overrides this."""

    @classmethod
    def story_name(cls):
        """The catalog scene this class tells (a test or a deck subclasses it), else its own name."""
        return next((c.__name__ for c in cls.__mro__ if c.__name__ in catalog.BY_NAME), cls.loss_name or cls.__name__)

    def title_card_content(self):
        """(title in words, formula LaTeX, one line on what the clip shows): the catalog's for a catalog scene, the
        registry entry's (`self.spec`) for a loss's anatomy."""
        entry = catalog.BY_NAME.get(self.story_name())
        if entry is not None:
            return entry.title, entry.formula_tex, entry.description
        return self.spec.title, self.spec.formula, self.spec.lesson

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        missing = [step for step in cls.steps if not callable(getattr(cls, step, None))]
        if missing:
            raise TypeError(f"{cls.__name__}.steps names {', '.join(map(repr, missing))}, which "
                            f"{'is not a method' if len(missing) == 1 else 'are not methods'} of {cls.__name__}")

    def setup(self):
        self.theme = th.active()
        self.camera.background_color = ManimColor(self.theme.background)
        # manim's own defaults are white-on-black; every text and number starts in the theme's text colour, for
        # this render only (tear_down puts manim's defaults back).
        for cls in (Text, MathTex, DecimalNumber):
            cls.set_default(color=self.theme.text)
        self.caption = None
        # what the story said and when, in seconds of video: the pipeline writes it beside the MP4 (captions and
        # chapters for the web), so no timing is ever typed by hand
        self.timeline = {"captions": [], "chapters": []}

    def tear_down(self):
        for cls in (Text, MathTex, DecimalNumber):
            cls.set_default()
        super().tear_down()

    def construct(self):
        if not self.steps:
            raise TypeError(f"{type(self).__name__}.steps is empty: list the story's step methods")
        self.title_card()
        for step in self.steps:
            start = self.renderer.time if self.timeline["chapters"] else 0.0  # the title card opens the first
            getattr(self, step)()
            self.timeline["chapters"].append({"step": step, "start": start, "end": self.renderer.time})
            self.step_done(step)
        self._hold_caption()
        self._close_caption()

    def title_card(self):
        """The clip's first frame, and what a reader scrolling past sees: title, formula, one line; then it clears
        the stage for the story."""
        title, formula, line = self.title_card_content()
        card = VGroup(Text(title, font_size=th.TITLE, color=self.theme.text),
                      role_tex(formula, self.theme, th.FORMULA),
                      wrapped_text(line, self.theme, th.MIN_TEXT + 2, color=self.theme.muted, width=11.5))
        card[0].scale_to_fit_width(min(card[0].width, 13.4))  # a long title is set smaller, never past the margin
        card.arrange(DOWN, buff=0.55)
        if card.height > 7.2 or card[1].width > 13.4:
            card[1].scale_to_fit_width(min(card[1].width, 13.4))
            card.arrange(DOWN, buff=0.45)
        self.add(card)
        self.wait(TITLE_SECONDS)
        self.play(FadeOut(card, shift=0.3 * UP), run_time=0.6)

    def get_moving_mobjects(self, *animations):
        """What is redrawn every frame: only what an animation, an updater or the foreground can change (a group's
        still parts, such as a readout's labels, stay in the background while its values move).

        manim redraws everything that comes after the first moving mobject, so a plot added before a readout was
        redrawn every frame although it never changes. Here the rest is drawn once, into the static background
        (only a still mobject that overlaps a moving one and was added after it would now sit beneath it)."""
        candidates = super().get_moving_mobjects(*animations)
        animated = set()
        pending = list(animations)
        while pending:
            animation = pending.pop()
            animated.update(id(m) for m in animation.mobject.get_family())
            pending.extend(getattr(animation, "animations", ()))
        foreground = {id(m) for m in self.foreground_mobjects}
        moving = set()
        for mob in candidates:  # parents come before their parts: a moving parent moves all of them
            if id(mob) not in moving and (id(mob) in animated or id(mob) in foreground or mob.updaters):
                moving.update(id(m) for m in mob.get_family())
        return [mob for mob in candidates if id(mob) in moving]

    def step_done(self, step):
        """Called after each step; a no-op in a plain video."""

    def say(self, sentence, run_time=0.6):
        """Show one caption at the bottom of the frame, replacing the one before."""
        new = caption_text(sentence, self.theme)
        if self.caption is not None:  # one after the other: two sentences never share the frame
            self._hold_caption()
            self._close_caption()
            self.play(FadeOut(self.caption), run_time=run_time / 2)
        self.timeline["captions"].append({"text": sentence, "start": self.renderer.time, "end": None})
        self.play(FadeIn(new), run_time=run_time / 2)
        self.caption = new

    def _hold_caption(self):
        """Wait, if need be, until the caption on screen has been up long enough to be read."""
        if self.timeline["captions"] and self.timeline["captions"][-1]["end"] is None:
            said = self.timeline["captions"][-1]
            short = said["start"] + reading_time(said["text"]) - self.renderer.time
            if short > 1e-9:
                self.wait(max(short, 1 / config.frame_rate))  # manim waits no less than a frame

    def _close_caption(self):
        """The caption on screen ends now (it starts fading out, or the video ends)."""
        if self.timeline["captions"] and self.timeline["captions"][-1]["end"] is None:
            self.timeline["captions"][-1]["end"] = self.renderer.time

    def say_and_move(self, caption, *animations, run_time=2.0, hold=1.0):
        """Say what is about to happen, then play the motion (eased in and out), then hold."""
        self.say(caption)
        self.play(*animations, run_time=run_time, rate_func=smooth)
        self.wait(hold)

    def open_with(self, tex, caption, font_size=th.FORMULA):
        """The usual first step: the formula card at the top, then what it is, then a hold."""
        self.show_title(formula_card(tex, self.theme, font_size))
        self.say(caption)
        self.wait(2)  # time to read the formula (it is not written out stroke by stroke)

    def show_plot(self, plot, *marks, readouts, run_time=1.5, dot_time=0.8):
        """Draw a FunctionPlot: its axes, their labels (with `marks` beside them, such as the target) and its curve
        together, then its dot with the `readouts` that follow it."""
        self.play(Create(plot.axes), FadeIn(plot.x_label, plot.y_label, *marks), Create(plot.curve), run_time=run_time)
        self.play(FadeIn(plot.dot, scale=0.5), FadeIn(readouts), run_time=dot_time)

    def show_title(self, formula):
        """The scene's formula at the top, where it stays while the story tells it (the title card has cleared)."""
        self.formula = formula
        self.play(FadeIn(formula), run_time=0.6)
