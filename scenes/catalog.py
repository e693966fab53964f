"""The catalog: every scene once — its name, the module that defines it, one line on what it shows.

The Makefile, the tests, the gallery and the slides all read this list; nothing else keeps one. It imports only the
standard library, so ``python3 -m scenes.catalog`` runs before the virtual environment exists.
"""

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    name: str
    module: str  # dotted module path, e.g. "scenes.regression"
    description: str
    formula: str  # the formula the scene teaches: a key of losscore.LOSSES or losscore.ACTIVATIONS

    @property
    def path(self):
        return self.module.replace(".", "/") + ".py"


CATALOG = (
    Entry("MeanAbsoluteError", "scenes.regression",
          "MAE: a V-shaped loss whose gradient keeps one size and flips sign at the target.", "mae"),
    Entry("MeanSquaredError", "scenes.regression",
          "MSE: a parabola whose gradient grows with the error, so large errors cost far more.", "mse"),
    Entry("OutlierFit", "scenes.robust",
          "One outlier, three lines fitted by gradient descent: MSE is dragged, MAE and Huber hold.", "huber"),
    Entry("RobustLossFamily", "scenes.robust",
          "Barron's general robust loss: α dials from L2 to Charbonnier, Cauchy, Geman–McClure, Welsch.",
          "general_robust"),
    Entry("GradientDescentSteps", "scenes.learning",
          "Gradient descent on MSE and MAE: MSE's steps shrink, MAE's keep one size and bounce; then η.", "mse"),
    Entry("LossLandscape", "scenes.learning",
          "MSE over (w, b) is a narrow valley: SGD zigzags, momentum overshoots, Adam scales each axis.", "mse"),
    Entry("ClassifierFit", "scenes.learning",
          "A linear classifier trained on BCE, hinge and focal loss: which points pull on the boundary.", "bce"),
    Entry("BinaryCrossEntropy", "scenes.classification",
          "BCE: unsure, confidently right, confidently wrong: the log makes confident mistakes explode.", "bce"),
    Entry("Softmax", "scenes.classification",
          "Softmax: logits to exponentials to probabilities that always sum to 1.", "softmax"),
    Entry("CategoricalCrossEntropy", "scenes.classification",
          "CCE: a one-hot label keeps only −log of the true class; the logit gradient is ŷ − y.", "cce"),
    Entry("SparseCategoricalCrossEntropy", "scenes.classification",
          "Sparse CCE: an integer label picks the bar; same loss as CCE, one number per label.", "sparse_cce"),
    Entry("GoodVsBadPredictions", "scenes.classification",
          "Good to bad predictions: the true class's probability falls and the loss climbs the −log curve.", "cce"),
    Entry("FocalLoss", "scenes.focal",
          "Focal loss (Lin et al. 2017, Fig. 1): as γ grows, well-classified examples are down-weighted.",
          "binary_focal"),
    Entry("CTCAlignment", "scenes.sequence",
          "CTC: the label CAT against six steps of probabilities, summed over every alignment in the trellis.", "ctc"),
    Entry("TripletMargin", "scenes.embedding",
          "Triplet loss in 2-D: descent pulls the positive in, pushes the negative out, until the margin is met.",
          "triplet_margin"),
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
