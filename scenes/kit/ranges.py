"""What the axes of a sampled curve show, and where the curve jumps: one rule for the anatomies' plots and the printed
figures (scenes.output.figures draws the same range, with a margin). Numpy only: no manim here.

A curve that blows up (a log near 0) is cut at CUT times its typical size when its largest value passes BLOW_UP
times that size, so the rest of the curve keeps its room; the cut part is left off the axes and never counts as a
jump. The typical size is the median of the values that are not 0: a curve that is 0 over part of its range (a
hinge's, sparsemax's) does not blow up for that."""

import numpy as np

import losscore

BLOW_UP = 8  # a largest value this many times the typical (median) size is a blow-up ...
CUT = 4  # ... and the axes stop at this many times the typical size
STANDS_OUT = 6  # a jump's step is this many times the steps two samples either side of it


def without_blow_up(values):
    """`values` with a blow-up cut off (clipped to ±CUT × their typical size); as they are when there is none."""
    size = np.abs(values)
    nonzero = size[size > 0]
    typical = float(np.median(nonzero)) if nonzero.size else 0.0
    cap = CUT * typical if typical > 0 and size.max() > BLOW_UP * typical else np.inf
    return np.clip(values, -cap, cap)


def nice(value):
    """A round number at or beyond `value`, away from zero."""
    if value == 0:
        return 0.0
    size = abs(value)
    step = 10 ** np.floor(np.log10(size))
    m = next(m for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * step >= size * (1 - 1e-9))
    return float(np.copysign(m * step, value))


def axis_range(values):
    """(low, high): round numbers holding the curve `values` without its blow-up, with 0 inside."""
    shown = without_blow_up(values)
    return min(0.0, nice(shown.min())), max(nice(shown.max()), 1e-3)


def jumps(values):
    """For each gap between neighbouring samples of a curve, whether the curve jumps there (a step in a derivative):
    its step is more than losscore.pictures.jumps' share of the curve's range (without its blow-up) and STANDS_OUT
    from the steps two samples either side. A steep but smooth stretch has steps like its neighbours' however coarse
    the sampling; a sample that lands on a jump splits it into two large steps side by side. The first and last
    two steps have no steps on both sides to stand out from (a blow-up's steps grow towards the end): never jumps."""
    shown = without_blow_up(values)
    steps = np.abs(np.diff(shown))
    around = np.maximum(np.r_[steps[2:], 0.0, 0.0], np.r_[0.0, 0.0, steps[:-2]])
    return losscore.pictures.jumps(shown) & (steps > STANDS_OUT * around)


def breaks(xs, values):
    """The x midway between the samples (at xs) where `values` jumps, where a curve is drawn in pieces."""
    big = jumps(values)
    return tuple((xs[:-1][big] + xs[1:][big]) / 2)
