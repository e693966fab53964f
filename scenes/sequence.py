"""CTC (connectionist temporal classification): a label ("CAT") scored against steps of class probabilities without
knowing which step says which letter — the trellis of every alignment, the forward pass filling it, the loss as −log
of the total, and the gradient as the per-step posterior γ the probabilities are pulled towards.

The module keeps the three apart: `Alignments` holds the numbers (all from losscore), `ProbabilityGrid` and
`TrellisDiagram` draw them inside a region of the frame, and `CTCAlignment` tells the story. A teacher sets the label
and each class's logits per step (`CTCAlignment.parameters`); every caption and size follows from them."""

import numpy as np
from manim import DOWN, UP, Circle, Create, FadeIn, FadeOut, Line, Rectangle, VGroup

import losscore
from losscore.params import Param, ParamError
from scenes.kit import MathTex, Readouts, Region, Story, Text, regions
from scenes.kit import theme as th

NAME_FONT = th.CAPTION - 4  # class names, titles and keys beside the grid and the trellis
KEY_FONT = th.MIN_TEXT  # the one-line keys that say what a fill means
MAX_STEPS = 8  # the grid and the trellis keep readable cells up to this many steps
MAX_LABEL = 4  # and readable rows up to this many letters (2 × 4 + 1 states)
TITLE_ROOM, KEY_ROOM = 0.6, 0.55  # kept above a picture for its title and below it for its key


def logits_key(classes, klass):
    """The parameter holding class `klass`'s logit at each step: logits_blank, logits_C, ..."""
    return "logits_blank" if klass == 0 else f"logits_{classes[klass]}"


def inset(region, top=TITLE_ROOM, bottom=KEY_ROOM):
    """`region` less a band at the top (a title's) and at the bottom (a key's)."""
    return Region(region.left, region.right, region.bottom + bottom, region.top - top)


def steps_needed(label):
    """The fewest steps that can spell `label`: one per letter, and a blank between two equal letters."""
    return len(label) + sum(a == b for a, b in zip(label, label[1:]))


def trellis_parameters(picture):
    """The parameters of a story told on Trellis `picture`, with its label and logits as defaults: the label as
    class numbers, and one row of logits per class (a row of the grid on screen)."""
    classes = picture.classes
    numbered = ", ".join(f"{k} = {name}" for k, name in enumerate(classes) if k)
    rows = np.array(picture.logits, dtype=float).T
    label = Param(name="label", default=tuple(picture.label), kind="ints", length=(1, MAX_LABEL), low=1,
                  high=len(classes) - 1, step=1,
                  meaning=f"the label as class numbers ({numbered}); a repeated letter needs a step for a blank")
    logits = (Param(name=logits_key(classes, k), default=tuple(float(v) for v in row), kind="floats",
                    length=(2, MAX_STEPS), low=-4.0, high=4.0, step=0.1,
                    meaning=f"{'the blank' if k == 0 else classes[k]}'s logit at each step (one per step)")
              for k, row in enumerate(rows))
    return (label, *logits)


def readout_places(p, loss):
    """(decimals of P, decimals of L) for readouts that recompute: −log of the P shown, rounded as L is, gives the
    L shown; P keeps at least two significant digits ("sci" writes it m.mm × 10^e)."""
    def shown(value, places):
        return float(f"{value:.2e}") if places == "sci" else float(f"{value:.{places}f}")

    for loss_places in (2, 1):
        for p_places in (2, 3, 4, 5, 6, 7, "sci"):
            if p_places != "sci" and p < 10.0 ** (1 - p_places):  # fewer than two significant digits
                continue
            if f"{-np.log(shown(p, p_places)):.{loss_places}f}" == f"{loss:.{loss_places}f}":
                return p_places, loss_places
    return "sci", 0


