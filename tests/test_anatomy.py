"""Loss anatomy: the generic story works for every registry entry (layout after every step, numbers from losscore),
and `make anatomy` covers the whole registry, including an entry added to it with no scene code written."""


import functools
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from frames import assert_matches_control
from scene_harness import assert_same_places, run_story
from scene_probes import ctc, embedding, loss_plot, transport

import losscore
from scenes.anatomy import anatomy_scene

THROWAWAY = '''
LOSSES = MappingProxyType({**LOSSES, "throwaway": Loss(
    name="throwaway", title="Throwaway test loss", fn=regression.mse, grad=regression.mse_grad, kind="regression",
    one_value_per="element", params={}, formula=r"L = " + _MEAN + r"(\\hat{y}_i - y_i)^2",
    derivative=_DLDY + r"\\frac{2}{n}(\\hat{y}_i - y_i)", picture=pictures.real(), lesson="A throwaway lesson.")})
'''


PROBES = {losscore.Picture: loss_plot, losscore.Embedding: embedding, losscore.Trellis: ctc,
          losscore.pictures.Transport: transport}


def probe(scene):
    """What the tests read off an anatomy: its picture's probe, the pick view's bars, the dashed related curves."""
    from manim import Rectangle

    picture = losscore.LOSSES[scene.loss_name].picture
    found = PROBES[type(picture)](scene)
    if getattr(picture, "view", "") == "pick":
        bars = [m for m in scene.view.get_family() if isinstance(m, Rectangle)]
        found.update(heights=[b.height for b in bars], outlined=[b.get_stroke_width() > 0 for b in bars])
    if getattr(picture, "geometry", "") == "boundary":  # the ties drawn, by margin: none and the loss's
        numbers, points = scene.numbers, scene.points()
        found["ties"] = {margin: numbers.tie(points, margin) for margin in (0.0, numbers.margin)}
    if hasattr(scene, "beside_curves"):  # (plot, points in its coordinates) for the loss's and derivative's dashes
        found["curves"] = [(plot, np.asarray(plot.axes.p2c(np.vstack([dash.points for dash in curves.get_family()]))))
                           for plot, curves in zip((scene.plot, scene.dplot), scene.beside_curves)]  # all at once
    return found


@functools.cache  # one render per loss, shared by that loss's tests (on one worker: tests/conftest.py)
def anatomy_states(name):
    return run_story(anatomy_scene(name), "dark", probe, title_card=False)  # the kit's card, tested apart


def expected_readouts(spec, probe):
    """The readouts an anatomy should show, from losscore: (x, L, dL/dx) along a sweep; for points of an embedding
    a's measure with p and with n (distances or cosines), then the loss the picture's pairs, triplets or batch make;
    for a trellis P(label) and L; for two samples, the distance between them."""
    if isinstance(spec.picture, losscore.Picture) and probe["step"] == "sweep_param":  # L and dL/d(parameter)
        sweep = spec.param_sweep
        y, pred, _ = spec.picture.inputs(np.array([sweep.at]))
        held = {**spec.picture_params, sweep.param: probe["yhat"]}
        return [probe["yhat"], spec.fn(y, pred, **held), np.ravel(sweep.grad(y, pred, **held))[0]]
    if isinstance(spec.picture, losscore.Picture):
        loss, grad = spec.one_prediction(np.array([probe["yhat"]]), **spec.picture_params)
        return [probe["yhat"], loss[0], grad[0]]
    if isinstance(spec.picture, losscore.Embedding):
        a, p, n = probe["points"][:3]
        measure = losscore.pairwise_distance if spec.picture.geometry in ("distance", "radius") else \
            (lambda u, v: -losscore.cosine_similarity(u, v))
        summed = {} if spec.one_value_per == "batch" else {"reduction": "sum"}  # NT-Xent: one value for the batch
        loss = spec.fn(*spec.picture.arguments(probe["points"]), **summed, **spec.picture_params)
        return [measure(a, p), measure(a, n), loss]
    if isinstance(spec.picture, losscore.pictures.Transport):
        return [spec.fn(probe["values"], spec.picture.target)]
    picture = spec.picture
    log_probs = losscore.log_softmax(np.array(picture.logits))[:, None, :]
    loss = spec.fn([picture.label], log_probs, [len(log_probs)], [len(picture.label)], reduction="sum")
    return [np.exp(-loss), loss]


@pytest.mark.parametrize("name", list(losscore.LOSSES))
def test_anatomy_layout_and_numbers(name):
    spec = losscore.LOSSES[name]
    states = anatomy_states(name)
    shown = 0
    for s in states:
        assert s.problems == [], f"anatomy of {name} after {s.step}: {s.problems}"
        if s.probe["readouts"] is not None:
            expected = expected_readouts(spec, {**s.probe, "step": s.step})
            assert s.probe["readouts"] == pytest.approx(expected, rel=1e-9, abs=1e-12)
            shown += 1
    assert shown >= 2 and 20 <= states[-1].time <= 45


