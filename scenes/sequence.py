"""CTC (connectionist temporal classification): a label ("CAT") scored against six steps of class probabilities
without knowing which step says which letter — the trellis of every alignment, the forward pass filling it, the
loss as −log of the total, and the gradient as the per-step posterior the probabilities are pulled towards."""

import numpy as np
from manim import Circle, Create, FadeIn, FadeOut, Line, Rectangle, VGroup

import losscore
from scenes.kit import MathTex, Readouts, Story, Text
from scenes.kit import theme as th


class CTCAlignment(Story):
    """Per-step probabilities for the blank and C, A, T; the trellis of the label with blanks; the forward pass;
    P(CAT) and the loss; the posterior γ that the gradient pulls each step's probabilities towards."""

    loss_name = "ctc"  # a registry entry whose picture is a Trellis
    steps = ("show_formula", "show_steps", "show_trellis", "forward_pass", "total", "posterior", "settle")

    def setup(self):
        super().setup()
        t = self.theme
        picture = losscore.LOSSES[self.loss_name].picture
        self.classes, self.label, logits = picture.classes, picture.label, np.array(picture.logits)
        self.word = "".join(self.classes[k] for k in self.label)
        self.log_probs = losscore.log_softmax(logits)
        self.probabilities = np.exp(self.log_probs)
        self.states, self.log_alpha, self.log_beta = losscore.ctc_trellis(self.label, self.log_probs)
        batch = (np.array([self.label]), self.log_probs[:, None, :], [len(logits)], [len(self.label)])
        self.value = losscore.ctc(*batch, reduction="sum")
        self.gamma = losscore.ctc_posterior(*batch)[:, 0]
        steps = len(logits)
        self.grid, self.grid_title = self._grid(steps), Text("ŷ per step", font_size=th.CAPTION - 4, color=t.text)
        self.grid_title.move_to([-3.45, 1.9, 0])
        self.trellis = self._trellis(steps)
        self.readouts = Readouts([(r"P(y)", lambda: float(np.exp(-self.value)), t.prediction),
                                  ("L", lambda: self.value, t.loss)], t, font_size=40).move_to([4.6, -2.4, 0])

    # ---- building ---------------------------------------------------------------------------------------------

    def _grid(self, steps):
        """A cell per (class, step), its fill the class's probability at that step, with class names and steps."""
        t = self.theme
        cell, x0, y0 = 0.74, -5.3, 0.7
        cells = VGroup()
        for c in range(len(self.classes)):
            for s in range(steps):
                square = Rectangle(width=cell - 0.06, height=cell - 0.06, stroke_color=t.axes, stroke_width=1.5,
                                   fill_color=t.prediction, fill_opacity=float(self.probabilities[s, c]))
                cells.add(square.move_to([x0 + cell * s, y0 - cell * c, 0]))
        self.cells = cells
        names = VGroup(*(Text(name, font_size=th.CAPTION - 4, color=t.target if name != "–" else t.muted)
                         .move_to([x0 - 0.7, y0 - cell * c, 0]) for c, name in enumerate(self.classes)))
        ticks = VGroup(*(MathTex(str(s + 1), font_size=th.MIN_MATH, color=t.muted)
                         .move_to([x0 + cell * s, y0 + 0.62, 0]) for s in range(steps)))
        return VGroup(cells, names, ticks)

    def cell(self, step, klass):
        return self.cells[klass * len(self.log_probs) + step]

    def _trellis(self, steps):
        """Nodes (state, step) on some path that spells the label, and the moves between them."""
        t = self.theme
        dx, dy, x0, y0 = 0.92, 0.46, 1.35, 1.25
        reachable = np.isfinite(self.log_alpha) & np.isfinite(self.log_beta)
        self.node_at = {}
        nodes, edges = VGroup(), VGroup()
        for s in range(len(self.states)):
            for step in range(steps):
                if reachable[step, s]:
                    node = Circle(radius=0.13, stroke_color=t.text, stroke_width=2, fill_color=t.prediction,
                                  fill_opacity=0.0).move_to([x0 + dx * step, y0 - dy * s, 0])
                    self.node_at[(step, s)] = node
                    nodes.add(node)
        for (step, s), node in self.node_at.items():
            for nxt in (s, s + 1, s + 2):
                target = self.node_at.get((step + 1, nxt))
                if target is not None and (nxt != s + 2 or self.states[nxt] not in (0, self.states[s])):
                    edges.add(Line(node.get_center(), target.get_center(), buff=0.14, stroke_color=t.muted,
                                   stroke_width=2, stroke_opacity=0.7))
        names = VGroup(*(Text(self.classes[state], font_size=th.CAPTION - 4,
                              color=t.muted if state == 0 else t.target).move_to([x0 - 0.6, y0 - dy * s, 0])
                         for s, state in enumerate(self.states)))
        title = Text(f"paths that spell {self.word}", font_size=th.CAPTION - 4, color=t.text)
        title.move_to([x0 + dx * (steps - 1) / 2, 1.9, 0])
        self.nodes, self.edges = nodes, edges
        return VGroup(edges, nodes, names, title)

    def _fills(self, shares):
        """Node fills for a (steps, states) array of shares in [0, 1]."""
        return [node.animate.set_fill(opacity=float(0.08 + 0.92 * shares[step, s]))
                for (step, s), node in self.node_at.items()]

    # ---- the story --------------------------------------------------------------------------------------------

    def show_formula(self):
        """The CTC loss: −log of the label's probability, summed over every alignment π that the collapse B maps
        to the label.

        Ask: Why can't we use cross entropy per step here?"""
        self.open_with(losscore.LOSSES["ctc"].formula, "CTC: a label's probability, summed over alignments.", 44)

    def show_steps(self):
        """Six steps of class probabilities from a softmax: each column sums to 1; the label is C, A, T.

        Ask: Which step do you think says "A"?"""
        self.play(FadeIn(self.grid), FadeIn(self.grid_title), run_time=1.2)
        self.say(f"Probabilities for {len(self.log_probs)} steps; the label is {self.word}.")
        self.wait()

    def show_trellis(self):
        """The trellis: the label with a blank (–) before, between and after its letters; a path moves right one
        step at a time, staying, going down one, or skipping a blank between two different letters.

        Ask: Why may a path skip the blank between A and T but not between two equal letters?"""
        self.play(Create(self.trellis[0]), FadeIn(self.trellis[1:]), run_time=1.6)
        self.say(f"Every path here spells {self.word} once merged.")
        self.wait()

    def forward_pass(self):
        """The forward pass: column by column, each node's α sums the probability of every path into it (fill: α
        against the largest α of its column).

        Ask: How many paths are there, and why don't we need to list them?"""
        self.say("Forward: each node sums the paths into it.")
        alpha = np.exp(self.log_alpha)
        shares = alpha / alpha.max(axis=1, keepdims=True)
        for step in range(len(self.log_probs)):
            column = [(node, shares[step, s]) for (st, s), node in self.node_at.items() if st == step]
            self.play(*(node.animate.set_fill(opacity=float(0.08 + 0.92 * share)) for node, share in column),
                      run_time=0.5)
        self.wait()

    def total(self):
        """The two end states (after T, or a final blank) hold P(CAT): the readouts show it and the loss −log P,
        both from losscore.

        Ask: What would the loss be if only one alignment were allowed?"""
        last = len(self.log_probs) - 1
        ends = VGroup(*(self.node_at[(last, s)] for s in (len(self.states) - 2, len(self.states) - 1)))
        ring = VGroup(*(Circle(radius=0.22, stroke_color=self.theme.loss, stroke_width=4).move_to(n) for n in ends))
        self.play(Create(ring), FadeIn(self.readouts), run_time=1.0)
        self.ring = ring
        self.say(f"P({self.word}) sums both ends; L = −log P.")
        self.wait(1.5)

    def posterior(self):
        """The gradient: γ, the share of all paths through each class at each step, replaces the probabilities; the
        logits' gradient is softmax − γ, so each step is pulled towards γ (the trellis shows each node's share).

        Ask: Where does the gradient push hardest, and why there?"""
        occupancy = np.exp(self.log_alpha + self.log_beta - self.log_probs[:, self.states] + self.value)
        new_title = Text("γ per step", font_size=th.CAPTION - 4, color=self.theme.text).move_to(self.grid_title)
        self.say("The gradient pulls each step towards γ.")
        self.play(FadeOut(self.ring), FadeOut(self.grid_title), FadeIn(new_title), *self._fills(occupancy),
                  *(self.cell(s, c).animate.set_fill(opacity=float(self.gamma[s, c]))
                    for s in range(len(self.log_probs)) for c in range(len(self.classes))), run_time=2.5)
        self.grid_title = new_title
        self.wait(1.5)

    def settle(self):
        """Back to the probabilities: CTC never needed an alignment, it summed over all of them.

        Ask: What happens to γ as training makes one alignment dominant?"""
        title = Text("ŷ per step", font_size=th.CAPTION - 4, color=self.theme.text).move_to(self.grid_title)
        self.play(FadeOut(self.grid_title), FadeIn(title),
                  *(self.cell(s, c).animate.set_fill(opacity=float(self.probabilities[s, c]))
                    for s in range(len(self.log_probs)) for c in range(len(self.classes))), run_time=1.5)
        self.grid_title = title
        self.say("No alignment needed: CTC sums over all of them.")
        self.wait(2)
