"""The catalog: every scene once — its name, the module that defines it, one line on what it shows.

The Makefile, the tests, the gallery and the slides all read this list; nothing else keeps one. It imports only the
standard library, so ``python3 -m scenes.catalog`` runs before the virtual environment exists.
"""

import sys
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Entry:
    name: str
    title: str  # the scene's title in words (its title card, the gallery)
    module: str  # dotted module path, e.g. "scenes.regression"
    description: str
    formula: str  # the formula the scene teaches: a key of losscore.LOSSES or losscore.ACTIVATIONS

    @property
    def path(self):
        return self.module.replace(".", "/") + ".py"

    @property
    def formula_tex(self):
        return formula_tex(self.formula)


def formula_tex(key):
    """The LaTeX of a losscore.LOSSES or losscore.ACTIVATIONS entry (losscore is imported only here: the Makefile
    reads this module before the virtual environment exists)."""
    import losscore

    return losscore.LOSSES[key].formula if key in losscore.LOSSES else losscore.ACTIVATIONS[key]


CATALOG = (
    Entry(name="MeanAbsoluteError", title="Mean absolute error", module="scenes.regression",
          description="MAE: a V-shaped loss whose gradient keeps one size and flips sign at the target.",
          formula="mae"),
    Entry(name="MeanSquaredError", title="Mean squared error", module="scenes.regression",
          description="MSE: a parabola whose gradient grows with the error, so large errors cost far more.",
          formula="mse"),
    Entry(name="OutlierFit", title="One outlier, three losses", module="scenes.robust",
          description="One outlier, three lines fitted by gradient descent: MSE is dragged, MAE and Huber hold.",
          formula="huber"),
    Entry(name="RobustLossFamily", title="A family of robust losses", module="scenes.robust",
          description="Barron's general robust loss: α dials from L2 to Charbonnier, Cauchy, Geman–McClure, Welsch.",
          formula="general_robust"),
    Entry(name="GradientDescentSteps", title="Gradient descent, step by step", module="scenes.learning",
          description="Gradient descent on MSE and MAE: MSE's steps shrink, MAE's keep one size and bounce; then η.",
          formula="mse"),
    Entry(name="LossLandscape", title="The loss landscape", module="scenes.learning",
          description="MSE over (w, b) is a narrow valley: gradient descent zigzags, momentum overshoots, Adam "
                      "scales each axis.",
          formula="mse"),
    Entry(name="ClassifierFit", title="Fitting a classifier", module="scenes.learning",
          description="A linear classifier trained on BCE, hinge and focal loss: which points pull on the boundary.",
          formula="bce"),
    Entry(name="BinaryCrossEntropy", title="Binary cross entropy", module="scenes.classification",
          description="BCE: unsure, confidently right, confidently wrong: the log makes confident mistakes explode.",
          formula="bce"),
    Entry(name="Softmax", title="Softmax", module="scenes.classification",
          description="Softmax: logits to exponentials to probabilities that always sum to 1.",
          formula="softmax"),
    Entry(name="CategoricalCrossEntropy", title="Categorical cross entropy", module="scenes.classification",
          description="CCE: a one-hot label keeps only −log of the true class; the logit gradient is ŷ − y.",
          formula="cce"),
    Entry(name="SparseCategoricalCrossEntropy", title="Sparse categorical cross entropy",
          module="scenes.classification",
          description="Sparse CCE: an integer label picks the bar; same loss as CCE, one number per label.",
          formula="sparse_cce"),
    Entry(name="GoodVsBadPredictions", title="Good and bad predictions", module="scenes.classification",
          description="Good to bad predictions: the true class's probability falls and the loss climbs the −log curve.",
          formula="cce"),
    Entry(name="FocalLoss", title="Focal loss", module="scenes.focal",
          description="Focal loss (Lin et al. 2017, Fig. 1): as γ grows, well-classified examples are down-weighted.",
          formula="binary_focal"),
    Entry(name="CTCAlignment", title="CTC: aligning a label", module="scenes.sequence",
          description="CTC: the label CAT against six steps of probabilities, summed over every alignment in the "
                      "trellis.",
          formula="ctc"),
    Entry(name="TripletMargin", title="Triplet margin loss", module="scenes.embedding",
          description="Triplet loss in 2-D: descent pulls the positive in, pushes the negative out, until the margin "
                      "is met.",
          formula="triplet_margin"),
    Entry(name="ContrastiveBatch", title="Contrastive learning in a batch", module="scenes.contrastive",
          description="CLIP: each image picks its caption out of the batch; τ sharpens the choice, hard negatives "
                      "pull most.",
          formula="clip_contrastive"),
    Entry(name="Distillation", title="Knowledge distillation", module="scenes.distillation",
          description="A student learns a teacher's softened probabilities: T reveals the dark knowledge, T² keeps "
                      "the pull.",
          formula="distillation"),
    Entry(name="PreferencePairs", title="Direct preference optimization", module="scenes.preference",
          description="DPO: the policy's margin over a reference, −log σ(βΔ), and a pull that is strongest when the "
                      "ranking is wrong.",
          formula="dpo"),
)

BY_NAME = {entry.name: entry for entry in CATALOG}


def lookup(name):
    """The catalog entry called `name`; an unknown name raises KeyError listing the valid ones."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown scene {name!r}; valid scenes: {' '.join(BY_NAME)}") from None


def main(argv):
    """`list`: one scene a line, name first. `make`: the catalog as Makefile variables."""
    command = argv[1] if len(argv) > 1 else "list"
    if command == "list":
        width = max(len(e.name) for e in CATALOG)
        for e in CATALOG:
            print(f"{e.name:<{width}}  {e.description}")
    elif command == "make":
        print("CATALOG :=", " ".join(e.name for e in CATALOG))
        for e in CATALOG:
            print(f"MODULE_{e.name} := {e.path}")
    else:
        sys.exit(f"usage: python3 -m scenes.catalog [list|make], got {command!r}")


if __name__ == "__main__":
    main(sys.argv)