def _one_of_each_kind():
    """The first loss of each kind of picture: each kind is told by a story module of its own."""
    kinds = {}
    for name, spec in losscore.LOSSES.items():
        kinds.setdefault(type(spec.picture), name)
    return list(kinds.values())


@pytest.mark.parametrize("name", _one_of_each_kind())
def test_the_light_theme_changes_colours_only(name):
    """After every step, everything sits where it sits in the dark theme, so the dark theme's layout checks hold in
    the light one too."""
    assert_same_places(anatomy_states(name), run_story(anatomy_scene(name), "light", title_card=False))


def test_smooth_l1_is_drawn_beside_huber_with_delta_equal_to_beta():
    """The dashed curves are Huber's (δ = β) loss and derivative from losscore: β times smooth L1's."""
    spec = losscore.LOSSES["smooth_l1"]
    beta = spec.picture_params["beta"]
    assert spec.beside.name == "huber" and spec.beside.params == {"delta": beta} and beta != 1.0

    states = {s.step: s for s in anatomy_states("smooth_l1")}
    (_, loss_points), (_, slope_points) = states["compare"].probe["curves"]
    for points, part in ((loss_points, 0), (slope_points, 1)):
        xs, ys = np.array(points).T
        huber = losscore.LOSSES["huber"].one_prediction(xs, delta=beta)[part]
        np.testing.assert_allclose(ys, huber, atol=2e-3)  # dashes are curves through the sampled points
        smooth = spec.one_prediction(xs, beta=beta)[part]
        np.testing.assert_allclose(huber, beta * smooth, atol=1e-12)
    assert states["compare"].problems == []


def test_gaussian_nll_sweeps_the_variance_to_the_squared_error():
    """After the mean, the variance: the sweep ends where losscore's dL/dσ² is zero, which is σ² = (ŷ − y)²
    (worked out by hand: d/dσ² ½(log σ² + e²/σ²) = 0)."""
    spec = losscore.LOSSES["gaussian_nll"]
    states = anatomy_states("gaussian_nll")
    assert [s.step for s in states][-2:] == ["back_to_start", "sweep_param"]
    y, pred, _ = spec.picture.inputs(np.array([spec.param_sweep.at]))
    final = states[-1].probe
    assert final["yhat"] == pytest.approx(float(pred[0] - y[0]) ** 2, rel=1e-12)
    assert final["readouts"][2] == pytest.approx(0.0, abs=1e-12)
    assert final["readouts"][1] == pytest.approx(0.5 * (np.log(final["yhat"]) + 1.0), rel=1e-12)


def test_nll_picks_the_true_class_bar_as_long_as_the_loss():
    """The pick view: the true class's bar (outlined) is −log ŷ_k long, the loss the readout shows; the other
    class's bar is its own −log."""
    states = {s.step: s for s in anatomy_states("nll")}
    for step in ("add_prediction", "sweep"):
        probe = states[step].probe
        p = probe["yhat"]
        depth = probe["heights"][0] / -np.log(p)
        assert probe["outlined"] == [True, False] and probe["readouts"][1] == pytest.approx(-np.log(p), rel=1e-9)
        assert probe["heights"][1] == pytest.approx(-np.log(1 - p) * depth, rel=1e-6, abs=1e-3)
        assert depth == pytest.approx(2.0 * 1.8 / 5.0, rel=1e-9)


def test_embedding_pictures_draw_the_gradient_of_the_loss_of_their_points():
    """Loss.on_points, whose −gradient the arrows draw, is the derivative of the loss the picture's points make
    (through its arguments: pairs, class centres, CLIP's normalisation), by central differences, at the start."""
    h = 1e-6
    for name, spec in losscore.LOSSES.items():
        if not isinstance(spec.picture, losscore.Embedding):
            continue
        points, params = np.array(spec.picture.start), dict(spec.picture_params)
        numeric = np.zeros_like(points)
        for index in np.ndindex(points.shape):
            step = np.zeros_like(points)
            step[index] = h
            numeric[index] = (spec.on_points(points + step, **params)[0] -
                              spec.on_points(points - step, **params)[0]) / (2 * h)
        np.testing.assert_allclose(spec.on_points(points, **params)[1], numeric, atol=1e-6, err_msg=name)


