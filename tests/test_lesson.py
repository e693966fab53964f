"""Lesson files (scenes/output/lesson.py): the example lesson builds its videos, deck and page with the lesson's own
numbers; an edited entry renders again alone, and a rebuild swaps the lesson in whole; every kind of bad lesson is
refused before anything renders, naming the entry and the key, with nothing written."""

import re
import shutil

import numpy as np
import pytest

import losscore
from scenes.output.lesson import LessonError, read_lesson

ROOT_LESSON = "assets/lessons/week3.toml"
RENDERING = re.compile(r"^lossviz: rendering", re.M)


@pytest.fixture(scope="module")
def built(make, tmp_path_factory, monkeypatch_module):
    """The README's command on the example lesson, at draft quality, into a fresh build folder and render cache."""
    from conftest import ROOT

    base = tmp_path_factory.mktemp("lesson")
    lesson = base / "week3.toml"
    shutil.copyfile(ROOT / ROOT_LESSON, lesson)
    monkeypatch_module.setenv("LOSSVIZ_CACHE", str(base / "cache"))
    result = make("lesson", f"LESSON={lesson}", f"BUILD={base / 'build'}", "QUALITY=draft")
    return base, lesson, result.stdout


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_the_example_lesson_builds_videos_gifs_deck_and_page(built):
    base, lesson, log = built
    out = base / "build" / "lessons" / "week3"
    stems = ["01-Softmax", "02-CategoricalCrossEntropy", "03-huber"]
    for stem in stems:
        assert (out / f"{stem}.mp4").stat().st_size > 10_000 and (out / f"{stem}.gif").stat().st_size > 10_000
        for suffix in (".mp4", ".webm", ".poster.png", ".vtt", ".chapters.vtt"):
            assert (out / stem / f"{stem.split('-', 1)[1]}{suffix}").is_file()
    for fmt in ("html", "pdf", "pptx"):
        assert (out / f"week3.{fmt}").stat().st_size > 1_000
    assert (out / "reveal.js" / "dist" / "reveal.js").is_file()  # the deck works offline
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Week 3: from scores to probabilities" in page
    assert page.index("01-Softmax/") < page.index("02-CategoricalCrossEntropy/") < page.index("03-huber/")
    for stem in stems:
        assert f'src="{stem}/' in page and 'kind="captions"' in page and 'kind="chapters"' in page
    assert len(RENDERING.findall(log)) == 3  # one render an entry: its video, GIF and slides
    assert "rendering huber (draft, light) with its slides" in log  # the lesson asks for the light theme
    assert not list(out.parent.glob(".week3.*"))  # no staging folder left


def test_the_deck_s_notes_read_the_lesson_s_numbers(built):
    from pptx import Presentation

    from scenes.classification import CLASSES, Softmax, rounded_to_sum

    base, lesson, _ = built
    deck = Presentation(str(base / "build" / "lessons" / "week3" / "week3.pptx"))
    notes = [slide.notes_slide.notes_text_frame.text for slide in deck.slides]
    steps = [*Softmax.steps]
    assert len(notes) >= len(steps) and all(n.strip() for n in notes)
    logits = read_lesson(lesson).entries[0].params["logits"]
    probabilities = rounded_to_sum(losscore.softmax(np.array(logits)))
    shown = "; ".join(f"P({c}) = {p:.2f}" for c, p in zip(CLASSES, probabilities))
    assert shown in notes[steps.index("normalise")]


def test_an_edit_to_one_entry_s_numbers_changes_its_render_alone(built):
    """A build renders what the content-keyed cache lacks and nothing else (test_embedding_in_docs: each render
    once), so after an edit to one entry's numbers it renders that entry again, alone: only that entry's key
    changes."""
    from scenes.output import cache
    from scenes.output.lesson import request_for

    base, lesson, _ = built
    edited = base / "edited" / lesson.name
    edited.parent.mkdir()
    edited.write_text(lesson.read_text().replace("delta = 0.5", "delta = 1.5"))

    def in_cache(path):
        read = read_lesson(path, "draft")
        return [(cache.cache_dir() / request_for(entry, read).key).is_dir() for entry in read.entries]

    assert in_cache(lesson) == [True, True, True] and in_cache(edited) == [True, True, False]


