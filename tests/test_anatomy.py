"""Loss anatomy: the generic story works for every registry entry (layout after every step, numbers from losscore),
and `make anatomy` covers the whole registry, including an entry added to it with no scene code written."""


import numpy as np
import pytest
from frames import assert_matches_control
from scene_harness import run_story
from scene_probes import loss_plot

import losscore
from scenes.anatomy import anatomy_scene

THROWAWAY = '''
LOSSES = MappingProxyType({**LOSSES, "throwaway": Loss(
    "throwaway", "Throwaway test loss", _r.mse, _r.mse_grad, "regression", "element", {},
    r"L = " + _MEAN + r"(\\hat{y}_i - y_i)^2", _DLDY + r"\\frac{2}{n}(\\hat{y}_i - y_i)", _picture_real(),
    "A throwaway lesson.")})
'''


@pytest.mark.parametrize("name", list(losscore.LOSSES))
def test_anatomy_layout_and_numbers(name):
    states = run_story(anatomy_scene(name), "dark", loss_plot)
    spec = losscore.LOSSES[name]
    for s in states:
        assert s.problems == [], f"anatomy of {name} after {s.step}: {s.problems}"
        p = s.probe
        if p["readouts"] is not None:
            loss, grad = spec.one_prediction(np.array([p["yhat"]]), **spec.picture_params)
            assert p["readouts"] == pytest.approx([p["yhat"], loss[0], grad[0]], rel=1e-9, abs=1e-12)
    assert 20 <= states[-1].time <= 45


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_anatomy_frames_match_control_images(theme):
    states = run_story(anatomy_scene("huber"), theme)
    assert_matches_control({f"Anatomy-huber-{theme}-{s.step}": s.frame for s in (states[3], states[-1])})


def test_unknown_loss_is_refused():
    with pytest.raises(KeyError, match="unknown loss 'nope'"):
        anatomy_scene("nope")


def test_make_anatomy_covers_the_registry_and_a_new_entry(make, copy_repo, tmp_path):
    repo = copy_repo(tmp_path / "repo")
    registry = repo / "losscore" / "registry.py"
    registry.write_text(registry.read_text() + THROWAWAY)
    planned = make("QUALITY=low", "-n", "anatomy", cwd=repo).stdout
    rendered = {line.split("scenes.pipeline render ")[1].split()[0] for line in planned.splitlines()
                if "scenes.pipeline render" in line}
    assert rendered == set(losscore.LOSSES) | {"throwaway"}
    make("QUALITY=low", "anatomy", "ANATOMY=throwaway", cwd=repo)
    out = repo / "build" / "low" / "anatomy"
    assert sorted(p.name for p in out.iterdir()) == ["throwaway.gif", "throwaway.mp4", "throwaway.story.json"]
    assert (out / "throwaway.mp4").stat().st_size > 10_000
