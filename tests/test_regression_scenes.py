"""MeanAbsoluteError and MeanSquaredError: clean layout after every step in both themes, the numbers on screen equal
losscore's, the gradient arrow behaves as the story says, and frames match the committed control images."""

import numpy as np
import pytest

import losscore
from frames import assert_matches_control, differs
from scene_harness import run_story

SCENES = {"MeanAbsoluteError": "mae", "MeanSquaredError": "mse"}


def probe(scene):
    """What a viewer reads off the frame: the readouts, the arrow and where ŷ is."""
    arrow = scene.plot.arrow
    shown = arrow.has_points() and arrow.get_stroke_opacity() > 0
    ends = (arrow.get_start(), arrow.get_end()) if shown else None
    values = [n.get_value() for n in scene.readouts.values] if scene.readouts in scene.mobjects else None
    return {"yhat": scene.yhat.get_value(), "y": scene.y_true, "readouts": values, "arrow": ends}


_runs = {}


def run(name, theme):
    if (name, theme) not in _runs:
        _runs[name, theme] = run_story(name, theme, probe)
    return _runs[name, theme]


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("name", SCENES)
def test_layout_is_clean_after_every_step(name, theme):
    states = run(name, theme)
    assert [s.step for s in states][:4] == ["show_formula", "draw_curve", "add_prediction", "show_derivative"]
    for s in states:
        assert s.problems == [], f"{name} ({theme}) after {s.step}: {s.problems}"


@pytest.mark.parametrize("name, loss", SCENES.items())
def test_readouts_equal_losscore(name, loss):
    shown = [s.probe for s in run(name, "dark") if s.probe["readouts"] is not None]
    assert len(shown) >= 4
    spec = losscore.LOSSES[loss]
    for p in shown:
        yhat, y = p["yhat"], p["y"]
        assert p["readouts"] == pytest.approx([yhat, spec.loss([y], [yhat]), spec.grad([y], [yhat])[0]], abs=1e-12)


def _arrow_vector(p):
    start, end = p["arrow"]
    return end - start


@pytest.mark.parametrize("name, loss", SCENES.items())
def test_arrow_points_downhill(name, loss):
    for p in (s.probe for s in run(name, "dark") if s.probe["arrow"] is not None):
        v = _arrow_vector(p)
        grad = losscore.LOSSES[loss].grad([p["y"]], [p["yhat"]])
        assert abs(v[1]) < 1e-9 and np.sign(v[0]) == -np.sign(grad), "horizontal, against the gradient"


def test_mae_arrow_keeps_its_length_and_flips_at_the_target():
    probes = [s.probe for s in run("MeanAbsoluteError", "dark") if s.probe["arrow"] is not None]
    lengths = {round(float(np.linalg.norm(_arrow_vector(p))), 9) for p in probes}
    assert len(lengths) == 1
    sides = {np.sign(p["yhat"] - p["y"]) for p in probes}
    directions = {np.sign(_arrow_vector(p)[0]) for p in probes}
    assert sides == {-1, 1} and directions == {-1, 1}, "the story shows ŷ on both sides of y"


def test_mse_arrow_grows_with_the_residual():
    probes = [s.probe for s in run("MeanSquaredError", "dark") if s.probe["arrow"] is not None]
    pairs = sorted((abs(p["yhat"] - p["y"]), float(np.linalg.norm(_arrow_vector(p)))) for p in probes)
    residuals, lengths = zip(*pairs)
    assert len(set(residuals)) >= 3
    # uncapped, the length is proportional to |dL/dŷ| = 2|ŷ − y|
    np.testing.assert_allclose(np.array(lengths) / np.array(residuals), lengths[0] / residuals[0], rtol=1e-9)


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("name", SCENES)
def test_frames_match_control_images(name, theme):
    states = run(name, theme)
    # a mid-story step (the derivative appears) and the final still
    assert_matches_control({f"{name}-{theme}-{s.step}": s.frame for s in (states[3], states[-1])})


def test_frame_comparison_catches_a_colour_and_a_position_change(monkeypatch):
    from scenes.kit import text, theme

    final = run("MeanAbsoluteError", "dark")[-1].frame
    monkeypatch.setattr(theme, "DARK", theme.Theme(**{**vars(theme.DARK), "loss": "#CC79A7"}))
    monkeypatch.setitem(theme.THEMES, "dark", theme.DARK)
    recoloured = run_story("MeanAbsoluteError", "dark")[-1].frame
    assert differs(final, recoloured)
    monkeypatch.undo()
    monkeypatch.setattr(text, "SAFE", text.SAFE + 0.1)  # the formula card and caption move 0.1 units inward
    moved = run_story("MeanAbsoluteError", "dark")[-1].frame
    assert differs(final, moved)
