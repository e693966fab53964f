"""The Makefile pipeline, driven as a user drives it: make list, make (render + GIF), make -q, failures."""

import re
import subprocess
import time
from pathlib import Path

import av
import pytest
from conftest import DOCS_SCENES
from PIL import Image

from scenes import catalog
from scenes.output.pipeline import QUALITIES

ROOT = Path(__file__).resolve().parent.parent
SCENE, OTHER = DOCS_SCENES  # the scene the render tests use, and the one make rendered beside it at once
QUALITY = "draft"  # the docs build's
SIZE, RATE = (QUALITIES[QUALITY]["pixel_width"], QUALITIES[QUALITY]["pixel_height"]), QUALITIES[QUALITY]["frame_rate"]


@pytest.fixture(scope="module")
def rendered(docs_build):
    """Catalog scenes rendered by `make -j2` (two at once) in a throw-away build folder (the session's docs build,
    conftest.docs_build), and make's log."""
    return docs_build, (docs_build / "make.log").read_text()


def test_make_list_matches_the_catalog(make):
    lines = make("list").stdout.splitlines()
    assert [line.split()[0] for line in lines] == [e.name for e in catalog.CATALOG]
    for line, entry in zip(lines, catalog.CATALOG):
        assert entry.description in line


def test_make_help_lists_targets_and_knobs(make):
    out = make("help").stdout
    for word in ("make all", "make test", "make bench", "make clean", "make list", "make web", "make sheet", "QUALITY=",
                 "SCENES=", "THEME=", "ANATOMY=", "AGAINST=", "WEB_WIDTH="):
        assert word in out


