"""Static figures (scenes/output/figures.py): one for every registry loss, whatever its picture's kind, in both themes,
every number on them losscore's, and a kind no figure draws yet refused by name before anything is written."""

import dataclasses
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

import losscore
from scenes.kit import tie
from scenes.output import figures

EXTRA = ("regression-comparison", "bce-branches")  # figures of several losses


@pytest.fixture(scope="module")
def drawn(docs_build):
    """Every figure, drawn once a session by make (the gallery shows them; tests/conftest.py)."""
    return docs_build / "figures"


def drawn_as(kind):
    """The registry losses whose picture is a `kind`."""
    return [name for name, spec in losscore.LOSSES.items() if isinstance(spec.picture, kind)]


ONE_PER_GEOMETRY = {}  # an Embedding loss of each geometry: each draws its margin its own way
for _name in drawn_as(losscore.Embedding):
    ONE_PER_GEOMETRY.setdefault(losscore.LOSSES[_name].picture.geometry, _name)


def test_every_registry_loss_has_its_figure_in_both_themes(drawn):
    stems = [*losscore.LOSSES, *EXTRA]
    drawn_files = (p.name for p in drawn.iterdir() if p.name != ".done")  # make's mark that the set is drawn
    assert sorted(drawn_files) == sorted(f"{stem}{variant}{ext}" for stem in stems
                                         for variant in ("", "-dark") for ext in (".png", ".svg"))
    for stem in stems:
        for variant, theme in figures.VARIANTS.items():
            with Image.open(drawn / f"{stem}{variant}.png") as png:
                assert png.format == "PNG" and png.size == (1200, 480), stem
                corner = png.convert("RGB").getpixel((2, 2))
            assert np.allclose(np.array(corner) / 255, to_rgb(theme.background), atol=1 / 255), (stem, variant)
            assert ET.parse(drawn / f"{stem}{variant}.svg").getroot().tag.endswith("svg")


def test_a_figure_is_the_same_file_however_often_it_is_drawn(drawn, tmp_path):
    """SVG ids come from a fixed salt and carry no date: drawn again in another process, the same bytes."""
    name = drawn_as(losscore.Embedding)[0]
    figures.save(figures.embedding_figure(losscore.LOSSES[name], figures.VARIANTS["-dark"]), tmp_path / "again.svg")
    assert (tmp_path / "again.svg").read_bytes() == (drawn / f"{name}-dark.svg").read_bytes()


def gid(ax, name):
    (line,) = [line for line in ax.get_lines() if line.get_gid() == name]
    return line


@pytest.mark.parametrize("name", ONE_PER_GEOMETRY.values())
def test_an_embedding_figure_shows_losscore_s_descent(name):
    """The points where they start and where the picture's own descent (losscore.optimize at its rate, for its
    steps) leaves them, L at every step with the first and the last written out, and the margin where it ends."""
    spec = losscore.LOSSES[name]
    picture, params = spec.picture, spec.picture_params
    path = losscore.optimize(lambda points: spec.on_points(points, **params)[1], np.array(picture.start),
                             method="sgd", lr=picture.rate, steps=picture.steps)
    losses = [spec.on_points(points, **params)[0] for points in path]
    fig = figures.embedding_figure(spec, figures.VARIANTS[""])
    plane, curve = fig.axes
    np.testing.assert_allclose(gid(curve, "loss per step").get_ydata(), losses)
    for i, (first, last) in enumerate(zip(path[0], path[-1])):
        np.testing.assert_allclose(np.ravel(gid(plane, f"start {i}").get_xydata()), first)
        np.testing.assert_allclose(np.ravel(gid(plane, f"end {i}").get_xydata()), last)
    written = [text.get_text() for text in curve.texts]
    assert written == [f"{losses[0]:.3g}", f"{losses[-1]:.3g}"]
    margin = params.get("margin", spec.params.get("margin"))
    a, p, n = path[-1][:3]
    if picture.geometry == "distance":  # the ring m beyond p, around a
        ring = next(patch for patch in plane.patches if "+ m" in patch.get_label())
        np.testing.assert_allclose([*ring.center, ring.radius], [*a, losscore.pairwise_distance(a, p) + margin])
    if picture.geometry == "boundary":  # where a, turned, scores both classes alike: L = log 2 with the margin
        (ray,) = [line for line in plane.get_lines() if line.get_label().startswith("tie, margin")]
        angle = np.arctan2(ray.get_ydata()[1], ray.get_xdata()[1])
        assert angle == pytest.approx(tie(spec, path[-1], params, margin), abs=1e-12)
        turned = np.linalg.norm(a) * np.array([np.cos(angle), np.sin(angle)])
        assert spec.on_points(np.array([turned, p, n]), **{**params, "margin": margin})[0] == \
            pytest.approx(np.log(2.0), abs=1e-9)


