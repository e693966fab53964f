"""The numbers of an Embedding picture (losscore.Embedding: an anchor a, a positive p, a negative n and the batch's
other points in a 2-D embedding, moved by gradient descent), every one from losscore: for scenes.embedding's story
and for the printed figures (scenes.output.figures). Numpy only: no manim here."""

from dataclasses import dataclass, field, replace
from typing import ClassVar

import numpy as np

import losscore

from .iterates import between

BY_ANGLE = ("angle", "boundary", "softmax")  # geometries that measure by the cosine: only a point's direction counts


def tie(spec, points, params, margin):
    """The direction between p and n where a, turned there, scores p's class and n's alike (its loss of two classes
    is log 2: losscore's, with the loss's `params` and this `margin`), as an angle; None where a, even turned onto p,
    scores n's class higher. Halving to machine precision: the tie is drawn exactly where the loss says."""
    a, p, n = points
    start = np.arctan2(p[1], p[0])
    apart = (np.arctan2(n[1], n[0]) - start + np.pi) % (2 * np.pi) - np.pi  # the short way round, from p to n
    params = {**params, "margin": margin}

    def past_tie(share):  # a turned `share` of the way from p to n scores n's class above p's (the loss rises)
        angle = start + share * apart
        turned = np.linalg.norm(a) * np.array([np.cos(angle), np.sin(angle)])
        return spec.on_points(np.array([turned, p, n]), **params)[0] > np.log(2.0)

    if past_tie(0.0):
        return None
    low, high = 0.0, 1.0
    for _ in range(50):
        low, high = (low, (low + high) / 2) if past_tie((low + high) / 2) else ((low + high) / 2, high)
    return float(start + (low + high) / 2 * apart)


@dataclass(frozen=True)
class EmbeddingNumbers:
    """What an embedding picture shows: the points along descent, the loss, its gradient at the points, what the
    loss measures between a and the others, and its margin. `params` are the loss's (the picture's, or a story's)."""
    spec: losscore.Loss
    picture: losscore.Embedding
    params: dict
    path: np.ndarray = field(init=False, repr=False)  # the points after each descent step (steps + 1, points, 2)
    POINTS: ClassVar = ("anchor", "positive", "negative")  # a story's parameters that move the picture's start

    def __post_init__(self):  # gradient descent from the picture's start, at its rate, for its steps
        path = losscore.optimize(self.gradient, np.array(self.picture.start), method="sgd", lr=self.picture.rate,
                                 steps=self.picture.steps)
        object.__setattr__(self, "path", path)

    @classmethod
    def of(cls, spec, given=None):
        """The numbers of `spec`'s picture, told with a story's `given` values: points (POINTS) move the start, the
        rest are the loss's parameters, over the picture's."""
        given = given or {}
        start = [given.get(name, point) for name, point in zip(cls.POINTS, spec.picture.start)]
        picture = replace(spec.picture, start=(*map(tuple, start), *spec.picture.start[3:]))
        return cls(spec, picture, {**spec.picture_params, **{k: v for k, v in given.items() if k not in cls.POINTS}})

    @property
    def margin(self):
        return self.params.get("margin", self.spec.params.get("margin"))

    @property
    def by_angle(self):
        return self.picture.geometry in BY_ANGLE

    def points(self, progress):
        """The points `progress` steps into descent: the iterates, linearly between whole steps."""
        return between(self.path.reshape(len(self.path), -1), progress).reshape(self.path.shape[1:])

    def loss(self, points):
        return self.spec.on_points(points, **self.params)[0]

    def gradient(self, points):
        """dL/d(points), stacked (points, 2): losscore's gradient of the loss the points make."""
        return self.spec.on_points(points, **self.params)[1]

    def largest_pull(self):
        """The longest gradient of any point at any step of descent."""
        return max(float(np.linalg.norm(self.gradient(points), axis=1).max()) for points in self.path)

    def measures(self, points):
        """(a with p, a with n) as the loss measures them: torch's pairwise distance, or the cosine."""
        a, p, n = points[:3]
        if not self.by_angle:
            return losscore.pairwise_distance(a, p), losscore.pairwise_distance(a, n)
        return -losscore.cosine_similarity(a, p), -losscore.cosine_similarity(a, n)  # the loss is −cos

    def tie(self, points, margin):
        """Where a's class and n's tie for `points` with this margin (see `tie`)."""
        return tie(self.spec, points[:3], self.params, margin)