def test_mp4_has_the_quality_size_rate_and_story_length(rendered):
    build, log = rendered
    mp4 = build / QUALITY / f"{SCENE}.mp4"
    with av.open(str(mp4)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == SIZE
        assert stream.guessed_rate == RATE
        frames = sum(1 for _ in container.decode(stream))
    assert 20 <= frames / RATE <= 45, "a story lasts 20–45 s"
    assert re.search(rf"done\s+{re.escape(str(mp4))}\s+\d+\.\d s\s+\d", log)


def test_gif_is_palette_optimised_loops_and_matches_the_video(rendered):
    build, log = rendered
    gif = build / QUALITY / f"{SCENE}.gif"
    with av.open(str(build / QUALITY / f"{SCENE}.mp4")) as container:
        mp4_seconds = sum(1 for _ in container.decode(video=0)) / RATE
    with Image.open(gif) as im:
        assert im.info.get("loop") == 0, "loops forever"
        assert im.size == (640, 360)  # make's GIF_WIDTH
        durations, colours = [], set()
        for i in range(im.n_frames):
            im.seek(i)
            durations.append(im.info["duration"])
            if i % 20 == 0:
                colours.update(c for _, c in im.convert("RGB").getcolors(1 << 16))
    assert sum(durations) / 1000 == pytest.approx(mp4_seconds, rel=0.03)
    # manim's own GIF quantises to a fixed 3-3-2 grid; ours takes its palette from the video itself
    grid_rg = {round(i * 255 / 7) for i in range(8)}
    grid_b = {round(i * 255 / 3) for i in range(4)}
    off_grid = [c for c in colours if not (c[0] in grid_rg and c[1] in grid_rg and c[2] in grid_b)]
    assert len(colours) > 100 and len(off_grid) > 0.9 * len(colours)
    assert re.search(rf"done\s+{re.escape(str(gif))}", log)


def test_gif_comes_from_the_rendered_frames_so_still_frames_cost_nothing(rendered):
    """The GIF is encoded from the frames the renderer drew, not from the MP4: where the story holds still, its
    frames are identical (from the MP4, H.264's noise changed a few pixels of almost every frame, and every changed
    pixel costs bytes). Its size against the docs budget (2 MB) is `make bench`'s to measure."""
    build, _ = rendered
    gif = build / QUALITY / f"{SCENE}.gif"
    with Image.open(gif) as im:
        previous, unchanged = None, 0
        for i in range(im.n_frames):
            im.seek(i)
            frame = im.convert("RGB").tobytes()
            unchanged += frame == previous
            previous = frame
        frames = im.n_frames
    assert unchanged > 0.25 * frames, f"only {unchanged} of {frames} frames repeat the one before"


def test_second_make_does_no_work(make, rendered):
    build, _ = rendered
    assert make(f"BUILD={build}", f"QUALITY={QUALITY}", f"SCENES={SCENE}", "-q", check=False).returncode == 0
    slides = make(f"BUILD={build}", f"QUALITY={QUALITY}", f"SCENES={SCENE}", "-n", "slides").stdout
    assert "slides deck" in slides and "render" not in slides, "make's render wrote the slides with the video"


def test_outputs_depend_on_exactly_their_sources(copy_repo, make, tmp_path):
    """With every output present, touching a scene module makes only its own scenes out of date; touching the kit,
    losscore or the config makes all of them; touching a test or the README makes none."""
    repo = copy_repo(tmp_path / "repo")
    build = repo / "build"
    make("QUALITY=low", "-q", cwd=repo, check=False)  # writes build/catalog.mk
    (build / "low").mkdir(parents=True)
    outputs = [build / "low" / f"{e.name}.{ext}" for e in catalog.CATALOG for ext in ("mp4", "gif")]

    def stale_after_touching(path):
        time.sleep(0.01)
        for out in outputs:
            out.touch()
        time.sleep(0.01)
        (repo / path).touch()
        return {out.stem for out in outputs
                if make("QUALITY=low", str(out.relative_to(repo)), "-q", cwd=repo, check=False).returncode != 0}

    everything = {e.name for e in catalog.CATALOG}
    for module in {e.path for e in catalog.CATALOG}:
        assert stale_after_touching(module) == {e.name for e in catalog.CATALOG if e.path == module}
    for shared in ("scenes/kit/plots.py", "losscore/regression.py", "manim.cfg"):
        assert stale_after_touching(shared) == everything
    assert stale_after_touching("scenes/catalog.py") == set()


def test_a_failing_scene_names_itself_and_leaves_no_file(copy_repo, make, tmp_path):
    repo = copy_repo(tmp_path / "repo")
    module = repo / catalog.lookup(SCENE).path
    # fail after frames have been written (two steps in) and while the GIF is being written beside the MP4
    module.write_text(module.read_text() + f"\n{SCENE}.add_prediction = lambda self: 1 / 0\n")
    result = make("QUALITY=draft", f"SCENES={SCENE}", cwd=repo, check=False)
    assert result.returncode != 0
    assert f"scene {SCENE} failed" in result.stderr and "ZeroDivisionError" in result.stderr
    out = repo / "build" / "draft"
    assert sorted(p.name for p in out.iterdir()) == [], "no partial MP4, GIF or temporary folder is left"
    assert [p for p in (repo / "build" / "slides-src").rglob("*") if p.is_file()] == [], "nor any slide"


def test_unknown_scene_is_refused_with_the_valid_names(make):
    result = make("SCENES=NoSuchScene", "-n", check=False)
    assert result.returncode != 0
    assert "unknown scene(s): NoSuchScene" in result.stderr
    assert all(e.name in result.stderr for e in catalog.CATALOG)
    direct = subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "scenes.output.pipeline", "render", "NoSuchScene",
                             "/tmp/never/low/NoSuchScene.mp4"], cwd=ROOT, capture_output=True, text=True)
    assert direct.returncode != 0 and "unknown scene 'NoSuchScene'" in direct.stderr
    assert not Path("/tmp/never").exists()


def test_bad_knobs_are_refused(make):
    assert "QUALITY=ultra is not one of" in make("QUALITY=ultra", "-n", check=False).stderr
    assert "THEME=pink is not one of" in make("THEME=pink", "-n", check=False).stderr


