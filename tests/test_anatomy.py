"""Loss anatomy: the generic story works for every registry entry (layout after every step, numbers from losscore),
and `make anatomy` covers the whole registry, including an entry added to it with no scene code written."""


import numpy as np
import pytest
from frames import assert_matches_control
from scene_harness import run_story
from scene_probes import ctc, embedding, loss_plot

import losscore
from scenes.anatomy import anatomy_scene

THROWAWAY = '''
LOSSES = MappingProxyType({**LOSSES, "throwaway": Loss(
    "throwaway", "Throwaway test loss", _r.mse, _r.mse_grad, "regression", "element", {},
    r"L = " + _MEAN + r"(\\hat{y}_i - y_i)^2", _DLDY + r"\\frac{2}{n}(\\hat{y}_i - y_i)", _picture_real(),
    "A throwaway lesson.")})
'''


PROBES = {losscore.Picture: loss_plot, losscore.Embedding: embedding, losscore.Trellis: ctc}


def expected_readouts(spec, probe):
    """The readouts an anatomy should show, from losscore: (x, L, dL/dx) along a sweep; for points of an embedding
    a's measure with p and with n (distances or cosines), then the loss the picture's pairs or triplets make; for a
    trellis P(label) and L."""
    if isinstance(spec.picture, losscore.Picture):
        loss, grad = spec.one_prediction(np.array([probe["yhat"]]), **spec.picture_params)
        return [probe["yhat"], loss[0], grad[0]]
    if isinstance(spec.picture, losscore.Embedding):
        a, p, n = probe["points"]
        measure = losscore.pairwise_distance if spec.picture.geometry == "distance" else \
            (lambda u, v: -losscore.cosine_similarity(u, v))
        loss = spec.loss(*spec.picture.arguments(probe["points"]), reduction="sum", **spec.picture_params)
        return [measure(a, p), measure(a, n), loss]
    picture = spec.picture
    log_probs = losscore.log_softmax(np.array(picture.logits))[:, None, :]
    loss = spec.loss([picture.label], log_probs, [len(log_probs)], [len(picture.label)], reduction="sum")
    return [np.exp(-loss), loss]


@pytest.mark.parametrize("name", list(losscore.LOSSES))
def test_anatomy_layout_and_numbers(name):
    spec = losscore.LOSSES[name]
    states = run_story(anatomy_scene(name), "dark", PROBES[type(spec.picture)])
    shown = 0
    for s in states:
        assert s.problems == [], f"anatomy of {name} after {s.step}: {s.problems}"
        if s.probe["readouts"] is not None:
            assert s.probe["readouts"] == pytest.approx(expected_readouts(spec, s.probe), rel=1e-9, abs=1e-12)
            shown += 1
    assert shown >= 2 and 20 <= states[-1].time <= 45


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
