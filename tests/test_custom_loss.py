"""Your own loss (README, "Your own loss"): losscore.custom_loss checks a user's loss on its whole sweep (a given
gradient against central differences, kinks skipped), the README's commands render the example loss file from a
folder outside the repository to MP4, GIF and figures, and every refusal exits non-zero, names the file or the loss
and leaves no output behind."""

import json
import os
import re
import subprocess
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

import losscore
from losscore import pictures
from losscore.custom import CustomLossError, NumericalGradient, custom_loss, load_loss_file, numerical_gradient

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "assets" / "examples" / "my_losses.py"
SQUARE = lambda y, p: (p - y) ** 2  # noqa: E731


def number(text):
    """A number as the messages write it (a true minus sign)."""
    return float(text.replace("−", "-"))


# ---- the numbers: pure numpy, no render ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["mse", "log_cosh", "bce", "poisson", "dice", "multilabel_soft_margin"])
def test_central_differences_match_the_registry_gradients(name):
    """On each loss's own sweep, per element or per row, within 1e-6 of the analytic gradient."""
    spec = losscore.LOSSES[name]
    y, pred, _ = spec.picture.inputs(spec.picture.xs(201))
    fn = lambda y_true, y_pred: spec.fn(y_true, y_pred, reduction="none", **spec.picture_params)  # noqa: E731
    expected = spec.grad(y, pred, reduction="sum", **spec.picture_params)
    np.testing.assert_allclose(numerical_gradient(fn, y, pred), expected, rtol=1e-6, atol=1e-8)


def test_every_picture_target_says_what_kind_of_loss_it_judges():
    assert set(losscore.TARGETS) <= set(losscore.custom.KIND_OF_TARGET)
    assert set(losscore.custom.KIND_OF_TARGET.values()) <= set(losscore.KINDS)


def test_a_custom_loss_reads_like_the_builtin_it_copies():
    mse = losscore.LOSSES["mse"]
    mine = custom_loss("my_mse", SQUARE, grad=lambda y, p: 2 * (p - y), formula=r"(y - \hat{y})^2")
    y, p = np.array([[0.0, 1.0], [2.0, -1.0]]), np.array([[0.5, 1.0], [0.0, 3.0]])
    for reduction in ("mean", "sum", "none"):
        np.testing.assert_array_equal(mine.fn(y, p, reduction=reduction), mse.fn(y, p, reduction=reduction))
        np.testing.assert_allclose(mine.grad(y, p, reduction=reduction), mse.grad(y, p, reduction=reduction))
    xs = mse.picture.xs(50)
    np.testing.assert_allclose(mine.one_prediction(xs), mse.one_prediction(xs))
    assert (mine.kind, mine.one_value_per, mine.formula) == ("regression", "element", r"L = (y - \hat{y})^2")
    numerical = custom_loss("my_mse", SQUARE)
    assert isinstance(numerical.grad, NumericalGradient)
    np.testing.assert_allclose(numerical.grad(y, p), mse.grad(y, p), rtol=1e-7, atol=1e-12)
    assert numerical.lesson == "It is lowest at ŷ = 1."  # where the sweep's smallest loss is (y = 1)


def test_parameters_are_drawn_and_tunable():
    delta = losscore.params.Param(name="delta", default=2.0, low=0.5, high=3.0, step=0.5)
    huber = lambda y, p, delta: losscore.huber(y, p, reduction="none", delta=delta)  # noqa: E731
    mine = custom_loss("my_huber", huber, params=[delta])
    assert mine.params == mine.picture_params == {"delta": 2.0} and mine.tunable == (delta,)
    np.testing.assert_allclose(mine.one_prediction(np.array([4.0]), delta=2.0)[1], [2.0], rtol=1e-7)
    assert custom_loss("my_huber", huber, params={"delta": 0.5}).one_prediction(np.array([4.0]))[1] == \
        pytest.approx(0.5, rel=1e-7)