def test_the_ctc_figure_shows_losscore_s_trellis():
    """ŷ per step, γ per step, and P(label) and L in the title: losscore's, from the picture's logits."""
    spec = losscore.LOSSES["ctc"]
    picture = spec.picture
    log_probs = losscore.log_softmax(np.array(picture.logits))
    batch = (np.array([picture.label]), log_probs[:, None, :], [len(log_probs)], [len(picture.label)])
    loss = losscore.ctc(*batch, reduction="sum")
    fig = figures.trellis_figure(spec, figures.VARIANTS[""])
    before, _, after = fig.axes
    np.testing.assert_allclose(before.get_images()[0].get_array().T, np.exp(log_probs))
    np.testing.assert_allclose(after.get_images()[0].get_array().T, losscore.ctc_posterior(*batch)[:, 0])
    word = "".join(picture.classes[k] for k in picture.label)
    shown = re.fullmatch(rf".*: P\({word}\) = (\S+), L = −log P = (\S+)", fig.get_suptitle())
    assert shown, fig.get_suptitle()
    assert float(shown[1]) == pytest.approx(np.exp(-loss), rel=1e-2)
    assert float(shown[2]) == pytest.approx(loss, abs=0.006)


def test_the_transport_figure_shows_losscore_s_distance():
    for name in drawn_as(losscore.pictures.Transport):
        spec = losscore.LOSSES[name]
        fig = figures.transport_figure(spec, figures.VARIANTS[""])
        expected = float(spec.fn(np.array(spec.picture.prediction), np.array(spec.picture.target)))
        assert fig.get_suptitle().endswith(f"L = {expected:.3g}".replace("-", "−"))


@dataclasses.dataclass(frozen=True)
class Sketch:
    """A picture kind no figure draws."""


def test_a_picture_no_figure_draws_is_refused_naming_the_loss(monkeypatch, tmp_path, capsys):
    """Before anything is drawn: the command exits with the loss and the kind named, and writes nothing."""
    sketched = dataclasses.replace(losscore.LOSSES["ctc"], name="sketched", picture=Sketch())
    with pytest.raises(figures.FigureError, match=r"loss 'sketched'.*Sketch"):
        list(figures.figures({"sketched": sketched}))
    monkeypatch.setattr(losscore, "LOSSES", {**losscore.LOSSES, "sketched": sketched})
    with pytest.raises(SystemExit, match=r"loss 'sketched'.*Sketch"):
        figures.main(["figures", str(tmp_path / "out")])
    assert not (tmp_path / "out").exists()


def test_an_embedding_geometry_no_figure_draws_is_refused_naming_the_loss():
    spec = losscore.LOSSES[drawn_as(losscore.Embedding)[0]]
    for geometry, hint in (("spiral", r"'spiral' \("), ("angel", r"'angel' \(did you mean 'angle'\?\)")):
        unknown = dataclasses.replace(spec, picture=dataclasses.replace(spec.picture, geometry=geometry))
        with pytest.raises(figures.FigureError, match=rf"loss '{spec.name}'.*{hint}"):
            list(figures.figures({spec.name: unknown}))
