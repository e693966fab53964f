"""TripletMargin's parameters (the points and the margin): defaults are the registry's picture, numbers that would
leave the margin unmet or the points off the plane are refused, and the ends of the ranges lay out cleanly; the
caption names the point that descent moves most, as losscore's gradient says."""

import numpy as np
import pytest
from scene_harness import run_story

import losscore
from losscore.params import ParamError
from scenes.embedding import TRIPLET, TripletMargin


def test_defaults_are_the_registry_s_picture():
    values = TripletMargin.check_params({})
    assert [tuple(values[k]) for k in ("anchor", "positive", "negative")] == list(TRIPLET.picture.start)
    assert values["margin"] == TRIPLET.params["margin"]


@pytest.mark.parametrize("given, message", [
    ({"margin": 1.5}, r"TripletMargin: 10 steps of descent leave the margin unmet \(L = "),
    ({"anchor": [1.4, 1.4], "positive": [1.0, 1.0], "negative": [1.5, 1.5]}, r"leave the margin unmet \(L = 0.0563\)"),
    ({"anchor": [0.0]}, r"TripletMargin: anchor must hold 2 values, got 1"),
])
def test_numbers_the_story_cannot_tell_are_refused(given, message):
    with pytest.raises(ParamError, match=message):
        TripletMargin.check_params(given)


@pytest.mark.parametrize("params", [{"margin": 0.25}, {"negative": [1.5, 1.5], "margin": 0.5}])
def test_other_numbers_lay_out_cleanly_and_say_who_moves_most(params):
    states = run_story("TripletMargin", "dark", params=params)
    assert all(not s.problems for s in states), [(s.step, s.problems) for s in states if s.problems]
    values = TripletMargin.check_params(params)
    points = np.array([values[k] for k in ("anchor", "positive", "negative")])
    grads = TRIPLET.on_points(points, margin=values["margin"])[1]
    most = "apn"[int(np.argmax(np.linalg.norm(grads, axis=1)))]
    said = [c["text"] for c in states[-1].timeline["captions"]]
    assert f"Descent: p in, n out; {most} moves most." in said
    assert losscore.triplet_margin(*points[:, None, :], margin=values["margin"], reduction="sum") >= 0