def test_a_wrong_gradient_is_refused_with_the_prediction_and_both_values():
    with pytest.raises(CustomLossError, match="custom loss 'half'") as refused:
        custom_loss("half", SQUARE, grad=lambda y, p: p - y)  # half the true derivative
    found = re.search(r"at ŷ = (\S+): grad gives (\S+), central differences give (\S+)$", str(refused.value))
    at, given, central = (number(v) for v in found.groups())
    assert given == pytest.approx(at - 1.0, rel=1e-3) and central == pytest.approx(2 * (at - 1.0), rel=1e-3)


def test_kinks_are_skipped_but_nothing_else():
    """Pinball loss: its gradient jumps at ŷ = y, a sample of the sweep, where central differences average the two
    sides; a gradient wrong only on one side is still caught."""
    assert 1.0 in pictures.real().xs(losscore.custom.SWEEP)
    pinball = lambda y, p: np.maximum(0.3 * (y - p), -0.7 * (y - p))  # noqa: E731
    custom_loss("pinball", pinball, grad=lambda y, p: np.where(p < y, -0.3, 0.7))
    with pytest.raises(CustomLossError) as refused:
        custom_loss("pinball", pinball, grad=lambda y, p: np.where(p < y, -0.3, 0.6))
    found = re.search(r"at ŷ = (\S+): grad gives (\S+), central differences give (\S+)$", str(refused.value))
    assert 1.0 < number(found[1]) < 1.05 and (number(found[2]), number(found[3])) == (0.6, 0.7)


def test_values_that_are_not_finite_name_the_prediction_and_a_range_that_works():
    log_loss = lambda y, p: (np.log(p) - np.log(y)) ** 2  # noqa: E731
    with pytest.raises(CustomLossError, match=r"fn is not finite at ŷ = −2 \(nan\)") as refused:
        custom_loss("log_error", log_loss)
    low, high = (number(v) for v in re.search(r"picture=\((\S+), (\S+)\)", str(refused.value)).groups())
    assert 0 < low < 1 < high
    entry = custom_loss("log_error", log_loss, picture=(low, high))  # the suggestion works
    assert np.isfinite(entry.one_prediction(entry.picture.xs(801))).all()


@pytest.mark.parametrize("kwargs, message", [
    ({"fn": lambda y, p: np.mean((p - y) ** 2)}, r"fn returned shape \(\) for y_pred of shape \(801,\)"),
    ({"fn": 3.0}, "fn is not callable"),
    ({"fn": SQUARE, "grad": "2 * (p - y)"}, "grad is not callable"),
    ({"fn": SQUARE, "grad": lambda y, p: np.sum(p)}, r"grad returned shape \(\)"),
    ({"fn": SQUARE, "picture": (2.0, 5.0)}, r"must hold the target y = 1"),
    ({"fn": SQUARE, "lesson": "A lesson far too long to be said in one caption at the bottom."}, "lesson"),
])
def test_custom_loss_refuses_by_name(kwargs, message):
    with pytest.raises(CustomLossError, match=rf"custom loss 'mine': .*{message}"):
        custom_loss("mine", **kwargs)


# ---- refusals, as make gives them: before anything renders ---------------------------------------------------

