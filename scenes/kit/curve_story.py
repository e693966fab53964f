"""The steps every story about one loss curve shares: draw the curve, add the prediction with its readouts, show the
derivative, return to the start. Subclasses build `plot` (a LossPlot), `dplot`, `readouts` and the tracker `yhat`
in `setup`, and say their own words through `caption(key)`."""

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
        p = self.plot
        self.play(Create(p.axes), FadeIn(p.x_label, p.y_label), run_time=1.2)
        self.play(Create(p.curve), FadeIn(p.target), run_time=1.5)
        self.say(self.caption_for("draw_curve"))
        self.wait()

    def add_prediction(self):
        p = self.plot
        self.play(FadeIn(p.dot, scale=0.5), FadeIn(p.decorations()), FadeIn(self.readouts),
                  *(FadeIn(m) for m in self.reveals()), run_time=1.0)
        self.say(self.caption_for("add_prediction"))
        self.wait()

    def show_derivative(self):
        d = self.dplot
        self.play(Create(d.axes), FadeIn(d.x_label, d.y_label), run_time=1.0)
        self.play(Create(d.curve), FadeIn(d.dot), run_time=1.2)
        self.say(self.caption_for("show_derivative"))
        self.wait()

    def slide_prediction(self, value, run_time=2.0):
        self.play(self.yhat.animate.set_value(value), run_time=run_time, rate_func=smooth)

    def back_to_start(self):
        """ŷ returns to where it started: the last frame shows the whole idea, with ŷ where the story began."""
        self.slide_prediction(self.start, run_time=2.0)
        self.say(self.caption_for("back_to_start"))
        self.wait(2)
