"""Walking along iterates: a story computes the steps (an optimizer's iterates, a row of distributions) and an
animation moves through them one step per unit of a tracker's value, on the straight line between two steps."""

import numpy as np


def between(path, s):
    """The point `s` of the way along `path`, whose rows are iterates 0, 1, 2, ...: at a whole `s` that iterate,
    at a fraction on the straight line to the next, held at the ends. `s` may be an array: one point for each."""
    s = np.asarray(s, dtype=float)
    steps = np.arange(len(path))
    return np.stack([np.interp(s, steps, column) for column in np.asarray(path, dtype=float).T], axis=-1)