REFUSED = {  # a loss file, and what its refusal must say
    "missing": (None, ["no such file"]),
    "fails_to_import": ("""
        import numpy as np
        from losscore import custom_loss

        def broken(y_true, y_pred):
            return np.abs(y_pred - y_true) * undefined_scale

        LOSSES = [custom_loss("broken", broken)]
        """, ["failed to import", "line 6, in broken", "undefined_scale", "NameError"]),
    "syntax_error": ("LOSSES = [\n", ["failed to import", "line 1", "SyntaxError"]),
    "no_losses": ("import numpy\n", ["defines no LOSSES"]),
    "name_clash": ("""
        from losscore import custom_loss
        LOSSES = [custom_loss("huber", lambda y, p: abs(p - y))]
        """, ["'huber'", "built-in loss"]),
    "bad_formula": (r"""
        from losscore import custom_loss
        LOSSES = [custom_loss("bad_tex", lambda y, p: abs(p - y), formula=r"|\hat{y} - y| \notamacro")]
        """, ["'bad_tex'", "! Undefined control sequence.", r"\notamacro"]),
    "not_finite": ("""
        import numpy as np
        from losscore import custom_loss
        LOSSES = [custom_loss("log_gap", lambda y, p: np.log(p - y + 1))]
        """, ["'log_gap'", "not finite at ŷ = −2", "finite for"]),
    "wrong_shape": ("""
        from losscore import custom_loss
        LOSSES = [custom_loss("mean_gap", lambda y, p: abs(p - y).mean())]
        """, ["'mean_gap'", "fn returned shape ()"]),
    "not_callable": ("""
        from losscore import custom_loss
        LOSSES = [custom_loss("not_a_function", 2.5)]
        """, ["'not_a_function'", "fn is not callable"]),
    "wrong_gradient": ("""
        from losscore import custom_loss
        LOSSES = [custom_loss("bad_grad", lambda y, p: (p - y) ** 2, grad=lambda y, p: p - y)]
        """, ["'bad_grad'", "grad disagrees with central differences at ŷ = −2: grad gives −3, central differences "
              "give −6"]),
}


@pytest.fixture(scope="module")
def refusals(tmp_path_factory):
    """{case: (loss file, build folder, make's result)}: `make anatomy figures` on each bad file, all at once."""
    folder = tmp_path_factory.mktemp("refused")

    def attempt(case):
        text, _ = REFUSED[case]
        loss_file, build = folder / f"{case}.py", folder / f"build-{case}"
        if text is not None:
            loss_file.write_text(textwrap.dedent(text), encoding="utf-8")
        result = subprocess.run(["make", "--no-print-directory", "anatomy", "figures", "QUALITY=low",
                                 f"LOSS_FILE={loss_file}", f"BUILD={build}"], cwd=ROOT, capture_output=True, text=True)
        return case, (loss_file, build, result)

    with ThreadPoolExecutor(4) as pool:
        return dict(pool.map(attempt, REFUSED))


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_refused_loss_file_names_itself_and_leaves_nothing(refusals, case):
    loss_file, build, result = refusals[case]
    said = result.stdout + result.stderr
    assert result.returncode != 0, said
    assert f"loss file {loss_file}" in result.stderr
    for words in REFUSED[case][1]:
        assert words in result.stderr, result.stderr
    assert "Traceback" not in said and "losscore/" not in said and "scenes/" not in said, said  # none of ours
    assert "render" not in result.stdout  # nothing started
    assert len(result.stderr.splitlines()) <= 12, result.stderr  # a few lines
    left = [p for p in build.rglob("*") if p.is_file() and "cache" not in p.relative_to(build).parts]
    assert left == []


# ---- the README's section, followed to the letter -------------------------------------------------------------

def readme_commands():
    """The shell block of the README's "Your own loss" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Your own loss\n", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


@pytest.fixture(scope="module")
def readme_run(tmp_path_factory):
    """The README's commands run as written, with HOME a fresh folder outside the repository and outputs in a
    temporary BUILD (make reads it from the environment); the TeX cache is the repository's when it has one."""
    home, build = tmp_path_factory.mktemp("home"), tmp_path_factory.mktemp("build")
    if (ROOT / "build" / "cache").is_dir():
        (build / "cache").symlink_to(ROOT / "build" / "cache")
    env = {**os.environ, "HOME": str(home), "BUILD": str(build)}
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", readme_commands()], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "warning" not in result.stderr, result.stderr  # make anatomy's sub-make shares its jobs quietly
    loss_file = home / "my-losses" / "my_losses.py"
    return loss_file, build, load_loss_file(loss_file)


