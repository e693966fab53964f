"""The learning scenes told with a teacher's numbers: every declared parameter's range keeps the captions' claims
true (checked on the numbers over each range's grid), the layout clean at the ends of the ranges (rendered, dark
theme, without the title card), and the captions state the numbers losscore computes for those values."""

import itertools

import numpy as np
import pytest
from scene_harness import run_story
from scene_probes import PROBES

from losscore.params import ParamError
from scenes import learning
from scenes.learning import ClassifierFit, GradientDescentSteps, LossLandscape


def ends(cls):
    """{"low": values, "high": values}: every parameter of `cls` at the low end of its range, then at the high end."""
    return {end: {p.name: getattr(p, end) for p in cls.parameters} for end in ("low", "high")}


def grid(cls, name):
    return next(p for p in cls.parameters if p.name == name).grid()


@pytest.fixture(scope="module", params=["low", "high"])
def told(request):
    """{scene name: (values, [StepState])}: each learning scene told with its parameters at one end of their ranges;
    the title card is left out (the kit's, tested elsewhere) to keep the renders short."""
    told = {}
    for cls in (GradientDescentSteps, LossLandscape, ClassifierFit):
        values = ends(cls)[request.param]
        told[cls.__name__] = values, run_story(cls, "dark", PROBES[cls.__name__], params=values, title_card=False)
    return told


def test_the_layout_is_clean_at_the_ends_of_every_range(told):
    for name, (values, states) in told.items():
        for state in states:
            assert state.problems == [], f"{name} {values} after {state.step}: {state.problems}"


def captions(states):
    return [c["text"] for c in states[-1].timeline["captions"]]


# ---- GradientDescentSteps -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("rate", grid(GradientDescentSteps, "rate"))
def test_at_every_shared_rate_mse_settles_and_mae_overshoots_and_bounces(rate):
    mse, mae = (learning.descent(loss, rate, learning.STEPS) - learning.TARGET for loss in ("mse", "mae"))
    assert (np.diff(np.abs(np.diff(mse))) <= 1e-12).all() and abs(mse[-1]) < 0.01 * abs(mse[0])
    side = np.sign(mae)
    crossed = np.flatnonzero(side[1:] != side[:-1])
    assert len(crossed) and crossed[0] < learning.STEPS - 1  # it overshoots and comes back within the steps shown
    assert np.abs(np.diff(mae)) == pytest.approx(rate)


def test_the_small_rates_crawl_and_the_large_rates_diverge_on_the_plot():
    for small in grid(GradientDescentSteps, "small_rate"):
        errors = np.abs(learning.descent("mse", small, learning.SMALL_STEPS) - learning.TARGET)
        # five steps leave more of the error than one step at any shared rate does (|1 − 2η| <= 0.3)
        assert (np.diff(errors) < 0).all() and errors[-1] > 0.3 * errors[0]
    for large in grid(GradientDescentSteps, "large_rate"):
        shown = learning.large_steps_shown(large)
        errors = np.abs(learning.descent("mse", large, shown + 1) - learning.TARGET)
        assert shown >= 2 and (np.diff(errors) > 0).all() and errors.max() <= learning.REACH


def test_gradient_descent_captions_state_the_rates_and_the_factor(told):
    values, states = told["GradientDescentSteps"]
    said = captions(states)
    factor = f"{1 - 2 * values['large_rate']:g}".replace("-", "−")
    assert f"Same start, same η = {values['rate']:g}: MSE and MAE." in said
    assert f"η = {values['small_rate']:g}: the same descent, crawling." in said
    assert f"η = {values['large_rate']:g}: each step multiplies the error by {factor}." in said
    final = {s.step: s.probe for s in states}
    large = learning.descent("mse", values["large_rate"], learning.large_steps_shown(values["large_rate"]))
    assert final["rate_too_large"]["yhat"]["mse"] == pytest.approx(large[-1], abs=1e-12)
    assert final["rate_too_large"]["readouts"]["mse"][0] == values["large_rate"]


def test_a_rate_outside_its_range_is_refused_naming_the_key():
    with pytest.raises(ParamError, match=r"^GradientDescentSteps: large_rate = 2 is outside its range \[1\.02, 1\.1\]"):
        GradientDescentSteps.check_params({"large_rate": 2.0})


# ---- LossLandscape ------------------------------------------------------------------------------------------------

