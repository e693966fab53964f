"""The steps every story about one loss curve shares: draw the curve, add the prediction with its readouts, show the
derivative, return to the start. Subclasses build `plot` (a LossPlot), `dplot`, `readouts` and the tracker `yhat`
in `setup`, and say their own words through `caption_for(key)`. Each step says its caption first, then shows what
the caption describes."""

from manim import Create, FadeIn, smooth

from .story import Story


class LossCurveStory(Story):
    start = 0.0  # where the prediction starts and ends (the GIF loops back to it)

    def caption_for(self, key):
        """What the story says at `key` (a step name, or a name of the subclass's own)."""
        raise NotImplementedError(f"{type(self).__name__} says nothing at {key!r}")

    def reveals(self):
        """More to fade in beside the prediction (e.g. a picture of the target)."""
        return []

    def draw_curve(self):
        """The loss of one prediction drawn as a curve over ŷ, with the target y marked on the axis.

        Ask: Where is this curve lowest, and why exactly there?"""
        p = self.plot
        self.play(Create(p.axes), FadeIn(p.x_label, p.y_label), run_time=1.2)
        self.say(self.caption_for("draw_curve"))
        self.play(Create(p.curve), FadeIn(p.target), run_time=1.5)
        self.wait()

    def add_prediction(self):
        """One prediction on the curve: the dot, the arrow gradient descent would follow, and live readouts of ŷ, L
        and the slope.

        Ask: Which way does the arrow point, and what decides that?"""
        p = self.plot
        self.say(self.caption_for("add_prediction"))
        self.play(FadeIn(p.dot, scale=0.5), FadeIn(p.decorations()), FadeIn(self.readouts),
                  *(FadeIn(m) for m in self.reveals()), run_time=1.0)
        self.wait()

    def show_derivative(self):
        """The derivative drawn beside the loss: the slope readout, for every prediction at once.

        Ask: Where is the derivative zero, and what does the loss do there?"""
        d = self.dplot
        self.say(self.caption_for("show_derivative"))
        self.play(Create(d.axes), FadeIn(d.x_label, d.y_label), run_time=1.0)
        self.play(Create(d.curve), FadeIn(d.dot), run_time=1.2)
        self.wait()

    def slide_prediction(self, value, *also, run_time=2.0):
        """Move ŷ to `value` (eased), playing the animations `also` alongside."""
        self.play(self.yhat.animate.set_value(value), *also, run_time=run_time, rate_func=smooth)

    def leaving(self):
        """Animations that play while ŷ returns to the start (e.g. fading a comparison shown on the way)."""
        return []

    def back_to_start(self):
        """ŷ returns to where it started: the last frame shows the whole idea, with ŷ where the story began.

        Ask: Which of your own problems would this loss suit, and which would it not?"""
        self.say(self.caption_for("back_to_start"))
        self.slide_prediction(self.start, *self.leaving(), run_time=2.0)
        self.wait(2)