def test_the_readme_renders_the_example_from_outside_the_repository(readme_run):
    loss_file, build, losses = readme_run
    assert not loss_file.resolve().is_relative_to(ROOT)
    assert [p.name for p in loss_file.parent.iterdir()] == ["my_losses.py"]  # nothing written beside it
    assert {type(e.grad) is NumericalGradient for e in losses.values()} == {True, False}  # with a grad, without
    assert any(e.params for e in losses.values())
    from PIL import Image

    for name, entry in losses.items():
        anatomy = build / "low" / "anatomy"
        assert (anatomy / f"{name}.mp4").stat().st_size > 50_000
        with Image.open(anatomy / f"{name}.gif") as gif:
            assert gif.n_frames > 100 and gif.size[0] == 640
        story = json.loads((anatomy / f"{name}.story.json").read_text(encoding="utf-8"))
        said = [c["text"] for c in story["captions"]]
        assert said[-1] == entry.lesson and 20 <= story["chapters"][-1]["end"] <= 45
        assert ("The derivative, numerically: how hard it pulls." in said) == isinstance(entry.grad, NumericalGradient)
        for stem in (name, f"{name}-dark"):
            with Image.open(build / "figures" / f"{stem}.png") as png:
                assert png.size == (1200, 480)
            assert (build / "figures" / f"{stem}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_outputs_are_remade_when_the_loss_file_changes(readme_run):
    """make's own reasons (--debug=v), so that other sources changing meanwhile cannot blur them."""
    loss_file, build, losses = readme_run
    args = ["make", "--no-print-directory", "-n", "--debug=v", "anatomy", "figures", f"LOSS_FILE={loss_file}",
            "QUALITY=low", f"BUILD={build}"]
    newer = lambda: set(re.findall(rf"Prerequisite '{re.escape(str(loss_file))}' is newer than target '(\S+)'",  # noqa: E731
                                   subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True).stdout))
    assert newer() == set()
    later = max(p.stat().st_mtime for p in build.rglob("*") if p.is_file()) + 1  # an edit after every output
    os.utime(loss_file, (later, later))
    remade = newer()
    for name in losses:
        assert str(build / "low" / "anatomy" / f"{name}.mp4") in remade
    assert any(Path(target).parent == build / "figures" for target in remade)


def test_slides_web_and_gallery_take_the_file_s_losses(readme_run):
    loss_file, build, losses = readme_run
    plan = subprocess.run(["make", "--no-print-directory", "-n", "slides", "web", "gallery", f"LOSS_FILE={loss_file}",
                           "SCENES=", "QUALITY=low", f"BUILD={build}"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout
    for name in losses:
        assert f"scenes.output.web {build}/low/anatomy/{name}.mp4 {build}/web/anatomy/{name}" in plan
    deck = next(line.split() for line in plan.splitlines() if re.search(r"slides deck \S+lecture\.html", line))
    assert deck[deck.index("--reveal") + 2:] == [f"{build}/slides-src/low/anatomy/{name}.json" for name in losses]
    assert re.search(rf"scenes\.output\.gallery {build} low\s+--loss-file {loss_file}\n", plan)


def test_the_gallery_lists_the_file_s_anatomies_beside_the_built_ins(readme_run, tmp_path):
    from scenes.output.gallery import anatomy_section

    loss_file, build, losses = readme_run
    (tmp_path / "formulas").mkdir()
    page = anatomy_section(build, "low", tmp_path, losses)
    for name, entry in losses.items():
        assert f'id="anatomy-{name}"' in page and entry.title in page
        assert (tmp_path / "formulas" / f"{name}.svg").stat().st_size > 1000


def test_a_custom_anatomy_lays_out_and_says_numerical_on_its_derivative_panel():
    from scene_harness import run_story

    from scenes.anatomy import anatomy_scene

    losses = load_loss_file(EXAMPLE)
    name = next(n for n, e in losses.items() if isinstance(e.grad, NumericalGradient))
    states = run_story(anatomy_scene(name, losses), "light", lambda scene: {
        "note": [m.original_text for m in scene.dplot.y_label.get_family() if hasattr(m, "original_text")]})
    assert all(s.problems == [] for s in states), [(s.step, s.problems) for s in states if s.problems]
    assert states[-1].probe["note"] == ["numerical"]
