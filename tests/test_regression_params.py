"""MeanAbsoluteError and MeanSquaredError told with other numbers: at both ends of every declared range the layout
is clean and nothing leaves its plot, the captions state losscore's numbers for the values given, and values that
do not fit are refused with a message naming the scene and the key."""

import functools
import importlib

import pytest
from scene_harness import assert_at_range_ends, run_story
from scene_probes import PROBES
from test_regression_scenes import assert_drawn_inside

import losscore
from losscore.params import ParamError
from scenes import catalog

# every parameter at the low end of its range, and at the high end (lists: the valid values nearest that end)
ENDS = {
    ("MeanAbsoluteError", "low"): {"y_true": -2.0, "start": -4.0, "far": 2.0},
    ("MeanAbsoluteError", "high"): {"y_true": 2.0, "start": 4.0, "far": 5.0},
    ("MeanSquaredError", "low"): {"y_true": -2.0, "start": -4.0, "errors": [0.5, 1.5]},
    ("MeanSquaredError", "high"): {"y_true": 2.0, "start": 4.0, "errors": [3.5, 4.0]},
}


def story(name):
    return getattr(importlib.import_module(catalog.lookup(name).module), name)


@functools.cache
def told(name, end):
    """The story with the values of `end`, its title card left out (it holds no parameter) to save time."""
    return run_story(story(name), "dark", PROBES[name], params=ENDS[name, end], title_card=False)


@pytest.mark.parametrize("name, end", ENDS)
def test_the_ends_are_the_ends_of_the_declared_ranges(name, end):
    assert_at_range_ends(story(name), ENDS[name, end], end)


@pytest.mark.parametrize("name, end", ENDS)
def test_layout_is_clean_and_nothing_leaves_its_plot_at_the_ends(name, end):
    for s in told(name, end):
        assert s.problems == [], f"{name} ({end}) after {s.step}: {s.problems}"
        assert_drawn_inside(s.probe, f"{name} ({end}) after {s.step}")


@pytest.mark.parametrize("end", ["low", "high"])
def test_captions_state_losscores_numbers_for_the_values_given(end):
    states = told("MeanSquaredError", end)
    y, (small, large) = ENDS["MeanSquaredError", end]["y_true"], ENDS["MeanSquaredError", end]["errors"]
    said = [c["text"] for c in states[-1].timeline["captions"]]
    assert f"An error of {large:g} costs {losscore.mse([y], [y + large]):g}, not {large:g}." in said
    table = {s.step: s.probe for s in states}["compare_errors"]["table"]
    losses = [losscore.mse([y], [y + e]) for e in (small, large)]
    assert table[2:] == [f"{v:g}" for v in (small, losses[0], large, losses[1])]
    states = told("MeanAbsoluteError", end)
    y, far = ENDS["MeanAbsoluteError", end]["y_true"], ENDS["MeanAbsoluteError", end]["far"]
    ratio = abs(losscore.mse_grad([y], [y + far])[0] / losscore.mae_grad([y], [y + far])[0])
    said = [c["text"] for c in states[-1].timeline["captions"]]
    assert f"MSE would charge {losscore.mse([y], [y + far]):.3g} and pull {ratio:.3g}× as hard." in said
    assert {s.step: s.probe for s in states}["back_to_start"]["yhat"] == ENDS["MeanAbsoluteError", end]["start"]


@pytest.mark.parametrize("name, given, message", [
    ("MeanAbsoluteError", {"start": 1.2}, r"^MeanAbsoluteError: start must be at least 0.5 from y_true, got start = "
                                          r"1.2 and y_true = 1$"),
    ("MeanAbsoluteError", {"far": 9.0}, r"^MeanAbsoluteError: far = 9 is outside its range \[2, 5\]$"),
    ("MeanSquaredError", {"errors": [3.0, 1.0]}, r"^MeanSquaredError: errors must grow, the second above 1, got 3 "
                                                 r"and 1$"),
    ("MeanSquaredError", {"error": [1.0, 2.0]}, r"^MeanSquaredError: unknown key 'error' \(did you mean 'errors'\?\)"),
    ("MeanSquaredError", {"y_true": float("nan")}, r"^MeanSquaredError: y_true must be finite, got nan$"),
])
def test_values_that_do_not_fit_are_refused_by_name(name, given, message):
    with pytest.raises(ParamError, match=message):
        story(name)(params=given)
