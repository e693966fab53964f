"""Lecture and docs outputs: the offline slide deck (HTML in headless Chromium with the network cut, PDF, PPTX),
the gallery page and the README's GIFs (the static figures: test_figures.py)."""

import re
import time
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlparse

import numpy as np
import pytest
from browser import console_errors, offline_chromium, requests_made
from conftest import DOCS_SCENES
from PIL import Image

import losscore
from scenes import catalog
from scenes.classification import CLASSES
from scenes.kit import plain, rounded_to_sum
from scenes.kit.notes import step_text

ROOT = Path(__file__).resolve().parent.parent
DECK_SCENES = DOCS_SCENES
NETWORK = ("http", "https", "ws", "wss", "ftp")


def scene_class(name):
    module = __import__(catalog.lookup(name).module, fromlist=[name])
    return getattr(module, name)


def steps_of(name):
    return scene_class(name).steps


@pytest.fixture(scope="module")
def built(docs_build):
    """A deck, a gallery and the figures for DOCS_SCENES, built by make as a user would (tests/conftest.py)."""
    return docs_build


def test_deck_build_says_when_each_format_is_done(built):
    log = (built / "make.log").read_text()  # no progress bars in it: test_pipeline reads the same log
    for fmt in ("html", "pdf", "pptx"):
        assert re.search(rf"done\s+\S*slides/course\.{fmt}\n", log)


