"""The story base scene: ``construct()`` runs named steps, one method each (the 3Blue1Brown pattern).

A subclass lists its steps in order::

    class MeanSquaredError(Story):
        steps = ("show_formula", "draw_curve", ...)

After each step ``step_done(name)`` runs: a test hooks it to check the layout or grab the frame, and a slide deck
pauses there. A step that names no method is an error when the class is defined, not halfway through a render.
"""

from manim import DecimalNumber, FadeIn, FadeOut, ManimColor, MathTex, Scene, Text, smooth

from scenes import theme as th

from .text import caption_text, formula_card


class Story(Scene):
    steps: tuple = ()

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
        for step in self.steps:
            start = self.renderer.time
            getattr(self, step)()
            self.timeline["chapters"].append({"step": step, "start": start, "end": self.renderer.time})
            self.step_done(step)
        self._close_caption()

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
            self._close_caption()
            self.play(FadeOut(self.caption), run_time=run_time / 2)
        self.timeline["captions"].append({"text": sentence, "start": self.renderer.time, "end": None})
        self.play(FadeIn(new), run_time=run_time / 2)
        self.caption = new

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

    def show_title(self, formula):
        """Put the scene's formula on screen from the very first frame: that frame is what a thumbnail, a paused
        GIF, a printed page and a reader who prefers reduced motion see, so it must say what the scene is about."""
        self.formula = formula
        self.add(formula)