class Alignments:
    """The numbers the story shows, every one from losscore: the per-step probabilities ŷ (softmax of the logits),
    the trellis of the label with blanks and its forward (α) and backward (β) sums, P(label), the loss −log P and
    the posterior γ (each class's share of all paths at each step, what the gradient pulls ŷ towards)."""

    def __init__(self, classes, label, logits):
        self.classes, self.label = tuple(classes), tuple(label)
        self.word = "".join(classes[k] for k in self.label)
        self.log_probs = losscore.log_softmax(np.asarray(logits, dtype=float))
        self.probabilities = np.exp(self.log_probs)
        self.states, self.log_alpha, self.log_beta = losscore.ctc_trellis(self.label, self.log_probs)
        batch = (np.array([self.label]), self.log_probs[:, None, :], [self.time_steps], [len(self.label)])
        self.loss = float(losscore.ctc(*batch, reduction="sum"))
        self.gamma = losscore.ctc_posterior(*batch)[:, 0]

    @property
    def time_steps(self):
        """T, the steps the label is spread over."""
        return len(self.log_probs)

    @property
    def label_probability(self):
        return float(np.exp(-self.loss))

    def nodes(self):
        """(step, state) of every node on some path that spells the label."""
        reachable = np.isfinite(self.log_alpha) & np.isfinite(self.log_beta)
        return [(step, s) for s in range(len(self.states)) for step in range(self.time_steps)
                if reachable[step, s]]

    def moves(self, state):
        """The states a path may go on to from `state`: stay, go down one, or skip a blank between two different
        letters."""
        last = len(self.states) - 1
        skip = state + 2 <= last and self.states[state + 2] not in (0, self.states[state])
        return [s for s in (state, state + 1) if s <= last] + ([state + 2] if skip else [])

    def forward_shares(self):
        """α of each node against the largest α of its step: the forward pass's fills."""
        alpha = np.exp(self.log_alpha)
        return alpha / alpha.max(axis=1, keepdims=True)

    def node_shares(self):
        """Each node's share of all paths (weighted by probability): α β over the step's emission, over P(label).
        Summed over the nodes of one class, it is that class's γ."""
        return np.exp(self.log_alpha + self.log_beta - self.log_probs[:, self.states] + self.loss)


def class_names(classes, theme):
    """A name per class, the blank's muted: the letters are the target's (they spell the label)."""
    return VGroup(*(Text(name, font_size=NAME_FONT, color=theme.muted if k == 0 else theme.target)
                    for k, name in enumerate(classes)))


class ProbabilityGrid(VGroup):
    """A cell per (class, step), its fill a value in [0, 1] (ŷ or γ), with the class `names` on the left and the
    step numbers above; cells as large as `region` allows."""

    def __init__(self, names, values, region, theme):
        super().__init__()
        time_steps, classes = values.shape
        room = names.width + 0.3
        cell = min(0.8, (region.width - room) / time_steps, region.height / (classes + 0.9))  # + the step numbers
        self.time_steps = time_steps
        self.cells = VGroup(*(Rectangle(width=cell - 0.06, height=cell - 0.06, stroke_color=theme.axes,
                                        stroke_width=1.5, fill_color=theme.prediction,
                                        fill_opacity=float(values[s, k])).move_to([cell * s, -cell * k, 0])
                              for k in range(classes) for s in range(time_steps)))
        for k, name in enumerate(names):
            name.move_to([-room / 2 - cell / 2 + 0.05, -cell * k, 0])
        ticks = VGroup(*(MathTex(str(s + 1), font_size=th.MIN_MATH, color=theme.muted)
                         .move_to([cell * s, 0.8 * cell, 0]) for s in range(time_steps)))
        self.add(self.cells, names, ticks)
        self.move_to(region.center)

    def cell(self, step, klass):
        return self.cells[klass * self.time_steps + step]

    def fill_to(self, values):
        """Animations that refill every cell with `values` (steps × classes)."""
        return [self.cell(s, k).animate.set_fill(opacity=float(values[s, k]))
                for s in range(values.shape[0]) for k in range(values.shape[1])]


class TrellisDiagram(VGroup):
    """The trellis: a node per (step, state) on some path that spells the label, the moves between them, and each
    state's name (the label with a blank before, between and after its letters, copied from the class `names`),
    spaced to fit `region`."""

    EMPTY = 0.08  # a node's fill when its share is 0, so it still reads as a node

    def __init__(self, numbers, names, region, theme):
        super().__init__()
        states = numbers.states
        names = VGroup(*(names[k].copy() for k in states))
        room = names.width + 0.35
        dy = min(0.46, (region.height - max(name.height for name in names)) / max(len(states) - 1, 1))
        radius = min(0.13, 0.3 * dy)
        dx = min(0.92, (region.width - room - 2 * radius) / max(numbers.time_steps - 1, 1))
        self.node_at = {(step, s): Circle(radius=radius, stroke_color=theme.text, stroke_width=2,
                                          fill_color=theme.prediction, fill_opacity=0.0)
                        .move_to([dx * step, -dy * s, 0]) for step, s in numbers.nodes()}
        self.nodes = VGroup(*self.node_at.values())
        last = numbers.time_steps - 1  # every path ends after the last letter or on the final blank
        self.ends = [self.node_at[(last, len(states) - 2)], self.node_at[(last, len(states) - 1)]]
        self.edges = VGroup(*(Line(node.get_center(), self.node_at[(step + 1, nxt)].get_center(),
                                   buff=node.radius + 0.01, stroke_color=theme.muted, stroke_width=2,
                                   stroke_opacity=0.7)
                              for (step, s), node in self.node_at.items() for nxt in numbers.moves(s)
                              if (step + 1, nxt) in self.node_at))
        for s, name in enumerate(names):
            name.move_to([-room / 2 - 0.1, -dy * s, 0])
        self.names = names
        self.add(self.edges, self.nodes, names)
        self.move_to(region.center)

    def fill_to(self, shares, only_step=None):
        """Animations that fill each node (of `only_step`, if given) with its share (steps × states, in [0, 1])."""
        return [node.animate.set_fill(opacity=float(self.EMPTY + (1 - self.EMPTY) * shares[step, s]))
                for (step, s), node in self.node_at.items() if only_step in (None, step)]

    def clear(self):
        return [node.animate.set_fill(opacity=0.0) for node in self.nodes]