LANDSCAPE = {p.name: p.default for p in LossLandscape.parameters}


def inside_the_box(path):
    low, high = (learning.W_RANGE[0], learning.B_RANGE[0]), (learning.W_RANGE[1], learning.B_RANGE[1])
    return ((path >= low) & (path <= high)).all()


def test_at_every_gradient_descent_rate_it_zigzags_inside_the_box():
    best, (_, across) = learning.landscape_minimum(), learning.valley()
    for rate in grid(LossLandscape, "gd_rate"):
        path = learning.landscape_paths({**LANDSCAPE, "gd_rate": rate})["GD"]
        offset = (path - best) @ across
        seen = offset[np.abs(offset) > 1e-3]  # while the zigzag is still wider than a line is drawn
        assert len(seen) >= 5 and (np.sign(seen[1:]) != np.sign(seen[:-1])).all() and inside_the_box(path), rate


def test_momentum_gathers_speed_inside_the_box_and_its_caption_says_whether_it_overshoots():
    best, (along, _) = learning.landscape_minimum(), learning.valley()
    both = set()
    for rate, beta in itertools.product(grid(LossLandscape, "momentum_rate"), grid(LossLandscape, "momentum")):
        path = learning.landscape_paths({**LANDSCAPE, "momentum_rate": rate, "momentum": beta})["momentum"]
        speed = np.abs(np.diff(path @ along))
        assert speed.max() >= 1.5 * speed[0] and inside_the_box(path), (rate, beta)
        a = (path - best) @ along
        assert learning.overshoots(path) == (a.max() > 0 and a[-1] < a.max())
        both.add(learning.overshoots(path))
    assert both == {True, False}  # the range holds runs that overshoot and runs that do not


def test_at_every_adam_rate_the_first_step_is_the_rate_on_each_axis():
    for rate in grid(LossLandscape, "adam_rate"):
        path = learning.landscape_paths({**LANDSCAPE, "adam_rate": rate})["Adam"]
        np.testing.assert_allclose(np.abs(path[1] - path[0]), rate, rtol=1e-6)
        assert inside_the_box(path)


def test_landscape_captions_and_readouts_follow_the_rates(told):
    values, states = told["LossLandscape"]
    paths = learning.landscape_paths(values)
    said = captions(states)
    assert f"Adam scales each axis: first step {values['adam_rate']:g} in w and b." in said
    overshoot = "Momentum gathers speed and overshoots."
    assert (overshoot in said) == learning.overshoots(paths["momentum"])
    final = {s.step: s.probe for s in states}["settle"]
    ends = [learning.landscape_loss(*paths[name][-1]) for name in ("GD", "momentum", "Adam")]
    assert final["readouts"] == pytest.approx(ends)


# ---- ClassifierFit ------------------------------------------------------------------------------------------------

def test_every_seed_draws_its_points_inside_the_plot():
    for seed in grid(ClassifierFit, "seed"):
        for points, labels in learning.two_classes(seed):
            assert ((points > [learning.X_RANGE[0], learning.Y_RANGE[0]])
                    & (points < [learning.X_RANGE[1], learning.Y_RANGE[1]])).all()
            assert labels.sum() in (learning.PER_CLASS, learning.RARE)


def test_classifier_captions_count_what_the_fits_do(told):
    values, states = told["ClassifierFit"]
    balanced, imbalanced = learning.two_classes(values["seed"])
    classifiers = learning.classifiers(values)
    missed = learning.wrong_side(imbalanced, classifiers["bce"].fit(imbalanced)[-1])[:learning.RARE].sum()
    said = captions(states)
    assert f"Focal, γ = {values['gamma']:g}: easy points fade, hard ones lead." in said
    ratio = values["alpha"] / (1 - values["alpha"])
    assert f"α = {values['alpha']:g}: rare points count {ratio:.3g}× common ones." in said
    assert (f"{learning.RARE} rare points: BCE leaves {missed} on the wrong side." if missed else
            f"{learning.RARE} rare points among {learning.COMMON}: BCE still gets them right.") in said
    shown = {s.step: s.probe for s in states}
    hinge = classifiers["hinge"].fit(balanced)[-1]
    assert shown["fit_hinge"]["theta"] == pytest.approx(tuple(hinge), abs=1e-12)
    assert 0.0 in shown["fit_hinge"]["radii"]  # some point is beyond the margin: it stops pulling