def test_angular_margins_move_the_tie_towards_the_class_centre():
    """ArcFace and CosFace: the tie the picture draws is where losscore's loss of two classes is log 2, and with the
    margin it sits nearer p than without (for ArcFace by m/2 exactly, as cos(θ + m) = cos(φ − θ) says). a starts short
    of it, as the caption says, and ends past it, as the closing caption says."""
    for name in ("arcface", "cosface"):
        spec, states = losscore.LOSSES[name], anatomy_states(name)
        assert spec.picture.geometry == "boundary"
        first, last = next(s.probe for s in states if s.step == "show_margin"), states[-1].probe
        for probe, short in ((first, True), (last, False)):
            a, p, n = probe["points"]
            ties = probe["ties"]
            angle_of = lambda v: np.arctan2(v[1], v[0])  # noqa: E731
            assert abs(ties[0.0] - (angle_of(p) + angle_of(n)) / 2) < 1e-9  # no margin: the bisector
            margin = {**spec.params, **spec.picture_params}["margin"]
            if name == "arcface":
                assert ties[margin] == pytest.approx(ties[0.0] - margin / 2, abs=1e-9)
            at_tie = np.array([np.cos(ties[margin]), np.sin(ties[margin])])
            assert spec.on_points(np.array([at_tie, p, n]), **spec.picture_params)[0] == \
                pytest.approx(np.log(2.0), abs=1e-9)
            on_n_side = (angle_of(a) - ties[margin]) * (angle_of(n) - ties[margin]) > 0
            assert on_n_side == short and (probe["readouts"][2] > np.log(2.0)) == short


def test_wasserstein_is_the_area_between_the_cdfs_and_falls_to_zero_as_the_mass_moves():
    """The shaded area between the two CDFs is losscore's distance at every step; the arrows join each ŷ to the y
    of its rank; carried along them, the samples meet and L is 0."""
    spec = losscore.LOSSES["wasserstein_1d"]
    states = {s.step: s for s in anatomy_states("wasserstein_1d")}
    for step in ("show_cdfs", "show_plan", "transport"):
        probe = states[step].probe
        assert probe["area"] == pytest.approx(spec.fn(probe["values"], spec.picture.target), rel=1e-9, abs=1e-12)
    plan = states["show_plan"].probe
    ranks = np.argsort(np.argsort(spec.picture.prediction))
    np.testing.assert_array_equal(plan["destination"], np.sort(spec.picture.target)[ranks])
    for (start, end), here, there in zip(plan["plan"], plan["value_x"], plan["destination_x"]):
        assert abs(start[0] - here) < 0.2 and abs(end[0] - there) < 0.2  # dot to dot, short of each by the buff
    final = states["transport"].probe
    np.testing.assert_allclose(final["values"], plan["destination"], atol=1e-12)
    assert final["readouts"][0] == pytest.approx(0.0, abs=1e-12) and final["plan"] == [None] * len(ranks)


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_anatomy_frames_match_control_images(theme):
    states = run_story(anatomy_scene("huber"), theme, title_card=False, frames=(3, -1))
    assert_matches_control({f"Anatomy-huber-{theme}-{s.step}": s.frame for s in (states[3], states[-1])})


def test_unknown_loss_is_refused():
    with pytest.raises(KeyError, match="unknown loss 'nope'"):
        anatomy_scene("nope")


def test_make_anatomy_covers_the_registry_and_a_new_entry(make, copy_repo, tmp_path):
    repo = copy_repo(tmp_path / "repo")
    registry = repo / "losscore" / "registry.py"
    registry.write_text(registry.read_text() + THROWAWAY)
    planned = make("QUALITY=draft", "-n", "anatomy", cwd=repo).stdout
    rendered = {line.split("scenes.output.pipeline render ")[1].split()[0] for line in planned.splitlines()
                if "scenes.output.pipeline render" in line}
    assert rendered == set(losscore.LOSSES) | {"throwaway"}
    # the new entry's story, told from the copy with no scene code written for it (make's anatomy rule renders
    # a story by that name: the README's loss-file run, test_custom_loss, renders two through it)
    told = subprocess.run([sys.executable, "-c", TELL_THROWAWAY, str(Path(__file__).parent / "support")], cwd=repo,
                          capture_output=True, text=True)
    assert told.returncode == 0, told.stderr[-3000:]
    steps, problems = json.loads(told.stdout.splitlines()[-1])
    assert steps[0] == "show_formula" and len(steps) >= 5 and problems == []


TELL_THROWAWAY = """
import json, sys
sys.path.insert(1, sys.argv[1])  # the harness; the copy's own packages come first, from the current folder
from scene_harness import run_story
from scenes.anatomy import anatomy_scene
states = run_story(anatomy_scene("throwaway"), "dark", title_card=False)
print(json.dumps([[s.step for s in states], [p for s in states for p in s.problems]]))
"""