def test_deck_has_one_slide_per_story_step_in_every_format(built):
    expected = sum(len(steps_of(n)) for n in DECK_SCENES)
    deck = built / "slides" / "course.html"
    assert deck.read_text().count("<section") == expected
    pdf = (built / "slides" / "course.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == expected
    from pptx import Presentation

    assert len(Presentation(str(built / "slides" / "course.pptx")).slides) == expected


def test_html_deck_works_with_no_network(built):
    deck = built / "slides" / "course.html"
    text = deck.read_text()
    assert "cdn" not in text.lower().replace("cdn_url", "")
    assert not re.search(r'(src|href)="https?://', text), "every script and style is local"
    with offline_chromium(1280, 720) as driver:
        driver.get(deck.as_uri())
        for _ in range(100):
            if driver.execute_script("return typeof Reveal !== 'undefined' && Reveal.isReady()"):
                break
            time.sleep(0.1)
        assert driver.execute_script("return Reveal.isReady()"), "reveal.js initialised"
        total = driver.execute_script("return Reveal.getTotalSlides()")
        assert total == sum(len(steps_of(n)) for n in DECK_SCENES)
        for i in range(total):
            driver.execute_script(f"Reveal.slide({i})")
            state = None
            for _ in range(100):
                state = driver.execute_script(
                    "const v = document.querySelector('.slide-background.present video');"
                    "return v ? [v.readyState, v.error ? v.error.code : 0, v.currentSrc] : null")
                if state and state[0] >= 2:
                    break
                time.sleep(0.1)
            assert state and state[0] >= 2 and state[1] == 0, f"slide {i}: its video did not load ({state})"
            assert state[2].startswith("file:")
            notes = driver.execute_script("return Reveal.getSlideNotes()")  # what the speaker view (S) shows
            assert notes and "Ask:" in notes, f"slide {i}: no speaker notes ({notes!r})"
        left = [u for u in requests_made(driver) if u.split(":")[0] in NETWORK]
        assert left == [], f"requests left the machine: {left}"
        assert console_errors(driver) == []


def test_every_slide_has_speaker_notes_in_html_and_pptx(built):
    from pptx import Presentation

    html = (built / "slides" / "course.html").read_text()
    in_html = [unescape(n).strip() for n in re.findall(r'<aside class="notes"[^>]*>(.*?)</aside>', html, re.S)]
    deck = Presentation(str(built / "slides" / "course.pptx"))
    in_pptx = [slide.notes_slide.notes_text_frame.text.strip() for slide in deck.slides]
    expected = [step_text(scene_class(n), step) for n in DECK_SCENES for step in steps_of(n)]
    assert len(in_html) == len(in_pptx) == len(expected)
    for html_note, pptx_note, (shows, ask) in zip(in_html, in_pptx, expected):
        assert html_note == pptx_note
        assert pptx_note.startswith(shows) and pptx_note.endswith(ask)
    # the numbers on screen at the end of each step, from losscore: MAE's prediction at ŷ = −1.5 for y = 1, ...
    mae = scene_class("MeanAbsoluteError").check_params({})  # the catalog's values
    loss = losscore.mae(np.array([mae["y_true"]]), np.array([mae["start"]]))
    assert f"ŷ = −{-mae['start']:.2f}; L = {loss:.2f}; dL/dŷ = −1.00" in in_pptx[steps_of("MeanAbsoluteError").index(
        "add_prediction")]
    # ... and softmax's probabilities once it has normalised the logits
    softmax = scene_class("Softmax")
    note = in_pptx[len(steps_of("MeanAbsoluteError")) + steps_of("Softmax").index("normalise")]
    logits = softmax.check_params({})["logits"]  # the catalog's numbers: the parameters' defaults
    probabilities = rounded_to_sum(losscore.softmax(np.array(logits)))  # shown rounded so that they add up to 1
    assert "; ".join(f"P({c}) = {p:.2f}" for c, p in zip(CLASSES, probabilities)) in note
    assert "Says: “Divided by their sum, they add up to 1.”" in note


def test_every_story_step_has_a_note_and_a_question():
    from scenes.anatomy import anatomy_scene

    for cls in [*(scene_class(e.name) for e in catalog.CATALOG), *map(anatomy_scene, losscore.LOSSES)]:
        for step in cls.steps:
            shows, ask = step_text(cls, step)
            assert len(shows) > 20 and ask.startswith("Ask: ") and ask.endswith("?"), (cls.__name__, step)


def test_readout_labels_read_as_plain_text_in_notes():
    cases = {r"\frac{\partial L}{\partial \hat{y}_k}": "∂L/∂ŷ_k", r"|\Delta \hat{y}|": "|Δŷ|",
             r"\textstyle\sum_i \hat{y}_i": "Σ_i ŷ_i", r"dL/d\theta": "dL/dθ", r"\text{step}": "step"}
    for tex, text in cases.items():
        assert plain(tex) == text


def test_gallery_opens_from_disk_with_every_image_and_link_working(built, tmp_path):
    index = built / "gallery" / "index.html"
    html = index.read_text()
    for name in DECK_SCENES:
        assert f'id="{name}"' in html and catalog.lookup(name).description.split(":")[0] in html
    with offline_chromium() as driver:
        driver.get(index.as_uri())
        time.sleep(1.5)
        broken = driver.execute_script(
            "return [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        assert broken == []
        hrefs = driver.execute_script("return [...document.links].map(a => a.href)")
        shown = driver.execute_script("return document.images.length")
        videos = None
        for _ in range(100):  # each scene is a captioned video (the web bundle), loaded from disk
            videos = driver.execute_script(
                "return [...document.querySelectorAll('video')].map(v => [v.readyState, v.error ? 1 : 0,"
                " v.textTracks.length, v.textTracks[0].mode, v.textTracks[0].cues ? v.textTracks[0].cues.length : 0])")
            if all(v[0] >= 2 and v[4] > 0 for v in videos):
                break
            time.sleep(0.1)
        driver.save_screenshot(str(tmp_path / "gallery.png"))  # kept with the test run's files, to look at
        assert console_errors(driver) == []
        assert [u for u in requests_made(driver) if u.split(":")[0] in NETWORK] == []
    assert len(videos) == len(DECK_SCENES)
    assert all(v[0] >= 2 and v[1] == 0 and v[2] == 2 and v[3] == "showing" and v[4] > 0 for v in videos), videos
    assert html.count('class="transcript"') == len(DECK_SCENES)
    assert shown >= len(DECK_SCENES)  # a formula per scene, then the figures
    assert len(hrefs) >= 2 * len(DECK_SCENES)
    for href in hrefs:
        url = urlparse(href)
        assert url.scheme == "file" and Path(unquote(url.path)).is_file(), f"broken link {href}"


def test_a_figure_draws_the_related_loss_beside_it():
    """smooth L1's figure has Huber (δ = β) dashed on both panels, with losscore's values."""
    from scenes.output import figures

    spec = losscore.LOSSES["smooth_l1"]
    fig = figures.loss_figure(spec, figures.VARIANTS[""])
    (left, right), huber = fig.axes, losscore.LOSSES["huber"]
    for axis, part in ((left, 0), (right, 1)):
        ours, other = axis.get_lines()[:2]
        x = np.asarray(other.get_xdata())
        assert other.get_linestyle() == "--" and ours.get_linestyle() == "-"
        np.testing.assert_allclose(np.asarray(other.get_ydata(), dtype=float),
                                   huber.one_prediction(x, **spec.beside.params)[part], equal_nan=True)


def test_readme_shows_every_scene_as_a_small_committed_gif():
    readme = (ROOT / "README.md").read_text()
    for entry in catalog.CATALOG:
        gif = ROOT / "assets" / "readme" / f"{entry.name}.gif"
        assert f"assets/readme/{entry.name}.gif" in readme, f"README does not show {entry.name}"
        assert gif.is_file() and gif.stat().st_size < 1_000_000
        with Image.open(gif) as im:
            assert im.format == "GIF" and im.n_frames > 100 and im.info.get("loop") == 0
    for command in ("make slides", "make gallery", "make figures", "THEME=light", "arrow keys"):
        assert command in readme


def test_readme_scene_list_is_the_catalog():
    from scenes.output.gallery import readme_section

    assert readme_section() in (ROOT / "README.md").read_text(), "run `make readme-gifs` to refresh the README"


def test_every_catalog_formula_is_in_the_registry():
    for entry in catalog.CATALOG:
        assert entry.formula in {**losscore.LOSSES, **losscore.ACTIVATIONS}