def test_parallel_renders_use_separate_temporary_folders(rendered):
    """Two renders into one folder at once (make -j2 ran them) both finish, and leave only their outputs."""
    build, _ = rendered
    expected = sorted(f"{n}.{ext}" for n in (SCENE, OTHER) for ext in ("mp4", "gif", "story.json"))
    assert sorted(p.name for p in (build / QUALITY).iterdir()) == expected


def test_a_parallel_make_into_a_log_has_no_progress_bars(rendered):
    """Two renders at once, output to a file (as CI and `make > log` do): a line when each file starts and one
    when it is done, and no carriage-return progress bars."""
    _, log = rendered
    assert "\r" not in log
    for name in (SCENE, OTHER):
        assert f"render {name} ({QUALITY})" in log
        assert re.search(rf"done\s+\S*{name}\.mp4\s+\d+\.\d s\s+\d", log) and re.search(rf"done\s+\S*{name}\.gif", log)


def test_digit_glyphs_compiled_in_one_latex_run_equal_glyphs_compiled_one_by_one(tmp_path, monkeypatch):
    """Number's glyphs are compiled together (one LaTeX run for all of them); a cached SVG must be byte for byte
    the one a LaTeX run of its own writes (four checked, each such run costs as much as the batch)."""
    from manim import MathTex
    from manim.utils import tex_file_writing

    from scenes.output import texcache
    from scenes.output.pipeline import manim_session

    runs, glyphs = [], texcache.GLYPHS
    compile_tex = tex_file_writing.compile_tex
    monkeypatch.setattr(tex_file_writing, "compile_tex", lambda *a, **k: runs.append(a[0]) or compile_tex(*a, **k))

    def cache_of_glyphs(name, together, chars):
        monkeypatch.setenv(texcache.CACHE_ENV, str(tmp_path / name))
        monkeypatch.setattr(texcache, "GLYPHS", glyphs if together else "")
        runs.clear()
        with manim_session(tmp_path / f"media-{name}", name, "low", "dark"):
            for char in chars:
                MathTex(char)
        return {p.name: p.read_bytes() for p in (tmp_path / name).iterdir() if p.suffix == ".svg"}, len(runs)

    together, together_runs = cache_of_glyphs("together", True, glyphs)
    alone, alone_runs = cache_of_glyphs("alone", False, "0.-,")  # the first page and the last, a point, a minus
    assert (together_runs, alone_runs) == (1, 4)
    assert len(together) == len(glyphs) and len(alone) == 4 and alone.items() <= together.items()


def test_formulas_prefetched_in_one_latex_run_equal_formulas_compiled_one_by_one(tmp_path, monkeypatch):
    """A page's formulas (the explorer's, the gallery's) are compiled in one LaTeX run: each cached SVG must be byte
    for byte the one a run of its own leaves in the cache, and typesetting them afterwards runs LaTeX no more."""
    from manim.utils import tex_file_writing

    import losscore
    from scenes.output import gallery, texcache

    texs = [losscore.LOSSES[name].formula for name in ("mae", "huber", "cce", "ctc")]  # fonts in different orders
    runs, compile_tex = [], tex_file_writing.compile_tex
    monkeypatch.setattr(tex_file_writing, "compile_tex", lambda *a, **k: runs.append(a[0]) or compile_tex(*a, **k))

    def cache_of_formulas(name, together):
        monkeypatch.setenv(texcache.CACHE_ENV, str(tmp_path / name))
        if together:
            gallery.prefetch_formulas(texs)
        prefetched = len(runs)
        for k, tex in enumerate(texs):
            gallery.render_formula("formula", tmp_path / f"{name}-{k}.svg", tex)
        cache = {p.name: p.read_bytes() for p in (tmp_path / name).iterdir() if p.suffix == ".svg"}
        return cache, prefetched, len(runs) - prefetched

    alone, _, alone_runs = cache_of_formulas("alone", False)
    runs.clear()
    together, prefetch_runs, afterwards = cache_of_formulas("together", True)
    assert (alone_runs, prefetch_runs, afterwards) == (4, 1, 0)
    assert len(alone) == 4 and together == alone
    assert all((tmp_path / f"together-{k}.svg").read_bytes() == (tmp_path / f"alone-{k}.svg").read_bytes()
               for k in range(4))