def test_a_rebuild_renders_nothing_cached_and_swaps_the_lesson_in_whole(built, make):
    base, lesson, _ = built
    lesson.write_text(lesson.read_text().replace("from scores to probabilities", "scores, again"))
    log = make("lesson", f"LESSON={lesson}", f"BUILD={base / 'build'}", "QUALITY=draft").stdout
    assert not RENDERING.findall(log)
    out = base / "build" / "lessons" / "week3"
    assert "Week 3: scores, again" in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "03-huber.mp4").is_file() and not list(out.parent.glob(".week3.*"))


BAD = [
    ('[[scene]]\nname = "Sofmax"\n', r"entry 1 \(\[\[scene\]\] Sofmax\): unknown scene 'Sofmax' \(did you mean "
                                     r"'Softmax'\?\)"),
    ('[[anatomy]]\nloss = "hubber"\n', r"entry 1 \(\[\[anatomy\]\] hubber\): unknown loss 'hubber' \(did you mean "
                                       r"'huber'\?\)"),
    ('[[scene]]\nname = "Softmax"\nlogit = [1.0, 2.0]\n', r"entry 1 \(\[\[scene\]\] Softmax\): unknown key 'logit' "
                                                          r"\(did you mean 'logits'\?\); keys: logits"),
    ('[[anatomy]]\nloss = "huber"\ndelta = "big"\n', r"huber\): delta must be a number, got 'big'"),
    ('[[anatomy]]\nloss = "huber"\ndelta = 99.0\n', r"huber\): delta = 99 is outside its range \[0.25, 3\]"),
    ('[[anatomy]]\nloss = "huber"\ndelta = nan\n', r"huber\): delta must be finite, got nan"),
    ('[[scene]]\nname = "Softmax"\nlogits = [1.0, inf]\n', r"Softmax\): logits must be finite, got inf"),
    ('[[scene]]\nname = "CategoricalCrossEntropy"\nlogits = [0.5, 2.5, 1.0]\nlabel = 3\n',
     r"entry 1 \(\[\[scene\]\] CategoricalCrossEntropy\): label"),
    ('[[scene]]\nname = "BinaryCrossEntropy"\nconfident_wrong = 1.5\n', r"BinaryCrossEntropy\): confident_wrong"),
    ('[[scene]]\nname = "Softmax"\n[[scene]]\nname = "Softmax"\nlogits = 3\n',
     r"entry 2 \(\[\[scene\]\] Softmax\): logits must be a list of numbers, got 3"),
    ('titel = "x"\n[[scene]]\nname = "Softmax"\n', r"unknown key 'titel' \(did you mean 'title'\?\)"),
    ('quality = "ultra"\n[[scene]]\nname = "Softmax"\n', r"quality must be one of draft, low, medium, high, 4k"),
    ('title = "nothing"\n', r"no \[\[scene\]\] or \[\[anatomy\]\] entries"),
]


@pytest.mark.parametrize("text, message", BAD)
def test_a_bad_lesson_is_refused_naming_the_entry_and_the_key(tmp_path, text, message):
    lesson = tmp_path / "bad.toml"
    lesson.write_text(text)
    with pytest.raises(LessonError, match=message):
        read_lesson(lesson)


def test_make_refuses_a_bad_lesson_before_anything_renders(make, tmp_path):
    lesson = tmp_path / "week9.toml"
    lesson.write_text('[[scene]]\nname = "Softmax"\n\n[[anatomy]]\nloss = "huber"\ndelta = 99.0\n')
    result = make("lesson", f"LESSON={lesson}", f"BUILD={tmp_path / 'build'}", "QUALITY=draft", check=False)
    assert result.returncode != 0
    assert "entry 2 ([[anatomy]] huber): delta = 99 is outside its range [0.25, 3]" in result.stderr
    ours = [line for line in result.stderr.splitlines() if not line.startswith("make")]  # not make's own lines
    assert len(ours) == 1 and "Traceback" not in result.stderr
    assert "rendering" not in result.stdout and not (tmp_path / "build" / "lessons").exists()


def test_entries_keep_the_file_s_order_across_kinds(tmp_path):
    lesson = tmp_path / "order.toml"
    lesson.write_text('[[anatomy]]\nloss = "mae"\n[[scene]]\nname = "Softmax"\n[[anatomy]]\nloss = "mse"\n')
    assert [(e.position, e.kind, e.name) for e in read_lesson(lesson).entries] == [
        (1, "anatomy", "mae"), (2, "scene", "Softmax"), (3, "anatomy", "mse")]