class CTCAlignment(Story):
    """Per-step probabilities for the blank and the letters; the trellis of the label with blanks; the forward pass;
    P(label) and the loss; the posterior γ that the gradient pulls each step's probabilities towards."""

    loss_name = "ctc"  # a registry entry whose picture is a Trellis
    entry = None  # the entry itself, for a loss that is not in losscore.LOSSES (a loss file's)
    parameters = trellis_parameters(losscore.LOSSES["ctc"].picture)
    steps = ("show_formula", "show_steps", "show_trellis", "forward_pass", "total", "posterior", "settle")

    @classmethod
    def registry_entry(cls):
        return cls.entry or losscore.LOSSES[cls.loss_name]

    @classmethod
    def logits(cls, values):
        """The (steps, classes) logits in `values`, one parameter per class."""
        classes = cls.registry_entry().picture.classes
        return np.array([values[logits_key(classes, k)] for k in range(len(classes))], dtype=float).T

    @classmethod
    def alignments(cls, values):
        """The numbers the story shows when told with parameter values `values`."""
        return Alignments(cls.registry_entry().picture.classes, values["label"], cls.logits(values))

    @classmethod
    def check_together(cls, values, where):
        classes = cls.registry_entry().picture.classes
        lengths = {logits_key(classes, k): len(values[logits_key(classes, k)]) for k in range(len(classes))}
        if len(set(lengths.values())) > 1:
            given = ", ".join(f"{key} has {n}" for key, n in lengths.items())
            raise ParamError(f"{where}: every class needs one logit per step, the same number each; {given}")
        time_steps, label = next(iter(lengths.values())), values["label"]
        if steps_needed(label) > time_steps:
            word = "".join(classes[k] for k in label)
            raise ParamError(f"{where}: label {word} needs at least {steps_needed(label)} steps (a blank between "
                             f"two equal letters), but the logits give {time_steps}")

    def setup(self):
        super().setup()
        t, layout = self.theme, regions(side_split=0.25)
        numbers = self.numbers = self.alignments(self.params)
        names = class_names(numbers.classes, t)
        self.grid = ProbabilityGrid(names, numbers.probabilities, inset(layout.main), t)
        self.grid_title = self.label_above(self.grid, self.GRID_TITLE)
        self.grid_key = self.key_below(self.grid, self.BLANK)
        self.trellis = TrellisDiagram(numbers, names, inset(layout.side, bottom=0), t)
        self.trellis_title = self.label_above(self.trellis, self.paths_title())
        p_places, loss_places = readout_places(numbers.label_probability, numbers.loss)
        self.readouts = Readouts([(rf"P(\text{{{numbers.word}}})", lambda: numbers.label_probability, t.prediction),
                                  ("L", lambda: numbers.loss, t.loss)], t, decimals=(p_places, loss_places),
                                 font_size=40).move_to(layout.readouts.center)

    def title_card_content(self):
        title, formula, _ = super().title_card_content()
        return title, formula, self.title_line(self.numbers)

    @staticmethod
    def title_line(numbers):
        """The title card's line on what the clip shows, with the label and the steps it is told with."""
        return (f"CTC: the label {numbers.word} against {numbers.time_steps} steps of probabilities, summed over "
                "every alignment in the trellis.")

    # ---- the words beside the pictures: a title says what is drawn, a key what a fill or a symbol means ----------

    GRID_TITLE, BLANK = "ŷ per step", "– is the blank: no letter"

    def paths_title(self):
        return f"paths that spell {self.numbers.word}"

    def label_above(self, mob, words):
        return Text(words, font_size=NAME_FONT, color=self.theme.text).next_to(mob, UP, buff=0.2)

    def key_below(self, mob, words):
        return Text(words, font_size=KEY_FONT, color=self.theme.muted).next_to(mob, DOWN, buff=0.25)

    def reword(self, attribute, words):
        """Animations that put `words` in place of the title or key held in `attribute`, in its style."""
        old = getattr(self, attribute)
        new = Text(words, font_size=old.font_size, color=old[0].get_fill_color()).move_to(old)
        setattr(self, attribute, new)
        return [FadeOut(old), FadeIn(new)]

    # ---- the story --------------------------------------------------------------------------------------------

    def show_formula(self):
        """The CTC loss: −log of the label's probability, summed over every alignment π that the collapse B maps
        to the label.

        Ask: Why can't we use cross entropy per step here?"""
        self.open_with(self.registry_entry().formula, "CTC: a label's probability, summed over alignments.", 44)

    def show_steps(self):
        """A softmax gives each step a probability per class, the blank (–, no letter) included: each column sums
        to 1. The caption names the label.

        Ask: Which step do you think says the label's second letter?"""
        n = self.numbers
        self.say(f"Class probabilities at {n.time_steps} steps; the label is {n.word}.")
        self.play(FadeIn(self.grid), FadeIn(self.grid_title), FadeIn(self.grid_key), run_time=1.2)
        self.wait()

    def show_trellis(self):
        """The trellis: the label with a blank (–) before, between and after its letters; a path moves right one
        step at a time, staying, going down one, or skipping a blank between two different letters.

        Ask: Why may a path skip the blank between two different letters but not between two equal ones?"""
        self.say(f"Merge repeats, drop blanks: each path spells {self.numbers.word}.")
        self.play(Create(self.trellis.edges), FadeIn(self.trellis.nodes, self.trellis.names, self.trellis_title),
                  run_time=1.6)
        self.wait()

    def forward_pass(self):
        """The forward pass: step by step, each node's α sums the probability of every path into it (fill: α
        against the largest α of its step).

        Ask: How many paths are there, and why don't we need to list them?"""
        self.say("Forward: each node sums the paths into it.")
        self.play(*self.reword("trellis_title", "fill: α, paths into a node"), run_time=0.6)
        shares = self.numbers.forward_shares()
        for step in range(self.numbers.time_steps):
            self.play(*self.trellis.fill_to(shares, only_step=step), run_time=0.5)
        self.wait()

    def total(self):
        """The two end states (after the last letter, or a final blank) hold P(label): the readouts show it and the
        loss −log P.

        Ask: What would the loss be if only one alignment were allowed?"""
        self.ring = VGroup(*(Circle(radius=1.7 * node.radius, stroke_color=self.theme.loss, stroke_width=4)
                             .move_to(node) for node in self.trellis.ends))
        self.say(f"P({self.numbers.word}) sums both ends; L = −log P.")
        self.play(Create(self.ring), FadeIn(self.readouts), run_time=1.0)
        self.wait(1.5)

    def posterior(self):
        """The gradient: γ, each node's share of all paths (weighted by their probability); summed per class it
        replaces the probabilities in the grid. The logits' gradient is softmax − γ, so each step is pulled
        towards γ.

        Ask: Where does the gradient push hardest, and why there?"""
        n = self.numbers
        self.say("γ: the share of all paths through each node.")
        self.play(FadeOut(self.ring), *self.reword("trellis_title", "fill: γ, share of all paths"), run_time=0.6)
        self.play(*self.trellis.fill_to(n.node_shares()), run_time=1.5)
        self.say("The gradient pulls each step's ŷ towards γ.")
        self.play(*self.reword("grid_title", "γ per step"),
                  *self.reword("grid_key", "γ: each class's share of all paths"), run_time=0.6)
        self.play(*self.grid.fill_to(n.gamma), run_time=1.5)
        self.wait()

    def settle(self):
        """Back to the probabilities, and the trellis cleared: CTC never needed an alignment, it summed over all of
        them.

        Ask: What happens to γ as training makes one alignment dominant?"""
        self.say("No alignment needed: CTC sums over all of them.")
        self.play(*self.reword("grid_title", self.GRID_TITLE), *self.reword("grid_key", self.BLANK),
                  *self.reword("trellis_title", self.paths_title()), run_time=0.6)
        self.play(*self.grid.fill_to(self.numbers.probabilities), *self.trellis.clear(), run_time=1.5)
        self.wait(2)