def test_dvisvgm_without_ghostscript_writes_what_dvisvgm_writes_with_its_specials(tmp_path):
    """dvisvgm with no specials (no Ghostscript), then manim's groups put back from the DVI, writes the SVG dvisvgm
    writes processing them (its glyph outlines in an order of its own: compared as the cache keeps them, sorted):
    on registry formulas with their role groups, a group left empty and rules of no height or no width. A DVI with
    another special is left to dvisvgm (nothing written)."""
    from manim import config
    from manim.utils import tex_file_writing

    import losscore
    from scenes.kit.text import role_tex_expression
    from scenes.output import texcache
    from scenes.output.pipeline import manim_session

    def group(name, tex):
        return rf"\special{{dvisvgm:raw <g id='{name}'>}}{tex}\special{{dvisvgm:raw </g>}}"

    texs = [role_tex_expression(losscore.LOSSES[name].formula) for name in ("mae", "huber", "cce", "ctc")]
    texs.append(group("unique000", "x" + group("unique000substring", r"\,") + r" = \rule{2pt}{0pt}\rule{0pt}{2pt}"
                      + group("unique001substring", group("inner", "") + r"\frac{1}{2}")))
    with manim_session(tmp_path, "dvi", "low", "dark", verbosity="ERROR"):
        template = config["tex_template"]

        def dvi_of(tex):
            tex_file = tex_file_writing.generate_tex_file(tex, "align*", template)
            return tex_file_writing.compile_tex(tex_file, template.tex_compiler, template.output_format)

        for tex in texs:
            dvi = dvi_of(tex)
            full = dvi.with_name("full.svg")
            subprocess.run(["dvisvgm", "--no-fonts", "--verbosity=0", f"--output={full}", dvi], check=True)
            texcache.svg_without_ghostscript(dvi)
            assert texcache.canonical(dvi.with_suffix(".svg").read_text()) == texcache.canonical(full.read_text())
        coloured = dvi_of(r"\special{color push rgb 1 0 0}x\special{color pop}")
        texcache.svg_without_ghostscript(coloured)
        assert not coloured.with_suffix(".svg").exists()


def test_latex_from_the_precompiled_preamble_writes_the_same_svg(tmp_path, monkeypatch):
    """Formulas are compiled from a format with the template's preamble already loaded (kept inflated: latex reads it
    faster); the SVG must hold the same glyphs at the same places as a plain latex run's (dvisvgm may list the glyph
    definitions in another order)."""
    from manim import MathTex

    from scenes.output import texcache
    from scenes.output.pipeline import manim_session

    def cache_of(name, preamble_format):
        monkeypatch.setenv(texcache.CACHE_ENV, str(tmp_path / name))
        monkeypatch.setattr(texcache, "preamble_format", preamble_format)
        with manim_session(tmp_path / f"media-{name}", name, "low", "dark"):
            MathTex(r"L = \max\big(0,\ d(a, p) - d(a, n) + m\big)")
            MathTex(r"\hat{y}_i = \frac{e^{z_i}}{\sum_j e^{z_j}}")
        return {p.name: sorted(p.read_text().splitlines()) for p in (tmp_path / name).iterdir() if p.suffix == ".svg"}

    with_format = cache_of("format", texcache.preamble_format)
    (fmt,) = (tmp_path / "format").glob("preamble-*.fmt")  # built into the shared cache, kept inflated
    with open(fmt, "rb") as format_file:
        assert format_file.read(2) != b"\x1f\x8b", "not gzip-compressed, as latex -ini writes it"
    assert with_format == cache_of("plain", lambda document, folder: None) and len(with_format) == 2
